/**
 * Command load over HTTP: N clients each POST /api/partners in a loop, every command with its own Idempotency-Key.
 * What was acknowledged (201) is remembered with its position; what was not (503, a reset, a timeout) is kept to be
 * sent again with the same key, which must then be answered with the first answer and append nothing twice.
 */
import { get } from 'node:http';

export interface Ack {
  key: string;
  streamId: string;
  globalPosition: number;
}

export interface LoadResult {
  acked: Map<string, Ack>;
  /** Commands sent whose answer was not a 201: key → body to resend. */
  unacked: Map<string, object>;
  statuses: Map<string, number>;
  /** 503 answers that carried Retry-After. */
  retryAfter: number;
  requests: number;
}

export interface Load {
  stop(): Promise<LoadResult>;
  result: LoadResult;
}

export function commandBody(key: string): object {
  return { id: key, name: `Partner ${key}`, kind: 'municipality' };
}

export async function sendCommand(
  baseUrl: string,
  token: string,
  key: string,
  result: LoadResult,
  timeoutMs = 10_000,
): Promise<boolean> {
  result.requests++;
  let label: string;
  try {
    const response = await fetch(`${baseUrl}/api/partners`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(commandBody(key)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    label = String(response.status);
    const body = (await response.json().catch(() => ({}))) as { streamId?: string; globalPosition?: number };
    if (response.status === 503 && response.headers.get('retry-after')) result.retryAfter++;
    if (response.status === 201) {
      const earlier = result.acked.get(key);
      if (earlier && earlier.globalPosition !== body.globalPosition) {
        throw new Error(`key ${key} was acknowledged at ${earlier.globalPosition} and again at ${body.globalPosition}`);
      }
      result.acked.set(key, { key, streamId: body.streamId!, globalPosition: body.globalPosition! });
      result.unacked.delete(key);
      result.statuses.set(label, (result.statuses.get(label) ?? 0) + 1);
      return true;
    }
  } catch (error) {
    if ((error as Error).message.startsWith('key ')) throw error;
    label = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
  }
  result.statuses.set(label, (result.statuses.get(label) ?? 0) + 1);
  result.unacked.set(key, commandBody(key));
  return false;
}

export function newResult(): LoadResult {
  return { acked: new Map(), unacked: new Map(), statuses: new Map(), retryAfter: 0, requests: 0 };
}

/** Starts `clients` loops against the server; `stop()` ends them after their current request. */
export function commandLoad(
  target: () => { baseUrl: string; token: string },
  clients: number,
  prefix: string,
  result: LoadResult = newResult(),
): Load {
  let stopping = false;
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let i = 0; !stopping; i++) {
      const { baseUrl, token } = target();
      const ok = await sendCommand(baseUrl, token, `${prefix}-c${client}-${i}`, result);
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  return {
    result,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      return result;
    },
  };
}

/** Sends every unacknowledged command again with its key until it is acknowledged, or throws at the deadline. */
export async function resendUntilAcked(
  baseUrl: string,
  token: string,
  result: LoadResult,
  timeoutMs = 60_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let resent = 0;
  while (result.unacked.size > 0) {
    if (Date.now() > deadline)
      throw new Error(
        `${result.unacked.size} commands were never acknowledged; answers ${JSON.stringify(Object.fromEntries(result.statuses))}`,
      );
    for (const key of [...result.unacked.keys()]) {
      resent++;
      if (!(await sendCommand(baseUrl, token, key, result))) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return resent;
}

/**
 * The status of `GET /health` over a connection of its own (not one kept alive from the load, which the server may
 * close just as the request goes out); 0 when no answer came.
 */
export function healthStatus(baseUrl: string, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve) => {
    const request = get(`${baseUrl}/health`, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}
