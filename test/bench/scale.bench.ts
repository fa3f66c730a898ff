/**
 * `npm run bench:scale` (issue 15): several Akkoord processes on one PostgreSQL, as real `akkoord serve --role …`
 * processes on this machine.
 * 1. Commands/s and read p95 with 1, 2 and 3 API nodes (one worker): 32 clients send status reports round-robin over
 *    the nodes for BENCH_SCALE_SECONDS (default 12), and read back on another node with `minPosition` every 4th.
 * 2. Failover over BENCH_SCALE_KILLS (default 10) kill -9's of the leading worker (two workers): time from the kill
 *    until the other says it leads the projections.
 * 3. Replica lag under load: a primary + a streaming standby of its own (pg_createcluster + pg_basebackup -R), one
 *    API node reading the standby; the standby's replay delay and the minPosition read latency on it.
 * Prints a Markdown table; the load average before and after goes with it (the machine may be shared).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seedLedger, statusReportLoad } from '../scale/support/ledger-load.js';
import { http, nodeEnv, startNode, stopNode, until, type Node } from '../scale/support/nodes.js';
import { createPair, standbyToolsMissing } from '../scale/support/standby.js';

const PG = process.env.AKKOORD_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 12);
const KILLS = Number(process.env.BENCH_SCALE_KILLS ?? 10);
const CLIENTS = 32;
const token = `bench-${randomBytes(16).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'akkoord-bench-scale-'));
const env = nodeEnv({
  AKKOORD_ADMIN_TOKEN: token,
  AKKOORD_SIGNING_KEY: join(dir, 'signing-key.pem'),
});
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? NaN;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function schemaUrl(base: string, schema: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
}

async function dropSchema(base: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/** A timed read: GET with minPosition on the node, in ms. */
function timedReads(nodes: Node[]) {
  const latencies: number[] = [];
  return {
    latencies,
    async read(node: Node, path: string) {
      const t0 = performance.now();
      const answer = await http(node.baseUrl, token, 'GET', path);
      if (answer.status === 200) latencies.push(performance.now() - t0);
      return answer;
    },
    nodes,
  };
}

async function throughput(apiCount: number): Promise<{ commandsPerSecond: number; readP95: number; reads: number }> {
  const schema = `bench_scale_${apiCount}_${randomBytes(3).toString('hex')}`;
  const url = schemaUrl(PG, schema);
  const worker = await startNode('worker', url, env);
  const apis = await Promise.all(Array.from({ length: apiCount }, () => startNode('api', url, env)));
  try {
    const ids = await seedLedger(apis[0], token, CLIENTS);
    const reads = timedReads(apis);
    const running = statusReportLoad(() => apis, token, ids, CLIENTS);
    // readers: 4 loops reading back the newest acknowledged position on a node other than the writer's
    let stop = false;
    const readers = Array.from({ length: 4 }, async (_x, r) => {
      while (!stop) {
        const last = running.stats.acked[running.stats.acked.length - 1];
        if (!last) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        await reads.read(apis[r % apis.length], `/api/activities/${ids[r]}?minPosition=${last.position}`);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 2000)); // warm-up
    const from = running.stats.acked.length;
    const t0 = performance.now();
    reads.latencies.length = 0;
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const done = running.stats.acked.length - from;
    const seconds = (performance.now() - t0) / 1000;
    const latencies = [...reads.latencies];
    stop = true;
    await running.stop();
    await Promise.all(readers);
    return { commandsPerSecond: done / seconds, readP95: p95(latencies), reads: latencies.length };
  } finally {
    await Promise.all([worker, ...apis].map(stopNode));
    await dropSchema(PG, schema);
  }
}

async function leaderOf(workers: Node[]): Promise<Node | undefined> {
  for (const worker of workers.filter((w) => w.alive())) {
    const health = await http(worker.baseUrl, token, 'GET', '/health').catch(() => undefined);
    const jobs = (health?.body.jobs ?? []) as { job: string; leader: boolean }[];
    if (jobs.some((j) => j.job === 'projections' && j.leader)) return worker;
  }
  return undefined;
}

async function failover(): Promise<number[]> {
  const schema = `bench_failover_${randomBytes(3).toString('hex')}`;
  const url = schemaUrl(PG, schema);
  const workers = await Promise.all([startNode('worker', url, env), startNode('worker', url, env)]);
  const times: number[] = [];
  try {
    for (let kill = 0; kill < KILLS; kill++) {
      const leader = await until('a leader', () => leaderOf(workers), 60_000);
      const t0 = performance.now();
      leader.child.kill('SIGKILL');
      await leader.exited;
      const next = await until('a new leader', () => leaderOf(workers), 60_000);
      times.push(performance.now() - t0);
      if (next === leader) throw new Error('the killed worker still leads');
      workers[workers.indexOf(leader)] = await startNode('worker', url, env);
    }
    return times;
  } finally {
    await Promise.all(workers.map(stopNode));
    await dropSchema(PG, schema);
  }
}

async function replicaLag(): Promise<{ replayP95: number; replayMax: number; readP95: number; samples: number }> {
  const pair = await createPair();
  const schema = 'bench_replica';
  const url = schemaUrl(pair.primaryUrl, schema);
  const nodes: Node[] = [];
  try {
    nodes.push(await startNode('worker', url, env));
    await until('a leader', () => leaderOf(nodes), 60_000);
    const api = await startNode(
      'api',
      url,
      nodeEnv({ ...env, AKKOORD_READ_REPLICA_URL: schemaUrl(pair.standbyUrl, schema) }),
    );
    nodes.push(api);
    const ids = await seedLedger(api, token, CLIENTS);
    const running = statusReportLoad(() => [api], token, ids, CLIENTS);
    const replay: number[] = [];
    const reads: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    while (Date.now() < deadline) {
      const rows = await pair.onStandby<{ ms: number | null }>(
        `SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000 END AS ms`,
      );
      if (rows[0].ms !== null) replay.push(Number(rows[0].ms));
      const last = running.stats.acked[running.stats.acked.length - 1];
      if (last) {
        const t0 = performance.now();
        const answer = await http(api.baseUrl, token, 'GET', `/api/activities/${ids[0]}?minPosition=${last.position}`);
        if (answer.status === 200) reads.push(performance.now() - t0);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await running.stop();
    return { replayP95: p95(replay), replayMax: Math.max(...replay), readP95: p95(reads), samples: reads.length };
  } finally {
    await Promise.all(nodes.map(stopNode));
    pair.drop();
  }
}

async function main(): Promise<void> {
  console.log(`bench:scale — ${new Date().toISOString()}, ${cpus().length} cores, load average before: ${load()}`);
  console.log('\n| API nodes | commands/s | read p95 (ms, minPosition on another node) | reads |');
  console.log('|---|---|---|---|');
  for (const n of [1, 2, 3]) {
    const r = await throughput(n);
    console.log(`| ${n} | ${r.commandsPerSecond.toFixed(0)} | ${r.readP95.toFixed(1)} | ${r.reads} | (load ${load()})`);
  }
  const times = await failover();
  console.log(
    `\nfailover over ${times.length} kill -9's of the leading worker: median ${median(times).toFixed(0)} ms, ` +
      `max ${Math.max(...times).toFixed(0)} ms (load ${load()})`,
  );
  const missing = standbyToolsMissing();
  if (missing) console.log(`replica lag: skipped (${missing})`);
  else {
    const lag = await replicaLag();
    console.log(
      `replica under load: replay delay p95 ${lag.replayP95.toFixed(0)} ms (max ${lag.replayMax.toFixed(0)} ms); ` +
        `minPosition read on the standby p95 ${lag.readP95.toFixed(1)} ms over ${lag.samples} reads (load ${load()})`,
    );
  }
  console.log(`\nload average after: ${load()}`);
}

main()
  .catch((error: Error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
