/** A test client for `GET /api/events/stream`: reads a Server-Sent Events body frame by frame. */

/** One Server-Sent Event as the client sees it. */
export interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

/**
 * Reads an SSE body frame by frame. Comments (`: heartbeat`) and the `retry:` field are skipped; each call of `next`
 * answers the next event frame, or fails after `timeoutMs`.
 */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const comments: string[] = [];
  async function next(timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const frame: Frame = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          const match = /^(id|event|data): ?(.*)$/.exec(line);
          if (match) frame[match[1] as keyof Frame] = match[2];
        }
        if (frame.data !== undefined) return frame;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event arrived in time');
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no event arrived in time')), left);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  /** Reads on (events are kept for `next`) until a comment line that matches arrives. */
  async function comment(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = comments.find((c) => pattern.test(c)) ?? pendingComment(pattern);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no such comment arrived in time');
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  function pendingComment(pattern: RegExp): string | undefined {
    return buffer.split('\n').find((line) => line.startsWith(':') && pattern.test(line));
  }
  return { next, comment, comments };
}
