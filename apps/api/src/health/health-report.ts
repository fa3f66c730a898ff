import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '@akkoord/event-store';
import { LedgerIntegrity, Notary } from '@akkoord/notary';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AppConfig } from '../config.js';
import {
  APP_CONFIG,
  EVENT_STORE,
  LEDGER_INTEGRITY,
  PROJECTION_RUNNER,
  READ_STORE,
  WRITE_HEALTH,
} from '../platform/tokens.js';
import { NODE_NAME, leaders } from '../scale/leadership.js';
import type { WriteHealth } from './write-health.js';

export type HealthStatus = 'up' | 'degraded' | 'down';

export interface HealthReport {
  status: HealthStatus;
  checks: HealthCheckResult['details'];
}

/** Read models or the notary further behind the log than this are `degraded` (a rebuild, a stuck runner). */
const MAX_LAG = Number(process.env.AKKOORD_HEALTH_MAX_LAG ?? 10_000);
/** Less free space than this beside a SQLite ledger is `degraded`: writes will fail soon. */
const MIN_FREE_BYTES = Number(process.env.AKKOORD_HEALTH_MIN_FREE_BYTES ?? 64 * 1024 * 1024);

/**
 * What the service can do now, by @nestjs/terminus indicators: the store answers (`down` when not), takes writes (the
 * last appends), has disk space, the read models and the notary keep up with the log, and the ledger passed its
 * integrity check (`degraded` when read-only).
 */
@Injectable()
export class HealthReporter {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_INTEGRITY) private readonly integrity: LedgerIntegrity,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(Notary) private readonly notary: Notary,
    @Inject(WRITE_HEALTH) private readonly writes: WriteHealth,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async report(): Promise<HealthReport> {
    const check = (key: string) => this.indicators.check(key);
    // the indicators run side by side: the head is read once, before them
    const head = await this.store.headPosition().catch((error: Error) => error);
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () =>
          head instanceof Error
            ? check('store').down({ kind: this.store.kind, error: head.message })
            : check('store').up({ kind: this.store.kind, headPosition: head }),
        () => {
          const failure = this.writes.lastFailure;
          return failure ? check('writable').degraded({ lastFailure: failure }) : check('writable').up();
        },
        () => this.disk(),
        async () => {
          if (head instanceof Error) return check('projections').degraded({ error: 'the store does not answer' });
          try {
            const lag = Math.max(0, ...(await this.runner.status()).map((p) => p.lag));
            return lag > MAX_LAG ? check('projections').degraded({ lag }) : check('projections').up({ lag });
          } catch (error) {
            return check('projections').degraded({ error: (error as Error).message });
          }
        },
        async () => {
          if (head instanceof Error) return check('notary').degraded({ error: 'the store does not answer' });
          try {
            const lag = Math.max(0, head - (await this.notary.treeSize()));
            return lag > MAX_LAG ? check('notary').degraded({ lag }) : check('notary').up({ lag });
          } catch (error) {
            return check('notary').degraded({ error: (error as Error).message });
          }
        },
        () => this.leadership(),
        () => {
          const status = this.integrity.status();
          const fields = { readOnly: status.readOnly, problem: status.problem, fullCheck: status.fullCheck.state };
          return status.readOnly ? check('integrity').degraded(fields) : check('integrity').up(fields);
        },
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const status: HealthStatus = result.status === 'ok' ? 'up' : result.status === 'degraded' ? 'degraded' : 'down';
    return { status, checks: result.details };
  }

  /**
   * Several processes on PostgreSQL: this node's role and name, and per job (projections, notary) who leads, under
   * which epoch, and how long its lease has left. A job whose lease expired (no worker leads it) is `degraded`.
   */
  private async leadership() {
    const check = this.indicators.check('leadership');
    const role = this.config.role ?? 'all';
    try {
      const leases = await leaders(this.readStore);
      const fields = { role, node: NODE_NAME, leases };
      const orphaned = leases.filter((l) => l.expiresInMs < 0).map((l) => l.job);
      return orphaned.length > 0 ? check.degraded({ ...fields, withoutLeader: orphaned }) : check.up(fields);
    } catch (error) {
      return check.degraded({ role, node: NODE_NAME, error: (error as Error).message });
    }
  }

  private async disk() {
    const check = this.indicators.check('disk');
    if (!this.config.storeUrl.startsWith('sqlite:')) return check.up({ checked: 'by the database server' });
    try {
      const stats = await statfs(dirname(resolve(this.config.storeUrl.slice('sqlite:'.length))));
      const freeBytes = Number(stats.bavail) * Number(stats.bsize);
      return freeBytes < MIN_FREE_BYTES ? check.degraded({ freeBytes }) : check.up({ freeBytes });
    } catch (error) {
      return check.degraded({ error: (error as Error).message });
    }
  }
}
