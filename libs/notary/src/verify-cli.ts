import { openEventStore, type EventStore } from '@akkoord/event-store';
import { openReadStore, type ReadStore } from '@akkoord/projections';
import { existsSync, readFileSync } from 'node:fs';
import { logSourceFor } from './verify-source.js';
import { parseHead, readPublicKeyFile, signingKeyFile, type TreeHead } from './signing.js';
import { verify } from './verify.js';

export interface VerifyArgs {
  /** The ledger's URL (`sqlite:…`, `postgres://…`, `esdb://…`). */
  store: string;
  /** Where the read models (and the notary's tables) live, when not in the ledger's own database. */
  readStore?: string;
  /** A head JSON file an auditor kept: checked for consistency with today's ledger. */
  head?: string;
  /**
   * The ledger's key: a PEM private or public key file, or a file with the base64 public key. Default: the signing
   * key file (`AKKOORD_SIGNING_KEY`, or signing-key.pem beside the ledger) when it exists.
   */
  key?: string;
  workers?: number;
}

/**
 * `akkoord verify`: prints one line and answers the exit code — 0 when the ledger checks out, 1 naming the first bad
 * position and what is wrong there or when the ledger cannot be opened (unreachable, not a ledger), 2 on bad input
 * (a head or key file that is not there or not readable, no ledger file at the path named).
 */
export async function verifyCommand(argv: VerifyArgs, out: (line: string) => void): Promise<number> {
  let head: TreeHead | undefined;
  let publicKey: string | undefined;
  try {
    if (argv.head !== undefined) head = parseHead(JSON.parse(readFileSync(argv.head, 'utf8')), argv.head);
    const keyFile = argv.key ?? signingKeyFile(argv.store);
    if (argv.key !== undefined || existsSync(keyFile)) publicKey = readPublicKeyFile(keyFile);
  } catch (error) {
    out(`verify: ${(error as Error).message}`);
    return 2;
  }
  let store: EventStore | undefined;
  let readStore: ReadStore | undefined;
  try {
    // Opening the store checks that it is a ledger (and creates nothing that is not there yet for SQLite files).
    if (argv.store.startsWith('sqlite:') && !existsSync(argv.store.slice('sqlite:'.length))) {
      out(`verify: there is no ledger at ${argv.store.slice('sqlite:'.length)}.`);
      return 2;
    }
    store = await openEventStore(argv.store);
    readStore = await openReadStore(argv.store, argv.readStore);
    const result = await verify({
      store: logSourceFor(argv.store) ? argv.store : store,
      readStore,
      publicKey,
      head,
      workers: argv.workers,
    });
    out(result.summary);
    return result.ok ? 0 : 1;
  } catch (error) {
    out(`verify: ${(error as Error).message}`);
    return 1;
  } finally {
    await readStore?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
  }
}
