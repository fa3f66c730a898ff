import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord import` — not built yet. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord import is not built yet.');
    });
}
