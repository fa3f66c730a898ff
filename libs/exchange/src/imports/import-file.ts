/**
 * An import, all or nothing: read the file, parse and validate every row, decide every row's command against the
 * ledger without appending, and only when no row is wrong, run the commands through the CommandRunner. Each row's
 * command id derives from its content, so importing the same file again appends nothing.
 */
import { basename } from 'node:path';
import { CommandRunner, commandIdFor, type CommandResult } from '@akkoord/application';
import type { EventStore } from '@akkoord/event-store';
import type { NumberLocale } from '../cells/numbers.js';
import { noProgress, type ProgressFactory } from '../progress.js';
import { readFileBytes, readTableBytes, type Table } from '../read/read-table.js';
import type { ImportKind } from './import-kinds.js';
import { checkAgainstLedger, plan, sha256, type ImportActor, type PlannedRow } from './ledger-check.js';
import { parseTable, type ParsedTable, type Problem } from './parse-rows.js';

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

/** How many commands run at once; commands on one stream still run in file order (the runner queues them). */
const IN_FLIGHT = 16;

/** A file read and parsed, before the ledger is opened (an unreadable file never opens, let alone creates, one). */
export interface PreparedImport {
  request: ImportRequest;
  /** How the file was read (format, encoding). */
  table: Pick<Table, 'format' | 'encoding'>;
  parsed: ParsedTable;
  /** SHA-256 of the file: the import's correlation id derives from it. */
  fileHash: string;
}

/** Reads and parses the file (throws `UnreadableFile`), before any ledger is opened. */
export async function prepareImport(request: ImportRequest): Promise<PreparedImport> {
  const { file } = request;
  const bytes = 'bytes' in file ? file.bytes : await readFileBytes(file.path);
  const table = await readTableBytes(bytes, 'name' in file ? file.name : basename(file.path));
  const parsed = parseTable(request.kind, table, { locale: request.locale, localeHint: request.localeHint });
  return {
    request,
    table: { format: table.format, encoding: table.encoding },
    parsed,
    fileHash: sha256(bytes),
  };
}

/**
 * Checks every row against the ledger as `who` (throws `ActingForRefused` when a token that is not the programme
 * office's asks to act for someone else), then appends all rows or none.
 */
export async function importFile(
  store: EventStore,
  prepared: PreparedImport,
  who: ImportActor,
): Promise<ImportOutcome> {
  const { request, parsed } = prepared;
  const planned = parsed.rows.map((row) => plan(request.kind, row, who));
  const startProgress = request.progress ?? noProgress;
  const checking = startProgress(`check ${request.kind.name}`, planned.length);
  const check = await checkAgainstLedger(store, request.kind, planned, parsed.columns, () => checking.tick());
  checking.stop();
  const problems = [...parsed.problems, ...check.problems].sort((a, b) => a.row - b.row);
  const outcome: ImportOutcome = {
    rows: parsed.rowCount,
    problems,
    fresh: check.fresh.length,
    alreadyImported: check.already.length,
    eventsAppended: 0,
    headPosition: await store.headPosition(),
  };
  if (problems.length > 0 || request.dryRun || check.fresh.length === 0) return outcome;

  const correlationId = commandIdFor('import-file', prepared.fileHash);
  const results = await appendAll(store, check.fresh, correlationId, startProgress);
  const appended = results.filter((r) => r.globalPosition > outcome.headPosition);
  outcome.eventsAppended = appended.reduce((sum, r) => sum + r.eventIds.length, 0);
  if (appended.length > 0) {
    outcome.firstPosition = Math.min(...appended.map((r) => r.globalPosition - r.eventIds.length + 1));
    outcome.lastPosition = Math.max(...appended.map((r) => r.globalPosition));
  }
  outcome.headPosition = await store.headPosition();
  return outcome;
}

/** The rows could not all be appended: some were, the rest can be appended by running the same import again. */
export class ImportInterrupted extends Error {}

async function appendAll(
  store: EventStore,
  rows: PlannedRow[],
  correlationId: string,
  startProgress: ProgressFactory,
): Promise<CommandResult[]> {
  const runner = new CommandRunner(store);
  const progress = startProgress('append', rows.length);
  const results: CommandResult[] = [];
  let next = 0;
  let failure: { row: PlannedRow; error: Error } | undefined;
  const worker = async () => {
    while (next < rows.length && failure === undefined) {
      const row = rows[next++];
      // run() is called synchronously in file order, so commands on one stream queue in file order
      const running = runner.run({
        command: row.command,
        actor: row.actor,
        commandId: row.commandId,
        correlationId,
        requestHash: row.contentHash,
        ...(row.importedBy !== undefined && { metadata: { importedBy: row.importedBy } }),
      });
      try {
        results.push(await running);
        progress.tick();
      } catch (error) {
        failure ??= { row, error: error as Error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, rows.length) }, worker));
  progress.stop();
  if (failure !== undefined) {
    throw new ImportInterrupted(
      `Row ${failure.row.row} could not be appended (${failure.error.message.replace(/\.$/, '')}); ` +
        `${results.length} of ${rows.length} rows were appended before it stopped. ` +
        'The ledger changed after the check: run the same import again to check and append the rest.',
    );
  }
  return results;
}
