import type { Command } from 'commander';
import type { ProjectionRunner } from '@akkoord/projections';
import { UsageError } from '../cli-errors.js';
import { cliConfig, openLedger } from '../context.js';
import { formatSeconds, startProgress } from '../progress.js';

/** `akkoord projections status | rebuild | catch-up`: the read models and how far they are behind the log. */
export function registerProjections(program: Command): void {
  const projections = program
    .command('projections')
    .description('Inspect, catch up and rebuild the read models (projections) of the ledger')
    .addHelpText(
      'after',
      `
Examples:
  $ akkoord projections status
  $ akkoord projections catch-up
  $ akkoord projections rebuild                     every read model, from position 1
  $ akkoord projections rebuild activity_status     only the named ones`,
    );

  projections
    .command('status')
    .description('Show each read model: its code version, the position it has applied, the head of the log, the lag')
    .option('--json', 'print JSON instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ akkoord projections status
  $ akkoord --store sqlite:/tmp/pow.db projections status --json`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const ledger = await openLedger(cliConfig(command));
      try {
        const rows = await ledger.read.runner.status();
        if (options.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        console.log(
          table(
            ['name', 'version', 'position', 'head', 'lag'],
            rows.map((r) => [r.name, r.version, r.position, r.headPosition, r.lag]),
          ),
        );
      } finally {
        await ledger.close();
      }
    });

  projections
    .command('rebuild')
    .argument('[names...]', 'the read models to rebuild (default: all)')
    .description('Drop read models and replay the whole log into them, showing progress (events/s, ETA)')
    .addHelpText(
      'after',
      `
A rebuild drops the read models' tables, resets their checkpoints and applies every event again, in order, in
batches (each batch and its checkpoint in one transaction). Unknown names are refused (exit 2).

Examples:
  $ akkoord projections rebuild
  $ akkoord projections rebuild activity_status monitor`,
    )
    .action(async (names: string[], _options: unknown, command: Command) => {
      const ledger = await openLedger(cliConfig(command));
      try {
        const chosen = chooseProjections(ledger.read.runner, names);
        const head = await ledger.store.headPosition();
        const progress = startProgress(`rebuild ${chosen.join(', ')}`, head);
        await ledger.read.runner.rebuild(chosen, (p) => progress.update(p.position, p.headPosition));
        progress.stop();
        console.log(summary('rebuilt', chosen, head, progress.elapsedSeconds));
      } finally {
        await ledger.close();
      }
    });

  projections
    .command('catch-up')
    .description('Apply every event up to the head of the log to the read models that are behind')
    .addHelpText(
      'after',
      `
The server does this by itself while it runs; this is for a ledger written while no server was running (akkoord
demo, akkoord import).

Examples:
  $ akkoord projections catch-up`,
    )
    .action(async (_options: unknown, command: Command) => {
      const ledger = await openLedger(cliConfig(command));
      try {
        const runner = ledger.read.runner;
        const behind = (await runner.status()).filter((s) => s.lag > 0);
        const from = Math.min(...behind.map((s) => s.position));
        const head = await ledger.store.headPosition();
        const names = behind.map((s) => s.name);
        if (names.length === 0) {
          console.log(`Every read model is at the head (${head}).`);
          return;
        }
        const progress = startProgress(`catch up ${names.join(', ')}`, head - from);
        await runner.catchUp((position) => progress.update(position - from, head - from));
        progress.stop();
        console.log(summary('caught up', names, head - from, progress.elapsedSeconds));
      } finally {
        await ledger.close();
      }
    });
}

function chooseProjections(runner: ProjectionRunner, names: string[]): string[] {
  const known = runner.projections.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `No read model named ${unknown.join(', ')}; the read models are ${known.join(', ')} (see akkoord projections status).`,
    );
  }
  return names.length === 0 ? known : known.filter((n) => names.includes(n));
}

function summary(verb: string, names: string[], events: number, seconds: number): string {
  const rate = Math.round(events / Math.max(seconds, 0.001));
  return `${verb} ${names.join(', ')}: ${events} events in ${formatSeconds(seconds)} (${rate} events/s)`;
}

/** A plain text table: names left-aligned, numbers right-aligned. */
function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const numeric = header.map((_h, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const format = (cells: (string | number)[]) =>
    cells
      .map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}
