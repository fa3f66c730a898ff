/** Real stores for integration tests: a temp SQLite file, or a fresh PostgreSQL schema that is dropped afterwards. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openEventStore, type EventStore, type OpenStoreOptions } from '@akkoord/event-store';

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];
export const TEST_PG_URL = process.env.AKKOORD_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';

export interface TestLedger {
  url: string;
  open(options?: OpenStoreOptions): Promise<EventStore>;
  /** Removes the file or drops the schema. */
  destroy(): Promise<void>;
}

export function testLedger(kind: StoreKind): TestLedger {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'akkoord-test-'));
    const url = `sqlite:${join(dir, 'ledger.db')}`;
    return {
      url,
      open: (options) => openEventStore(url, options),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `akk_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  return {
    url,
    open: (options) => openEventStore(url, options),
    destroy: async () => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
