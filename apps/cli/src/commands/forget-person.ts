import type { Command } from 'commander';
import { forgetPerson } from '@akkoord/application';
import { NotFound } from '@akkoord/domain';
import { CheckFailed, UsageError } from '../cli-errors.js';
import { cliConfig, openStore } from '../context.js';
import { ID_PATTERN } from '../options.js';
import { CLI_ACTOR } from './tokens.js';

/** `akkoord forget-person USER --reason …`: the AVG right to erasure, by destroying the person's key. */
export function registerForgetPerson(program: Command): void {
  program
    .command('forget-person')
    .description(
      "erase a person (AVG): destroy their key and record PersonForgotten; their data then reads as '[verwijderd]'",
    )
    .argument('<user>', 'the user id of the person to forget')
    .requiredOption('--reason <text>', 'why (e.g. the erasure request and its reference); recorded in the ledger')
    .addHelpText(
      'after',
      `
The programme office forgets a person, as the user "cli". The ledger keeps every event, its position and its hash
(verify and inclusion proofs still hold); what named the person — their user id as actor and in their access tokens,
and the signatory names and functions they recorded — was sealed with their key and reads as [verwijderd] from now
on, in every read, export and the dashboard. Their access tokens stop working. The PersonForgotten event names the
key id (a random pseudonym), never the person. This cannot be undone.

Examples:
  $ akkoord forget-person anna --reason "AVG-verzoek 2026-041 (art. 17)"`,
    )
    .action(async (user: string, options: { reason: string }, command: Command) => {
      if (!ID_PATTERN.test(user)) throw new UsageError(`${JSON.stringify(user)} is not a user id.`);
      const reason = options.reason.trim();
      if (reason === '' || reason.length > 10_000) throw new UsageError('--reason must say why (1–10000 characters).');
      const store = await openStore(cliConfig(command));
      try {
        const result = await forgetPerson(store, store.vault, user, reason, CLI_ACTOR).catch((error: unknown) => {
          if (error instanceof NotFound) {
            throw new CheckFailed(
              `${user} has no key: nothing of theirs is sealed (never acted, or already forgotten).`,
            );
          }
          throw error;
        });
        process.stdout.write(
          `forgotten: key ${result.keyId} destroyed; PersonForgotten at ledger position ${result.globalPosition}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
