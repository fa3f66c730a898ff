/**
 * Ledger verification benchmark: `npm run bench:verify` (or `node --import tsx test/bench/verify.bench.ts`, which
 * hashes in-process since there is no compiled worker).
 *
 * 1. Builds a 1,000,000-event SQLite ledger from the synthetic generator through the store's own appends (group
 *    commits of ~1,000 events), folds it with the notary projection and signs a head every 1,000 events.
 * 2. Times `verify` over it (every leaf recomputed from the stored rows, the tree, every head and its signature),
 *    in worker threads and in one thread; then changes one byte of a random event and times the failing run.
 * 3. Measures append throughput with and without the notary projection following the log in the same process
 *    (batch appends and concurrent single-event appends), alternating the two, and how far the notary lags.
 *
 * Prints progress to stderr and the results as markdown, and writes them into the "## Ledger verification
 * (npm run bench:verify)" section of docs/benchmarks.md (AKKOORD_BENCH_NO_DOCS=1 leaves it alone).
 * AKKOORD_BENCH_EVENTS sets the ledger's size (default 1,000,000; 0 measures appends only). AKKOORD_BENCH_LEDGER=<file>
 * keeps the ledger (with its notary tables and heads) there and reuses it when it is complete; AKKOORD_BENCH_APPENDS=0
 * skips the append measurements.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEventStore, type EventStore, type NewEvent } from '../../libs/event-store/src/index.js';
import { rootHash } from '../../libs/merkle/src/index.js';
import {
  Notary,
  SigningKey,
  insertHead,
  notaryProjection,
  openSigningKey,
  signingKeyFile,
  verify,
  withStoredNodes,
  type VerifyResult,
} from '../../libs/notary/src/index.js';
import { ProjectionRunner, openReadStore, type ReadStore } from '../../libs/projections/src/index.js';
import { machineLine, percentile, writeSection } from './bench-docs.js';
import { generateLedger } from './ledger-generator.js';

const EVENTS = Number(process.env.AKKOORD_BENCH_EVENTS ?? 1_000_000);
const LEDGER_FILE = process.env.AKKOORD_BENCH_LEDGER;
const APPENDS = process.env.AKKOORD_BENCH_APPENDS !== '0';
const HEAD_EVERY = 1_000;
const VERIFY_TARGET_S = 5;
const SECTION = '## Ledger verification (npm run bench:verify)';
const log = (message: string) => process.stderr.write(`[bench:verify] ${message}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');

async function buildLedger(url: string): Promise<{ ms: number; bytes: number }> {
  const store = await openEventStore(url);
  const ledger = generateLedger({ events: EVENTS });
  const started = performance.now();
  let window: Promise<unknown>[] = [];
  let inWindow = 0;
  let done = 0;
  for (const command of ledger.commands()) {
    // Fired without waiting: the SQLite store commits what queued up together, in call order, in one transaction.
    window.push(store.append(command.streamId, command.events, 'any'));
    inWindow += command.events.length;
    if (inWindow >= 1_000) {
      await Promise.all(window);
      done += inWindow;
      window = [];
      inWindow = 0;
      if (done % 100_000 < 1_000) log(`ledger: ${done.toLocaleString('en-US')} events`);
    }
  }
  await Promise.all(window);
  const ms = performance.now() - started;
  await store.close();
  const db = new Database(url.slice('sqlite:'.length), { readonly: true });
  const { bytes } = db.prepare('SELECT sum(length(data) + length(metadata)) AS bytes FROM events').get() as {
    bytes: number;
  };
  db.close();
  return { ms, bytes };
}

async function buildNotary(
  url: string,
  readStore: ReadStore,
): Promise<{ foldMs: number; signMs: number; heads: number }> {
  const store = await openEventStore(url);
  const runner = new ProjectionRunner(store, readStore, [notaryProjection], { batchSize: 5_000 });
  await runner.prepare();
  const started = performance.now();
  await runner.rebuild(['notary'], (p) => {
    if (p.position % 100_000 < 5_000)
      log(`notary: ${p.position.toLocaleString('en-US')} events (${p.eventsPerSecond}/s)`);
  });
  const foldMs = performance.now() - started;
  await store.close();
  const key = openSigningKey(signingKeyFile(url), (_level, message) => log(message));
  const signStart = performance.now();
  let heads = 0;
  await readStore.transaction(async (sql) => {
    for (let size = HEAD_EVERY; size <= EVENTS; size += HEAD_EVERY) {
      const root = await withStoredNodes(sql, (read) => rootHash(read, size));
      const signedAt = new Date(Date.UTC(2022, 0, 1) + size * 1000).toISOString();
      await insertHead(sql, key.sign({ treeSize: size, rootHash: root.toString('hex'), signedAt }));
      heads += 1;
    }
  });
  return { foldMs, signMs: performance.now() - signStart, heads };
}

/** A ledger from an earlier run with EVENTS events, and how many heads were signed on it. */
function reusable(url: string): { bytes: number; heads: number } | undefined {
  const file = url.slice('sqlite:'.length);
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true });
  try {
    const events = db.prepare(
      'SELECT max(global_position) AS n, sum(length(data) + length(metadata)) AS bytes FROM events',
    );
    const { n, bytes } = events.get() as { n: number | null; bytes: number };
    if (n !== EVENTS) return undefined;
    let heads = 0;
    try {
      heads = (db.prepare('SELECT count(*) AS n FROM notary_heads').get() as { n: number }).n;
    } catch {
      // not folded yet
    }
    return { bytes, heads };
  } finally {
    db.close();
  }
}

async function timeVerify(url: string, readStore: ReadStore, publicKey: string, workers?: number) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result: VerifyResult = await verify({ store: url, readStore, publicKey, workers });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, result };
}

/** Changes one byte inside a string of the event's data, as someone with write access would. */
function tamper(url: string, position: number): () => void {
  const db = new Database(url.slice('sqlite:'.length));
  const { data } = db.prepare('SELECT data FROM events WHERE global_position = ?').get(position) as { data: string };
  const at = data.indexOf('":"') + 3;
  const changed = data.slice(0, at) + (data[at] === 'x' ? 'y' : 'x') + data.slice(at + 1);
  db.prepare('UPDATE events SET data = ? WHERE global_position = ?').run(changed, position);
  return () => {
    db.prepare('UPDATE events SET data = ? WHERE global_position = ?').run(data, position);
    db.close();
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Append throughput with and without the notary.

const BATCHES = 200;
const BATCH = 1_000;
const CALLERS = 32;
const SINGLES = 30_000;

function statusEvent(stream: number, i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ActivityStatusReported',
    data: {
      activityId: `a-${stream}`,
      period: '2021-Q1',
      status: i % 3 === 0 ? 'at_risk' : 'on_track',
      realised: [{ indicator: 'placements', value: i % 250 }],
      validFrom: '2021-03-31',
    },
    metadata: {
      actor: {
        userId: `coordinator-${stream % 35}`,
        organisationId: `gemeente-${stream % 35}`,
        roles: ['region_coordinator'],
        regionIds: [`r-${stream % 35}`],
      },
      validFrom: '2021-03-31',
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

interface AppendRun {
  batchRate: number;
  singleRate: number;
  /** Seconds after the last append until the notary had folded everything. */
  lagS?: number;
}

/**
 * `off`: the store alone. `thread`: the notary as the app runs it (its own thread folds the log, the head policy
 * signs). `runner`: the notary projection in a ProjectionRunner on the appending thread, for comparison.
 */
type NotaryMode = 'off' | 'thread' | 'runner';

async function appendRun(mode: NotaryMode): Promise<AppendRun> {
  const dir = mkdtempSync(join(os.tmpdir(), 'akkoord-bench-append-'));
  const url = `sqlite:${join(dir, 'ledger.db')}`;
  const store: EventStore = await openEventStore(url);
  const readStore = mode === 'off' ? undefined : await openReadStore(url);
  const runner =
    mode === 'runner' && readStore ? new ProjectionRunner(store, readStore, [notaryProjection]) : undefined;
  const notary =
    mode === 'thread' && readStore
      ? new Notary({ readStore, store, key: SigningKey.generate(), follow: { storeUrl: url } })
      : undefined;
  await runner?.start();
  notary?.start();
  try {
    const batchStart = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      await store.append(
        `activity-batch-${b}`,
        Array.from({ length: BATCH }, (_x, i) => statusEvent(b, i)),
        'no_stream',
      );
    }
    const batchMs = performance.now() - batchStart;
    const singleStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CALLERS }, async (_x, caller) => {
        for (let i = next++; i < SINGLES; i = next++) {
          await store.append(`activity-single-${caller}-${i % 8}`, [statusEvent(caller, i)], 'any');
        }
      }),
    );
    const singleMs = performance.now() - singleStart;
    const lagStart = performance.now();
    const head = await store.headPosition();
    if (runner) await runner.waitFor(head, 600_000);
    if (notary) await notary.fresh(head, 600_000);
    const lagS = mode === 'off' ? undefined : (performance.now() - lagStart) / 1000;
    return { batchRate: (BATCHES * BATCH * 1000) / batchMs, singleRate: (SINGLES * 1000) / singleMs, lagS };
  } finally {
    await notary?.stop();
    await runner?.stop();
    await readStore?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------------

/** AKKOORD_BENCH_EVENTS=0: only the append measurements. */
class SkipVerify extends Error {}

async function main(): Promise<void> {
  const load = os.loadavg()[0].toFixed(2);
  const dir = LEDGER_FILE ? undefined : mkdtempSync(join(os.tmpdir(), 'akkoord-bench-verify-'));
  const url = `sqlite:${LEDGER_FILE ? resolve(LEDGER_FILE) : join(dir!, 'ledger.db')}`;
  const rows: string[] = [];
  let bytesPerEvent = 0;
  let readStore: ReadStore | undefined;
  try {
    if (EVENTS === 0) throw new SkipVerify();
    const reused = reusable(url);
    let built: { ms: number; bytes: number } | undefined;
    let notary: { foldMs: number; signMs: number; heads: number } | undefined;
    if (reused) {
      bytesPerEvent = Math.round(reused.bytes / EVENTS);
      log(`reusing ${url} (${EVENTS.toLocaleString('en-US')} events, ${reused.heads} signed heads)`);
      readStore = await openReadStore(url);
      if (reused.heads !== Math.floor(EVENTS / HEAD_EVERY)) notary = await buildNotary(url, readStore);
    } else {
      if (LEDGER_FILE && existsSync(resolve(LEDGER_FILE)))
        throw new Error(`${LEDGER_FILE} is not a complete ledger: remove it first.`);
      log(`building a ${EVENTS.toLocaleString('en-US')}-event ledger at ${url}`);
      built = await buildLedger(url);
      bytesPerEvent = Math.round(built.bytes / EVENTS);
      log(`ledger: ${seconds(built.ms)} s, ${bytesPerEvent} bytes of JSON per event`);
      readStore = await openReadStore(url);
      notary = await buildNotary(url, readStore);
      log(`notary: folded in ${seconds(notary.foldMs)} s, ${notary.heads} heads signed in ${seconds(notary.signMs)} s`);
    }
    const publicKey = openSigningKey(signingKeyFile(url)).publicKeyBase64;

    const parallel = [await timeVerify(url, readStore, publicKey), await timeVerify(url, readStore, publicKey)];
    for (const run of parallel)
      log(`verify: ${seconds(run.ms)} s (CPU ${seconds(run.cpuMs)} s) — ${run.result.summary}`);
    if (!parallel.every((r) => r.result.ok))
      throw new Error(`verify failed on an untouched ledger: ${parallel[0].result.summary}`);
    const single = await timeVerify(url, readStore, publicKey, 0);
    log(`verify, one thread: ${seconds(single.ms)} s (CPU ${seconds(single.cpuMs)} s)`);
    const position = 1 + Math.floor(Math.random() * EVENTS);
    const restore = tamper(url, position);
    const caught = await timeVerify(url, readStore, publicKey);
    restore();
    log(`verify after changing position ${position}: ${seconds(caught.ms)} s — ${caught.result.summary}`);
    const named = !caught.result.ok && caught.result.position === position && caught.result.problem === 'hash differs';
    if (!named) throw new Error(`verify did not name position ${position}: ${caught.result.summary}`);

    const best = Math.min(...parallel.map((r) => r.ms));
    const workers = Math.min(os.availableParallelism(), 4);
    if (built) {
      rows.push(
        `| build the ledger (store appends, ~1,000 events per commit) | ${seconds(built.ms)} s | ${rate(EVENTS, built.ms)} events/s | — |`,
      );
    }
    if (notary) {
      rows.push(
        `| fold it with the notary projection (rebuild) | ${seconds(notary.foldMs)} s | ${rate(EVENTS, notary.foldMs)} events/s | — |`,
        `| sign ${notary.heads.toLocaleString('en-US')} heads (every ${HEAD_EVERY.toLocaleString('en-US')} events) | ${seconds(notary.signMs)} s | — | — |`,
      );
    }
    rows.push(
      `| **verify** (${workers} worker threads), runs: ${parallel.map((r) => `${seconds(r.ms)} s (CPU ${seconds(r.cpuMs)} s)`).join(', ')} | **${seconds(best)} s** | ${rate(EVENTS, best)} events/s | < ${VERIFY_TARGET_S} s: ${best < VERIFY_TARGET_S * 1000 ? 'met' : '**not met**'} |`,
      `| verify in one thread | ${seconds(single.ms)} s (CPU ${seconds(single.cpuMs)} s) | ${rate(EVENTS, single.ms)} events/s | — |`,
      `| verify after one byte changed at a random position (${position}) | ${seconds(caught.ms)} s | exit 1, names position ${position}: hash differs | — |`,
    );
  } catch (error) {
    if (!(error instanceof SkipVerify)) throw error;
  } finally {
    await readStore?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  if (!APPENDS) {
    process.stdout.write(`${rows.join('\n')}\n`);
    return;
  }

  log('append throughput without and with the notary (3 rounds, alternating)');
  const runs: Record<NotaryMode, AppendRun[]> = { off: [], thread: [], runner: [] };
  for (let round = 0; round < 3; round++) {
    for (const mode of ['off', 'thread', 'runner'] as const) {
      const run = await appendRun(mode);
      runs[mode].push(run);
      log(`round ${round + 1}, ${mode}: ${JSON.stringify(run)}`);
    }
  }
  const median = (mode: NotaryMode, key: keyof AppendRun) =>
    percentile(
      runs[mode].map((r) => r[key] ?? 0),
      50,
    );
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const change = (mode: NotaryMode, key: 'batchRate' | 'singleRate') =>
    `${((median(mode, key) / median('off', key) - 1) * 100).toFixed(1)} %`;
  const appendRows = [
    `| batch appends (${BATCHES} × ${BATCH.toLocaleString('en-US')} events), events/s | ${fmt(median('off', 'batchRate'))} | ${fmt(median('thread', 'batchRate'))} (${change('thread', 'batchRate')}) | ${fmt(median('runner', 'batchRate'))} (${change('runner', 'batchRate')}) |`,
    `| single-event appends, ${CALLERS} concurrent callers (${SINGLES.toLocaleString('en-US')}), commands/s | ${fmt(median('off', 'singleRate'))} | ${fmt(median('thread', 'singleRate'))} (${change('thread', 'singleRate')}) | ${fmt(median('runner', 'singleRate'))} (${change('runner', 'singleRate')}) |`,
    `| notary caught up after the last append | — | ${median('thread', 'lagS').toFixed(2)} s | ${median('runner', 'lagS').toFixed(2)} s |`,
  ];

  const body = [
    `${machineLine()} Load average ${load} (1 min) at the start; other work shared the machine.`,
    '',
    `A ${EVENTS.toLocaleString('en-US')}-event SQLite ledger from the synthetic generator (test/bench/ledger-generator.ts; ${bytesPerEvent} bytes of JSON per event on average).`,
    '',
    '| step | time | rate | target |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Append throughput (SQLite, medians of 3 rounds, each on a fresh ledger, the three set-ups alternating): "notary thread" is how the app runs it — its own thread folds the log and the head policy signs; "projection in the runner" puts the notary projection on the appending thread instead, for comparison:',
    '',
    '| workload | notary off | notary thread (the app) | projection in the runner |',
    '| --- | --- | --- | --- |',
    ...appendRows,
    '',
    "Notes: verify spends about 13 µs of CPU per event on this machine (CPU profile: RFC 8785 canonicalisation with `canonicalize` ≈ 5 µs, reading and parsing the row ≈ 3.5 µs, the leaf and node SHA-256 ≈ 2.4 µs, garbage collection ≈ 1 µs), so a million events is about 13 s of CPU: about 6.5 s on two idle cores, less with more (worker threads hash 32,768-leaf chunks independently). With the other sessions' load on the two cores, the 5 s target was not met here. The app's notary folds the log in a thread of its own at nice 10, at most 2,000 events per write transaction and pausing 250 ms once caught up, so appends seldom wait for it or for SQLite's write lock; the last column shows the same work on the appending thread.",
    '',
    'Method: verify reads the rows raw (better-sqlite3, read-only), parses data and metadata, computes the JCS bytes with the same function the notary projection uses, hashes leaves and the complete subtrees of each 32,768-leaf chunk in worker threads, then checks positions, stream versions and recordedAt along the log, the stored tree against the recomputed one, and every signed head (Ed25519 and root). The append workloads run through the EventStore port with `synchronous=FULL`.',
  ].join('\n');
  process.stdout.write(`${SECTION}\n\n${body}\n`);
  writeSection(SECTION, body);
}

main().catch((error) => {
  process.stderr.write(`[bench:verify] failed: ${(error as Error).stack}\n`);
  process.exitCode = 1;
});
