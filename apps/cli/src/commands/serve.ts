import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord serve` — not built yet. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord serve is not built yet.');
    });
}
