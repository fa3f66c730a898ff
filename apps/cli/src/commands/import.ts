import { basename } from 'node:path';
import type { Command } from 'commander';
import { ROLES } from '@akkoord/application';
import { CheckFailed, UsageError } from '../cli-errors.js';
import { cliConfig, openStore } from '../context.js';
import type { ImportOutcome } from '../exchange/import-file.js';
import { IMPORT_KINDS, importKinds, isImportKind, type ImportKind } from '../exchange/import-kinds.js';
import { formatProblem } from '../exchange/parse-rows.js';
import { MAX_IMPORT_BYTES, UnreadableFile } from '../exchange/read-table.js';
import type { HeaderLanguage } from '../exchange/templates.js';

interface ImportOptions {
  dryRun?: boolean;
  template?: string;
  format?: string;
  headers?: string;
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
        'reported as "row N, column C: reason" and nothing is appended (exit 2). Importing the same file again ' +
        'appends nothing.',
    )
    .argument('[kind]', IMPORT_KINDS.join(' | '))
    .argument('[file]', `a .csv (UTF-8; comma, semicolon or tab) or .xlsx file, at most ${MAX_IMPORT_BYTES >> 20} MB`)
    .option('--dry-run', 'check every row against the ledger and report; append nothing (bad rows: exit 1)')
    .option('--template <kind>', 'write an empty template for a kind to stdout instead of importing')
    .option('--format <format>', 'template format: xlsx or csv', 'xlsx')
    .option('--headers <language>', 'template headers: nl (Dutch words) or en (English codes)', 'nl')
    .option('--as-user <id>', 'the user the commands are recorded for (default: cli-import)')
    .option('--organisation <id>', 'the organisation the import acts for (default: programme-office)')
    .option('--role <role>', `the role it acts in: ${ROLES.join(', ')}`)
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
      // loaded here, not at start-up: the readers and writers are only needed by this command
      const { importFile, prepareImport } = await import('../exchange/import-file.js');
      const prepared = await prepareImport({
        kind: importKind,
        path: file,
        dryRun: options.dryRun === true,
        actor: {
          userId: options.asUser,
          organisationId: options.organisation,
          role: options.role,
          regionIds: options.region,
        },
      }).catch((error: unknown) => {
        throw error instanceof UnreadableFile ? new UsageError(error.message) : error;
      });
      const store = await openStore(cliConfig(command));
      let outcome: ImportOutcome;
      try {
        outcome = await importFile(store, prepared);
      } finally {
        await store.close();
      }
      report(importKind, basename(file), outcome, options.dryRun === true);
    });
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
  const { csvTemplate, xlsxTemplate } = await import('../exchange/templates.js');
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
    'Dates YYYY-MM-DD (or date cells), periods 2021-Q1 or 2021-03, numbers with "." or "," as decimal separator.',
    'Commands run as the programme office (user cli-import); commitments as a partner_representative of each row’s',
    'partner: the CLI works on the ledger file itself and is trusted like the programme office. --as-user,',
    '--organisation and --role override this.',
    '',
    'Examples:',
    '  akkoord import --template activities > activiteiten.xlsx',
    '  akkoord import activities activiteiten.xlsx --dry-run',
    '  akkoord import status-reports rapportages-2021-q1.csv',
  );
  return lines.join('\n');
}
