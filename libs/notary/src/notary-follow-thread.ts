import { FencedOut, type Fence } from '@akkoord/projections';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { followNotary } from './notary-follower.js';

export interface FollowSettings {
  storeUrl: string;
  readStoreUrl?: string;
  thread?: boolean;
  batchSize?: number;
  intervalMs?: number;
}

export interface FollowHooks {
  onProgress: (position: number) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** The notary lease the fold writes under, when several processes stand for election. */
  fence?: Fence;
  onFenced?: (error: FencedOut) => void;
}

interface WorkerMessage {
  position?: number;
  log?: { level: 'warn' | 'error'; message: string };
  fenced?: { fence: Fence; what: string };
}

/**
 * Runs the notary's fold (`followNotary`): in a worker thread of its own when the compiled JavaScript is there (started
 * again 5 s after it ends unexpectedly), in this thread otherwise. A write refused by the fence ends it for good.
 */
export function startFollowing(follow: FollowSettings, hooks: FollowHooks): { stop(): Promise<void> } {
  const { onProgress, log, fence, onFenced } = hooks;
  const thread = follow.thread ?? import.meta.url.endsWith('.js');
  if (!thread) {
    const controller = new AbortController();
    const running = followNotary({ ...follow, signal: controller.signal, onProgress, log, fence, onFenced }).catch(
      (error) => log?.('error', 'the notary stopped folding the log', { error: (error as Error).message }),
    );
    return {
      stop: async () => {
        controller.abort();
        await running;
      },
    };
  }
  let worker: Worker | undefined;
  let stopping = false;
  const spawn = () => {
    const { storeUrl, readStoreUrl, batchSize, intervalMs } = follow;
    worker = new Worker(new URL('./notary-worker.js', import.meta.url), {
      workerData: { storeUrl, readStoreUrl, batchSize, intervalMs, fence },
    });
    worker.on('message', (message: WorkerMessage) => {
      if (message.position !== undefined) onProgress(message.position);
      if (message.log) log?.(message.log.level, message.log.message);
      if (message.fenced) {
        stopping = true;
        onFenced?.(new FencedOut(message.fenced.fence, message.fenced.what));
      }
    });
    worker.on('error', (error) => log?.('error', 'the notary thread failed', { error: error.message }));
    worker.on('exit', () => {
      if (stopping) return;
      log?.('warn', 'the notary thread ended; starting it again in 5 s');
      void sleep(5000).then(() => !stopping && spawn());
    });
  };
  spawn();
  return {
    stop: async () => {
      stopping = true;
      const current = worker;
      if (!current) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.postMessage({ stop: true });
      await Promise.race([exited, sleep(10_000).then(() => current.terminate())]);
    },
  };
}
