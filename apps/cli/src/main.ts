#!/usr/bin/env node
/**
 * `akkoord`: the command line. The same libraries as the API (store, command runner, read models, notary), no HTTP
 * in between. Exit codes: 0 ok; 1 a check failed or the ledger cannot be opened or served (see cli-errors.ts); 2 bad
 * usage or input.
 */
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerBackup } from './commands/backup.js';
import { registerDemo } from './commands/demo.js';
import { registerEvents } from './commands/events.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerProjections } from './commands/projections.js';
import { registerServe } from './commands/serve.js';
import { registerTokens } from './commands/tokens.js';
import { registerVerify } from './commands/verify.js';
import { registerForgetPerson } from './commands/forget-person.js';
import { UsageError, exitCodeOf } from './cli-errors.js';

const program = new Command('akkoord')
  .description('Akkoord: an event-sourced collaboration ledger for the labour-market regions')
  .option('--store <url>', 'the ledger (default: $AKKOORD_STORE or sqlite:./data/ledger.db)')
  .option('--read-store <url>', 'where read models live, when the store cannot hold them ($AKKOORD_READ_STORE)')
  .showHelpAfterError()
  .exitOverride();

for (const register of [
  registerServe,
  registerDemo,
  registerImport,
  registerExport,
  registerProjections,
  registerVerify,
  registerTokens,
  registerEvents,
  registerBackup,
  registerForgetPerson,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`akkoord: ${(error as Error).message}\n`);
    if (!(error instanceof UsageError) && process.env.AKKOORD_DEBUG)
      process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = exitCodeOf(error);
    // A failed start (port taken …) may leave a handle behind (a worker thread, a socket); it must not keep a process
    // that serves nothing alive. The timer does not itself hold the process: a clean exit comes first.
    setTimeout(() => process.exit(), 1000).unref();
  }
}
