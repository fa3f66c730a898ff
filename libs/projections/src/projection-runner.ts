import { EventEmitter } from 'node:events';
import type { EventStore, RecordedEvent } from '@akkoord/event-store';
import type { ReadStore, Sql } from './read-store.js';
import { projectionSpans } from './tracing.js';
import { FencedOut, checkFence, type Fence } from './leadership/fence.js';
import type { Projection, ProjectionStatus, RebuildProgress, RunnerOptions } from './projection.js';

export type { Projection, ProjectionStatus, RebuildProgress, RunnerOptions } from './projection.js';

const CHECKPOINTS = 'projection_checkpoints';

/**
 * Keeps read models up to date: reads the global log in batches from each projection's checkpoint and applies the
 * handlers and the new checkpoint in ONE transaction, so a crash never applies an event twice or skips one. The
 * checkpoint is read again inside the transaction, so two runners on the same database cannot both apply a batch.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, number>();
  /** Projections reset since their indexes were last created: they get them at the end of the next catch-up. */
  private readonly unindexed = new Set<Projection>();
  private readonly progress = new EventEmitter().setMaxListeners(0);
  /** The live follow loop, while this runner writes (start() or lead()). */
  private following: { abort: AbortController; loop: Promise<void> } | undefined;
  /** The fence every write checks while this runner leads (PostgreSQL, several processes). */
  private fence: Fence | undefined;
  /** Reading the stored checkpoints for waiters, while another process writes them. */
  private polling: Promise<void> | undefined;
  /** Per projection: how many committed batches changed its read model in this runner (see `readModelVersion`). */
  private readonly changes = new Map<string, number>();
  /** Bumped whenever the counts above may not tell the whole story: a reset, a start or end of writing. */
  private epoch = 0;
  private waiters = 0;
  readonly batchSize: number;
  readonly catchUpBatchSize: number;
  /** Per projection, the event types it reads (undefined: all). */
  private readonly accepts: ReadonlyMap<string, ReadonlySet<string> | undefined>;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpBatchSize = options.catchUpBatchSize ?? Math.max(this.batchSize, 10_000);
    this.accepts = new Map(projections.map((p) => [p.name, p.eventTypes && new Set(p.eventTypes)]));
  }

  /** Prepares tables (rebuilding projections whose code version changed), catches up, then follows the log live. */
  async start(): Promise<void> {
    await this.prepare();
    await this.catchUp();
    this.startFollowing();
  }

  /**
   * Becomes the one writer of these read models under `fence` (see LeaderElector): prepares, catches up from the
   * stored checkpoints and follows the log; every transaction checks the fence first. Stopped by `stopLeading()` or a
   * refused write (then `onFenced`).
   */
  async lead(fence: Fence): Promise<void> {
    await this.stopLeading();
    this.fence = fence;
    const abort = new AbortController();
    const { signal } = abort;
    this.epoch++;
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    const loop = (async () => {
      // prepare and catch up, again after a failure (the database away for a while), until caught up or stopped
      while (!signal.aborted) {
        try {
          await this.prepare();
          if (!signal.aborted) await this.catchUp(undefined, signal);
          break;
        } catch (error) {
          if (error instanceof FencedOut) {
            if (this.following?.abort.signal === signal) this.following = undefined;
            this.options.onFenced?.(error);
            return;
          }
          this.options.log?.('projection catch-up failed; retrying', { error: (error as Error).message });
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      caughtUp();
      if (!signal.aborted) await this.follow(signal);
    })().finally(caughtUp);
    this.following = { abort, loop };
    await ready;
  }

  /** Stops writing (lost the lease, or shutting down); the read models stay as the last commit left them. */
  async stopLeading(): Promise<void> {
    const following = this.following;
    this.following = undefined;
    this.epoch++;
    if (!following) return;
    following.abort.abort();
    await following.loop;
  }

  /** True while this runner writes the read models (it leads, or runs alone). */
  get writing(): boolean {
    return this.following !== undefined;
  }

  /**
   * A value that stays the same exactly as long as the read models of `names` do, as far as this process can know:
   * it changes after every committed batch that applied an event to one of them, and on a reset or a change of
   * writer. Undefined while this runner does not write them (another process does: an API node, a lost lease) — an
   * answer may then be kept no longer than the request that computed it.
   */
  readModelVersion(names: readonly string[]): string | undefined {
    if (!this.writing) return undefined;
    let sum = 0;
    for (const name of names) sum += this.changes.get(name) ?? 0;
    return `${this.epoch}:${sum}`;
  }

  private startFollowing(): void {
    const abort = new AbortController();
    this.epoch++;
    this.following = { abort, loop: this.follow(abort.signal) };
  }

  /** Creates the checkpoint table and each projection's tables; a projection with a new version starts from 0. */
  async prepare(options: { reset?: boolean } = {}): Promise<void> {
    await this.readStore.exec(
      `CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (name TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL)`,
    );
    for (const projection of this.projections) {
      const row = await this.readStore.get<{ position: number; version: number }>(
        `SELECT position, version FROM ${CHECKPOINTS} WHERE name = ?`,
        [projection.name],
      );
      if (!row || row.version !== projection.version) {
        // a process that does not write (an API node) creates missing tables but leaves a rebuild to the leader
        if (row && options.reset === false) continue;
        if (row) this.options.log?.('projection code changed: rebuilding', { projection: projection.name });
        await this.reset(projection);
      } else {
        await this.readStore.transaction(async (tx) => {
          await projection.setup(tx);
          for (const index of projection.indexes ?? []) await tx.exec(index);
        });
        this.positions.set(projection.name, Number(row.position));
      }
    }
  }

  /** Applies everything up to the head that is visible now. */
  async catchUp(onBatch?: (position: number) => void, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const applied = await this.step(this.catchUpBatchSize);
      if (applied === 0) break;
      onBatch?.(this.lowestPosition());
    }
    await this.createIndexes();
  }

  /** Creates the indexes of projections that were reset (a rebuild's rows are in). */
  private async createIndexes(): Promise<void> {
    for (const projection of [...this.unindexed]) {
      await this.readStore.transaction(async (tx) => {
        for (const index of projection.indexes ?? []) await tx.exec(index);
      });
      this.unindexed.delete(projection);
    }
  }

  /** Resolves true once every projection has applied `position` (read-your-writes), false after the timeout. */
  async waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    if (this.lowestPosition() >= position) return true;
    this.waiters++;
    if (!this.writing) this.polling ??= this.pollCheckpoints();
    return new Promise((resolve) => {
      const check = () => {
        if (this.lowestPosition() >= position) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (ok: boolean) => {
        this.waiters--;
        clearTimeout(timer);
        this.progress.off('advanced', check);
        resolve(ok);
      };
      this.progress.on('advanced', check);
    });
  }

  /**
   * While another process writes the read models (this one is an API node, or not the leader), the positions waiters
   * wait for are the stored checkpoints — in the database this runner reads, a replica's included: read until no
   * one waits.
   */
  private async pollCheckpoints(): Promise<void> {
    try {
      while (this.waiters > 0 && !this.writing) {
        try {
          const rows = await this.readStore.all<{ name: string; position: number }>(
            `SELECT name, position FROM ${CHECKPOINTS}`,
          );
          if (this.writing) break;
          for (const row of rows) {
            if (this.accepts.has(row.name)) this.positions.set(row.name, Number(row.position));
          }
          this.progress.emit('advanced');
        } catch {
          // the table is not there yet, or the database is away: the waiters time out
        }
        await new Promise((r) => setTimeout(r, this.options.pollMs ?? 50));
      }
    } finally {
      this.polling = undefined;
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const headPosition = await this.store.headPosition();
    const rows = await this.readStore.all<{ name: string; position: number; version: number }>(
      `SELECT name, position, version FROM ${CHECKPOINTS}`,
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    return this.projections.map((p) => {
      const position = Number(byName.get(p.name)?.position ?? 0);
      return { name: p.name, version: p.version, position, headPosition, lag: Math.max(0, headPosition - position) };
    });
  }

  /**
   * Drops the named projections' tables (all when none named), resets their checkpoints and replays the log from
   * position 1, reporting progress after each batch.
   */
  async rebuild(names: readonly string[] = [], onProgress?: (p: RebuildProgress) => void): Promise<void> {
    const chosen = names.length === 0 ? this.projections : this.projections.filter((p) => names.includes(p.name));
    const unknown = names.filter((n) => !this.projections.some((p) => p.name === n));
    if (unknown.length > 0) throw new Error(`No projection named ${unknown.join(', ')}.`);
    for (const projection of chosen) await this.reset(projection);
    const started = Date.now();
    const headPosition = await this.store.headPosition();
    const catchUp = () =>
      this.catchUp((position) => {
        const seconds = Math.max(0.001, (Date.now() - started) / 1000);
        for (const p of chosen) {
          onProgress?.({ name: p.name, position, headPosition, eventsPerSecond: Math.round(position / seconds) });
        }
      });
    await (this.readStore.bulk ? this.readStore.bulk(catchUp) : catchUp());
  }

  async stop(): Promise<void> {
    await this.stopLeading();
  }

  private async reset(projection: Projection): Promise<void> {
    const fence = this.fence;
    await this.readStore.transaction(async (tx) => {
      if (fence) await checkFence(tx, fence, 'reset');
      for (const table of projection.tables) await tx.exec(`DROP TABLE IF EXISTS ${table}`);
      await projection.setup(tx);
      await tx.run(`DELETE FROM ${CHECKPOINTS} WHERE name = ?`, [projection.name]);
      await tx.run(`INSERT INTO ${CHECKPOINTS} (name, position, version) VALUES (?, 0, ?)`, [
        projection.name,
        projection.version,
      ]);
    });
    this.positions.set(projection.name, 0);
    this.epoch++;
    if (projection.indexes?.length) this.unindexed.add(projection);
  }

  private lowestPosition(): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const p of this.projections) lowest = Math.min(lowest, this.positions.get(p.name) ?? 0);
    return lowest === Number.POSITIVE_INFINITY ? 0 : lowest;
  }

  /**
   * Applies up to `limit` events after the lowest checkpoint in ONE transaction, reading and applying them in chunks of
   * `batchSize` (a rebuild's large transactions then never hold more than a chunk of parsed events at once, which
   * keeps garbage collection cheap); answers how many events it read.
   */
  private async step(limit = this.batchSize): Promise<number> {
    const from = this.lowestPosition() + 1;
    const chunkSize = Math.min(limit, this.batchSize);
    const first = await this.store.readAll({ fromPosition: from, limit: chunkSize });
    if (first.length === 0) return 0;
    const forUpdate = this.readStore.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const fence = this.fence;
    let read = 0;
    const changed = new Set<string>();
    const applied = await this.readStore.transaction(async (tx) => {
      if (fence) await checkFence(tx, fence, 'checkpoint');
      const checkpoints = new Map<string, number>();
      for (const projection of this.projections) {
        const row = await tx.get<{ position: number }>(
          `SELECT position FROM ${CHECKPOINTS} WHERE name = ?${forUpdate}`,
          [projection.name],
        );
        checkpoints.set(projection.name, Number(row?.position ?? 0));
      }
      // A checkpoint behind where this runner stood: another process reset it (`akkoord projections rebuild` while
      // this one runs). Apply nothing; stand where the stored checkpoints say and read from there.
      if (Math.min(...checkpoints.values()) < from - 1) {
        read = 1;
        this.epoch++;
        return checkpoints;
      }
      let last = 0;
      for (let chunk = first; chunk.length > 0;) {
        read += chunk.length;
        last = chunk[chunk.length - 1].globalPosition;
        await this.applyChunk(tx, chunk, checkpoints, changed);
        if (read >= limit || chunk.length < chunkSize) break;
        chunk = await this.store.readAll({ fromPosition: last + 1, limit: Math.min(chunkSize, limit - read) });
      }
      const result = new Map<string, number>();
      for (const [name, checkpoint] of checkpoints) {
        if (checkpoint < last) {
          await tx.run(`UPDATE ${CHECKPOINTS} SET position = ? WHERE name = ?`, [last, name]);
        }
        result.set(name, Math.max(checkpoint, last));
      }
      return result;
    });
    for (const [name, position] of applied) this.positions.set(name, position);
    // counted once committed: an answer computed before the commit is then older than the count
    for (const name of changed) this.changes.set(name, (this.changes.get(name) ?? 0) + 1);
    this.progress.emit('advanced');
    return read;
  }

  /** Hands each projection the chunk's events after its checkpoint, of the types it reads. */
  private async applyChunk(
    tx: Sql,
    stored: readonly RecordedEvent[],
    checkpoints: Map<string, number>,
    changed: Set<string>,
  ): Promise<void> {
    const upcast = this.options.upcast;
    const chunk = upcast ? stored.map(upcast) : stored;
    const last = chunk[chunk.length - 1].globalPosition;
    for (const projection of this.projections) {
      const checkpoint = checkpoints.get(projection.name)!;
      if (checkpoint >= last) continue;
      const types = this.accepts.get(projection.name);
      const events =
        checkpoint < chunk[0].globalPosition && !types
          ? chunk
          : chunk.filter((e) => e.globalPosition > checkpoint && (!types || types.has(e.type)));
      if (events.length > 0) changed.add(projection.name);
      const endSpans = projectionSpans(projection.name, events);
      if (projection.applyBatch) {
        if (events.length > 0) await projection.applyBatch(tx, events);
      } else {
        for (const event of events) await projection.apply(tx, event);
      }
      endSpans();
    }
  }

  private async follow(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const read = await this.step();
        if (read < this.batchSize) await this.store.waitForAppend(1000, signal);
      } catch (error) {
        if (error instanceof FencedOut) {
          // refused: this runner no longer writes (waiters read the stored checkpoints again)
          if (this.following?.abort.signal === signal) this.following = undefined;
          this.options.onFenced?.(error);
          return;
        }
        this.options.log?.('projection batch failed; retrying', { error: (error as Error).message });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
