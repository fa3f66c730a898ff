import type { Database, Statement } from 'better-sqlite3';

/** The akkoord_meta key holding the last position whose event id is in the `event_ids` table. */
export const INDEXED_UPTO_KEY = 'event_ids_indexed_upto';
/** Ids of the newest events stay in memory until this many have gathered; then they go to disk in one sorted run. */
const MERGE_EVERY = 50_000;

/**
 * Where each event id is stored (for idempotency and `DuplicateEventId`), without a random-order index write per event.
 *
 * Event ids are random (uuid v5 of the command id), so a UNIQUE index on them makes every insert touch a random
 * index page: ~4 KB of WAL per event and a third of the batch throughput. Instead the ids of the newest events (those
 * after `indexedUpto`) are kept in memory, caught up from the log under the write lock (so other processes' appends
 * are seen), and every `MERGE_EVERY` events they are written to `event_ids` (a WITHOUT ROWID table keyed by id) in
 * one sorted run, inside an append transaction, together with the new `indexedUpto`. A lookup asks the memory first,
 * then `event_ids`. Nothing here is the truth: the events table is, and the in-memory part is rebuilt from it.
 */
export class EventIdIndex {
  private tail = new Map<string, number>();
  /** The highest position whose id is known here (in `tail` or in `event_ids`); -1: reload on the next sync. */
  private seen = -1;
  private indexedUpto = 0;
  private readonly statements: {
    upto: Statement<[], { value: string }>;
    since: Statement<[number], { p: number; id: string }>;
    stored: Statement<[string], { position: number }>;
    insert: Statement<[string, number]>;
    setUpto: Statement<[string]>;
  };

  constructor(private readonly db: Database) {
    this.statements = {
      upto: db.prepare(`SELECT value FROM akkoord_meta WHERE key = '${INDEXED_UPTO_KEY}'`),
      since: db.prepare('SELECT global_position AS p, event_id AS id FROM events WHERE global_position > ?'),
      stored: db.prepare('SELECT position FROM event_ids WHERE id = ?'),
      insert: db.prepare('INSERT OR IGNORE INTO event_ids (id, position) VALUES (?, ?)'),
      setUpto: db.prepare(`UPDATE akkoord_meta SET value = ? WHERE key = '${INDEXED_UPTO_KEY}'`),
    };
  }

  /** Call under the write lock, before any lookup: takes in what this or another process stored up to `head`. */
  sync(head: number): void {
    const upto = Number(this.statements.upto.get()?.value ?? 0);
    if (this.seen < 0 || upto !== this.indexedUpto) {
      // Another process wrote a run (or we start afresh): keep only the ids after it.
      for (const [id, position] of this.tail) if (position <= upto) this.tail.delete(id);
      this.indexedUpto = upto;
      this.seen = Math.max(this.seen, upto);
    }
    if (head > this.seen) {
      for (const row of this.statements.since.iterate(this.seen)) this.tail.set(row.id, row.p);
      this.seen = head;
    }
  }

  /** The position of the event with this id, or undefined. */
  positionOf(id: string): number | undefined {
    return this.tail.get(id) ?? this.statements.stored.get(id)?.position;
  }

  /** Records the ids of an append that was written (its savepoint released). */
  add(ids: string[], firstPosition: number): void {
    ids.forEach((id, i) => this.tail.set(id, firstPosition + i));
    this.seen = firstPosition + ids.length - 1;
  }

  /** Inside the write transaction, before COMMIT: writes the in-memory ids as one sorted run once enough gathered. */
  mergeIfDue(): void {
    if (this.tail.size < MERGE_EVERY) return;
    const entries = [...this.tail].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [id, position] of entries) this.statements.insert.run(id, position);
    this.statements.setUpto.run(String(this.seen));
    this.indexedUpto = this.seen;
    this.tail = new Map();
  }

  /** After a transaction that did not commit: forget what it added; the next sync reloads from the log. */
  reset(): void {
    this.tail = new Map();
    this.seen = -1;
    this.indexedUpto = -1;
  }
}
