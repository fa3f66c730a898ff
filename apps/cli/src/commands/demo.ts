import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord demo` — not built yet. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord demo is not built yet.');
    });
}
