import { Option, type Command } from 'commander';
import type { RecordedEvent } from '@akkoord/event-store';
import { cliConfig, openStore, type LedgerStore } from '../context.js';
import { positiveInteger } from '../options.js';

interface TailOptions {
  from?: number;
  limit?: number;
  follow?: boolean;
  format: 'line' | 'json';
}

const DEFAULT_TAIL = 10;
const BATCH = 1000;

/** `akkoord events tail`: the global log, as envelopes (ndjson) or one line per event, optionally live. */
export function registerEvents(program: Command): void {
  const events = program
    .command('events')
    .description("Read the ledger's global log")
    .addHelpText(
      'after',
      `
Examples:
  $ akkoord events tail
  $ akkoord events tail --follow`,
    );

  events
    .command('tail')
    .description('Print events in global order: the latest ones, or from a position; with --follow, live')
    .option(
      '--from <position>',
      'the first global position to print (default: the last --limit events)',
      positiveInteger,
    )
    .option(
      '--limit <n>',
      `how many events: the latest n (default ${DEFAULT_TAIL}); with --from, at most n (default: up to the head)`,
      positiveInteger,
    )
    .option('-f, --follow', 'keep printing events as they are appended, until Ctrl-C (SIGINT)')
    .addOption(
      new Option(
        '--format <format>',
        'json: one envelope per line (ndjson); line: position, recordedAt, type, stream, actor',
      )
        .choices(['line', 'json'])
        .default('line'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ akkoord events tail                               the last ${DEFAULT_TAIL} events
  $ akkoord events tail --limit 50 --follow           the last 50, then new ones as they come
  $ akkoord events tail --from 1 --format json > ledger.ndjson
  $ akkoord events tail --from 1200 --limit 5 --format json | jq .type`,
    )
    .action(async (options: TailOptions, command: Command) => {
      const store = await openStore(cliConfig(command));
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // a closed pipe (| head) ends the tail quietly
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') stop.abort();
      });
      try {
        await tail(store, options, stop.signal);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await store.close();
      }
    });
}

async function tail(store: LedgerStore, options: TailOptions, signal: AbortSignal): Promise<void> {
  const plain = options.format === 'json' ? formatJson : formatLine;
  // personal values are opened for the terminal (or shown as [verwijderd])
  const format = async (event: RecordedEvent) => plain(await store.vault.openDeep(event));
  let from = options.from;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  if (from === undefined) {
    const latest = options.limit ?? DEFAULT_TAIL;
    from = Math.max(1, (await store.headPosition()) - latest + 1);
    // without --from, --limit chooses how far back to start; --follow then goes on for good
    remaining = options.follow ? Number.POSITIVE_INFINITY : latest;
  }
  if (!options.follow) {
    while (remaining > 0 && !signal.aborted) {
      const batch = await store.readAll({ fromPosition: from, limit: Math.min(BATCH, remaining) });
      if (batch.length === 0) return;
      await write((await Promise.all(batch.map(format))).join(''));
      remaining -= batch.length;
      from = batch[batch.length - 1].globalPosition + 1;
    }
    return;
  }
  for await (const event of store.subscribe({ fromPosition: from, batchSize: BATCH, signal })) {
    await write(await format(event));
    if (--remaining <= 0) return;
  }
}

/** Writes and waits for the stream to drain, so a slow reader slows the tail instead of filling memory. */
function write(text: string): Promise<void> {
  const out = process.stdout;
  if (out.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done).off('error', done).off('close', done);
      resolve();
    };
    out.once('drain', done).once('error', done).once('close', done);
  });
}

function formatJson(event: RecordedEvent): string {
  return `${JSON.stringify(event)}\n`;
}

function formatLine(event: RecordedEvent): string {
  const actor = event.metadata.actor;
  const who = actor ? `${actor.userId}@${actor.organisationId}` : '-';
  return `${String(event.globalPosition).padStart(7)}  ${event.metadata.recordedAt}  ${event.type.padEnd(24)}  ${event.streamId}  ${who}\n`;
}
