import { Notary, openSigningKey, signingKeyFile } from '@akkoord/notary';
import type { AppConfig } from '../../api/src/index.js';
import { ONE_PASS_CACHE_KIB, openLedger } from './context.js';
import { whileKeepingHeap } from './heap-keeper.js';

/**
 * Folds what the CLI appended into the notary's Merkle tree and signs a tree head with the ledger's key, as the
 * server does, so `akkoord verify` finds every event covered by a signed head. Answers the head's tree size.
 */
export async function notarise(config: AppConfig, log: (line: string) => void): Promise<number> {
  const ledger = await openLedger(config, { cacheKib: ONE_PASS_CACHE_KIB });
  try {
    const key = openSigningKey(signingKeyFile(config.storeUrl), (_level, message) => log(message));
    const notary = new Notary({
      readStore: ledger.read.readStore,
      store: ledger.store,
      key,
      follow: { storeUrl: config.storeUrl, readStoreUrl: config.readStoreUrl, thread: false },
    });
    notary.start();
    await whileKeepingHeap(() => notary.fresh(undefined, 600_000));
    await notary.stop();
    return (await notary.latestHead())?.treeSize ?? 0;
  } finally {
    await ledger.close();
  }
}
