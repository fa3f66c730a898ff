import { rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { AppConfig } from '../../../api/src/index.js';
import { UsageError } from '../cli-errors.js';
import { notarise } from '../notarise.js';
import { cliConfig, ONE_PASS_CACHE_KIB, openLedger, openStore } from '../context.js';
import {
  CSV_DIALECTS,
  EXPORT_FORMATS,
  EXPORT_NAMES,
  ExportParamError,
  isExportName,
  ledgerHeadAt,
  ReadModelMissing,
  streamSink,
  TooManyRows,
  writeDataset,
  type CsvDialect,
  type ExportContext,
  type ExportFormat,
  type ExportParams,
  type ExportSources,
  type Sink,
} from '@akkoord/exchange';
import { openDataset } from '../../../../projections/exports/index.js';
import type { Sql } from '@akkoord/projections';
import { startExchangeProgress } from './exchange-progress.js';

interface ExportOptions {
  format?: string;
  dialect?: string;
  out?: string;
  asOf?: string;
  validAt?: string;
  programme?: string;
  period?: string;
  interval?: string;
  from?: string;
  to?: string;
  region?: string;
  partner?: string;
  category?: string;
  status?: string;
  organisation?: string;
  user?: string;
  stream?: string;
  type?: string;
  fromPosition?: string;
}

/** `akkoord export`: a read model or the raw log as CSV, Parquet or NDJSON, streamed in constant memory. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .summary('export a read model or the events (CSV, XLSX, Parquet, NDJSON)')
    .description(
      'Writes a read model or the raw events to --out or stdout, page by page, in constant memory. XLSX: typed cells, ' +
        'Dutch headers, a frozen header row with filters, and a Toelichting sheet (columns, moment, filters, ledger ' +
        'head). CSV: RFC 4180 with English codes for programs, or --dialect excel-nl for Dutch Excel (";", BOM, ' +
        'Dutch headers, 2,5 and 31-03-2022). Parquet columns are typed: dates DATE, instants TIMESTAMP_MILLIS, counts ' +
        'INT32/INT64. status-reports is a sheet to fill in for the next period and import back.',
    )
    .argument('<name>', EXPORT_NAMES.join(' | '))
    .option(
      '--format <format>',
      'csv | xlsx | parquet | ndjson (default: from --out’s extension, else csv; events: ndjson)',
    )
    .option('--dialect <dialect>', 'csv only: rfc4180 (default; programs) or excel-nl (Dutch Excel)')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--as-of <instant>', 'as the ledger knew it then (ISO 8601 with a zone)')
    .option('--valid-at <date>', 'activities, borging: as it held on that date')
    .option('--programme <id>', 'monitor (required), timeseries, activities, borging')
    .option('--period <period>', 'monitor: 2021-Q1 or 2021-03')
    .option('--interval <interval>', 'timeseries: month or quarter (default quarter)')
    .option('--from <date>', 'timeseries: first day; audit: recorded from (a date or an instant)')
    .option('--to <date>', 'timeseries: last day; audit: recorded until (a date or an instant)')
    .option('--region <id>', 'activities, timeseries, involvement, borging')
    .option('--partner <id>', 'involvement')
    .option('--category <category>', 'activities, timeseries')
    .option('--status <status>', 'activities')
    .option('--organisation <id>', 'audit: the acting organisation')
    .option('--user <id>', 'audit: the acting user')
    .option('--stream <id>', 'audit: one stream, e.g. activity-twente-wsp')
    .option('--type <type>', 'audit: one event type, e.g. PartnerCommitted')
    .option('--from-position <n>', 'events: the first global position')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  akkoord export activities --format xlsx --out activiteiten.xlsx',
        '  akkoord export borging --dialect excel-nl --out borging.csv',
        '  akkoord export status-reports --programme pow --out rapportages.xlsx',
        '  akkoord export activities --format parquet --out activiteiten.parquet',
        '  akkoord export monitor --programme pow --period 2021-Q1 --as-of 2021-04-15T00:00:00Z',
        '  akkoord export timeseries --programme pow --interval month --from 2020-01-01 --to 2021-12-31',
        '  akkoord export events --format parquet --out ledger.parquet',
      ].join('\n'),
    )
    .action(async (name: string, options: ExportOptions, command: Command) => {
      if (!isExportName(name)) throw new UsageError(`${name} is not an export; use ${EXPORT_NAMES.join(', ')}.`);
      const format = formatOf(name, options);
      const dialect = dialectOf(format, options);
      const params = paramsOf(options);
      const toStdout = options.out === undefined || options.out === '-';
      if (toStdout && (format === 'parquet' || format === 'xlsx') && process.stdout.isTTY) {
        throw new UsageError(
          `${format === 'xlsx' ? 'XLSX' : 'Parquet'} is binary: give --out FILE or redirect stdout to a file.`,
        );
      }
      const config = cliConfig(command);
      // the events need no read model; their XLSX Toelichting needs the notary's tree, which lives beside the read models
      const once = { cacheKib: ONE_PASS_CACHE_KIB };
      const ledger =
        name === 'events' && format !== 'xlsx'
          ? {
              store: await openStore(config, once),
              read: undefined,
              close: undefined as (() => Promise<void>) | undefined,
            }
          : await openLedger(config, once);
      const close = ledger.close ?? (() => ledger.store.close());
      try {
        if (ledger.read) await ledger.read.runner.catchUp();
        const sources: ExportSources = {
          store: ledger.store,
          sql: ledger.read?.readStore,
          projections: ledger.read?.runner.projections.map((p) => p.name) ?? [],
          personalData: ledger.store.vault,
        };
        const dataset = await openDataset(name, params, sources).catch((error: unknown) => {
          if (error instanceof ExportParamError) throw new UsageError(inFlags(name, error));
          if (error instanceof ReadModelMissing) throw new UsageError(error.message);
          throw error;
        });
        if (!dataset.formats.includes(format)) {
          throw new UsageError(`The ${name} export comes as ${dataset.formats.join(' or ')}, not ${format}.`);
        }
        const size = await dataset.size?.();
        const progress = size === undefined ? undefined : startExchangeProgress(`export ${name}`, size, name);
        const context = format === 'xlsx' ? await contextOf(params, ledger.store, ledger.read!.readStore, config) : {};
        const rows = await writeTo(options.out, (sink) =>
          writeDataset(dataset, format, sink, { dialect, context, onRows: (n) => progress?.tick(n) }).finally(() =>
            progress?.stop(),
          ),
        ).catch((error: unknown) => {
          throw error instanceof TooManyRows ? new UsageError(`${error.message}.`) : error;
        });
        const where = toStdout ? 'stdout' : options.out;
        const line = `Exported ${rows} row${rows === 1 ? '' : 's'} of ${name} as ${format} to ${where}.`;
        if (toStdout) process.stderr.write(`${line}\n`);
        else console.log(line);
      } finally {
        await close();
      }
    });
}

function formatOf(name: string, options: ExportOptions): ExportFormat {
  const fromName = options.out === undefined ? undefined : extname(options.out).slice(1).toLowerCase();
  const known = (value: string | undefined): value is ExportFormat =>
    (EXPORT_FORMATS as readonly (string | undefined)[]).includes(value);
  const chosen = options.format ?? (known(fromName) ? fromName : name === 'events' ? 'ndjson' : 'csv');
  if (!known(chosen)) throw new UsageError(`--format must be ${EXPORT_FORMATS.join(', ')}, not ${chosen}.`);
  return chosen;
}

function dialectOf(format: ExportFormat, options: ExportOptions): CsvDialect | undefined {
  if (options.dialect === undefined) return undefined;
  if (format !== 'csv') throw new UsageError('--dialect is for --format csv.');
  if (!(CSV_DIALECTS as readonly string[]).includes(options.dialect)) {
    throw new UsageError(`--dialect must be ${CSV_DIALECTS.join(' or ')}.`);
  }
  return options.dialect as CsvDialect;
}

/**
 * What the XLSX Toelichting says: the moment, the filters, and the ledger head the export was taken at (the tree size
 * is the ledger's position now, the root the notary's Merkle root over exactly those events). When no head is signed
 * at that size, one is signed now, as GET /api/ledger/head signs on demand (folding what the tree lacks first).
 */
async function contextOf(
  params: ExportParams,
  store: { headPosition(): Promise<number> },
  sql: Sql,
  config: AppConfig,
): Promise<ExportContext> {
  const { asOf, ...filters } = params;
  const position = await store.headPosition();
  let head = await ledgerHeadAt(sql, position);
  if (head?.signedAt === undefined) {
    await notarise(config, (line) => process.stderr.write(`${line}\n`));
    head = await ledgerHeadAt(sql, position);
  }
  return {
    asOf,
    filters: filters as Record<string, string>,
    position,
    head,
    exportedAt: new Date().toISOString(),
  };
}

const FLAGS: Record<keyof ExportParams, keyof ExportOptions> = {
  asOf: 'asOf',
  validAt: 'validAt',
  programmeId: 'programme',
  period: 'period',
  interval: 'interval',
  from: 'from',
  to: 'to',
  regionId: 'region',
  partnerId: 'partner',
  category: 'category',
  status: 'status',
  organisationId: 'organisation',
  userId: 'user',
  streamId: 'stream',
  type: 'type',
  fromPosition: 'fromPosition',
};

function paramsOf(options: ExportOptions): ExportParams {
  const params: ExportParams = {};
  for (const [param, flag] of Object.entries(FLAGS) as [keyof ExportParams, keyof ExportOptions][]) {
    const value = options[flag];
    if (typeof value === 'string') params[param] = value;
  }
  return params;
}

/** A parameter error in the CLI's words: its flags instead of the API's parameter names. */
function inFlags(name: string, error: ExportParamError): string {
  if (error.accepted !== undefined) {
    return `The ${name} export does not take ${flagOf(error.field)}; it takes ${error.accepted.map(flagOf).join(', ')}.`;
  }
  const message = error.message.startsWith(`${error.field} `)
    ? error.message.slice(error.field.length + 1)
    : `: ${error.message}`;
  return `${flagOf(error.field)} ${message}.`.replace(' :', ':');
}

/** The CLI flag of a parameter, for messages: `programmeId` → `--programme`. */
function flagOf(param: string): string {
  const flag = FLAGS[param as keyof ExportParams] ?? param;
  return `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Runs the writer onto stdout, or onto a file that appears only when the export is complete (a failed export leaves
 * no half-written file behind).
 */
async function writeTo(out: string | undefined, write: (sink: Sink) => Promise<number>): Promise<number> {
  if (out === undefined || out === '-') return write(streamSink(process.stdout, { end: false }));
  const partial = `${out}.partial-${process.pid}`;
  const file = createWriteStream(partial);
  try {
    const rows = await write(streamSink(file, { end: true }));
    await rename(partial, out);
    return rows;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
