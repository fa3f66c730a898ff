import { resolve } from 'node:path';
import type { ReadStore } from './read-store.js';

/**
 * Where the read models live: in the ledger's own SQLite file or PostgreSQL database by default; with EventStoreDB,
 * in the PostgreSQL database `AKKOORD_READ_STORE` names.
 */
export async function openReadStore(storeUrl: string, readStoreUrl?: string): Promise<ReadStore> {
  const url = readStoreUrl || storeUrl;
  if (url.startsWith('sqlite:')) {
    const { SqliteReadStore } = await import('./sqlite/sqlite-read-store.js');
    return SqliteReadStore.open(resolve(url.slice('sqlite:'.length) || './data/ledger.db'));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { PostgresReadStore } = await import('./postgres/postgres-read-store.js');
    return PostgresReadStore.open(url);
  }
  throw new Error(
    `The read models need SQLite or PostgreSQL: set AKKOORD_READ_STORE=postgres://… when AKKOORD_STORE is ${url.split(':')[0]}.`,
  );
}

/** A PostgreSQL hot standby of the read models (`AKKOORD_READ_REPLICA_URL`): opened to be read only. */
export async function openReplicaReadStore(url: string): Promise<ReadStore> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`AKKOORD_READ_REPLICA_URL must be a postgres:// URL of a hot standby, not ${url.split(':')[0]}.`);
  }
  const { PostgresReadStore } = await import('./postgres/postgres-read-store.js');
  return PostgresReadStore.open(url, { standby: true });
}
