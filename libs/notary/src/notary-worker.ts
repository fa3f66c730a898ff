/**
 * The notary's own thread: folds the log into the Merkle tree (`followNotary`) and reports its position to the main
 * thread. `{stop: true}` ends it.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { followNotary, type FollowOptions } from './notary-follower.js';

/**
 * Folding is background work: on Linux this thread lowers its own scheduling priority (nice 10), so that on a busy
 * machine the ledger's appends get the CPU first and the tree lags a little longer instead. Elsewhere it stays as is.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: run at normal priority
  }
}

lowerPriority();
const port = parentPort!;
const controller = new AbortController();
port.on('message', (message: { stop?: boolean }) => {
  if (message.stop) controller.abort();
});
const options = workerData as Omit<FollowOptions, 'signal' | 'onProgress' | 'log'>;
await followNotary({
  ...options,
  signal: controller.signal,
  onProgress: (position) => port.postMessage({ position }),
  log: (level, message, fields) => port.postMessage({ log: { level, message, fields } }),
  onFenced: (error) => port.postMessage({ fenced: { fence: error.fence, what: error.what } }),
});
port.close();
