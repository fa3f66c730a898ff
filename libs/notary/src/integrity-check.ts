import { CorruptEvent, type EventStore } from '@akkoord/event-store';
import type { Sql } from '@akkoord/projections';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { eventLeafHash } from './canonical.js';
import { createNotaryTables, notarisedSize } from './notary-tables.js';

/** What the integrity check found wrong at a position. */
export interface IntegrityFinding {
  position: number;
  problem: 'row does not parse' | 'position missing' | 'hash differs';
  detail: string;
}

export interface RangeCheck {
  /** The last position checked (against its leaf when `≤ notarised`, for parsing and order beyond). */
  checkedTo: number;
  /** The last position whose leaf was recomputed and matched the notary's stored leaf. */
  verifiedTo: number;
  finding?: IntegrityFinding;
}

const BATCH = 2000;
const TABLE = 'ledger_integrity';

/**
 * Checks the log from `from` to `to` against the notary's tree: each event must parse, positions must run without a
 * hole, and each event's RFC 6962 leaf (the same canonical bytes the notary folds) must equal the leaf the notary
 * stored for it. Events the notary has not folded yet are checked for parsing and order only. Answers how far it
 * got, and the first finding.
 */
export async function checkLogRange(
  store: Pick<EventStore, 'readAll'>,
  sql: Sql,
  from: number,
  to: number,
  onBatch?: (position: number) => void,
): Promise<RangeCheck> {
  const notarised = await notarisedSize(sql);
  let expected = from;
  let verifiedTo = from - 1;
  while (expected <= to) {
    let events;
    try {
      events = await store.readAll({ fromPosition: expected, limit: Math.min(BATCH, to - expected + 1) });
    } catch (error) {
      if (!(error instanceof CorruptEvent)) throw error;
      // the batch holds a row that does not parse: everything before it was read in order, one by one
      const position = error.position;
      const upTo = await checkLogRange(store, sql, expected, position - 1);
      if (upTo.finding) return upTo;
      return {
        checkedTo: position - 1,
        verifiedTo: upTo.verifiedTo,
        finding: { position, problem: 'row does not parse', detail: error.reason },
      };
    }
    if (events.length === 0) break;
    const leaves = await storedLeaves(sql, expected, Math.min(events[events.length - 1].globalPosition, notarised));
    for (const event of events) {
      if (event.globalPosition !== expected) {
        return {
          checkedTo: expected - 1,
          verifiedTo,
          finding: missing(expected, `the log goes on at ${event.globalPosition}`),
        };
      }
      if (expected <= notarised) {
        const stored = leaves.get(expected);
        const actual = eventLeafHash(event).toString('hex');
        if (stored !== actual) {
          return {
            checkedTo: expected - 1,
            verifiedTo,
            finding: {
              position: expected,
              problem: 'hash differs',
              detail: `the ${event.type} stored on ${event.streamId} is not the event the notary recorded there`,
            },
          };
        }
        verifiedTo = expected;
      }
      expected += 1;
    }
    onBatch?.(expected - 1);
    await yieldToOthers();
  }
  if (expected <= Math.min(to, notarised)) {
    return { checkedTo: expected - 1, verifiedTo, finding: missing(expected, `the notary folded ${notarised} events`) };
  }
  return { checkedTo: expected - 1, verifiedTo };
}

function missing(position: number, why: string): IntegrityFinding {
  return { position, problem: 'position missing', detail: `no event is stored there, but ${why}` };
}

async function storedLeaves(sql: Sql, from: number, to: number): Promise<Map<number, string>> {
  const leaves = new Map<number, string>();
  if (to < from) return leaves;
  const rows = await sql.all<{ idx: number | string; hash: string }>(
    'SELECT idx, hash FROM notary_nodes WHERE level = 0 AND idx >= ? AND idx <= ?',
    [from - 1, to - 1],
  );
  for (const row of rows) leaves.set(Number(row.idx) + 1, row.hash);
  return leaves;
}

/** The last position the integrity check verified against its leaf (persisted beside the notary's tables). */
export async function integrityCheckpoint(sql: Sql): Promise<number> {
  await createNotaryTables(sql);
  await sql.exec(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY, verified_to BIGINT NOT NULL, checked_at TEXT NOT NULL)`,
  );
  const row = await sql.get<{ verified_to: number | string }>(`SELECT verified_to FROM ${TABLE} WHERE id = 1`);
  return Number(row?.verified_to ?? 0);
}

export async function saveIntegrityCheckpoint(sql: Sql, verifiedTo: number, at: Date): Promise<void> {
  await sql.run(
    `INSERT INTO ${TABLE} (id, verified_to, checked_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET verified_to = excluded.verified_to, checked_at = excluded.checked_at`,
    [verifiedTo, at.toISOString()],
  );
}
