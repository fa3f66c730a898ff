import { StoreUnavailable } from '../errors.js';
import type { KeyStore } from './key-store.port.js';

/**
 * Opens where the person keys live: `AKKOORD_KEY_STORE` when set (`dir:/path`, `sqlite:<file>` or `postgres://…`),
 * else the ledger's own database (a separate table). An EventStoreDB ledger has no table for keys: they go to its read
 * models' PostgreSQL (`AKKOORD_READ_STORE`) unless `AKKOORD_KEY_STORE` names a place.
 */
export async function openKeyStore(storeUrl: string, keyStore?: string, readStoreUrl?: string): Promise<KeyStore> {
  // EventStoreDB has no tables: its read models' PostgreSQL keeps the keys unless AKKOORD_KEY_STORE says otherwise
  const esdb = /^(esdb|esdb\+discover|kurrentdb|kurrent):/i.test(storeUrl);
  const url = keyStore || (esdb && readStoreUrl ? readStoreUrl : storeUrl);
  const scheme = /^([a-z+]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'dir': {
      const { DirKeyStore } = await import('./dir-key-store.js');
      return DirKeyStore.open(url.slice('dir:'.length));
    }
    case 'sqlite': {
      const { SqliteKeyStore } = await import('./sqlite-key-store.js');
      return SqliteKeyStore.open(url.slice('sqlite:'.length) || './data/ledger.db');
    }
    case 'postgres':
    case 'postgresql': {
      const { PostgresKeyStore } = await import('./postgres-key-store.js');
      try {
        return await PostgresKeyStore.open(url);
      } catch (error) {
        throw new StoreUnavailable(`Cannot open the person keys' table in PostgreSQL: ${(error as Error).message}.`);
      }
    }
    default:
      throw new StoreUnavailable(
        keyStore
          ? `AKKOORD_KEY_STORE=${JSON.stringify(keyStore)} names no key store: use dir:/path, sqlite:<file> or postgres://….`
          : 'An EventStoreDB ledger keeps the person keys elsewhere: set AKKOORD_KEY_STORE (dir:/path or postgres://…) or AKKOORD_READ_STORE.',
      );
  }
}
