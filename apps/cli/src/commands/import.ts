import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { AccessTokens, ROLES } from '@akkoord/application';
import {
  ActingForRefused,
  csvTemplate,
  FileChanged,
  formatProblem,
  importFile,
  prepareImport,
  xlsxTemplate,
  IMPORT_KINDS,
  importKinds,
  isImportKind,
  MAX_IMPORT_BYTES,
  NUMBER_LOCALES,
  UnreadableFile,
  type HeaderLanguage,
  type ImportKind,
  type ImportOutcome,
  type NumberLocale,
} from '@akkoord/exchange';
import type { Actor } from '@akkoord/event-store';
import { CheckFailed, UsageError } from '../cli-errors.js';
import { cliConfig, ONE_PASS_CACHE_KIB, openStore } from '../context.js';
import { keepingHeap } from '../heap-keeper.js';
import { notarise } from '../notarise.js';
import { startExchangeProgress } from './exchange-progress.js';

interface ImportOptions {
  dryRun?: boolean;
  template?: string;
  format?: string;
  headers?: string;
  locale?: string;
  tokenFile?: string;
  asUser?: string;
  organisation?: string;
  role?: string;
  region: string[];
}

/** `akkoord import`: activities, commitments or status reports from a CSV or XLSX file, all rows or none. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .summary('import activities, commitments or status reports from CSV or XLSX (all rows or none)')
    .description(
      'Imports a CSV (UTF-8) or XLSX file: one row = one command (PlanActivity, CommitPartner or ReportStatus). ' +
        'The whole file is checked first, every row against the ledger as it is now; if any row is wrong, each is ' +
        'reported as "row N, column C: reason" and nothing is appended (exit 2). Then the rows are appended in ' +
        'batches. The file is read row by row, never held whole; progress goes to stderr (a bar on a terminal). ' +
        'Importing the same file again appends nothing.',
    )
    .argument('[kind]', IMPORT_KINDS.join(' | '))
    .argument('[file]', `a .csv (UTF-8; comma, semicolon or tab) or .xlsx file, at most ${MAX_IMPORT_BYTES >> 20} MB`)
    .option('--dry-run', 'check every row against the ledger and report; append nothing (bad rows: exit 1)')
    .option('--template <kind>', 'write an empty template for a kind to stdout instead of importing')
    .option('--format <format>', 'template format: xlsx or csv', 'xlsx')
    .option('--headers <language>', 'template headers: nl (Dutch words) or en (English codes)', 'nl')
    .option(
      '--locale <locale>',
      'how the file writes numbers: nl (1.250,50) or en (1,250.50); needed when it is unclear',
    )
    .option('--token-file <file>', 'a file holding your access token (default: $AKKOORD_TOKEN)')
    .option('--as-user <id>', 'programme-office tokens only: import for this user (recorded as importedBy you)')
    .option('--organisation <id>', 'programme-office tokens only, with --as-user: the organisation acted for')
    .option('--role <role>', `programme-office tokens only, with --as-user: the role acted in: ${ROLES.join(', ')}`)
    .option('--region <id>', 'with --role region_coordinator: a region it coordinates (repeatable)', collect, [])
    .addHelpText('after', columnsHelp())
    .action(async (kind: string | undefined, file: string | undefined, options: ImportOptions, command: Command) => {
      if (options.template !== undefined) {
        if (kind !== undefined) throw new UsageError('--template writes a template; give no kind or file beside it.');
        await writeTemplate(options);
        return;
      }
      if (kind === undefined || file === undefined) {
        throw new UsageError(`Give a kind (${IMPORT_KINDS.join(', ')}) and a file, or --template <kind>.`);
      }
      const importKind = kindOf(kind);
      if (options.role !== undefined && !(ROLES as readonly string[]).includes(options.role)) {
        throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
      }
      if (options.locale !== undefined && !(NUMBER_LOCALES as readonly string[]).includes(options.locale)) {
        throw new UsageError('--locale must be nl (1.250,50) or en (1,250.50).');
      }
      const token = await tokenOf(options);
      const prepared = await prepareImport({
        kind: importKind,
        file: { path: file },
        dryRun: options.dryRun === true,
        locale: options.locale as NumberLocale | undefined,
        progress: keepingHeap(startExchangeProgress),
      }).catch((error: unknown) => {
        throw error instanceof UnreadableFile ? new UsageError(error.message) : error;
      });
      const config = cliConfig(command);
      const store = await openStore(config, { cacheKib: ONE_PASS_CACHE_KIB });
      let outcome: ImportOutcome;
      try {
        const actor = await new AccessTokens(store, config.adminToken, store.vault).authenticate(token);
        if (actor === undefined) {
          throw new UsageError('The token is not known to this ledger; ask the programme office for one.');
        }
        outcome = await importFile(store, prepared, whoOf(actor, options)).catch((error: unknown) => {
          if (error instanceof ActingForRefused || error instanceof FileChanged) throw new UsageError(error.message);
          throw error;
        });
      } finally {
        await store.close();
      }
      if (prepared.table.encoding === 'windows-1252') {
        process.stderr.write(`${basename(file)} is not UTF-8; it was read as Windows-1252 (Excel's “CSV”).\n`);
      }
      report(importKind, basename(file), outcome, options.dryRun === true);
      // as the server does: the new events are folded into the Merkle tree under a signed head
      if (outcome.eventsAppended > 0) await notarise(config, (line) => process.stderr.write(`${line}\n`));
    });
}

/** The import's token: --token-file, else $AKKOORD_TOKEN. Imports are recorded under the person who does them. */
async function tokenOf(options: ImportOptions): Promise<string> {
  if (options.tokenFile !== undefined) {
    const text = await readFile(options.tokenFile, 'utf8').catch(() => {
      throw new UsageError(`Cannot read the token file ${options.tokenFile}.`);
    });
    const token = text.trim();
    if (token === '') throw new UsageError(`The token file ${options.tokenFile} is empty.`);
    return token;
  }
  const token = process.env.AKKOORD_TOKEN?.trim();
  if (!token) {
    throw new UsageError(
      'An import is recorded under the person who does it: give your access token in AKKOORD_TOKEN or with ' +
        '--token-file FILE (the programme office issues tokens: akkoord tokens create).',
    );
  }
  return token;
}

function whoOf(token: Actor, options: ImportOptions) {
  return {
    token,
    asUser: options.asUser,
    organisationId: options.organisation,
    role: options.role,
    regionIds: options.region.length > 0 ? options.region : undefined,
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function kindOf(kind: string): ImportKind {
  if (!isImportKind(kind)) throw new UsageError(`${kind} is not something to import; use ${IMPORT_KINDS.join(', ')}.`);
  return importKinds[kind];
}

function report(kind: ImportKind, name: string, outcome: ImportOutcome, dryRun: boolean): void {
  const { rows, fresh, alreadyImported, problems } = outcome;
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
    const badRows = new Set(problems.map((p) => p.row)).size;
    const what = `${name} has ${badRows} bad row${badRows === 1 ? '' : 's'} (${problems.length} problem${problems.length === 1 ? '' : 's'})`;
    if (dryRun) throw new CheckFailed(`${what}; nothing was appended (--dry-run).`);
    throw new UsageError(`${what}; nothing was imported, the ledger is unchanged.`);
  }
  const counts = `${rows} row${rows === 1 ? '' : 's'}, ${fresh} new, ${alreadyImported} already imported`;
  if (dryRun) {
    console.log(`Checked ${name} (${kind.name}): ${counts}; every row is valid.`);
    console.log('Nothing appended (--dry-run).');
    return;
  }
  console.log(`Imported ${name} (${kind.name}): ${counts}.`);
  if (outcome.eventsAppended === 0) {
    console.log(`Nothing appended; the ledger's head stays at position ${outcome.headPosition}.`);
  } else {
    const { eventsAppended: n, firstPosition, lastPosition } = outcome;
    const where =
      firstPosition === lastPosition ? `position ${firstPosition}` : `positions ${firstPosition}–${lastPosition}`;
    console.log(`Appended ${n} event${n === 1 ? '' : 's'} at ${where}.`);
  }
}

async function writeTemplate(options: ImportOptions): Promise<void> {
  const kind = kindOf(options.template!);
  const language = options.headers;
  if (language !== 'nl' && language !== 'en') throw new UsageError('--headers must be nl or en.');
  if (options.format === 'csv') {
    process.stdout.write(csvTemplate(kind, language as HeaderLanguage));
    return;
  }
  if (options.format !== 'xlsx') throw new UsageError('--format must be xlsx or csv for a template.');
  if (process.stdout.isTTY) {
    throw new UsageError(
      `The template is a workbook: send it to a file, e.g. akkoord import --template ${kind.name} > ${kind.dutch}.xlsx`,
    );
  }
  const workbook = await xlsxTemplate(kind, language as HeaderLanguage);
  await new Promise<void>((resolve, reject) => process.stdout.write(workbook, (e) => (e ? reject(e) : resolve())));
}

/** The column sets, for --help. */
function columnsHelp(): string {
  const lines = ['', 'Columns (header: the Dutch word or the English code; * required):'];
  for (const kind of Object.values(importKinds)) {
    lines.push(`  ${kind.name}:`);
    for (const column of kind.columns) {
      const mark = column.required && !column.grouped ? '*' : ' ';
      const name = `${column.dutch} | ${column.key}`;
      lines.push(`   ${mark} ${name.padEnd(34)} ${column.en}`);
    }
    if (kind.group !== undefined) {
      const grouped = kind.columns.filter((c) => c.grouped).map((c) => c.dutch);
      lines.push(
        `     more than one ${kind.group.en}: numbered columns (${grouped.map((c) => `${c} 2`).join(', ')}, …)`,
      );
    }
  }
  lines.push(
    '',
    'Dates 2022-03-31, 31-03-2022, 31/03/2022, 31-3-2022, date cells or Excel serial numbers (never month first);',
    'periods 2021-Q1, 2021 K1, Q1 2021 or 2021-03. Numbers: 1250, 2,5; a file that writes 1.250 or 1,250 needs',
    '--locale nl (1.250,50) or --locale en (1,250.50) unless other values in it show the convention.',
    'The import acts with your token (AKKOORD_TOKEN or --token-file): its roles and regions decide what it may do,',
    'and every event records you as its actor. A programme-office token imports commitments as a representative of',
    'each row’s partner, and may act for someone else with --as-user (both recorded with importedBy: you).',
    '',
    'Examples:',
    '  akkoord import --template activities > activiteiten.xlsx',
    '  AKKOORD_TOKEN=akk_… akkoord import activities activiteiten.xlsx --dry-run',
    '  akkoord import status-reports rapportages-2021-q1.csv --locale nl --token-file ~/.akkoord-token',
  );
  return lines.join('\n');
}
