import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord tokens` — not built yet. */
export function registerTokens(program: Command): void {
  program
    .command('tokens')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord tokens is not built yet.');
    });
}
