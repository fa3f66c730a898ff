import type { Notary } from '@akkoord/notary';
import {
  LeaderElector,
  processName,
  readLeases,
  type ElectorStatus,
  type FencedOut,
  type LeaseRow,
  type ProjectionRunner,
  type ReadStore,
} from '@akkoord/projections';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';

/** This process's name in the lease rows (AKKOORD_NODE_NAME, else host:pid:random). */
export const NODE_NAME = processName();

/**
 * The jobs one process at a time runs on PostgreSQL — the projection runner and the notary — each behind a
 * LeaderElector: any number of `worker` (or `all`) processes may run; the elected one writes, fenced by its epoch.
 */
export class Leadership {
  private readonly electors: LeaderElector[] = [];
  private projections: LeaderElector | undefined;
  private notaryElector: LeaderElector | undefined;

  constructor(
    private readonly readStore: ReadStore,
    private readonly url: string,
    private readonly logger?: Logger,
  ) {}

  private log = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) =>
    this.logger?.[level]({ node: NODE_NAME, ...fields }, message);

  /** Elects a writer for the read models: `runner.lead(fence)` while this process holds the lease. */
  electRunner(runner: ProjectionRunner): (error: FencedOut) => void {
    const elector = new LeaderElector(this.readStore, {
      url: this.url,
      job: 'projections',
      holder: NODE_NAME,
      log: this.log,
      onElected: (fence) => runner.lead(fence),
      onLost: () => runner.stopLeading(),
    });
    this.projections = elector;
    this.electors.push(elector);
    return (error) => void elector.refusedWrite(error);
  }

  /** Elects the notary: it folds and signs only while this process holds the notary lease. */
  electNotary(notary: Notary): void {
    const elector = new LeaderElector(this.readStore, {
      url: this.url,
      job: 'notary',
      holder: NODE_NAME,
      log: this.log,
      onElected: async (fence) => notary.lead(fence),
      onLost: () => notary.stopLeading(),
    });
    notary.electedOnly((error) => void elector.refusedWrite(error));
    this.notaryElector = elector;
    this.electors.push(elector);
  }

  async start(): Promise<void> {
    for (const elector of this.electors) await elector.start();
  }

  async stop(): Promise<void> {
    for (const elector of this.electors) await elector.stop();
  }

  /** This process's view: per job, whether it leads, its epoch and lease expiry, refused writes. */
  status(): ElectorStatus[] {
    return [this.projections, this.notaryElector].filter((e) => e !== undefined).map((e) => e.status());
  }
}

/** The lease rows (who leads each job, epoch, expiry) as the database holds them; empty on SQLite. */
export async function leaders(readStore: ReadStore): Promise<LeaseRow[]> {
  if (readStore.dialect !== 'postgres') return [];
  return readLeases(readStore);
}

/** Gauges for /metrics: per job whether this node leads, its epoch, the seconds left on its lease, refused writes. */
export function registerLeadershipMetrics(registry: Registry, leadership: Leadership | undefined): void {
  if (!leadership) return;
  const perJob = (name: string, help: string, value: (s: ElectorStatus) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['job'] as const,
      registers: [registry],
      collect() {
        for (const s of leadership.status()) this.set({ job: s.job }, value(s));
      },
    });
  perJob('akkoord_job_leader', '1 while this process leads the job (projections, notary).', (s) => (s.leader ? 1 : 0));
  perJob(
    'akkoord_job_epoch',
    'The lease epoch (fencing token) this process leads the job under (0: not leading).',
    (s) => s.epoch ?? 0,
  );
  perJob('akkoord_job_lease_seconds_left', 'Seconds until this leader’s lease expires unless renewed.', (s) =>
    s.leaseExpiresAt ? Math.max(0, (Date.parse(s.leaseExpiresAt) - Date.now()) / 1000) : 0,
  );
  perJob(
    'akkoord_job_fenced_writes',
    'Writes of this process the fence refused (it had been replaced).',
    (s) => s.refusedWrites,
  );
}
