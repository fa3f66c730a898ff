import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord export` — not built yet. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord export is not built yet.');
    });
}
