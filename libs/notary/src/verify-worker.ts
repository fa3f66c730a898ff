/**
 * A `verify` worker thread: opens its own reader on the log and hashes the chunks the main thread hands it.
 * Messages in: `{source}` once, then `{start, end}` per chunk, `{done: true}` at the end. Out: a ChunkResult per chunk
 * (its buffers transferred), or `{error}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hashChunk, type ChunkResult } from './verify-chunk.js';
import { openLogReader, type LogSource } from './verify-source.js';

const port = parentPort!;
const reader = await openLogReader((workerData as { source: LogSource }).source);

port.on('message', async (message: { start: number; end: number } | { done: true }) => {
  if ('done' in message) {
    await reader.close();
    port.close();
    return;
  }
  try {
    const result: ChunkResult = hashChunk(
      message.start,
      message.end,
      await reader.rows(message.start + 1, message.end),
    );
    port.postMessage(
      result,
      result.levels.map((level) => level.buffer as ArrayBuffer),
    );
  } catch (error) {
    port.postMessage({ error: (error as Error).message, start: message.start });
  }
});
port.postMessage({ ready: true });
