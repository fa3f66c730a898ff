/**
 * `npm run bench:peers`: Akkoord's event store side by side with Emmett 0.42 and the raw drivers, on SQLite and
 * PostgreSQL, on the workloads of issue 14 (workloads.ts). Rounds are interleaved (every store once per round, the
 * order rotating), each store in its own process on a fresh database (a temp SQLite file; a new PostgreSQL database,
 * dropped afterwards); the table shows medians of the rounds and Akkoord's ratio to Emmett. Every workload's result
 * is checked (stream lengths, the whole log against what was acknowledged, positions rising), and each store's
 * durability settings are read back from the database.
 *
 *   npm run bench:peers                     (PEERS_ROUNDS=3, PEERS_PG=postgres://root@127.0.0.1:5432/test)
 *   node --import tsx bench/peers/peers.ts worker <store>      (one store, one round; prints JSON)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { machineLine, writeSection } from '../../test/bench/bench-docs.js';
import { runWorkloads, type Figures } from './workloads.js';

const STORES = ['akkoord-sqlite', 'emmett-sqlite', 'raw-sqlite', 'akkoord-postgres', 'emmett-postgres', 'raw-postgres'];
const ROUNDS = Number(process.env.PEERS_ROUNDS ?? 3);
const PG = process.env.PEERS_PG ?? 'postgres://root@127.0.0.1:5432/test';
const log = (message: string) => process.stderr.write(`[bench:peers] ${message}\n`);

async function worker(name: string): Promise<void> {
  const stores = await import('./stores.js');
  const [, kind] = name.split('-') as [string, 'sqlite' | 'postgres'];
  let cleanup = async () => undefined as void;
  let where: string;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(os.tmpdir(), 'akk-peers-'));
    where = join(dir, 'ledger.db');
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = `akk_peers_${randomBytes(5).toString('hex')}`;
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(PG);
    url.pathname = `/${database}`;
    where = url.toString();
    cleanup = () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
  try {
    const store =
      name === 'akkoord-sqlite'
        ? await stores.akkoord(`sqlite:${where}`, 'sqlite')
        : name === 'akkoord-postgres'
          ? await stores.akkoord(where, 'postgres')
          : name === 'emmett-sqlite'
            ? await stores.emmettSqlite(where)
            : name === 'emmett-postgres'
              ? await stores.emmettPostgres(where)
              : name === 'raw-sqlite'
                ? await stores.rawSqlite(where)
                : await stores.rawPostgres(where);
    const figures = await runWorkloads(store, { hot: kind === 'postgres' }).catch((error: Error) => {
      process.stderr.write(`${name} failed: ${error.stack}\n`);
      throw error;
    });
    await store.close();
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    // A peer's pool may keep idle connections past close(); dropping the database ends them, which is no failure.
    process.on('uncaughtException', () => undefined);
  } finally {
    await cleanup();
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function runWorker(name: string): Promise<Figures | string> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, 'worker', name], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Figures);
      else
        resolve(
          `exit ${code}: ${(
            err
              .trim()
              .split('\n')
              .find((l) => /Error/.test(l)) ?? err.trim()
          ).slice(0, 200)}`,
        );
    });
  });
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const k = (n: number) =>
  Number.isNaN(n) ? '–' : n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : Math.round(n).toLocaleString('en');

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  const results = new Map<string, (Figures | string)[]>(STORES.map((s) => [s, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = STORES.map((_s, i) => STORES[(i + round) % STORES.length]);
    for (const name of order) {
      log(`round ${round + 1}/${ROUNDS}: ${name}`);
      const r = await runWorker(name);
      log(`  ${typeof r === 'string' ? `failed: ${r}` : JSON.stringify(r)}`);
      results.get(name)!.push(r);
    }
  }
  const fig = (store: string, key: string) =>
    median(
      results
        .get(store)!
        .flatMap((r) => (typeof r === 'string' || typeof r[key] !== 'number' ? [] : [r[key] as number])),
    );
  const failures = (store: string) => results.get(store)!.filter((r) => typeof r === 'string') as string[];
  const rows: [string, string, string][] = [
    ['SQLite batch append, 200 events per append (ev/s)', 'sqlite', 'batch'],
    ['SQLite single appends, 1 caller (/s)', 'sqlite', 'single1'],
    ['SQLite single appends, 32 callers (/s)', 'sqlite', 'single32'],
    ['PostgreSQL batch append, 200 events per append (ev/s)', 'postgres', 'batch'],
    ['PostgreSQL single appends, 1 caller (/s)', 'postgres', 'single1'],
    ['PostgreSQL single appends, 32 callers (/s)', 'postgres', 'single32'],
    ['PostgreSQL, 32 callers on one stream (OCC successes/s)', 'postgres', 'hot'],
    ['SQLite stream read, 1,000 events (ev/s)', 'sqlite', 'readStream'],
    ['SQLite readAll (ev/s)', 'sqlite', 'readAll'],
    ['PostgreSQL stream read, 1,000 events (ev/s)', 'postgres', 'readStream'],
    ['PostgreSQL readAll (ev/s)', 'postgres', 'readAll'],
  ];
  const errorsOf = (store: string, key: string) =>
    results.get(store)!.reduce((n, r) => n + (typeof r === 'string' ? 0 : Number(r[`${key}Errors`] ?? 0)), 0);
  const lines = ['| workload | Akkoord | Emmett | ratio | raw driver |', '| --- | --- | --- | --- | --- |'];
  for (const [label, kind, key] of rows) {
    const a = fig(`akkoord-${kind}`, key);
    const e = fig(`emmett-${kind}`, key);
    const raw = fig(`raw-${kind}`, key);
    const errs = (s: string) =>
      key.startsWith('single') && errorsOf(s, key) > 0 ? ` (${errorsOf(s, key)} errors)` : '';
    const ratio = Number.isNaN(a) || Number.isNaN(e) || e === 0 ? '–' : `${(a / e).toFixed(2)}×`;
    lines.push(
      `| ${label} | ${k(a)}${errs(`akkoord-${kind}`)} | ${k(e)}${errs(`emmett-${kind}`)} | ${ratio} | ${k(raw)} |`,
    );
  }
  const notes = STORES.flatMap((s) => {
    const first = results.get(s)!.find((r) => typeof r !== 'string') as Figures | undefined;
    const capped = results.get(s)!.flatMap((r) =>
      typeof r === 'string'
        ? []
        : Object.entries(r)
            .filter(([key]) => key.endsWith('Note'))
            .map(([, v]) => String(v)),
    );
    return [
      `- ${s}: ${first ? first.durability : 'no successful round'}${failures(s).length ? `; failed rounds: ${failures(s).join('; ')}` : ''}${capped.length ? `; notes: ${capped.join('; ')}` : ''}`,
    ];
  });
  const table = lines.join('\n');
  console.log(table);
  const end = os.loadavg()[0];
  writeSection(
    '## Side by side with Emmett (npm run bench:peers)',
    [
      `${machineLine()} Akkoord ${process.env.npm_package_version ?? '0.1.0'} (this tree), Emmett 0.42.0 (emmett-sqlite 0.42.4, emmett-postgresql 0.42.0, sqlite3 built from source), better-sqlite3 and pg as in package-lock.json; PostgreSQL ${await serverVersion()}. Load average ${load.toFixed(2)} (1 min) at the start, ${end.toFixed(2)} at the end: other sessions shared the two cores.`,
      '',
      `Medians of ${ROUNDS} interleaved rounds; each store in its own process on a fresh database.`,
      '',
      table,
      '',
      'Durability read back from each database:',
      '',
      ...notes,
    ].join('\n'),
  );
}

async function serverVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: PG });
  try {
    await client.connect();
    return (await client.query('SHOW server_version')).rows[0].server_version;
  } catch {
    return 'unreachable';
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (process.argv[2] === 'worker') {
  worker(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
