import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord events` — not built yet. */
export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord events is not built yet.');
    });
}
