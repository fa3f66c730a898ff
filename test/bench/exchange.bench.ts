/**
 * `npm run bench:exchange`: the real binary on a temp SQLite ledger (`akkoord demo --scale S`, default 1): an import
 * of N commitment rows (default 100,000; AKKOORD_BENCH_ROWS) and exports of the whole log as Parquet, CSV and NDJSON,
 * each timed, with the child's peak RSS (VmHWM). Figures go into docs/benchmarks.md with the machine and load.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { machineLine, writeSection } from './bench-docs.js';

const MAIN = resolve('dist/apps/cli/src/main.js');
const ROWS = Number(process.env.AKKOORD_BENCH_ROWS ?? 100_000);
const SCALE = Number(process.env.AKKOORD_BENCH_SCALE ?? 1);
const TOKEN = 'bench-exchange-office-token-0123456789';

interface Measured {
  seconds: number;
  peakMb: number;
  stdout: string;
}

/** Runs the binary, polling its VmHWM (peak resident set) until it exits. */
function run(args: string[]): Promise<Measured> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, AKKOORD_ADMIN_TOKEN: TOKEN, AKKOORD_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let peak = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // exited between polls
      }
    }, 20);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) fail(new Error(`akkoord ${args.join(' ')} exited ${code}`));
      else done({ seconds: (performance.now() - started) / 1000, peakMb: Math.round(peak / 1024), stdout });
    });
  });
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'akkoord-bench-exchange-'));
  const store = ['--store', `sqlite:${join(dir, 'ledger.db')}`];
  try {
    await run([...store, 'demo', '--scale', String(SCALE)]);
    const open = (await run([...store, 'export', 'activities', '--format', 'ndjson'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; leadPartnerId: string; closed: boolean })
      .filter((a) => !a.closed);
    const activities = open.map((a) => [a.id, a.leadPartnerId]);
    const lines = ['activiteit;toezegging;partner;soort;omvang;eenheid'];
    for (let i = 0; i < ROWS; i++) {
      const [id, lead] = activities[i % activities.length];
      lines.push(`${id};bench-${i};${lead};budget;${1000 + (i % 5000)},50;EUR`);
    }
    const file = join(dir, 'toezeggingen.csv');
    writeFileSync(file, lines.join('\n'));
    const results: string[] = [];
    const loadBefore = load();
    const imported = await run([...store, 'import', 'commitments', file, '--locale', 'nl']);
    results.push(
      `| import ${ROWS} commitment rows (CSV, nl) | ${imported.seconds.toFixed(1)} s | ${Math.round(ROWS / imported.seconds)} rows/s | ${imported.peakMb} MB | ${loadBefore} |`,
    );
    for (const format of ['parquet', 'csv', 'ndjson']) {
      const loadNow = load();
      const out = join(dir, `events.${format}`);
      const exported = await run([...store, 'export', 'events', '--format', format, '--out', out]);
      const rows = Number(/Exported (\d+) rows/.exec(exported.stdout)?.[1] ?? 0);
      results.push(
        `| export ${rows} events as ${format} | ${exported.seconds.toFixed(1)} s | ${Math.round(rows / exported.seconds)} rows/s | ${exported.peakMb} MB | ${loadNow} |`,
      );
    }
    const body = [
      machineLine(),
      `Ledger: \`akkoord demo --scale ${SCALE}\` plus the imported rows; times include the process start and, for the import, signing a tree head.`,
      '',
      '| what | time | rate | peak RSS | load (1, 5, 15 min) at start |',
      '| --- | --- | --- | --- | --- |',
      ...results,
    ].join('\n');
    console.log(body);
    writeSection('## Exchange (`npm run bench:exchange`)', body);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
