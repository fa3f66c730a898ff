/**
 * Read-model benchmark: `npm run bench:projections` (or `node --import tsx test/bench/projections.bench.ts`).
 *
 * 1. Writes a generated ledger (test/bench/ledger-generator.ts: valid domain events with actors and historical
 *    recordedAt) into a SQLite file through the store's own `append`: each stretch of 1,000 events in recording order
 *    is grouped by stream, one append per stream, all appends of a stretch committed together (the store's group
 *    commit); the store's injectable clock gives each append the instant of its first command.
 * 2. Reads the whole log once (`readAll` in the runner's batch size): what reading alone costs.
 * 3. Rebuilds ALL projections with the real ProjectionRunner over a read store on the same file, then each projection
 *    on its own (which gives its share of the cost).
 * 4. Runs each query RUNS times as of now and RUNS times with a random `asOf`, random parameters each time.
 *
 * Prints a markdown table and writes it into the "## Read models (npm run bench:projections)" section of
 * docs/benchmarks.md (AKKOORD_BENCH_NO_DOCS=1 leaves the file alone).
 *
 * Environment: BENCH_EVENTS (default 1,000,000), BENCH_RUNS (default 200), BENCH_LEDGER=<file> keeps the ledger there
 * and reuses it when it already holds BENCH_EVENTS events, BENCH_PER_PROJECTION=0 skips the per-projection rebuilds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEventStore, type EventStore } from '../../libs/event-store/src/index.js';
import { periodsBetween } from '../../libs/periods/src/index.js';
import { openReadStore, ProjectionRunner, type ReadStore } from '../../libs/projections/src/index.js';
import { findActivity, pageActivities } from '../../projections/activity-status/activity-status.queries.js';
import { listAudit } from '../../projections/audit/audit.queries.js';
import { borgingHistory, borgingOverview } from '../../projections/borging/borging.queries.js';
import { allProjections } from '../../projections/index.js';
import { monitorTable } from '../../projections/monitor/monitor.queries.js';
import { partnerInvolvement } from '../../projections/partner-involvement/partner-involvement.queries.js';
import { findRegion, regionTimeline } from '../../projections/region-timeline/region-timeline.queries.js';
import { statusTimeSeries } from '../../projections/timeseries/timeseries.queries.js';
import { machineLine, percentile, writeSection } from './bench-docs.js';
import { appendLedger, generateLedger, type GeneratedLedger } from './ledger-generator.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const LEDGER_FILE = process.env.BENCH_LEDGER;
const PER_PROJECTION = process.env.BENCH_PER_PROJECTION !== '0';
const APPEND_STRETCH = 1_000;
const SECTION = '## Read models (npm run bench:projections)';
const TARGETS = { rebuild: 100_000, now: 20, asOf: 100 };
/** Measured once with the code before batch application (2026-11-23, same machine and generated ledger). */
const EARLIER = [
  'Before batch application (runner applying each event to each projection with its own statements, checkpoints after',
  'nearly every commit, a version row per activity event; measured 2026-11-23 on this machine with the same 1,000,000',
  'events, load average about 2.5): rebuild of all 6 projections 166.6 s, 6,003 events/s (CPU 114.5 s); alone:',
  'activity_status 103.9 s, partner_involvement 26.6 s, audit 36.9 s, region_timeline 23.8 s, borging 5.7 s, monitor',
  '4.0 s. Activities of one region took p50 179 ms now and 1,866 ms asOf; by programme, category and status 294 ms now',
  'and 1,163 ms asOf (load average about 5).',
].join(' ');
const DAY = 86_400_000;

const log = (message: string) => process.stderr.write(`[bench:projections] ${message}\n`);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-GB');

interface Took {
  /** Wall-clock milliseconds. */
  ms: number;
  /** CPU milliseconds of this process (user + system): less at the mercy of other work on a shared machine. */
  cpu: number;
}

async function measure(work: () => Promise<unknown>): Promise<Took> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

/** Reads the whole log in batches, as the runner does; answers how many events and how long it took. */
async function readLog(store: EventStore, batchSize: number): Promise<Took & { events: number }> {
  let events = 0;
  const took = await measure(async () => {
    for (let from = 1; ;) {
      const batch = await store.readAll({ fromPosition: from, limit: batchSize });
      if (batch.length === 0) break;
      events += batch.length;
      from = batch[batch.length - 1].globalPosition + 1;
    }
  });
  return { ...took, events };
}

function rebuild(runner: ProjectionRunner, names: string[]): Promise<Took> {
  let logged = 0;
  return measure(() =>
    runner.rebuild(names, (p) => {
      if (p.position - logged >= 200_000) {
        logged = p.position;
        log(
          `  ${names.join(', ') || 'all'}: ${fmt(p.position)} / ${fmt(p.headPosition)} (${fmt(p.eventsPerSecond)}/s)`,
        );
      }
    }),
  );
}

interface QueryCase {
  label: string;
  run(i: number, asOf: string | undefined): Promise<unknown>;
}

function queryCases(ledger: GeneratedLedger, sql: ReadStore): QueryCase[] {
  const regions = ledger.regionIds;
  const partners = ledger.partnerIds;
  /** A month's window: the ledger's last one now, the one up to `asOf` otherwise. */
  const window = (asOf: string | undefined) => ({
    from: new Date((asOf ? Date.parse(asOf) : ledger.to) - 30 * DAY).toISOString(),
    ...(asOf !== undefined && { to: asOf }),
  });
  const activities = ledger.activityIds;
  const quarters = periodsBetween('2019-10-01', '2021-12-31', 'quarter');
  const statuses = ['on_track', 'at_risk', 'needs_adjustment'];
  const pickOf = <T>(list: readonly T[], i: number, salt = 0) => list[(i * 7_919 + salt * 104_729) % list.length];
  return [
    {
      label: 'activities ?regionId (first page of 100)',
      run: (i, asOf) => pageActivities(sql, { regionId: pickOf(regions, i), asOf, limit: 100 }),
    },
    {
      label: 'activities ?programmeId&category&status (first page of 100)',
      run: (i, asOf) =>
        pageActivities(sql, {
          programmeId: 'pow',
          category: pickOf(ledger.categories, i),
          status: pickOf(statuses, i, 1),
          asOf,
          limit: 100,
        }),
    },
    { label: 'activity :id', run: (i, asOf) => findActivity(sql, pickOf(activities, i), { asOf }) },
    {
      label: 'monitor ?programmeId&period',
      run: (i, asOf) => monitorTable(sql, { programmeId: 'pow', period: pickOf(quarters, i), asOf }),
    },
    {
      label: 'time series, quarters, programme',
      run: (_i, asOf) =>
        statusTimeSeries(sql, { programmeId: 'pow', interval: 'quarter', from: '2019-07-01', to: '2021-12-31', asOf }),
    },
    {
      label: 'time series, months, one region',
      run: (i, asOf) =>
        statusTimeSeries(sql, {
          programmeId: 'pow',
          interval: 'month',
          from: '2019-07-01',
          to: '2021-12-31',
          regionId: pickOf(regions, i),
          asOf,
        }),
    },
    { label: 'involvement (all regions)', run: (_i, asOf) => partnerInvolvement(sql, { asOf }) },
    {
      label: 'involvement ?regionId',
      run: (i, asOf) => partnerInvolvement(sql, { regionId: pickOf(regions, i), asOf }),
    },
    { label: 'borging overview (all)', run: (_i, asOf) => borgingOverview(sql, { asOf }) },
    {
      label: 'borging overview ?regionId',
      run: (i, asOf) => borgingOverview(sql, { regionId: pickOf(regions, i), asOf }),
    },
    { label: 'borging history :id', run: (i, asOf) => borgingHistory(sql, pickOf(activities, i), { asOf }) },
    {
      label: 'audit ?organisationId, a month',
      run: (i, asOf) => listAudit(sql, { organisationId: pickOf(partners, i), ...window(asOf) }),
    },
    {
      label: 'audit ?type, a month',
      run: (i, asOf) =>
        listAudit(sql, { type: pickOf(['ActivityStatusReported', 'AgreementSigned'], i), ...window(asOf) }),
    },
    { label: 'region timeline, a month', run: (i, asOf) => regionTimeline(sql, pickOf(regions, i), window(asOf)) },
    { label: 'region view :id', run: (i, asOf) => findRegion(sql, pickOf(regions, i), asOf) },
  ];
}

interface Percentiles {
  p50: number;
  p95: number;
}

/** p50/p95 in ms of RUNS calls, after a few warm-up calls. */
async function time(run: (i: number) => Promise<unknown>): Promise<Percentiles> {
  for (let i = 0; i < 5; i++) await run(i + 1_000);
  const took: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run(i);
    took.push(performance.now() - started);
  }
  return { p50: percentile(took, 50), p95: percentile(took, 95) };
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0];
  log(
    `load average at the start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${os.cpus().length} cores)`,
  );
  const ledger = generateLedger({ events: EVENTS });
  const dir = LEDGER_FILE ? undefined : mkdtempSync(join(os.tmpdir(), 'akkoord-bench-projections-'));
  const file = LEDGER_FILE ? resolve(LEDGER_FILE) : join(dir!, 'ledger.db');
  const url = `sqlite:${file}`;
  const lines: string[] = [];
  try {
    // 1. the ledger
    let written: { events: number; ms: number } | undefined;
    const existing = await openEventStore(url);
    const head = await existing.headPosition();
    await existing.close();
    if (head === ledger.events) log(`reusing ${file} (${fmt(head)} events)`);
    else {
      if (head !== 0) throw new Error(`${file} holds ${head} events, not ${ledger.events}: remove it first.`);
      log(`writing ${fmt(ledger.events)} events to ${file}`);
      const started = performance.now();
      const events = await appendLedger(url, ledger, {
        stretch: APPEND_STRETCH,
        onProgress: (appended) => log(`  ${fmt(appended)} events appended`),
      });
      written = { events, ms: performance.now() - started };
      log(`written in ${(written.ms / 1000).toFixed(1)} s (${fmt(rate(events, written.ms))} events/s)`);
    }

    // 2. reading alone, 3. rebuilds
    const store = await openEventStore(url);
    const readStore = await openReadStore(url);
    try {
      const runner = new ProjectionRunner(store, readStore, allProjections);
      await runner.prepare();
      const read = await readLog(store, runner.batchSize);
      const n = read.events;
      const seconds = (t: Took) => `${(t.ms / 1000).toFixed(1)} s (CPU ${(t.cpu / 1000).toFixed(1)} s)`;
      const rates = (t: Took) => `${fmt(rate(n, t.ms))} events/s (per CPU second: ${fmt(rate(n, t.cpu))})`;
      log(`readAll: ${fmt(n)} events in ${seconds(read)}: ${rates(read)}`);
      const all = await rebuild(runner, []);
      log(`rebuild of all projections: ${seconds(all)}: ${rates(all)}`);
      const each: { name: string; took: Took }[] = [];
      if (PER_PROJECTION) {
        for (const projection of allProjections) {
          const took = await rebuild(runner, [projection.name]);
          each.push({ name: projection.name, took });
          log(`rebuild of ${projection.name} alone: ${seconds(took)}`);
        }
      }
      const counts: string[] = [];
      for (const projection of allProjections) {
        for (const table of projection.tables) {
          const row = await readStore.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
          counts.push(`${table} ${fmt(Number(row?.n ?? 0))}`);
        }
      }
      log(`rows: ${counts.join(', ')}`);

      // 4. queries
      const from = ledger.from + 60 * DAY;
      const instant = (i: number) => new Date(from + ((i * 0.618_034) % 1) * (ledger.to - from)).toISOString();
      const results: { label: string; now: Percentiles; asOf: Percentiles }[] = [];
      for (const query of queryCases(ledger, readStore)) {
        const now = await time((i) => query.run(i, undefined));
        const asOf = await time((i) => query.run(i, instant(i)));
        results.push({ label: query.label, now, asOf });
        log(
          `${query.label}: now p50 ${now.p50.toFixed(1)} p95 ${now.p95.toFixed(1)} ms; asOf p50 ${asOf.p50.toFixed(1)} p95 ${asOf.p95.toFixed(1)} ms`,
        );
      }

      // the report
      const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
      const met = (ok: boolean) => (ok ? 'yes' : '**no**');
      const loadAtEnd = os.loadavg()[0];
      const shared = Math.max(loadAtStart, loadAtEnd) > os.cpus().length * 0.75;
      const beyond = (t: Took) =>
        `${(Math.max(0, t.ms - read.ms) / 1000).toFixed(1)} s (CPU ${(Math.max(0, t.cpu - read.cpu) / 1000).toFixed(1)} s)`;
      lines.push(
        `${machineLine()} Load average ${loadAtStart.toFixed(2)} (1 min) at the start, ${loadAtEnd.toFixed(2)} at the end` +
          (shared
            ? ": the machine was shared with other work, so wall-clock figures are pessimistic; the CPU figures (this process's user + system time) are less so."
            : '.'),
        '',
        `Ledger: ${fmt(n)} events (SQLite), ${fmt(ledger.activityIds.length)} activities in ${ledger.regionIds.length} regions, ${fmt(ledger.partnerIds.length)} partners, recorded ${new Date(ledger.from).toISOString().slice(0, 10)} to ${new Date(ledger.to).toISOString().slice(0, 10)}` +
          (written
            ? `; written in ${(written.ms / 1000).toFixed(1)} s (${fmt(rate(written.events, written.ms))} events/s).`
            : ' (reused from an earlier run).'),
        '',
        '| step | time | rate | target | met? |',
        '| --- | --- | --- | --- | --- |',
        `| readAll alone (reads of ${fmt(runner.batchSize)}, as the runner reads) | ${seconds(read)} | ${rates(read)} | — | — |`,
        `| **rebuild, all ${allProjections.length} projections** | ${seconds(all)} | ${rates(all)} | ≥ ${fmt(TARGETS.rebuild)} events/s | ${met(rate(n, all.ms) >= TARGETS.rebuild)} |`,
        ...each.map(
          (e) =>
            `| rebuild of ${e.name} alone | ${seconds(e.took)} | ${rates(e.took)}; ${beyond(e.took)} beyond reading | — | — |`,
        ),
        '',
        EARLIER,
        '',
        `| query (${RUNS} runs each) | now p50 ms | now p95 ms | asOf p50 ms | asOf p95 ms | met? (p95 < ${TARGETS.now} ms now, < ${TARGETS.asOf} ms asOf) |`,
        '| --- | --- | --- | --- | --- | --- |',
        ...results.map(
          (r) =>
            `| ${r.label} | ${ms(r.now.p50)} | ${ms(r.now.p95)} | ${ms(r.asOf.p50)} | ${ms(r.asOf.p95)} | ${met(r.now.p95 < TARGETS.now && r.asOf.p95 < TARGETS.asOf)} |`,
        ),
        '',
        'Method:',
        '',
        "- The ledger is generated (test/bench/ledger-generator.ts, deterministic): programmes with monitoring rounds, the 35 regions with their partners (joins, role changes, a leaver, renames), activities with targets, quarterly status reports (some late, some skipped, some corrected with a reason), monthly commitments with fulfilments and withdrawals (most of the volume), ambition adjustments, lead changes, borging steps, closures, and agreements drafted, signed, amended and signed again (some never complete, some terminated). Every event is what the domain's decider decides for the matching command (checked by replaying a generated ledger through the deciders and the permission check), with its actor, validFrom, reason and ids.",
        `- It is appended through the store's batch \`append\`: each stretch of ${fmt(APPEND_STRETCH)} events in recording order is grouped by stream, one append per stream, committed together by the store's group commit, with its historical recordedAt from the store's injectable clock (an append's instant is that of its first event; events of one stream within a stretch share it). Quicker than a command per event and fine for a benchmark: the read side sees the same kind of events. Event ids are sequential UUID-shaped strings.`,
        `- Rebuild: \`ProjectionRunner.rebuild()\` over a read store on the same SQLite file (the default deployment): drop the tables, then per transaction of ${fmt(runner.catchUpBatchSize)} events read the log in chunks of ${fmt(runner.batchSize)} and apply every projection (those with \`applyBatch\` a chunk at a time) and the checkpoints; the WAL is checkpointed every 256 MiB instead of after nearly every commit, and once at the end. "Beyond reading" is a projection’s rebuild minus reading the log alone: its own cost.`,
        '- Queries: the query functions the API calls, on the read store\'s query connection, with a random region, activity, partner, category, status or period each run; asOf is a random instant between two months after the first event and the last one. Audit and region timeline have no asOf: "asOf" there is the month up to the instant, "now" the ledger\'s last month.',
      );
    } finally {
      await readStore.close();
      await store.close();
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const body = lines.join('\n');
  console.log(`${SECTION}\n\n${body}`);
  writeSection(SECTION, body);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
