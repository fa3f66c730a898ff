import pg from 'pg';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ReadStore } from '../read-store.js';
import { LEASES, createLeaseTable, recordRefusal, type Fence, type FencedOut } from './fence.js';

export interface ElectorOptions {
  /** The read store's PostgreSQL URL (`?schema=` as the read store takes it): the lock connection goes there. */
  url: string;
  job: string;
  /** This process's name in the lease row (default host:pid:random). */
  holder?: string;
  /** How often the leader renews its lease (default 2 s); candidates try twice as often. */
  renewMs?: number;
  /** How long a lease lasts without renewal (default 7 s): a stalled leader is replaced after this. */
  leaseMs?: number;
  /** Called when this process becomes the leader; a rejection (FencedOut …) makes it step down. */
  onElected: (fence: Fence) => Promise<void>;
  /** Called when it stops being the leader (renewal refused, a refused write, stop()); must stop the job's writes. */
  onLost: (fence: Fence, reason: string) => Promise<void>;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export interface ElectorStatus {
  job: string;
  holder: string;
  leader: boolean;
  epoch: number | undefined;
  /** When this process's lease runs out (leader only), by the database's clock as last seen. */
  leaseExpiresAt: string | undefined;
  /** Writes of this process that the fence refused. */
  refusedWrites: number;
}

/** A unique name for this process in the lease rows. */
export function processName(): string {
  return process.env.AKKOORD_NODE_NAME || `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
}

/**
 * Leader election for one job on PostgreSQL: a lease row (job, holder, epoch, expires_at) and a session advisory lock
 * on a dedicated connection. A candidate that gets the lock while the lease holder's connection is gone (killed,
 * crashed) takes over at once; otherwise it takes over when the lease has expired (the holder stalled: SIGSTOP, a
 * long pause). Taking over increments the epoch — the fencing token every write of the job checks in its own
 * transaction — so a replaced leader that wakes up is refused and steps down. The database's clock decides expiry.
 */
export class LeaderElector {
  readonly holder: string;
  private readonly renewMs: number;
  private readonly leaseMs: number;
  private readonly lockKey: string;
  private lockClient: pg.Client | undefined;
  private lockHeld = false;
  private fence: Fence | undefined;
  private expiresAt: string | undefined;
  private refused = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private leading: Promise<void> | undefined;

  constructor(
    private readonly readStore: ReadStore,
    private readonly options: ElectorOptions,
  ) {
    this.holder = options.holder ?? processName();
    this.renewMs = options.renewMs ?? Number(process.env.AKKOORD_LEASE_RENEW_MS ?? 2000);
    this.leaseMs = options.leaseMs ?? Number(process.env.AKKOORD_LEASE_MS ?? 7000);
    const schema = new URL(options.url).searchParams.get('schema') ?? 'public';
    this.lockKey = `akkoord-lease:${schema}:${options.job}`;
  }

  async start(): Promise<void> {
    await createLeaseTable(this.readStore, this.options.job);
    this.schedule(0);
  }

  status(): ElectorStatus {
    return {
      job: this.options.job,
      holder: this.holder,
      leader: this.fence !== undefined,
      epoch: this.fence?.epoch,
      leaseExpiresAt: this.fence ? this.expiresAt : undefined,
      refusedWrites: this.refused,
    };
  }

  /** A write of the job was refused by the fence: count it, say so, step down. */
  async refusedWrite(error: FencedOut): Promise<void> {
    this.refused++;
    this.options.log?.('warn', error.message, { job: this.options.job, epoch: error.fence.epoch, what: error.what });
    await recordRefusal(this.readStore, this.options.job).catch(() => undefined);
    if (this.fence?.epoch === error.fence.epoch) await this.stepDown(error.message);
  }

  /** Stops electing; a leader hands the lease back (expires it now) so another takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const fence = this.fence;
    if (fence) {
      await this.stepDown('stopping');
      await this.readStore
        .run(`UPDATE ${LEASES} SET expires_at = now() WHERE job = ? AND epoch = ?`, [fence.job, fence.epoch])
        .catch(() => undefined);
    }
    await this.lockClient?.end().catch(() => undefined);
    this.lockClient = undefined;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule(this.fence ? this.renewMs : this.renewMs / 2));
    }, ms);
  }

  private async tick(): Promise<void> {
    try {
      if (this.fence) await this.renew(this.fence);
      else await this.tryTakeOver();
    } catch (error) {
      this.options.log?.('warn', 'leader election: the database did not answer; trying again', {
        job: this.options.job,
        error: (error as Error).message,
      });
      if (this.lockClient && !this.lockHeld) this.dropLockClient();
    }
  }

  /** The leader's renewal: itself a fenced write (`WHERE epoch = mine`). */
  private async renew(fence: Fence): Promise<void> {
    if (!this.lockHeld) await this.tryLock();
    const rows = await this.readStore.all<{ expires_at: Date }>(
      `UPDATE ${LEASES} SET expires_at = now() + make_interval(secs => ?), holder_pid = COALESCE(?, holder_pid)
        WHERE job = ? AND epoch = ? RETURNING expires_at`,
      [this.leaseMs / 1000, this.lockPid(), fence.job, fence.epoch],
    );
    if (rows.length === 0) {
      this.refused++;
      const message = `fenced out: the ${fence.job} lease renewal under epoch ${fence.epoch} was refused (another process took over)`;
      this.options.log?.('warn', message, { job: fence.job, epoch: fence.epoch, what: 'lease' });
      await recordRefusal(this.readStore, fence.job).catch(() => undefined);
      await this.stepDown(message);
      return;
    }
    this.expiresAt = new Date(rows[0].expires_at).toISOString();
  }

  private async tryTakeOver(): Promise<void> {
    await this.tryLock();
    const job = this.options.job;
    // With the lock, the holder is dead when its lock connection's backend is gone (kill -9, a crash): take over at
    // once. A holder alive without the lock (it took over a stalled leader) keeps its lease until it expires.
    const condition = this.lockHeld
      ? `(expires_at < now() OR holder_pid IS NULL OR NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = holder_pid))`
      : `expires_at < now()`;
    const rows = await this.readStore.all<{ epoch: number; expires_at: Date }>(
      `UPDATE ${LEASES} SET holder = ?, holder_pid = ?, epoch = epoch + 1,
              expires_at = now() + make_interval(secs => ?)
        WHERE job = ? AND ${condition} RETURNING epoch, expires_at`,
      [this.holder, this.lockPid(), this.leaseMs / 1000, job],
    );
    if (rows.length === 0) return;
    const fence: Fence = { job, epoch: Number(rows[0].epoch) };
    this.fence = fence;
    this.expiresAt = new Date(rows[0].expires_at).toISOString();
    this.options.log?.('info', `elected leader of ${job} (epoch ${fence.epoch})`, {
      job,
      epoch: fence.epoch,
      holder: this.holder,
    });
    this.leading = this.options.onElected(fence).catch(async (error: Error) => {
      if (this.fence !== fence) return;
      this.options.log?.('error', `the ${job} job failed as leader; stepping down`, { error: error.message });
      await this.stepDown(error.message);
    });
  }

  private async stepDown(reason: string): Promise<void> {
    const fence = this.fence;
    if (!fence) return;
    this.fence = undefined;
    this.expiresAt = undefined;
    this.options.log?.(
      reason === 'stopping' ? 'info' : 'warn',
      `no longer the leader of ${fence.job} (epoch ${fence.epoch}): ${reason}`,
      {
        job: fence.job,
        epoch: fence.epoch,
      },
    );
    await this.options.onLost(fence, reason).catch(() => undefined);
    if (this.lockHeld) {
      await this.lockClient?.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey]).catch(() => undefined);
      this.lockHeld = false;
    }
  }

  private async tryLock(): Promise<void> {
    if (this.lockHeld) return;
    if (!this.lockClient) {
      const parsed = new URL(this.options.url);
      parsed.searchParams.delete('schema');
      const client = new pg.Client({ connectionString: parsed.toString(), connectionTimeoutMillis: 5000 });
      client.on('error', () => this.dropLockClient(client));
      this.lockClient = client;
      await client.connect();
    }
    const result = await this.lockClient.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      this.lockKey,
    ]);
    this.lockHeld = result.rows[0].ok;
  }

  /** The backend pid of the lock connection: the lease row's sign that its holder is alive. */
  private lockPid(): number | null {
    const client = this.lockClient as (pg.Client & { processID?: number }) | undefined;
    return client?.processID ?? null;
  }

  /** The lock connection died (or never came): the lock is gone with it; a new one is made on the next tick. */
  private dropLockClient(client = this.lockClient): void {
    if (!client || client !== this.lockClient) return;
    this.lockClient = undefined;
    this.lockHeld = false;
    void client.end().catch(() => undefined);
  }
}
