/**
 * API benchmark: `npm run bench:api`. Starts the built server (`akkoord serve`, as `npm start` runs it) on a temp
 * SQLite ledger (the default store) in its own process, seeds a programme, a region, partners and activities over
 * HTTP, then runs 32 concurrent clients that send status reports (POST /api/activities/:id/status-reports) for a fixed
 * number of commands, and reports commands/s and p50/p99 latency. Writes its section of docs/benchmarks.md.
 *
 * Each client reports on its own 20 activities, one month after another (every report a new fact, as in real use), so
 * streams stay as long as a real activity's (a few dozen events).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';
import { machineLine, percentile, writeSection } from './bench-docs.js';
import { seedActivitiesOverHttp } from '../support/seed-over-http.js';
import { serveEnv, startServe, stopServe, type ServeProcess } from '../support/serve-process.js';

const CLIENTS = 32;
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 20_000);
const ACTIVITIES_PER_CLIENT = 20;
const WARMUP = Math.min(1_000, COMMANDS);
const TOKEN = `bench-admin-${Date.now()}-token`;

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });
const log = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);

/** Where the server serves, once it has started. */
let base = '';

/** POST over a keep-alive connection; rejects unless the answer is 201. */
function post(path: string, body: unknown): Promise<void> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 201 ? resolve() : reject(new Error(`${path} answered ${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function period(n: number): string {
  const year = 2019 + Math.floor(n / 12);
  return `${year}-${String((n % 12) + 1).padStart(2, '0')}`;
}

async function seed(): Promise<string[]> {
  const ids = Array.from({ length: CLIENTS * ACTIVITIES_PER_CLIENT }, (_x, i) => `bench-${i}`);
  await seedActivitiesOverHttp(post, ids, 32);
  return ids;
}

/** Runs `total` status reports from CLIENTS concurrent loops; answers latencies (ms) and wall time (s). */
async function run(
  ids: string[],
  total: number,
  reported: number[],
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_x, client) => {
      for (let n = next++; n < total; n = next++) {
        const a = client * ACTIVITIES_PER_CLIENT + (n % ACTIVITIES_PER_CLIENT);
        const t0 = performance.now();
        await post(`/api/activities/${ids[a]}/status-reports`, {
          period: period(reported[a]++),
          status: ['on_track', 'at_risk', 'needs_adjustment'][n % 3],
          realised: [{ indicator: 'placements', value: n % 100 }],
          validFrom: '2020-03-31',
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'akkoord-bench-api-'));
  let server: ServeProcess | undefined;
  try {
    server = await startServe({
      args: ['--store', `sqlite:${join(dir, 'ledger.db')}`, 'serve', '--port', '0'],
      nodeArgs: (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean),
      // the benchmark is one token sending far more than a person would: the per-token rate limit is off
      env: serveEnv({ AKKOORD_ADMIN_TOKEN: TOKEN, AKKOORD_RATE_LIMIT: '0', LOG_LEVEL: 'warn' }),
      echo: true,
    });
    base = server.baseUrl;
    log('seeding');
    const ids = await seed();
    log(`warming up with ${WARMUP} reports`);
    const reported = ids.map(() => 0);
    await run(ids, WARMUP, reported);
    log(`${COMMANDS} status reports from ${CLIENTS} concurrent clients`);
    const { latencies, seconds } = await run(ids, COMMANDS, reported);
    const rate = Math.round(COMMANDS / seconds);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const table = [
      '| metric | value | target | met? |',
      '| --- | --- | --- | --- |',
      `| status reports over HTTP, ${CLIENTS} concurrent clients | ${rate.toLocaleString('en')} commands/s | ≥ 3,000 commands/s | ${rate >= 3000 ? 'yes' : '**no**'} |`,
      `| latency p50 | ${p50.toFixed(1)} ms | — | — |`,
      `| latency p99 | ${p99.toFixed(1)} ms | < 50 ms | ${p99 < 50 ? 'yes' : '**no**'} |`,
    ].join('\n');
    console.log(table);
    writeSection(
      '## Command API (npm run bench:api)',
      [
        machineLine(),
        '',
        table,
        '',
        `Method: the built server in its own process on a temp SQLite ledger (WAL, synchronous=FULL, group commit), ` +
          `${CLIENTS} concurrent keep-alive clients in a second process sending ${COMMANDS.toLocaleString('en')} ` +
          `status reports (after ${WARMUP.toLocaleString('en')} warm-up ones) over ${CLIENTS * ACTIVITIES_PER_CLIENT} ` +
          'activities, each a full command: bearer-token check, validation, stream read, decide, durable append.',
      ].join('\n'),
    );
  } finally {
    await stopServe(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench:api failed: ${error.message}`);
  process.exit(1);
});
