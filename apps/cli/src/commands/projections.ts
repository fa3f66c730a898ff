import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord projections` — not built yet. */
export function registerProjections(program: Command): void {
  program
    .command('projections')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord projections is not built yet.');
    });
}
