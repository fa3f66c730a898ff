import { CorruptEvent, LedgerReadOnly, type EventStore, type RecordedEvent } from '@akkoord/event-store';
import type { Sql } from '@akkoord/projections';
import {
  checkLogRange,
  integrityCheckpoint,
  saveIntegrityCheckpoint,
  type IntegrityFinding,
} from './integrity-check.js';

type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** `GET /api/ledger/status`: the integrity checks and what they found. */
export interface LedgerStatus {
  readOnly: boolean;
  problem: IntegrityFinding | null;
  startup: { from: number; to: number; verifiedTo: number; milliseconds: number } | null;
  fullCheck: {
    state: 'pending' | 'running' | 'done' | 'failed';
    checkedTo: number;
    total: number;
    startedAt: string | null;
    finishedAt: string | null;
    error?: string;
  };
}

/**
 * The ledger's integrity as this process knows it. At start-up `checkSinceCheckpoint` checks what is new since the
 * last verified position (blocking: fast); `startFullCheck` then checks the whole log in the background. The first
 * finding (or a row that does not parse, met by any read) makes the ledger read-only: `guard(store)` refuses appends
 * with `LedgerReadOnly` and refuses to serve the bad event with `CorruptEvent`, while every other read works.
 */
export class LedgerIntegrity {
  private finding: IntegrityFinding | undefined;
  private readonly bad = new Set<number>();
  private startup: LedgerStatus['startup'] = null;
  private full: LedgerStatus['fullCheck'] = {
    state: 'pending',
    checkedTo: 0,
    total: 0,
    startedAt: null,
    finishedAt: null,
  };
  private readonly listeners = new Set<(status: LedgerStatus) => void>();
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly sql: Sql,
    private readonly options: { log?: Log; clock?: () => Date } = {},
  ) {}

  get readOnly(): boolean {
    return this.finding !== undefined;
  }

  /** Whether an event found bad lies in `from`…`to` (inclusive): a kept page of the log is then not served. */
  hasBadIn(from: number, to: number): boolean {
    for (const position of this.bad) if (position >= from && position <= to) return true;
    return false;
  }

  status(): LedgerStatus {
    return {
      readOnly: this.readOnly,
      problem: this.finding ?? null,
      startup: this.startup,
      fullCheck: { ...this.full },
    };
  }

  /** Called on every change of state (the metrics follow it). */
  onChange(listener: (status: LedgerStatus) => void): void {
    this.listeners.add(listener);
    listener(this.status());
  }

  /** Records a finding: the first one makes the ledger read-only. */
  report(finding: IntegrityFinding): void {
    if (this.bad.has(finding.position) && this.finding) return;
    this.bad.add(finding.position);
    if (!this.finding || finding.position < this.finding.position) {
      const first = !this.finding;
      this.finding = finding;
      if (first) {
        this.options.log?.('error', `ledger integrity: position ${finding.position}: ${finding.problem}; read-only`, {
          ...finding,
        });
      }
    }
    this.changed();
  }

  /** The start-up check: from the last verified position to the head. */
  async checkSinceCheckpoint(): Promise<void> {
    const started = performance.now();
    const from = (await integrityCheckpoint(this.sql)) + 1;
    const to = await this.store.headPosition();
    const result = await checkLogRange(this.store, this.sql, from, to);
    if (result.finding) this.report(result.finding);
    else await saveIntegrityCheckpoint(this.sql, result.verifiedTo, this.now());
    this.startup = { from, to, verifiedTo: result.verifiedTo, milliseconds: Math.round(performance.now() - started) };
    this.options.log?.('info', 'ledger integrity checked since the last checkpoint', { ...this.startup });
    this.changed();
  }

  /** Checks the whole log in the background, with progress in the log (every 10 %) and in `status()`. */
  startFullCheck(): Promise<void> {
    this.running ??= this.fullCheck();
    return this.running;
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.running ?? Promise.resolve();
  }

  private async fullCheck(): Promise<void> {
    const total = await this.store.headPosition().catch(() => 0);
    this.full = { state: 'running', checkedTo: 0, total, startedAt: this.now().toISOString(), finishedAt: null };
    this.changed();
    let nextReport = 0.1;
    try {
      const result = await checkLogRange(this.store, this.sql, 1, total, (position) => {
        if (this.stopped) throw new Stopped();
        this.full.checkedTo = position;
        if (total > 0 && position / total >= nextReport) {
          this.options.log?.('info', `ledger integrity: full check at ${Math.floor((100 * position) / total)} %`, {
            checkedTo: position,
            total,
          });
          nextReport = Math.floor((10 * position) / total) / 10 + 0.1;
        }
      });
      this.full.checkedTo = result.checkedTo;
      if (result.finding) this.report(result.finding);
      else if (!this.readOnly) await saveIntegrityCheckpoint(this.sql, result.verifiedTo, this.now());
      this.full.state = 'done';
      this.options.log?.('info', 'ledger integrity: full check done', {
        checkedTo: result.checkedTo,
        problem: result.finding ?? null,
      });
    } catch (error) {
      if (error instanceof Stopped) return;
      this.full.state = 'failed';
      this.full.error = (error as Error).message;
      this.options.log?.('warn', 'ledger integrity: the full check could not finish', { error: this.full.error });
    } finally {
      this.full.finishedAt = this.now().toISOString();
      this.changed();
    }
  }

  /**
   * The store as the app uses it: appends refused while read-only, bad events never served; `onAppend` hears how each
   * append ended (the health check follows whether the ledger takes writes).
   */
  guard<S extends EventStore>(store: S, onAppend?: (error?: unknown) => void): S {
    const served = async (read: () => Promise<RecordedEvent[]>) => {
      try {
        const events = await read();
        if (this.bad.size > 0) {
          const hit = events.find((event) => this.bad.has(event.globalPosition));
          if (hit) throw new CorruptEvent(hit.globalPosition, this.reasonAt(hit.globalPosition));
        }
        return events;
      } catch (error) {
        if (error instanceof CorruptEvent && !this.bad.has(error.position)) {
          this.report({ position: error.position, problem: 'row does not parse', detail: error.reason });
        }
        throw error;
      }
    };
    return new Proxy(store, {
      get: (target, property, receiver) => {
        if (property === 'append') {
          return (...args: Parameters<EventStore['append']>) => {
            const finding = this.finding;
            if (finding) return Promise.reject(new LedgerReadOnly(finding.position, `${finding.problem}`));
            const appended = target.append(...args);
            if (onAppend) appended.then(() => onAppend(), onAppend);
            return appended;
          };
        }
        if (property === 'readAll') {
          return (...args: Parameters<EventStore['readAll']>) => served(() => target.readAll(...args));
        }
        if (property === 'readStream') {
          return (...args: Parameters<EventStore['readStream']>) => served(() => target.readStream(...args));
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private reasonAt(position: number): string {
    return this.finding?.position === position
      ? `${this.finding.problem}: ${this.finding.detail}`
      : 'it failed the check';
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }

  private changed(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}

class Stopped extends Error {}
