/**
 * `npm run bench:exchange`: the real binary on temp SQLite ledgers, each run timed with its peak RSS (VmHWM):
 * - an import of N commitment rows (default 100,000; AKKOORD_BENCH_ROWS) as Dutch Excel writes them (CSV, `;`,
 *   decimal comma), on `akkoord demo --scale 1`;
 * - exports of a ledger of E events (default 1,000,000; AKKOORD_BENCH_EVENTS) from the synthetic generator: the
 *   events and the audit trail as CSV, CSV for Dutch Excel, XLSX and Parquet (the events also as NDJSON).
 * Figures go into docs/benchmarks.md's exchange section with the machine and the load.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { machineLine, writeSection } from './bench-docs.js';
import { loadNow, row, run } from './exchange-run.js';
import { appendLedger, generateLedger } from './ledger-generator.js';

const ROWS = Number(process.env.AKKOORD_BENCH_ROWS ?? 100_000);
const EVENTS = Number(process.env.AKKOORD_BENCH_EVENTS ?? 1_000_000);
const log = (line: string) => process.stderr.write(`[bench:exchange] ${line}\n`);

async function importRows(dir: string, results: string[]): Promise<void> {
  const store = ['--store', `sqlite:${join(dir, 'import.db')}`];
  await run([...store, 'demo', '--scale', '1']);
  const open = (await run([...store, 'export', 'activities', '--format', 'ndjson'])).stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; leadPartnerId: string; closed: boolean })
    .filter((a) => !a.closed);
  const lines = ['activiteit;toezegging;partner;soort;omvang;eenheid'];
  for (let i = 0; i < ROWS; i++) {
    const { id, leadPartnerId } = open[i % open.length];
    lines.push(`${id};bench-${i};${leadPartnerId};budget;${1000 + (i % 5000)},50;EUR`);
  }
  const file = join(dir, 'toezeggingen.csv');
  writeFileSync(file, lines.join('\r\n'));
  log(`importing ${ROWS} rows (${(statSync(file).size / 2 ** 20).toFixed(1)} MB)`);
  const imported = await run([...store, 'import', 'commitments', file, '--locale', 'nl']);
  if (!imported.stdout.includes(`${ROWS} new`))
    throw new Error(`the import did not append every row: ${imported.stdout}`);
  results.push(
    row(`import ${ROWS.toLocaleString('en')} commitment rows (CSV, nl) on ${open.length} activities`, ROWS, imported),
  );
}

async function exportLedger(dir: string, results: string[]): Promise<string> {
  const url = `sqlite:${join(dir, 'ledger.db')}`;
  const store = ['--store', url];
  log(`writing a ${EVENTS}-event ledger`);
  const started = performance.now();
  const ledger = generateLedger({ events: EVENTS });
  await appendLedger(url, ledger, { onProgress: (n) => log(`  ${n} events`) });
  const built = `the ${EVENTS.toLocaleString('en')}-event ledger was written in ${((performance.now() - started) / 1000).toFixed(0)} s`;
  const caughtUp = await run([...store, 'projections', 'catch-up']);
  results.push(row(`catch up the read models (before the exports)`, EVENTS, caughtUp));
  // the first XLSX export folds the ledger into the notary's tree and signs a head at its position
  const signed = await run([
    ...store,
    'export',
    'audit',
    '--user',
    'nobody',
    '--format',
    'xlsx',
    '--out',
    join(dir, 'x.xlsx'),
  ]);
  results.push(row('fold the notary tree and sign a head (first XLSX export, no rows)', EVENTS, signed));
  const exports: [string, string[]][] = [
    ['events as CSV', ['events', '--format', 'csv']],
    ['events as CSV for Dutch Excel', ['events', '--format', 'csv', '--dialect', 'excel-nl']],
    ['events as XLSX', ['events', '--format', 'xlsx']],
    ['events as Parquet', ['events', '--format', 'parquet']],
    ['events as NDJSON', ['events', '--format', 'ndjson']],
    ['audit as CSV', ['audit', '--format', 'csv']],
    ['audit as CSV for Dutch Excel', ['audit', '--format', 'csv', '--dialect', 'excel-nl']],
    ['audit as XLSX', ['audit', '--format', 'xlsx']],
    ['audit as Parquet', ['audit', '--format', 'parquet']],
  ];
  for (const [what, args] of exports) {
    const out = join(dir, `out.${args[2]}`);
    log(`export ${what}`);
    const exported = await run([...store, 'export', ...args, '--out', out]);
    const rows = Number(/Exported (\d+) rows/.exec(exported.stdout)?.[1] ?? 0);
    const size = (statSync(out).size / 2 ** 20).toFixed(0);
    results.push(
      row(
        `export ${rows.toLocaleString('en')} ${what} (${size} MB; ${exported.progressLines} progress lines)`,
        rows,
        exported,
      ),
    );
    rmSync(out, { force: true });
  }
  return built;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'akkoord-bench-exchange-'));
  const results: string[] = [];
  const loadBefore = loadNow();
  try {
    await importRows(dir, results);
    const built = await exportLedger(dir, results);
    const body = [
      machineLine(),
      `Load average (1, 5, 15 min) at the start: ${loadBefore}; the machine is shared with other sessions, so each row`,
      `gives the load when it started. The import runs on \`akkoord demo --scale 1\`; the exports on a ledger from the`,
      `synthetic generator (test/bench/ledger-generator.ts; ${built}). Times include the process start and, for the`,
      'import, signing a tree head over what it appended. Peak RSS is the process’s VmHWM.',
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
