import type { Sql } from '../read-store.js';

/**
 * A fencing token: the epoch under which this process was elected to run `job`. Every write the job makes checks it
 * in the same transaction (`checkFence`), so a leader that stalled and was replaced cannot write when it wakes up.
 */
export interface Fence {
  readonly job: string;
  readonly epoch: number;
}

/** The jobs that exactly one process runs at a time. */
export const JOBS = ['projections', 'notary'] as const;
export type Job = (typeof JOBS)[number];

/** The lease table, in the read store's schema. */
export const LEASES = 'akkoord_leases';

/** A write under a fence whose epoch is no longer the lease's: it was rolled back. */
export class FencedOut extends Error {
  constructor(
    readonly fence: Fence,
    /** What was refused: `checkpoint`, `head`, `lease`, `reset`. */
    readonly what: string,
  ) {
    super(
      `fenced out: the ${fence.job} lease is no longer at epoch ${fence.epoch} (another process took over); ` +
        `the ${what} write was refused and rolled back`,
    );
  }
}

/**
 * Creates the lease table and the job's row (epoch 0, expired). `refused_writes` counts writes refused by the fence
 * (written after the refused transaction rolled back), so an operator and the tests can see a stalled leader tried.
 */
export async function createLeaseTable(sql: Sql, job: string): Promise<void> {
  await sql.exec(`CREATE TABLE IF NOT EXISTS ${LEASES} (
    job TEXT PRIMARY KEY, holder TEXT, holder_pid INTEGER, epoch BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL, refused_writes BIGINT NOT NULL DEFAULT 0
  )`);
  await sql.run(
    `INSERT INTO ${LEASES} (job, holder, epoch, expires_at) VALUES (?, NULL, 0, now()) ON CONFLICT (job) DO NOTHING`,
    [job],
  );
}

/**
 * Inside a write transaction: holds the lease row (FOR SHARE, so a takeover waits for this transaction to end) and
 * throws FencedOut when the lease has moved on to another epoch. The caller's transaction then rolls back.
 */
export async function checkFence(sql: Sql, fence: Fence, what: string): Promise<void> {
  const row = await sql.get(`SELECT 1 AS ok FROM ${LEASES} WHERE job = ? AND epoch = ? FOR SHARE`, [
    fence.job,
    fence.epoch,
  ]);
  if (!row) throw new FencedOut(fence, what);
}

/** Counts a refused write on the job's lease row (outside the refused transaction). */
export async function recordRefusal(sql: Sql, job: string): Promise<void> {
  await sql.run(`UPDATE ${LEASES} SET refused_writes = refused_writes + 1 WHERE job = ?`, [job]);
}

export interface LeaseRow {
  job: string;
  holder: string | null;
  epoch: number;
  expiresAt: string;
  expiresInMs: number;
  refusedWrites: number;
}

/** The lease rows as they stand (empty when no process has ever elected a leader here). */
export async function readLeases(sql: Sql): Promise<LeaseRow[]> {
  const exists = await sql.get<{ t: string | null }>(`SELECT to_regclass(?) AS t`, [LEASES]);
  if (!exists?.t) return [];
  const rows = await sql.all<{
    job: string;
    holder: string | null;
    epoch: number;
    expires_at: Date;
    ms: number;
    refused_writes: number;
  }>(
    `SELECT job, holder, epoch, expires_at, refused_writes,
            (extract(epoch FROM expires_at - now()) * 1000)::bigint AS ms
       FROM ${LEASES} ORDER BY job`,
  );
  return rows.map((r) => ({
    job: r.job,
    holder: r.holder,
    epoch: Number(r.epoch),
    expiresAt: new Date(r.expires_at).toISOString(),
    expiresInMs: Number(r.ms),
    refusedWrites: Number(r.refused_writes),
  }));
}
