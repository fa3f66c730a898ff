import { openEventStore } from '@akkoord/event-store';
import { FencedOut, ProjectionRunner, checkFence, openReadStore, type Fence, type Sql } from '@akkoord/projections';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventLeafHash } from './canonical.js';
import { NotaryFold, insertNodes, type NodeRow } from './notary-fold.js';
import { notaryProjection } from './notary.projection.js';

export interface FollowOptions {
  storeUrl: string;
  /** Where the read models live, when not in the ledger's own database. */
  readStoreUrl?: string;
  /** Events per write at most (default 2,000): short write transactions keep SQLite's write lock free for appends. */
  batchSize?: number;
  /**
   * Once caught up, waits this long before the next write (default 250 ms): fewer write transactions mean fewer
   * collisions with the ledger's own appends on SQLite's single write lock. The tree lags the log by about this much.
   */
  intervalMs?: number;
  signal: AbortSignal;
  /** Called with the position folded so far: at start and after each write. */
  onProgress?: (position: number) => void;
  log?: (level: 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /**
   * The notary lease this follower writes under (several processes on PostgreSQL): each write checks it in its
   * transaction; a refused write ends the follower and is reported here.
   */
  fence?: Fence;
  onFenced?: (error: FencedOut) => void;
}

const CHECKPOINTS = 'projection_checkpoints';

/**
 * Keeps the notary's tree up to date with the log, the way the notary projection would under a ProjectionRunner (the
 * same fold, the same `notary` checkpoint, written in one transaction with the nodes), but built for a thread of its
 * own: each batch is read and hashed before the write transaction opens, so the transaction holds the database's
 * write lock only for the INSERTs. Opens its own connections to the ledger and the read store; runs until aborted.
 */
export async function followNotary(options: FollowOptions): Promise<void> {
  const { signal } = options;
  const batchSize = options.batchSize ?? 2000;
  const intervalMs = options.intervalMs ?? 250;
  let resumeAt = 0;
  const store = await openEventStore(options.storeUrl);
  const readStore = await openReadStore(options.storeUrl, options.readStoreUrl);
  try {
    // Tables, checkpoint row, and a rebuild from position 0 when the projection's code version changed.
    await new ProjectionRunner(store, readStore, [notaryProjection]).prepare();
    const fold = new NotaryFold();
    let position = await checkpoint(readStore);
    options.onProgress?.(position);
    while (!signal.aborted) {
      try {
        await pause(resumeAt - Date.now(), signal);
        const batch = await store.readAll({ fromPosition: position + 1, limit: batchSize });
        if (batch.length === 0) {
          await store.waitForAppend(1000, signal);
          continue;
        }
        await fold.standAt(readStore, position);
        const rows: NodeRow[] = [];
        for (const event of batch) {
          if (event.globalPosition !== fold.size + 1) break; // a hole: fold up to it
          fold.add(eventLeafHash(event), rows);
        }
        if (rows.length === 0) {
          options.log?.('error', `position ${position + 1} is missing from the log: the notary waits (run verify)`);
          await pause(5000, signal);
          continue;
        }
        const last = fold.size;
        const written = await readStore.transaction(async (tx) => {
          if (options.fence) await checkFence(tx, options.fence, 'notary checkpoint');
          if ((await checkpoint(tx, true)) !== position) return false; // another process went ahead
          await insertNodes(tx, rows);
          await tx.run(`UPDATE ${CHECKPOINTS} SET position = ? WHERE name = ?`, [last, notaryProjection.name]);
          return true;
        });
        // Behind: write again at once. Caught up: let appends have the lock for a while.
        resumeAt = batch.length < batchSize ? Date.now() + intervalMs : 0;
        if (written) {
          position = last;
          options.onProgress?.(position);
        } else {
          fold.forget();
          position = await checkpoint(readStore);
        }
      } catch (error) {
        fold.forget();
        if (error instanceof FencedOut) {
          options.onFenced?.(error);
          break;
        }
        if (signal.aborted) break;
        options.log?.('error', 'the notary could not fold the log; trying again', { error: (error as Error).message });
        await pause(1000, signal);
        position = await checkpoint(readStore).catch(() => position);
      }
    }
  } finally {
    await readStore.close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

async function checkpoint(sql: Sql, forUpdate = false): Promise<number> {
  const lock = forUpdate && sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await sql.get<{ position: number | string }>(
    `SELECT position FROM ${CHECKPOINTS} WHERE name = ?${lock}`,
    [notaryProjection.name],
  );
  return Number(row?.position ?? 0);
}
