import type { Command } from 'commander';
import { DEFAULT_SEED, LedgerNotEmpty, writeDemo, type DemoProgress } from '@akkoord/demo';
import { UsageError } from '../cli-errors.js';
import { notarise } from '../notarise.js';
import { cliConfig } from '../context.js';
import { positiveInteger } from '../options.js';
import { formatSeconds, startProgress, type Progress } from '../progress.js';

interface DemoOptions {
  scale: number;
  seed: string;
}

/** `akkoord demo`: Perspectief op Werk 2019–2021 as a ledger, through the real commands. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Write the Perspectief op Werk demo (2019–2021: 35 regions, their partners, 414 activities, agreements, ' +
        'quarterly reports and borging) into an empty ledger, through the real commands',
    )
    .option('--scale <n>', 'write n copies (the ids of copy k > 1 end in -k), e.g. for benchmarks', positiveInteger, 1)
    .option('--seed <seed>', 'seed of the pseudo-random choices: the same seed gives the same ledger', DEFAULT_SEED)
    .addHelpText(
      'after',
      `
Every event goes through the command runner, with its rules and permissions, as the programme office, the
regions' coordinators or the partners' representatives; the store's clock is simulated, so recordedAt runs from
July 2019 to March 2022. The monitor of the result for 2020-Q4 is seed 004's table (49% / 44% / 7%).
The ledger must be empty.

Examples:
  $ akkoord demo                                  into ./data/ledger.db (or $AKKOORD_STORE)
  $ akkoord --store sqlite:/tmp/pow.db demo       into another ledger file
  $ akkoord --store sqlite:/tmp/big.db demo --scale 120
                                                  about a million events, for benchmarks
  $ akkoord demo --seed another-history           another, equally plausible, history`,
    )
    .action(async (options: DemoOptions, command: Command) => {
      const config = cliConfig(command);
      let progress: Progress | undefined;
      const onProgress = (p: DemoProgress) => {
        progress ??= startProgress(`demo${options.scale > 1 ? ` ×${options.scale}` : ''}`, p.totalEvents);
        progress.update(p.events, p.totalEvents);
      };
      try {
        const result = await writeDemo(config.storeUrl, { scale: options.scale, seed: options.seed, onProgress });
        progress?.stop();
        console.log(
          `Wrote the Perspectief op Werk demo: ${result.events} events (${result.commands} commands; ` +
            `${result.activities} activities in ${result.regions} regions, ${result.partners} partners, ` +
            `${result.agreements} agreements) in ${formatSeconds(result.milliseconds / 1000)}, ` +
            `${result.eventsPerSecond} events/s.`,
        );
        const treeSize = await notarise(config, (line) => console.error(line));
        console.log(`Signed a tree head over ${treeSize} events (akkoord verify checks it).`);
      } catch (error) {
        progress?.stop();
        if (error instanceof LedgerNotEmpty) {
          throw new UsageError(
            `The ledger is not empty (${error.headPosition} events); akkoord demo only writes into an empty ledger.`,
          );
        }
        throw error;
      }
    });
}
