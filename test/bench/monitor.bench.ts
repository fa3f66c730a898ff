/**
 * Monitor and time series benchmark: `node --import tsx test/bench/monitor.bench.ts`.
 *
 * Builds the read tables a 1M-event ledger gives (activity_status + monitor) by feeding synthetic envelopes through the
 * real projections' `apply` on SQLite, in batches of one transaction each (what the runner does, without reading a
 * store), then times the monitor and time series queries: current, and with random `asOf` instants. PostgreSQL gets
 * a copy of the tables the queries read (activity_reports, monitor_activities) in a fresh schema.
 *
 * Environment: BENCH_EVENTS (default 1,000,000), BENCH_ACTIVITIES (default 2,100: 35 regions × 60), BENCH_MONTHLY=1
 * (reports per month instead of per quarter), BENCH_PG (default postgres://root@127.0.0.1:5432/test; `off` skips it),
 * BENCH_EXTRA_INDEX=1 (measures again after adding the index recommended for activity_reports), BENCH_KEEP=1 (keeps
 * the SQLite file). Building takes minutes: activity_status dominates it (the monitor projection skips all but two
 * event types).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { RecordedEvent } from '../../libs/event-store/src/index.js';
import { periodEnd, periodsBetween } from '../../libs/periods/src/index.js';
import { openReadStore, type ReadStore } from '../../libs/projections/src/index.js';
import { activityStatusProjection } from '../../projections/activity-status/activity-status.projection.js';
import { monitorProjection } from '../../projections/monitor/monitor.projection.js';
import { monitorTable } from '../../projections/monitor/monitor.queries.js';
import { statusTimeSeries } from '../../projections/timeseries/timeseries.queries.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 2_100);
const MONTHLY = process.env.BENCH_MONTHLY === '1';
const PG_URL = process.env.BENCH_PG ?? 'postgres://root@127.0.0.1:5432/test';
const EXTRA_INDEX = process.env.BENCH_EXTRA_INDEX === '1';
const RUNS = 200;

const CATEGORIES = ['supply', 'demand', 'route', 'training', 'collaboration'];
const STATUSES = ['on_track', 'at_risk', 'needs_adjustment'];
const REGIONS = Array.from({ length: 35 }, (_, i) => `region-${i + 1}`);
const PERIODS = MONTHLY
  ? periodsBetween('2019-10-01', '2021-12-31', 'month')
  : periodsBetween('2019-10-01', '2021-12-31', 'quarter');
const DAY = 86_400_000;
const log = (message: string) => process.stderr.write(`[bench:monitor] ${message}\n`);

/** A tiny deterministic generator, so two runs build the same ledger. */
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

type Kind = 'plan' | 'report' | 'correct' | 'close' | 'commit' | 'adjust';
interface Scheduled {
  time: number;
  activity: number;
  kind: Kind;
  period?: number;
}

/** Every activity's life: planned in autumn 2019, a report per period (some late, some skipped), corrections, padding. */
function schedule(): Scheduled[] {
  const events: Scheduled[] = [];
  const base = Date.parse('2019-09-01T08:00:00Z');
  const perActivity = Math.max(1, Math.floor(EVENTS / ACTIVITIES));
  for (let a = 0; a < ACTIVITIES; a++) {
    const planned = base + random() * 90 * DAY;
    events.push({ time: planned, activity: a, kind: 'plan' });
    let count = 1;
    const closesAt = random() < 0.1 ? Date.parse('2021-01-01T00:00:00Z') + random() * 300 * DAY : Infinity;
    for (let p = 0; p < PERIODS.length; p++) {
      const due = Date.parse(`${periodEnd(PERIODS[p])}T00:00:00Z`) + DAY;
      const roll = random();
      if (roll < 0.05) continue;
      const at = due + (roll < 0.1 ? 60 + random() * 60 : random() * 25) * DAY;
      if (at >= closesAt) break;
      events.push({ time: at, activity: a, kind: 'report', period: p });
      count++;
      if (random() < 0.1) {
        events.push({ time: at + (5 + random() * 30) * DAY, activity: a, kind: 'correct', period: p });
        count++;
      }
    }
    if (closesAt !== Infinity) {
      events.push({ time: closesAt, activity: a, kind: 'close' });
      count++;
    }
    const until = Math.min(closesAt, Date.parse('2021-12-31T00:00:00Z'));
    for (let k = count; k < perActivity; k++) {
      events.push({
        time: planned + random() * (until - planned),
        activity: a,
        kind: random() < 0.5 ? 'commit' : 'adjust',
      });
    }
  }
  return events.sort((x, y) => x.time - y.time);
}

function envelope(s: Scheduled, position: number, version: number): RecordedEvent {
  const activityId = `a${s.activity}`;
  const status = STATUSES[Math.floor(random() * 3)];
  const period = s.period === undefined ? '' : PERIODS[s.period];
  const data: Record<string, unknown> =
    s.kind === 'plan'
      ? {
          activityId,
          regionId: REGIONS[s.activity % REGIONS.length],
          programmeId: s.activity % 10 === 9 ? 'rmt' : 'pow',
          title: `Activiteit ${s.activity}`,
          category: CATEGORIES[s.activity % CATEGORIES.length],
          leadPartnerId: 'lead',
          targets: [{ indicator: 'placements', target: 100, unit: 'people', dueDate: '2021-12-31' }],
          startDate: s.activity % 7 === 0 ? '2020-04-01' : '2019-10-01',
          endDate: '2021-12-31',
        }
      : s.kind === 'report' || s.kind === 'correct'
        ? {
            activityId,
            period,
            status,
            realised: [{ indicator: 'placements', value: 3 }],
            validFrom: periodEnd(period),
          }
        : s.kind === 'close'
          ? { activityId, outcome: 'completed', reason: 'klaar' }
          : s.kind === 'commit'
            ? { activityId, commitmentId: `c${version}`, partnerId: 'uwv', kind: 'fte', amount: 1, unit: 'fte' }
            : {
                activityId,
                targets: [{ indicator: 'placements', target: 120, unit: 'people', dueDate: '2021-12-31' }],
              };
  const type = {
    plan: 'ActivityPlanned',
    report: 'ActivityStatusReported',
    correct: 'ActivityStatusCorrected',
    close: 'ActivityClosed',
    commit: 'PartnerCommitted',
    adjust: 'ActivityAmbitionAdjusted',
  }[s.kind];
  return {
    globalPosition: position,
    streamId: `activity-${activityId}`,
    streamVersion: version,
    eventId: `e${position}`,
    type,
    data,
    metadata: {
      actor: { userId: 'bench', organisationId: 'programme-office', roles: ['programme_office'] },
      recordedAt: new Date(s.time).toISOString(),
    },
  };
}

async function build(readStore: ReadStore): Promise<void> {
  const events = schedule();
  log(`${events.length} events over ${ACTIVITIES} activities, ${MONTHLY ? 'monthly' : 'quarterly'} reports`);
  for (const p of [activityStatusProjection, monitorProjection]) await readStore.transaction((tx) => p.setup(tx));
  const versions = new Int32Array(ACTIVITIES);
  const started = performance.now();
  for (let i = 0; i < events.length; i += 5000) {
    const batch = events.slice(i, i + 5000).map((s, k) => envelope(s, i + k + 1, versions[s.activity]++));
    await readStore.transaction(async (tx) => {
      for (const event of batch) {
        await activityStatusProjection.apply(tx, event);
        await monitorProjection.apply(tx, event);
      }
    });
    if (i % 200_000 === 0 && i > 0) log(`${i} applied`);
  }
  const seconds = (performance.now() - started) / 1000;
  log(
    `applied ${events.length} events in ${seconds.toFixed(1)} s (${Math.round(events.length / seconds)}/s, both projections)`,
  );
}

/** Copies the tables the queries read into a fresh PostgreSQL schema. */
async function copyToPostgres(source: ReadStore, target: ReadStore): Promise<void> {
  for (const p of [activityStatusProjection, monitorProjection]) await target.transaction((tx) => p.setup(tx));
  for (const table of ['activity_reports', 'monitor_activities']) {
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

async function measure(name: string, store: ReadStore, extraIndex = false): Promise<string[]> {
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
  lines.push(await time('time series, quarters, current', 50, series({})));
  lines.push(await time('time series, quarters, asOf', 50, (i) => series({ asOf: asOf(i) })()));
  lines.push(await time('time series, months, current', 50, series({ interval: 'month' })));
  lines.push(
    await time('time series, one region, asOf', RUNS, (i) => series({ regionId: REGIONS[i % 35], asOf: asOf(i) })()),
  );
  lines.push(await time('time series, one category, current', 50, (i) => series({ category: CATEGORIES[i % 5] })()));
  return lines;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-bench-monitor-'));
  const sqlite = await openReadStore(`sqlite:${join(dir, 'read.db')}`);
  const out: string[] = [];
  try {
    await build(sqlite);
    const reports = await sqlite.get<{ n: number }>('SELECT COUNT(*) AS n FROM activity_reports');
    const versions = await sqlite.get<{ n: number }>('SELECT COUNT(*) AS n FROM activity_versions');
    log(`activity_reports ${reports?.n} rows, activity_versions ${versions?.n} rows`);
    out.push(...(await measure('sqlite', sqlite)), '');
    if (EXTRA_INDEX) out.push(...(await measure('sqlite + index', sqlite, true)), '');
    if (PG_URL !== 'off') {
      const schema = `akk_bench_${randomBytes(6).toString('hex')}`;
      const url = new URL(PG_URL);
      url.searchParams.set('schema', schema);
      const target = await openReadStore(url.toString());
      try {
        await copyToPostgres(sqlite, target);
        out.push(...(await measure('postgres', target)), '');
        if (EXTRA_INDEX) out.push(...(await measure('postgres + index', target, true)), '');
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
    `${EVENTS} events, ${ACTIVITIES} activities (90% in programme pow), ${MONTHLY ? 'monthly' : 'quarterly'} reports; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  console.log(out.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
