import type { RecordedEvent } from '@akkoord/event-store';
import { nodeHash } from '@akkoord/merkle';
import { eventLeafHash } from './canonical.js';

/**
 * One event as `verify` reads it from storage: position, stream, version, id, type, data and metadata (JSON text as
 * stored, or already parsed), and the `recorded_at` column where the store has one.
 */
export type RawRow = [
  position: number,
  streamId: string,
  streamVersion: number,
  eventId: string,
  type: string,
  data: string | Record<string, unknown>,
  metadata: string | Record<string, unknown>,
  recordedAtColumn: string | undefined,
];

/** Leaves per chunk: 2^15, so a chunk's subtrees are complete subtrees of the whole tree. */
export const CHUNK_LEVELS = 15;
export const CHUNK_SIZE = 2 ** CHUNK_LEVELS;

export interface ChunkProblem {
  position: number;
  problem: 'position missing' | 'hash differs' | 'recordedAt differs';
  detail: string;
}

/** What one chunk of the log hashes to, with what the cross-chunk checks need. */
export interface ChunkResult {
  /** Leaf index of the chunk's first leaf (a multiple of CHUNK_SIZE). */
  start: number;
  /** Leaves hashed: the events at positions start + 1 … start + count, without a hole. */
  count: number;
  /** levels[l]: the chunk's ⌊count / 2^l⌋ complete subtrees of 2^l leaves, 32 bytes each. */
  levels: Uint8Array[];
  streamIds: string[];
  versions: Float64Array;
  /** metadata.recordedAt of each event. */
  recordedAt: string[];
  /** The first thing wrong inside the chunk; hashing stops there. */
  problem?: ChunkProblem;
}

/** A buffer of its own (never a slice of Node's shared pool), so it can be transferred between threads. */
function ownBuffer(bytes: number): Buffer {
  return Buffer.from(new ArrayBuffer(bytes));
}

/**
 * Hashes the events at positions start + 1 … end (leaf indexes start … end − 1) exactly as the notary projection
 * does — `canonicalBytes` of the envelope the store would hand out — and builds the chunk's complete subtrees.
 */
export function hashChunk(start: number, end: number, rows: Iterable<RawRow>): ChunkResult {
  const capacity = end - start;
  const leaves = ownBuffer(capacity * 32);
  const streamIds: string[] = [];
  const versions = new Float64Array(capacity);
  const recordedAt: string[] = [];
  let count = 0;
  let problem: ChunkProblem | undefined;
  for (const row of rows) {
    const expected = start + count + 1;
    if (row[0] !== expected) {
      problem = { position: expected, problem: 'position missing', detail: `the next stored event is at ${row[0]}` };
      break;
    }
    let event: RecordedEvent;
    try {
      event = {
        globalPosition: row[0],
        streamId: row[1],
        streamVersion: row[2],
        eventId: row[3],
        type: row[4],
        data: typeof row[5] === 'string' ? JSON.parse(row[5]) : row[5],
        metadata: typeof row[6] === 'string' ? JSON.parse(row[6]) : row[6],
      };
    } catch {
      problem = {
        position: expected,
        problem: 'hash differs',
        detail: 'its stored data or metadata is not JSON any more',
      };
      break;
    }
    const recorded = event.metadata?.recordedAt;
    if (row[7] !== undefined && row[7] !== recorded) {
      problem = {
        position: expected,
        problem: 'recordedAt differs',
        detail: `the recorded_at column says ${row[7]} but the event's metadata says ${String(recorded)}`,
      };
      break;
    }
    eventLeafHash(event).copy(leaves, count * 32);
    streamIds.push(event.streamId);
    versions[count] = event.streamVersion;
    recordedAt.push(String(recorded));
    count += 1;
    if (count === capacity) break;
  }
  if (!problem && count < capacity) {
    problem = { position: start + count + 1, problem: 'position missing', detail: 'no event is stored there' };
  }
  return { start, count, levels: buildLevels(leaves, count), streamIds, versions, recordedAt, problem };
}

/** levels[0] = the leaves; levels[l] = the complete subtrees of 2^l of them. */
function buildLevels(leaves: Buffer, count: number): Uint8Array[] {
  const levels: Uint8Array[] = [leaves.subarray(0, count * 32)];
  let below = levels[0];
  for (let n = Math.floor(count / 2); n >= 1; n = Math.floor(n / 2)) {
    const level = ownBuffer(n * 32);
    for (let i = 0; i < n; i++) {
      const left = below.subarray(i * 64, i * 64 + 32);
      const right = below.subarray(i * 64 + 32, i * 64 + 64);
      level.set(nodeHash(left, right), i * 32);
    }
    levels.push(level);
    below = level;
  }
  return levels;
}
