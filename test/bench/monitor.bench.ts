/**
 * Monitor and time series benchmark: `node --import tsx test/bench/monitor.bench.ts`.
 *
 * Builds the read tables a 1M-event ledger gives (activity_status + monitor) by feeding the generated ledger
 * (test/bench/ledger-generator.ts, as the store would record it) through the real projections on SQLite, in batches
 * of one transaction each (what the runner does, without reading a store), then times the monitor and time series
 * queries: current (the whole programme's series from the time series aggregate, and by the exact path), and with
 * random `asOf` instants. PostgreSQL gets a copy of the tables the queries read
 * (activity_reports, monitor_activities, timeseries_buckets) in a fresh schema.
 *
 * Environment: BENCH_EVENTS (default 1,000,000), BENCH_ACTIVITIES (default 2,100: 35 regions × 60), BENCH_MONTHLY=1
 * (reports per month instead of per quarter), BENCH_PG (default postgres://root@127.0.0.1:5432/test; `off` skips it),
 * BENCH_EXTRA_INDEX=1 (measures again after creating activity_reports_latest, should it be missing), BENCH_KEEP=1
 * (keeps the SQLite file).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { RecordedEvent } from '../../libs/event-store/src/index.js';
import { periodsBetween } from '../../libs/periods/src/index.js';
import { openReadStore, type Projection, type ReadStore } from '../../libs/projections/src/index.js';
import { activityStatusProjection } from '../../projections/activity-status/activity-status.projection.js';
import { monitorProjection } from '../../projections/monitor/monitor.projection.js';
import { monitorTable } from '../../projections/monitor/monitor.queries.js';
import { timeseriesProjection } from '../../projections/timeseries/timeseries.projection.js';
import { statusTimeSeries } from '../../projections/timeseries/timeseries.queries.js';
import { generateLedger, recordedEvents, type GeneratedLedger } from './ledger-generator.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 2_100);
const MONTHLY = process.env.BENCH_MONTHLY === '1';
const PG_URL = process.env.BENCH_PG ?? 'postgres://root@127.0.0.1:5432/test';
const EXTRA_INDEX = process.env.BENCH_EXTRA_INDEX === '1';
const RUNS = 200;
const BATCH = 5000;
const PROJECTIONS = [activityStatusProjection, monitorProjection, timeseriesProjection];

const DAY = 86_400_000;
const log = (message: string) => process.stderr.write(`[bench:monitor] ${message}\n`);

/** Hands a batch to a projection as the runner would: only the types it reads, all at once when it can. */
async function applyAll(tx: Parameters<Projection['apply']>[0], projection: Projection, batch: RecordedEvent[]) {
  const events = projection.eventTypes ? batch.filter((e) => projection.eventTypes!.includes(e.type)) : batch;
  if (projection.applyBatch) await projection.applyBatch(tx, events);
  else for (const event of events) await projection.apply(tx, event);
}

async function build(readStore: ReadStore, ledger: GeneratedLedger): Promise<void> {
  log(`${ledger.events} events over ${ACTIVITIES} activities, ${MONTHLY ? 'monthly' : 'quarterly'} reports`);
  for (const p of PROJECTIONS) await readStore.transaction((tx) => p.setup(tx));
  const started = performance.now();
  let batch: RecordedEvent[] = [];
  let applied = 0;
  const flush = async () => {
    const events = batch;
    batch = [];
    await readStore.transaction(async (tx) => {
      for (const p of PROJECTIONS) await applyAll(tx, p, events);
    });
    applied += events.length;
    if (applied % 200_000 < BATCH) log(`${applied} applied`);
  };
  for (const event of recordedEvents(ledger)) {
    batch.push(event);
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  const seconds = (performance.now() - started) / 1000;
  log(`applied ${applied} events in ${seconds.toFixed(1)} s (${Math.round(applied / seconds)}/s, both projections)`);
}

/** Copies the tables the queries read into a fresh PostgreSQL schema. */
async function copyToPostgres(source: ReadStore, target: ReadStore): Promise<void> {
  for (const p of PROJECTIONS) await target.transaction((tx) => p.setup(tx));
  for (const table of ['activity_reports', 'monitor_activities', 'timeseries_buckets']) {
    const rows = await source.all<Record<string, unknown>>(`SELECT * FROM ${table}`);
    const columns = Object.keys(rows[0]);
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await target.run(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`,
        chunk.flatMap((r) => columns.map((c) => r[c])),
      );
    }
    log(`copied ${rows.length} rows of ${table} to PostgreSQL`);
  }
  await target.exec('ANALYZE');
}

async function time(label: string, runs: number, query: (i: number) => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 10; i++) await query(i);
  const took: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await query(i);
    took.push(performance.now() - t);
  }
  took.sort((a, b) => a - b);
  const at = (q: number) => took[Math.min(took.length - 1, Math.floor(q * took.length))].toFixed(1);
  return `| ${label} | ${at(0.5)} | ${at(0.95)} | ${at(0.99)} |`;
}

async function measure(name: string, store: ReadStore, ledger: GeneratedLedger, extraIndex = false): Promise<string[]> {
  const regions = ledger.regionIds;
  const categories = ledger.categories;
  if (extraIndex) {
    await store.exec(
      'CREATE INDEX IF NOT EXISTS activity_reports_latest ON activity_reports (activity_id, period_end, position)',
    );
    if (store.dialect === 'postgres') await store.exec('ANALYZE');
  }
  const periods = periodsBetween('2019-10-01', '2021-12-31', 'quarter');
  const months = periodsBetween('2019-10-01', '2021-12-31', 'month');
  const asOf = (i: number) => new Date(Date.parse('2019-11-01T00:00:00Z') + ((i * 7919) % 800) * DAY).toISOString();
  const lines = [`| ${name}: query | p50 ms | p95 ms | p99 ms |`, '| --- | --- | --- | --- |'];
  const series = (extra: object) => () =>
    statusTimeSeries(store, {
      programmeId: 'pow',
      interval: 'quarter',
      from: '2019-07-01',
      to: '2021-12-31',
      ...extra,
    });
  lines.push(
    await time('monitor, current', RUNS, (i) =>
      monitorTable(store, { programmeId: 'pow', period: periods[i % periods.length] }),
    ),
  );
  lines.push(
    await time('monitor, month, current', RUNS, (i) =>
      monitorTable(store, { programmeId: 'pow', period: months[i % months.length] }),
    ),
  );
  lines.push(
    await time('monitor, asOf', RUNS, (i) =>
      monitorTable(store, { programmeId: 'pow', period: periods[i % periods.length], asOf: asOf(i) }),
    ),
  );
  lines.push(await time('time series, quarters, current (aggregate)', RUNS, series({})));
  lines.push(
    await time('time series, quarters, current (exact path)', 50, () =>
      statusTimeSeries(
        store,
        { programmeId: 'pow', interval: 'quarter', from: '2019-07-01', to: '2021-12-31' },
        { exact: true },
      ),
    ),
  );
  lines.push(await time('time series, quarters, asOf', 50, (i) => series({ asOf: asOf(i) })()));
  lines.push(await time('time series, months, current', 50, series({ interval: 'month' })));
  lines.push(
    await time('time series, one region, asOf', RUNS, (i) =>
      series({ regionId: regions[i % regions.length], asOf: asOf(i) })(),
    ),
  );
  lines.push(
    await time('time series, one category, current', 50, (i) =>
      series({ category: categories[i % categories.length] })(),
    ),
  );
  return lines;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-bench-monitor-'));
  const sqlite = await openReadStore(`sqlite:${join(dir, 'read.db')}`);
  const ledger = generateLedger({ events: EVENTS, activities: ACTIVITIES, monthly: MONTHLY });
  const out: string[] = [];
  try {
    await build(sqlite, ledger);
    const reports = await sqlite.get<{ n: number }>('SELECT COUNT(*) AS n FROM activity_reports');
    const versions = await sqlite.get<{ n: number }>('SELECT COUNT(*) AS n FROM activity_versions');
    log(`activity_reports ${reports?.n} rows, activity_versions ${versions?.n} rows`);
    out.push(...(await measure('sqlite', sqlite, ledger)), '');
    if (EXTRA_INDEX) out.push(...(await measure('sqlite + index', sqlite, ledger, true)), '');
    if (PG_URL !== 'off') {
      const schema = `akk_bench_${randomBytes(6).toString('hex')}`;
      const url = new URL(PG_URL);
      url.searchParams.set('schema', schema);
      const target = await openReadStore(url.toString());
      try {
        await copyToPostgres(sqlite, target);
        out.push(...(await measure('postgres', target, ledger)), '');
        if (EXTRA_INDEX) out.push(...(await measure('postgres + index', target, ledger, true)), '');
      } finally {
        await target.close();
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    }
  } finally {
    await sqlite.close();
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
  console.log(
    `${ledger.events} events, ${ACTIVITIES} activities (90% in programme pow), ${MONTHLY ? 'monthly' : 'quarterly'} reports; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  console.log(out.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
