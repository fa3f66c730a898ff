import type { Command } from 'commander';
import { AccessTokens, PROGRAMME_OFFICE, ROLES, type Role } from '@akkoord/application';
import { RuleViolation } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import { UsageError } from '../cli-errors.js';
import { cliConfig, openStore } from '../context.js';
import { ID_PATTERN } from '../options.js';

/** Who issues tokens from the command line: recorded on every `AccessTokenIssued` it appends. */
export const CLI_ACTOR: Actor = { userId: 'cli', organisationId: PROGRAMME_OFFICE, roles: ['programme_office'] };

interface CreateOptions {
  user: string;
  organisation: string;
  role: string[];
  region?: string[];
}

/** `akkoord tokens create`: bearer tokens for the API, issued by the programme office. */
export function registerTokens(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('Issue bearer tokens for the API (recorded in the ledger as AccessTokenIssued, by hash only)')
    .addHelpText(
      'after',
      `
Examples:
  $ akkoord tokens create --user anna --organisation gemeente-enschede --role region_coordinator --region twente`,
    );

  tokens
    .command('create')
    .description('Issue a token: printed once on stdout (the ledger keeps only its hash); its id goes to stderr')
    .requiredOption('--user <id>', 'who will use the token')
    .requiredOption('--organisation <id>', 'the organisation the user acts for: a partner id, or programme-office')
    .requiredOption('--role <role...>', `one or more of: ${ROLES.join(', ')}`)
    .option('--region <id...>', 'the regions a region coordinator acts for')
    .addHelpText(
      'after',
      `
The token is issued by the programme office, as the user "cli". Keep it: it cannot be shown again.

Examples:
  $ akkoord tokens create --user anna --organisation gemeente-enschede --role region_coordinator --region twente
  $ akkoord tokens create --user rep-uwv --organisation uwv-twente --role partner_representative
  $ akkoord tokens create --user kim --organisation programme-office --role analyst auditor
  $ TOKEN=$(akkoord tokens create --user bo --organisation programme-office --role programme_office)`,
    )
    .action(async (options: CreateOptions, command: Command) => {
      const roles = [...new Set(options.role)];
      const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length > 0) {
        throw new UsageError(`Unknown role ${unknown.join(', ')}: use ${ROLES.join(', ')}.`);
      }
      const regionIds = [...new Set(options.region ?? [])];
      for (const [what, id] of [
        ['--user', options.user],
        ['--organisation', options.organisation],
        ...regionIds.map((r) => ['--region', r]),
      ]) {
        if (!ID_PATTERN.test(id)) {
          throw new UsageError(`${what} ${JSON.stringify(id)} is not an id (1–100 characters a-z 0-9 . _ -).`);
        }
      }
      if (roles.includes('region_coordinator') && regionIds.length === 0) {
        process.stderr.write('note: a region_coordinator token without --region can act in no region.\n');
      }
      const store = await openStore(cliConfig(command));
      try {
        const grant = { userId: options.user, organisationId: options.organisation, roles: roles as Role[], regionIds };
        // issue() runs the same grant check as POST /api/tokens; a grant naming what does not exist is bad input (2)
        const { token, tokenId, globalPosition } = await new AccessTokens(store, undefined, store.vault)
          .issue(grant, CLI_ACTOR)
          .catch((error: unknown) => {
            throw error instanceof RuleViolation ? new UsageError(error.message) : error;
          });
        process.stdout.write(`${token}\n`);
        process.stderr.write(
          `tokenId ${tokenId} (user ${grant.userId}, organisation ${grant.organisationId}, roles ${roles.join(' ')}` +
            `${regionIds.length > 0 ? `, regions ${regionIds.join(' ')}` : ''}; ledger position ${globalPosition})\n`,
        );
      } finally {
        await store.close();
      }
    });
}
