import type { EventStore } from './event-store.port.js';
import { StoreUnavailable } from './errors.js';
import type { OpenStoreOptions } from './store-options.js';

export type { OpenStoreOptions } from './store-options.js';

/** The default ledger: one SQLite file in ./data, no server. */
export const DEFAULT_STORE_URL = 'sqlite:./data/ledger.db';

/**
 * Opens the store an `AKKOORD_STORE`-style URL names: `sqlite:<path>`, `postgres://…` (optionally `?schema=name`)
 * or `esdb://…`. Throws a one-sentence `StoreUnavailable`/`NotALedger`/`LedgerTooNew` error a person can act on.
 */
export async function openEventStore(
  url: string = DEFAULT_STORE_URL,
  options: OpenStoreOptions = {},
): Promise<EventStore> {
  const scheme = /^([a-z+]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const { SqliteEventStore } = await import('./sqlite/sqlite-event-store.js');
      return SqliteEventStore.open(url.slice('sqlite:'.length), options);
    }
    case 'postgres':
    case 'postgresql': {
      const { PostgresEventStore } = await import('./postgres/postgres-event-store.js');
      return PostgresEventStore.open(url, options);
    }
    case 'esdb':
    case 'esdb+discover':
    case 'kurrentdb':
    case 'kurrent': {
      const { EsdbEventStore } = await import('./esdb/esdb-event-store.js');
      return EsdbEventStore.open(url, options);
    }
    default:
      throw new StoreUnavailable(
        `AKKOORD_STORE=${JSON.stringify(url)} names no store Akkoord knows: use sqlite:<file>, postgres://… or esdb://….`,
      );
  }
}
