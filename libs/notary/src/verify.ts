import type { EventStore } from '@akkoord/event-store';
import {
  EMPTY_ROOT,
  consistencyProof,
  nodeHash,
  rootHash,
  verifyConsistency,
  type Hash,
  type NodeReader,
} from '@akkoord/merkle';
import type { Sql } from '@akkoord/projections';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { headsBetween, notarisedSize, readNodes, type NodeCoordinate } from './notary-tables.js';
import { headSignatureProblem, type TreeHead } from './signing.js';
import { CHUNK_LEVELS, CHUNK_SIZE, hashChunk, type ChunkResult } from './verify-chunk.js';
import { logSourceFor, openLogReader, storeReader, type LogReader, type LogSource } from './verify-source.js';

/** What `verify` can find wrong at a position. */
export type Problem =
  | 'position missing'
  | 'order changed'
  | 'stream version missing'
  | 'hash differs'
  | 'recordedAt differs'
  | 'notary node differs'
  | 'head signature bad'
  | 'head root differs'
  | 'not covered by a signed tree head';

export interface VerifyOptions {
  /**
   * The ledger: a `sqlite:` or `postgres://` URL is read raw, in parallel worker threads; any other opened store is
   * read through its port.
   */
  store: string | EventStore;
  /** Where the notary's tables live (the ledger's own database unless the read models live elsewhere). */
  readStore?: Sql;
  /** The ledger's public key (raw, base64) that heads must be signed with. Without it, the key the heads carry. */
  publicKey?: string;
  /** A head an auditor kept earlier: checked against today's ledger (its signature and consistency). */
  head?: TreeHead;
  /** Worker threads hashing the log (default: one per CPU, up to 4, when running compiled JavaScript). */
  workers?: number;
}

export interface VerifyOk {
  ok: true;
  treeSize: number;
  rootHash: string;
  /** Signed heads checked. */
  heads: number;
  summary: string;
}

export interface VerifyFailure {
  ok: false;
  /** The first bad position (1-based global position). */
  position: number;
  problem: Problem;
  detail: string;
  summary: string;
}

export type VerifyResult = VerifyOk | VerifyFailure;

interface Finding {
  position: number;
  problem: Problem;
  detail: string;
}

/** At one position, the most telling finding wins: the log's own shape first, then hashes, then heads. */
const RANK: Record<Problem, number> = {
  'position missing': 0,
  'order changed': 1,
  'stream version missing': 2,
  'recordedAt differs': 3,
  'hash differs': 4,
  'notary node differs': 5,
  'head root differs': 6,
  'head signature bad': 7,
  'not covered by a signed tree head': 8,
};

/**
 * Checks the ledger end to end: recomputes every leaf from the stored events (the same canonical bytes as the notary
 * projection) and the whole tree; checks that positions run 1…N without a hole and that each stream's versions run
 * 0, 1, 2 … in log order with recordedAt never going back; compares the tree with the notary's stored nodes (which
 * pins a changed event to its position); checks every stored head's signature and that its root is today's root at
 * its size; and, given an auditor's head, that today's ledger is consistent with it. Answers the first bad position
 * and what is wrong there, or a one-line summary.
 */
export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  const sql = options.readStore;
  // The notary's claims are read before the log's extent, so an append racing with verify cannot look like a loss.
  const heads = sql ? ((await optional(() => headsBetween(sql, 0, Number.MAX_SAFE_INTEGER, 1e9))) ?? []) : [];
  const storedSize = sql ? ((await optional(() => notarisedSize(sql))) ?? 0) : 0;

  const scan = await scanLog(options);
  const findings: Finding[] = scan.first ? [scan.first] : [];
  const valid = scan.first ? scan.first.position - 1 : scan.size;
  const tree = new FlatTree(scan.levels, valid);

  const trustedKey = options.publicKey ?? heads[0]?.publicKey;
  const goodHeads: number[] = [];
  const badRoots: TreeHead[] = [];
  for (const head of heads) {
    const signature = headSignatureProblem(head, trustedKey);
    if (signature) {
      findings.push({
        position: Math.max(1, head.treeSize),
        problem: 'head signature bad',
        detail: `the stored head of tree size ${head.treeSize}: ${signature}`,
      });
    } else if (head.treeSize > scan.size) {
      findings.push(lost(scan.size, `a signed head covers ${head.treeSize} events`));
    } else if (head.treeSize <= valid) {
      if ((await tree.root(head.treeSize)).toString('hex') === head.rootHash) goodHeads.push(head.treeSize);
      else badRoots.push(head);
    }
  }
  if (storedSize > scan.size) findings.push(lost(scan.size, `the notary folded ${storedSize} events`));

  const stored = sql ? await firstStoredDifference(sql, tree, Math.min(valid, storedSize)) : undefined;
  if (stored) {
    const authentic = goodHeads.some((size) => size >= stored.position);
    findings.push({
      position: stored.position,
      problem: authentic ? 'notary node differs' : 'hash differs',
      detail: authentic
        ? `the event matches its signed head, but the notary's stored ${stored.what} was changed`
        : `the event stored there (${await describeEvent(options, stored.position)}) is not the one the notary recorded`,
    });
  }
  const firstBadRoot = badRoots[0];
  if (firstBadRoot && !(stored && stored.position <= firstBadRoot.treeSize)) {
    const from = Math.max(0, ...goodHeads.filter((size) => size < firstBadRoot.treeSize)) + 1;
    findings.push({
      position: from,
      problem: 'head root differs',
      detail:
        `the tree of size ${firstBadRoot.treeSize} no longer has the root its head signed: an event at positions ` +
        `${from}–${firstBadRoot.treeSize} was changed, and the notary's nodes were rebuilt to match`,
    });
  }

  let auditorNote = '';
  if (options.head) {
    const checked = await checkAuditorHead(options.head, tree, scan.size, valid, trustedKey, goodHeads);
    if ('finding' in checked) findings.push(checked.finding);
    else auditorNote = checked.note;
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const worst = findings.sort((a, b) => a.position - b.position || RANK[a.problem] - RANK[b.problem])[0];
  if (worst) return failure(worst);

  const latest = goodHeads.length > 0 ? goodHeads[goodHeads.length - 1] : 0;
  if (scan.size > latest) {
    return failure({
      position: latest + 1,
      problem: 'not covered by a signed tree head',
      detail:
        `${heads.length === 0 ? 'no head has been signed' : `the latest signed head covers ${latest} events`}; the ` +
        `log holds ${scan.size}` +
        (storedSize < scan.size ? ` and the notary has folded ${storedSize}` : '') +
        ': events after it were added without the notary signing them (sign a head if they are genuine)',
    });
  }
  const root = (await tree.root(scan.size)).toString('hex');
  const keyNote = options.publicKey ? '' : ' (heads checked against the key they carry: pass the ledger key to pin it)';
  return {
    ok: true,
    treeSize: scan.size,
    rootHash: root,
    heads: heads.length,
    summary:
      `ok: ${scan.size} events at positions 1–${scan.size} in ${scan.streams} streams, every leaf recomputed; ` +
      `root ${root}; ${heads.length} signed heads check out${keyNote}${auditorNote} (${seconds} s)`,
  };
}

function failure(finding: Finding): VerifyFailure {
  return { ok: false, ...finding, summary: `position ${finding.position}: ${finding.problem}: ${finding.detail}` };
}

function lost(size: number, why: string): Finding {
  return { position: size + 1, problem: 'position missing', detail: `${why}, but the log ends at ${size}` };
}

async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined; // no notary tables: nothing was ever notarised here
  }
}

async function checkAuditorHead(
  head: TreeHead,
  tree: FlatTree,
  size: number,
  valid: number,
  trustedKey: string | undefined,
  goodHeads: number[],
): Promise<{ finding: Finding } | { note: string }> {
  const signature = headSignatureProblem(head);
  const where = `the head you kept (tree size ${head.treeSize}, signed at ${head.signedAt})`;
  if (signature)
    return {
      finding: {
        position: Math.max(1, head.treeSize),
        problem: 'head signature bad',
        detail: `${where}: ${signature}`,
      },
    };
  if (head.treeSize > size) return { finding: lost(size, `${where} covers ${head.treeSize} events`) };
  if (head.treeSize > valid) return { note: '' }; // a lower position is already reported
  const proof = await consistencyProof(tree.read, head.treeSize, valid);
  const consistent = verifyConsistency(
    head.treeSize,
    valid,
    Buffer.from(head.rootHash, 'hex'),
    await tree.root(valid),
    proof,
  );
  if (!consistent) {
    const from = Math.max(0, ...goodHeads.filter((s) => s < head.treeSize)) + 1;
    return {
      finding: {
        position: from,
        problem: 'head root differs',
        detail: `today's ledger is not consistent with ${where}: an event at positions ${from}–${head.treeSize} was changed`,
      },
    };
  }
  const otherKey = trustedKey !== undefined && head.publicKey !== trustedKey ? ', signed by another key' : '';
  return { note: `; consistent with ${where}${otherKey}` };
}

/** The recomputed tree: flat level buffers, valid over the first `size` leaves. */
class FlatTree {
  constructor(
    private readonly levels: Buffer[],
    readonly size: number,
  ) {
    for (let level = CHUNK_LEVELS + 1; 2 ** level <= size; level++) {
      const below = levels[level - 1];
      const count = Math.floor(size / 2 ** level);
      for (let i = 0; i < count; i++) {
        levels[level].set(
          nodeHash(below.subarray(i * 64, i * 64 + 32), below.subarray(i * 64 + 32, i * 64 + 64)),
          i * 32,
        );
      }
    }
  }

  readonly read: NodeReader = (level, index) => {
    if (index >= Math.floor(this.size / 2 ** level)) throw new RangeError(`No subtree (${level}, ${index}).`);
    return this.levels[level].subarray(index * 32, index * 32 + 32);
  };

  root(size: number): Promise<Hash> {
    return size === 0 ? Promise.resolve(EMPTY_ROOT) : rootHash(this.read, size);
  }
}

/**
 * The first leaf where the notary's stored tree differs from the recomputed one, over the first `size` leaves: the
 * perfect subtrees that make up the range are compared, and the leftmost differing one is followed down — O(log n)
 * reads. A stored node that differs while both its children match was itself changed.
 */
async function firstStoredDifference(
  sql: Sql,
  tree: FlatTree,
  size: number,
): Promise<{ position: number; what: string } | undefined> {
  const tops: NodeCoordinate[] = [];
  for (let level = Math.floor(Math.log2(Math.max(1, size))), start = 0; level >= 0; level--) {
    if (start + 2 ** level <= size) {
      tops.push([level, start / 2 ** level]);
      start += 2 ** level;
    }
  }
  if (size === 0) return undefined;
  const differs = async (coordinates: NodeCoordinate[]) => {
    const stored = await readNodes(sql, coordinates);
    return coordinates.map(([level, index]) => {
      const hash = stored.get(`${level}:${index}`);
      return hash === undefined || !hash.equals(tree.read(level, index) as Buffer);
    });
  };
  const topDiffers = await differs(tops);
  const first = topDiffers.indexOf(true);
  if (first < 0) return undefined;
  let [level, index] = tops[first];
  while (level > 0) {
    const children: NodeCoordinate[] = [
      [level - 1, index * 2],
      [level - 1, index * 2 + 1],
    ];
    const [left, right] = await differs(children);
    if (!left && !right) return { position: index * 2 ** level + 1, what: `node (level ${level}, index ${index})` };
    [level, index] = left ? children[0] : children[1];
  }
  return { position: index + 1, what: 'leaf hash' };
}

interface Scan {
  /** The highest stored position. */
  size: number;
  levels: Buffer[];
  /** The first thing wrong with the log's shape. */
  first?: Finding;
  streams: number;
}

async function openReader(options: VerifyOptions): Promise<{ source?: LogSource; reader: LogReader }> {
  if (typeof options.store !== 'string') return { reader: storeReader(options.store) };
  const source = logSourceFor(options.store);
  if (!source) throw new Error(`verify reads sqlite: and postgres:// ledgers by URL; pass other stores opened.`);
  return { source, reader: await openLogReader(source) };
}

/** Names the event stored at a position, for a report. */
async function describeEvent(options: VerifyOptions, position: number): Promise<string> {
  const { reader } = await openReader(options);
  try {
    const [row] = [...(await reader.rows(position, position))];
    return row ? `event ${row[3]}, ${row[4]} on ${row[1]} version ${row[2]}` : 'none';
  } finally {
    await reader.close();
  }
}

/** Reads and hashes the whole log (in worker threads when it can), checking positions, versions and times. */
async function scanLog(options: VerifyOptions): Promise<Scan> {
  const { source, reader } = await openReader(options);
  try {
    const size = await reader.maxPosition();
    const levels: Buffer[] = [];
    for (let level = 0; size > 0 && 2 ** level <= size; level++) {
      levels.push(Buffer.alloc(Math.floor(size / 2 ** level) * 32));
    }
    const order = new OrderCheck();
    const take = (chunk: ChunkResult) => {
      chunk.levels.forEach((level, l) => levels[l].set(level, (chunk.start / 2 ** l) * 32));
      order.feed(chunk);
    };
    const chunks = Math.ceil(size / CHUNK_SIZE);
    const workers = Math.min(options.workers ?? defaultWorkers(), chunks);
    if (source && workers >= 2) await scanInWorkers(source, size, workers, take);
    else {
      for (let c = 0; c < chunks; c++) {
        const start = c * CHUNK_SIZE;
        const end = Math.min(size, start + CHUNK_SIZE);
        take(hashChunk(start, end, await reader.rows(start + 1, end)));
      }
    }
    return { size, levels, first: order.first, streams: order.streams };
  } finally {
    await reader.close();
  }
}

function defaultWorkers(): number {
  // Workers run the compiled JavaScript beside this file; under ts-jest there is none, so hash in-process.
  return import.meta.url.endsWith('.js') ? Math.min(availableParallelism(), 4) : 0;
}

async function scanInWorkers(
  source: LogSource,
  size: number,
  workers: number,
  take: (chunk: ChunkResult) => void,
): Promise<void> {
  const chunks = Math.ceil(size / CHUNK_SIZE);
  const done = new Map<number, ChunkResult>();
  let expected = 0;
  let next = 0;
  const deliver = (chunk: ChunkResult) => {
    done.set(chunk.start / CHUNK_SIZE, chunk);
    for (let ready = done.get(expected); ready; ready = done.get(expected)) {
      done.delete(expected);
      expected += 1;
      take(ready);
    }
  };
  const run = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: { source } });
      const hand = () => {
        if (next >= chunks) return void worker.postMessage({ done: true });
        const start = next++ * CHUNK_SIZE;
        worker.postMessage({ start, end: Math.min(size, start + CHUNK_SIZE) });
      };
      worker.on('message', (message: ChunkResult | { ready: true } | { error: string }) => {
        if ('error' in message) return void worker.terminate().then(() => reject(new Error(message.error)));
        if ('start' in message) deliver(message);
        hand();
      });
      worker.on('error', reject);
      worker.on('exit', () => resolve());
    });
  await Promise.all(Array.from({ length: workers }, run));
  if (expected !== chunks) throw new Error(`verify: ${chunks - expected} chunks of the log were not hashed.`);
}

/**
 * Positions, stream versions and recordedAt along the log. A stream that skips a version is "stream version
 * missing" — unless the skipped version turns up later in the log, which makes it "order changed" at the skip.
 */
class OrderCheck {
  first: Finding | undefined;
  private readonly last = new Map<string, number>();
  private gap: { stream: string; version: number } | undefined;
  private previousRecordedAt = '';

  get streams(): number {
    return this.last.size;
  }

  feed(chunk: ChunkResult): void {
    const { start, count, streamIds, versions, recordedAt } = chunk;
    for (let i = 0; i < count; i++) {
      const position = start + i + 1;
      const stream = streamIds[i];
      const version = versions[i];
      const last = this.last.get(stream);
      const expected = last === undefined ? 0 : last + 1;
      if (version !== expected) {
        if (version < expected) {
          if (
            this.gap &&
            this.gap.stream === stream &&
            version <= this.gap.version &&
            this.first?.problem === 'stream version missing'
          ) {
            this.first = {
              ...this.first,
              problem: 'order changed',
              detail: `${this.first.detail}; that version comes later in the log, at position ${position}`,
            };
          }
          this.note(position, 'order changed', `stream ${stream} version ${version} comes after version ${last}`);
        } else {
          this.note(
            position,
            'stream version missing',
            `stream ${stream} goes from version ${last ?? 'none'} to ${version}`,
          );
          if (this.first?.position === position) this.gap = { stream, version: expected };
        }
      }
      this.last.set(stream, Math.max(version, last ?? -1));
      if (recordedAt[i] < this.previousRecordedAt) {
        this.note(
          position,
          'order changed',
          `recorded at ${recordedAt[i]}, before the event at position ${position - 1} (${this.previousRecordedAt})`,
        );
      }
      this.previousRecordedAt = recordedAt[i];
    }
    if (chunk.problem) this.note(chunk.problem.position, chunk.problem.problem, chunk.problem.detail);
  }

  private note(position: number, problem: Problem, detail: string): void {
    if (!this.first || position < this.first.position) this.first = { position, problem, detail };
  }
}
