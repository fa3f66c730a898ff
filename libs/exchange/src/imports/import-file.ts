/**
 * An import, all or nothing: read the file, parse and validate every row, decide every row's command against the
 * ledger without appending, and only when no row is wrong, run the commands through the CommandRunner. Each row's
 * command id derives from its content, so importing the same file again appends nothing.
 */
import { commandIdFor } from '@akkoord/application';
import type { EventStore } from '@akkoord/event-store';
import type { NumberLocale } from '../cells/numbers.js';
import { noProgress, type ProgressFactory } from '../progress.js';
import { openTable, type OpenedTable, type Table } from '../read/read-table.js';
import { appendInBatches } from './append-batches.js';
import { CheckedRows, FileChanged } from './checked-rows.js';
import type { ImportKind } from './import-kinds.js';
import { planner, type ImportActor, type PlannedRow } from './import-actor.js';
import { LedgerChecker } from './ledger-check.js';
import {
  conventionScan,
  resolveHeaders,
  rowParser,
  type Columns,
  type Conventions,
  type Problem,
} from './parse-rows.js';

export interface ImportRequest {
  kind: ImportKind;
  /** A file to read, or the bytes of an upload with its name. */
  file: { path: string } | { bytes: Buffer; name: string };
  dryRun: boolean;
  /** The file's number convention, when the person says it; otherwise the file must show it or need none. */
  locale?: NumberLocale;
  /** How a refusal names the way to give the locale (default `--locale nl of en`). */
  localeHint?: string;
  progress?: ProgressFactory;
}

export interface ImportOutcome {
  /** Rows that hold something (empty rows are not counted). */
  rows: number;
  problems: Problem[];
  /** Rows new to the ledger (appended, or with --dry-run, that would be). */
  fresh: number;
  alreadyImported: number;
  eventsAppended: number;
  firstPosition?: number;
  lastPosition?: number;
  headPosition: number;
}

/**
 * A file opened and read once through, before the ledger is opened (an unreadable file never opens, let alone
 * creates, one): its header resolved and its conventions (numbers, dates) found over every row. Its rows are read
 * again, one at a time, by `importFile`.
 */
export interface PreparedImport {
  request: ImportRequest;
  /** How the file was read (format, encoding). */
  table: Pick<Table, 'format' | 'encoding'>;
  source: OpenedTable;
  columns: Columns;
  conventions: Conventions;
  /** Problems with the header: no row is parsed when there are any. */
  headerProblems: Problem[];
  /** Rows below the header, empty ones included. */
  rowsRead: number;
  /** SHA-256 of the file: the import's correlation id derives from it. */
  fileHash: string;
}

/** Opens the file and reads it through once (throws `UnreadableFile`), before any ledger is opened. */
export async function prepareImport(request: ImportRequest): Promise<PreparedImport> {
  const source = await openTable(request.file);
  const { columns, problems } = resolveHeaders(request.kind, source.headers, source.headerRow);
  const scan = conventionScan(columns, { locale: request.locale, localeHint: request.localeHint });
  let rowsRead = 0;
  if (problems.length === 0) {
    const progress = (request.progress ?? noProgress)('read', 0);
    for await (const row of source.rows()) {
      scan.see(row);
      rowsRead += 1;
      if (rowsRead % 1000 === 0) progress.tick(1000);
    }
    progress.tick(rowsRead % 1000);
    progress.stop();
  }
  return {
    request,
    table: { format: source.format, encoding: source.encoding },
    source,
    columns,
    conventions: scan.result(),
    headerProblems: problems,
    rowsRead,
    fileHash: source.sha256,
  };
}

/**
 * Parses every row and checks it against the ledger as `who`, reading the file row by row and keeping only which
 * rows are fresh (throws `ActingForRefused` when a token that is not the programme office's asks to act for someone
 * else); then, when no row is wrong, reads the file again and appends the fresh rows in batches: all rows or none.
 */
export async function importFile(
  store: EventStore,
  prepared: PreparedImport,
  who: ImportActor,
): Promise<ImportOutcome> {
  const { request } = prepared;
  const outcome: ImportOutcome = {
    rows: 0,
    problems: prepared.headerProblems,
    fresh: 0,
    alreadyImported: 0,
    eventsAppended: 0,
    headPosition: await store.headPosition(),
  };
  if (prepared.headerProblems.length > 0) return outcome;
  const checked = await checkRows(store, prepared, who);
  outcome.rows = checked.rowCount;
  outcome.fresh = checked.fresh.length;
  outcome.alreadyImported = checked.already;
  outcome.problems = checked.problems;
  if (outcome.problems.length > 0 || request.dryRun || checked.fresh.length === 0) return outcome;

  const correlationId = commandIdFor('import-file', prepared.fileHash);
  const appending = (request.progress ?? noProgress)('append', checked.fresh.length);
  try {
    const appended = await appendInBatches(store, freshRows(prepared, who, checked.fresh), correlationId, appending);
    outcome.eventsAppended = appended.events;
    outcome.firstPosition = appended.firstPosition;
    outcome.lastPosition = appended.lastPosition;
  } finally {
    appending.stop();
  }
  outcome.headPosition = await store.headPosition();
  return outcome;
}

/** Every row parsed and checked in file order; what is kept of the fresh rows is their number and content hash. */
async function checkRows(store: EventStore, prepared: PreparedImport, who: ImportActor) {
  const { request, source, columns } = prepared;
  const parser = rowParser(request.kind, columns, prepared.conventions);
  const plan = planner(request.kind, who);
  const checker = new LedgerChecker(store, request.kind, columns);
  const fresh = new CheckedRows();
  const problems: Problem[] = [];
  let already = 0;
  const checking = (request.progress ?? noProgress)(`check ${request.kind.name}`, prepared.rowsRead);
  let seen = 0;
  for await (const row of source.rows()) {
    if (++seen % 500 === 0) checking.tick(500);
    const parsed = parser.take(row);
    if (parsed === undefined) continue;
    const planned = plan(parsed.row, parsed.command);
    const outcome = await checker.check(planned);
    if (outcome === 'fresh') fresh.add(planned.row, planned.contentHash);
    else if (outcome === 'already') already += 1;
    else problems.push(outcome);
  }
  checking.tick(seen % 500);
  checking.stop();
  parser.finish(source.headerRow);
  problems.push(...parser.problems);
  return { rowCount: parser.rowCount, fresh, already, problems: problems.sort((a, b) => a.row - b.row) };
}

/** The fresh rows, read from the file again, each one the row that was checked. */
async function* freshRows(prepared: PreparedImport, who: ImportActor, fresh: CheckedRows): AsyncGenerator<PlannedRow> {
  const { request, source, columns } = prepared;
  const parser = rowParser(request.kind, columns, prepared.conventions);
  const plan = planner(request.kind, who);
  for await (const row of source.rows()) {
    const parsed = parser.take(row);
    if (parsed === undefined) continue;
    const planned = plan(parsed.row, parsed.command);
    if (fresh.take(planned.row, planned.contentHash)) yield planned;
  }
  if (!fresh.complete) throw new FileChanged(prepared.rowsRead + 1);
}
