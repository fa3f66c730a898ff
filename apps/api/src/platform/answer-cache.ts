import { Inject, Injectable } from '@nestjs/common';
import type { ProjectionRunner } from '@akkoord/projections';
import { Metrics } from '../metrics/metrics.js';
import { PROJECTION_RUNNER } from './tokens.js';

/** How many answers are kept, in all and in characters of JSON, and how large one may be to be kept at all. */
const MAX_ENTRIES = 500;
const MAX_TOTAL_CHARS = 64 * 1024 * 1024;
const MAX_ANSWER_CHARS = 1024 * 1024;
/** The version of an answer that never changes (no read-model version is ever this). */
const FINAL = 'final';

/** An answer already serialised to JSON: OpenPersonalData opens it as it is, without serialising it again. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * Answers of read-model queries kept in memory, each as long as the read models it was computed from have not
 * changed (`ProjectionRunner.readModelVersion`): a dashboard that asks the same page again — many users, or one
 * refreshing on every live event — costs a lookup while no event touched those read models. Only where this process
 * writes the read models (the one process of a small set-up, an `all` process while it leads): an API node of a larger
 * set-up computes them every time. Answers that never change (a full page of the log) are kept on every node. Kept as
 * JSON with personal values still sealed, so they are opened (or shown as `[verwijderd]`) for each answer; the key
 * names the actor, so no answer reaches another reader. Oldest out first.
 */
@Injectable()
export class AnswerCache {
  private readonly entries = new Map<string, { version: string; text: string }>();
  private chars = 0;
  hits = 0;
  misses = 0;

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /**
   * The answer for `key` computed from `projections`' read models: the kept one while they are unchanged, else
   * `compute()`'s (kept for next time).
   */
  async answer(key: string, projections: readonly string[], compute: () => Promise<unknown>): Promise<JsonText> {
    const version = this.runner.readModelVersion(projections);
    const kept = version === undefined ? undefined : this.kept(key, version);
    if (kept) return kept;
    const text = JSON.stringify(await compute());
    if (version !== undefined) this.keep(key, version, text);
    return new JsonText(text);
  }

  /**
   * The answer for `key` that, once `final` says so of it, never changes — a full page of the append-only log — kept
   * until it is the oldest when the cache is full; an answer that is not final yet (a page the log has not filled) is
   * computed each time.
   */
  async lasting<T>(key: string, compute: () => Promise<T>, final: (answer: T) => boolean): Promise<JsonText> {
    const kept = this.kept(key, FINAL);
    if (kept) return kept;
    const answer = await compute();
    const text = JSON.stringify(answer);
    if (final(answer)) this.keep(key, FINAL, text);
    return new JsonText(text);
  }

  /** The kept answer for `key` at `version` (now the most recently used), or undefined (counted as a miss). */
  private kept(key: string, version: string): JsonText | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      this.misses++;
      this.metrics.answerCache.inc({ result: 'miss' });
      return undefined;
    }
    this.hits++;
    this.metrics.answerCache.inc({ result: 'hit' });
    // most recently used last: the oldest goes first when full
    this.entries.delete(key);
    this.entries.set(key, entry);
    return new JsonText(entry.text);
  }

  private keep(key: string, version: string, text: string): void {
    this.forget(key);
    if (text.length > MAX_ANSWER_CHARS) return;
    this.entries.set(key, { version, text });
    this.chars += text.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES && this.chars <= MAX_TOTAL_CHARS) break;
      this.forget(oldest);
    }
    this.metrics.answerCacheBytes.set(this.chars);
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.text.length;
  }
}
