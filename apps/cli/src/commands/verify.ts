import type { Command } from 'commander';
import { verifyCommand } from '@akkoord/notary';
import { cliConfig } from '../context.js';

/** `akkoord verify`: recomputes the Merkle tree from the stored events and checks every signed head. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute every leaf, the Merkle tree and every signed tree head from the stored events, and check that ' +
        'positions and stream versions have no holes; exit 0 with a summary, or 1 naming the first bad position',
    )
    .option('--head <file>', 'also check a tree head an auditor kept earlier against today’s ledger (consistency)')
    .option('--key <file>', 'the key to trust: PEM private or public key, or base64 public key (default: the ledger’s)')
    .addHelpText(
      'after',
      `
Examples:
  akkoord verify
  akkoord verify --head head-2026-11.json --key ledger-public-key.pem
  AKKOORD_STORE=postgres://root@127.0.0.1:5432/akkoord akkoord verify`,
    )
    .action(async (options: { head?: string; key?: string }, command: Command) => {
      const config = cliConfig(command);
      process.exitCode = await verifyCommand(
        { store: config.storeUrl, readStore: config.readStoreUrl, head: options.head, key: options.key },
        (line) => process.stdout.write(`${line}\n`),
      );
    });
}
