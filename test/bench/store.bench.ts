/**
 * Event-store benchmark: `npm run bench:store` (or `node --import tsx test/bench/store.bench.ts` while developing).
 *
 * Appends and reads through the `EventStore` port on SQLite (a temp file) and PostgreSQL (a fresh schema, dropped
 * afterwards), prints progress to stderr and a markdown table to stdout, and writes the table into the
 * "## Event store (npm run bench:store)" section of docs/benchmarks.md (replacing that section, keeping the others).
 *
 * Environment: AKKOORD_BENCH_PG overrides the PostgreSQL URL (default postgres://root@127.0.0.1:5432/test);
 * AKKOORD_BENCH_PG=off skips PostgreSQL. AKKOORD_BENCH_NO_DOCS=1 leaves docs/benchmarks.md alone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openEventStore } from '../../libs/event-store/src/index.js';
import type { EventStore, ExpectedVersion, NewEvent } from '../../libs/event-store/src/index.js';

const BATCH_EVENTS = 200_000;
const BATCH_SIZE = 1_000;
const SINGLE_COMMANDS = 3_000;
const CONCURRENT_CALLERS = 32;
const CONCURRENT_COMMANDS = 20_000;
const STREAMS_PER_CALLER = 8;
const READ_PAGE = 5_000;

const PG_URL = process.env.AKKOORD_BENCH_PG ?? 'postgres://root@127.0.0.1:5432/test';
const SECTION = '## Event store (npm run bench:store)';

/** Minimum throughput per store and metric (from the issue). */
const TARGETS: Record<string, Partial<Record<Metric, number>>> = {
  sqlite: { batch: 150_000, concurrent: 10_000 },
  postgres: { batch: 60_000 },
};

/** What the raw drivers did on this machine (measured when the targets were set), for comparison. */
const RAW_REFERENCE = [
  'raw SQLite (better-sqlite3): 226k inserts/s in one transaction, 6.8k durable one-row transactions/s, 327k rows/s read',
  'raw PostgreSQL (pg): 92k rows/s inserted with unnest batches, 3.8k one-row transactions/s, 275k rows/s read',
];

type Metric = 'batch' | 'single' | 'concurrent' | 'read';

interface Row {
  store: string;
  metric: Metric;
  label: string;
  /** Throughput in units per second, or undefined when the step failed. */
  rate?: number;
  unit: string;
  detail?: string;
  error?: string;
}

const log = (message: string) => process.stderr.write(`[bench:store] ${message}\n`);

// ---------------------------------------------------------------------------------------------------------------------
// Realistic events: an ActivityStatusReported-like fact with the full metadata a command handler would attach.

const STATUSES = ['on_track', 'at_risk', 'needs_adjustment'] as const;
const ORGANISATIONS = ['gemeente-utrecht', 'uwv-midden-utrecht', 'mbo-utrecht', 'werkgeversservicepunt', 'roc-midden'];

function statusReported(activityId: string, n: number): NewEvent {
  const validFrom = `2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
  return {
    eventId: randomUUID(),
    type: 'ActivityStatusReported',
    data: {
      activityId,
      period: `2026-Q${(n % 4) + 1}`,
      status: STATUSES[n % STATUSES.length],
      realised: [
        { indicator: 'placements', value: n % 40 },
        { indicator: 'training_places', value: n % 17 },
      ],
      note: 'On schedule.',
      validFrom,
    },
    metadata: {
      actor: {
        userId: randomUUID(),
        organisationId: ORGANISATIONS[n % ORGANISATIONS.length],
        roles: ['partner_coordinator'],
      },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      validFrom,
    },
  };
}

function eventBytes(event: NewEvent): number {
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
}

// ---------------------------------------------------------------------------------------------------------------------
// Steps

/** Appends `total` events in appends of `size` events, each append to a new stream ('no_stream'), one at a time. */
async function batchAppend(store: EventStore, total: number, size: number): Promise<number> {
  let elapsed = 0;
  for (let done = 0; done < total; done += size) {
    const activityId = randomUUID();
    const events = Array.from({ length: Math.min(size, total - done) }, (_, i) => statusReported(activityId, done + i));
    const start = performance.now();
    await store.append(`activity-${activityId}`, events, 'no_stream');
    elapsed += performance.now() - start;
    if ((done / size) % 50 === 49) log(`  ${store.kind}: ${done + size} events appended`);
  }
  return total / (elapsed / 1000);
}

/**
 * `callers` async loops, each appending single events (one command = one append of one event) to its own streams
 * with the exact expected version, `total` appends in all. Events are built before the clock starts.
 */
async function singleAppends(
  store: EventStore,
  callers: number,
  total: number,
): Promise<{ rate: number; p50: number; p99: number }> {
  const perCaller = Math.ceil(total / callers);
  const work = Array.from({ length: callers }, () => {
    const streams = Array.from({ length: STREAMS_PER_CALLER }, () => randomUUID());
    return {
      streams,
      versions: streams.map(() => -1),
      events: Array.from({ length: perCaller }, (_, i) => statusReported(streams[i % streams.length], i)),
    };
  });
  const latencies = new Float64Array(perCaller * callers);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    work.map(async ({ streams, versions, events }) => {
      for (let i = 0; i < events.length; i++) {
        const s = i % streams.length;
        const expected: ExpectedVersion = versions[s] < 0 ? 'no_stream' : versions[s];
        const t0 = performance.now();
        const result = await store.append(`activity-${streams[s]}`, [events[i]], expected);
        latencies[next++] = performance.now() - t0;
        versions[s] = result.streamVersion;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const sorted = latencies.slice(0, next).sort();
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { rate: next / seconds, p50: pct(0.5), p99: pct(0.99) };
}

/** Reads the whole log in pages, checking that positions run 1, 2, 3 … without a gap. */
async function readEverything(store: EventStore, page: number): Promise<{ rate: number; count: number }> {
  const head = await store.headPosition();
  let from = 1;
  let count = 0;
  const start = performance.now();
  for (;;) {
    const events = await store.readAll({ fromPosition: from, limit: page });
    for (const e of events) {
      if (e.globalPosition !== from)
        throw new Error(`readAll returned position ${e.globalPosition}, expected ${from}.`);
      from++;
    }
    count += events.length;
    if (events.length < page) break;
  }
  const seconds = (performance.now() - start) / 1000;
  if (count !== head) throw new Error(`readAll returned ${count} events but the head is at ${head}.`);
  return { rate: count / seconds, count };
}

const LABELS: Record<Metric, { label: string; unit: string }> = {
  batch: { label: `batch append (${fmt(BATCH_SIZE)} events per append)`, unit: 'events/s' },
  single: { label: 'single-event appends, 1 caller', unit: 'commands/s' },
  concurrent: { label: `single-event appends, ${CONCURRENT_CALLERS} concurrent callers`, unit: 'commands/s' },
  read: { label: `readAll (pages of ${fmt(READ_PAGE)})`, unit: 'events/s' },
};

async function benchStore(store: EventStore): Promise<Row[]> {
  const kind = store.kind;
  const rows: Row[] = [];
  const step = async (metric: Metric, run: () => Promise<{ rate: number; detail?: string }>) => {
    const { label, unit } = LABELS[metric];
    log(`${kind}: ${label}`);
    try {
      const { rate, detail } = await run();
      log(`  ${kind}: ${fmt(rate)} ${unit}${detail ? `, ${detail}` : ''}`);
      rows.push({ store: kind, metric, label, unit, rate, detail });
    } catch (error) {
      log(`  ${kind}: ${label} failed: ${(error as Error).message}`);
      rows.push({ store: kind, metric, label, unit, error: (error as Error).message });
    }
  };

  log(`${kind}: warm-up`);
  await batchAppend(store, 5 * BATCH_SIZE, BATCH_SIZE);
  await singleAppends(store, 4, 200);

  await step('batch', async () => ({ rate: await batchAppend(store, BATCH_EVENTS, BATCH_SIZE) }));
  await step('single', async () => {
    const r = await singleAppends(store, 1, SINGLE_COMMANDS);
    return { rate: r.rate, detail: latency(r) };
  });
  await step('concurrent', async () => {
    const r = await singleAppends(store, CONCURRENT_CALLERS, CONCURRENT_COMMANDS);
    return { rate: r.rate, detail: latency(r) };
  });
  await step('read', async () => {
    const r = await readEverything(store, READ_PAGE);
    return { rate: r.rate, detail: `${fmt(r.count)} events` };
  });
  return rows;
}

async function benchSqlite(): Promise<Row[]> {
  const dir = mkdtempSync(join(os.tmpdir(), 'akk-bench-'));
  try {
    const store = await openEventStore(`sqlite:${join(dir, 'ledger.db')}`);
    try {
      return await benchStore(store);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<Row[] | string> {
  const schema = `akk_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  let store: EventStore;
  try {
    store = await openEventStore(url.toString());
  } catch (error) {
    await dropSchema(schema, true);
    const e = error as { code?: string; message?: string };
    return e.code === 'ERR_MODULE_NOT_FOUND'
      ? 'the PostgreSQL adapter is not available in this build'
      : `PostgreSQL could not be opened: ${String(e.message).replace(/\.$/, '')}`;
  }
  try {
    log(`postgres: schema ${schema}`);
    return await benchStore(store);
  } finally {
    await store.close();
    await dropSchema(schema);
  }
}

/** Drops the benchmark's schema; `quiet` when the open failed and there may be nothing (or no server) to drop. */
async function dropSchema(schema: string, quiet = false): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } catch (error) {
    if (!quiet) log(`could not drop PostgreSQL schema ${schema}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Report

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function ms(n: number): string {
  return `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
}

function latency(r: { p50: number; p99: number }): string {
  return `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`;
}

function table(rows: Row[]): string {
  const lines = ['| store | metric | value | target | met? |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const target = TARGETS[row.store]?.[row.metric];
    let value: string;
    let met = '—';
    if (row.rate === undefined) {
      value = `failed: ${(row.error ?? 'unknown error').replace(/\|/g, '\\|')}`;
      if (target !== undefined) met = '**no**';
    } else {
      value = `${fmt(row.rate)} ${row.unit}${row.detail ? ` (${row.detail})` : ''}`;
      if (target !== undefined) met = row.rate >= target ? 'yes' : '**no**';
    }
    const targetText = target === undefined ? '—' : `≥ ${fmt(target)} ${row.unit}`;
    lines.push(`| ${row.store} | ${row.label} | ${value} | ${targetText} | ${met} |`);
  }
  return lines.join('\n');
}

function machine(): string {
  const cpus = os.cpus();
  const ram = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${ram} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the repository root (no package.json above this file).');
    dir = parent;
  }
  return dir;
}

/** Replaces the section (up to the next `## ` heading) in docs/benchmarks.md, or appends it; other sections stay. */
function writeDocs(section: string): string {
  const file = join(repoRoot(), 'docs', 'benchmarks.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const lines = current.split('\n');
  const start = lines.findIndex((line) => line.trim() === SECTION);
  let next: string;
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${section.trimEnd()}\n`;
  } else {
    const rel = lines.slice(start + 1).findIndex((line) => /^## /.test(line));
    const end = rel < 0 ? lines.length : start + 1 + rel;
    const before = lines.slice(0, start).join('\n').trimEnd();
    const after = lines.slice(end).join('\n').trim();
    next = `${before ? `${before}\n\n` : ''}${section.trimEnd()}\n${after ? `\n${after}\n` : ''}`;
  }
  writeFileSync(file, next);
  return file;
}

async function main(): Promise<void> {
  const began = performance.now();
  const date = new Date();
  const load = os.loadavg()[0];
  if (load > os.cpus().length / 2) {
    log(`warning: load average ${load.toFixed(2)} on ${os.cpus().length} cores: other work will skew the figures`);
  }
  const sample = statusReported(randomUUID(), 7);
  log(`machine: ${machine()}`);
  log(`event size: ~${eventBytes(sample)} bytes JSON (data + metadata, before recordedAt)`);

  log('--- SQLite ---');
  const rows = await benchSqlite();
  log('--- PostgreSQL ---');
  const notes: string[] = [];
  if (PG_URL === 'off') {
    notes.push('PostgreSQL was skipped (AKKOORD_BENCH_PG=off).');
  } else {
    const pgRows = await benchPostgres();
    if (typeof pgRows === 'string') {
      log(`postgres: skipped: ${pgRows}`);
      notes.push(`PostgreSQL was not benchmarked: ${pgRows}.`);
    } else {
      rows.push(...pgRows);
    }
  }
  log(`done in ${((performance.now() - began) / 1000).toFixed(0)} s`);

  const when = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const body = [
    `Run ${when} on ${machine()}; load average ${load.toFixed(2)} (1 min) at the start.`,
    '',
    table(rows),
    '',
    ...notes.map((n) => `${n}\n`),
    'Method:',
    '',
    `- Events: ActivityStatusReported-like facts, ~${eventBytes(sample)} bytes JSON (data + metadata with actor, ` +
      'commandId, correlationId, validFrom; the store adds recordedAt), random UUIDs (`randomUUID()`).',
    `- Batch append: ${fmt(BATCH_EVENTS)} events in appends of ${fmt(BATCH_SIZE)}, each to a new stream ` +
      '(`no_stream`), one append at a time; only the time inside `append` counts.',
    `- Single-event appends: one event per append, to the caller's own streams (${STREAMS_PER_CALLER} per caller) ` +
      `with the exact expected version; ${fmt(SINGLE_COMMANDS)} appends from 1 caller, ${fmt(CONCURRENT_COMMANDS)} ` +
      `from ${CONCURRENT_CALLERS} concurrent async loops; latency is per append, throughput is wall-clock.`,
    `- readAll: the whole log (everything appended above, warm-up included) in pages of ${fmt(READ_PAGE)}, ` +
      'checking that positions have no gap.',
    '- SQLite: a temp file in os.tmpdir() (WAL, `synchronous=FULL`); PostgreSQL: a fresh schema, dropped ' +
      'afterwards. Every append is durable (committed) when it resolves. A warm-up precedes the measurements.',
    `- Raw drivers on this machine, for comparison: ${RAW_REFERENCE.join('; ')}.`,
  ].join('\n');

  console.log(`# Event store benchmark\n\n${body}`);
  if (process.env.AKKOORD_BENCH_NO_DOCS !== '1') {
    const file = writeDocs(`${SECTION}\n\n${body}\n`);
    log(`wrote ${file}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
