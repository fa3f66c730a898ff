import type { Command } from 'commander';
import { UsageError } from '../cli-errors.js';

/** `akkoord verify` — not built yet. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('(not built yet)')
    .action(() => {
      throw new UsageError('akkoord verify is not built yet.');
    });
}
