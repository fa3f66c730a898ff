import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { LedgerTooNew, NotALedger, StoreUnavailable, openEventStore, type RecordedEvent } from '../src/index.js';
import { PostgresEventStore } from '../src/postgres/postgres-event-store.js';
import { runEventStoreContract } from './contract/event-store.contract.js';

const BASE_URL = process.env.AKKOORD_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';
const run = randomUUID().replace(/-/g, '').slice(0, 8);
const schemas: string[] = [];
const actor = { userId: 'u', organisationId: 'programme-office', roles: [] };

/** A fresh schema name for this run (`akk_test_<run>_<n>`), dropped after the suite. */
function freshSchema(): string {
  const schema = `akk_test_${run}_${schemas.length + 1}`;
  schemas.push(schema);
  return schema;
}

function urlFor(schema: string): string {
  const url = new URL(BASE_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropSchemas(): Promise<void> {
  await withClient(async (client) => {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
}

function event(data: Record<string, unknown> = {}) {
  return { eventId: randomUUID(), type: 'Happened', data, metadata: { actor } };
}

runEventStoreContract('PostgreSQL', {
  freshUrl: async () => urlFor(freshSchema()),
  densePositions: true,
  crashDurability: true,
  cleanup: dropSchemas,
});

describe('opening a PostgreSQL ledger', () => {
  afterAll(dropSchemas);

  it('refuses an unreachable server quickly, in one sentence', async () => {
    const started = Date.now();
    const error = await openEventStore('postgres://root@127.0.0.1:5499/test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailable);
    expect((error as Error).message).toBe('Cannot reach PostgreSQL at 127.0.0.1:5499: connect ECONNREFUSED.');
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('refuses a database that does not exist and a role that does not exist', async () => {
    const url = new URL(BASE_URL);
    url.pathname = `/akk_missing_${run}`;
    await expect(openEventStore(url.toString())).rejects.toThrow(
      new StoreUnavailable(`PostgreSQL at ${url.hostname}:${url.port || 5432} has no database akk_missing_${run}.`),
    );
    const stranger = new URL(BASE_URL);
    stranger.username = `akk_nobody_${run}`;
    const error = await openEventStore(stranger.toString()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailable);
    expect((error as Error).message).toMatch(/^PostgreSQL at .+ refused the login of user akk_nobody_\w+: .+\.$/);
  });

  it('creates the schema and its tables, and keeps events across a reopen', async () => {
    const schema = freshSchema();
    const store = await openEventStore(urlFor(schema));
    expect(store.kind).toBe('postgres');
    const first = await store.append('programme-pow', [event({ name: 'PoW' })], 'no_stream');
    await store.close();
    await store.close(); // idempotent

    const tables = await withClient(async (client) =>
      (
        await client.query<{ table_name: string }>(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
          [schema],
        )
      ).rows.map((r) => r.table_name),
    );
    expect(tables).toEqual(['akkoord_head', 'akkoord_meta', 'events']);

    const again = await openEventStore(urlFor(schema));
    const read = await again.readStream('programme-pow');
    expect(read).toEqual(first.events);
    expect(read[0].metadata.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const second = await again.append('programme-pow', [event({ n: 2 })], 0);
    expect(second.globalPosition).toBe(2);
    expect(await again.headPosition()).toBe(2);
    await again.close();
  });

  it('refuses a schema that holds tables of another program', async () => {
    const schema = freshSchema();
    await withClient(async (client) => {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE "${schema}".invoices (id int PRIMARY KEY)`);
    });
    await expect(openEventStore(urlFor(schema))).rejects.toThrow(NotALedger);
    await expect(openEventStore(urlFor(schema))).rejects.toThrow(
      /^PostgreSQL schema \w+ at .+ is not an Akkoord ledger/,
    );
  });

  it('refuses a ledger written by a newer Akkoord', async () => {
    const schema = freshSchema();
    await (await openEventStore(urlFor(schema))).close();
    await withClient((client) =>
      client.query(`UPDATE "${schema}".akkoord_meta SET value = '99' WHERE key = 'schema_version'`),
    );
    await expect(openEventStore(urlFor(schema))).rejects.toThrow(LedgerTooNew);
    await expect(openEventStore(urlFor(schema))).rejects.toThrow(
      /newer Akkoord \(ledger schema 99\); this version knows up to 2\.$/,
    );
  });

  it('lets several processes open (and create) the same ledger at once', async () => {
    const url = urlFor(freshSchema());
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresEventStore.open(url, {})));
    await Promise.all(stores.map((s, i) => s.append(`activity-${i}`, [event({ i })], 'no_stream')));
    expect(await stores[0].headPosition()).toBe(4);
    await Promise.all(stores.map((s) => s.close()));
  });
});

describe('PostgreSQL appends', () => {
  afterAll(dropSchemas);

  it('serialises appenders of two pools: positions are dense and a reader never goes back', async () => {
    const url = urlFor(freshSchema());
    const [a, b, reader] = await Promise.all([1, 2, 3].map(() => PostgresEventStore.open(url, {})));
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    const total = 2 * 20 * 5;
    const subscriber = (async () => {
      for await (const e of reader.subscribe({ batchSize: 7, signal: controller.signal })) {
        seen.push(e);
        if (seen.length === total) controller.abort();
      }
    })();
    const write = (store: PostgresEventStore, name: string) =>
      Promise.all(
        Array.from({ length: 20 }, (_x, i) =>
          store.append(
            `${name}-${i % 3}`,
            Array.from({ length: 5 }, () => event({ i })),
            'any',
          ),
        ),
      );
    await Promise.all([write(a, 'a'), write(b, 'b')]);
    const timeout = setTimeout(() => controller.abort(), 20_000);
    await subscriber;
    clearTimeout(timeout);
    expect(seen.map((e) => e.globalPosition)).toEqual(Array.from({ length: total }, (_x, i) => i + 1));
    await Promise.all([a.close(), b.close(), reader.close()]);
  });

  it('wakes a waiter in another process through NOTIFY, and only for its own schema', async () => {
    const url = urlFor(freshSchema());
    const [writer, waiter] = await Promise.all([1, 2].map(() => PostgresEventStore.open(url, {})));
    const other = await PostgresEventStore.open(urlFor(freshSchema()), {});
    await waiter.waitForAppend(50); // opens the LISTEN connection
    await new Promise((r) => setTimeout(r, 200));

    let woke = false;
    const waiting = waiter.waitForAppend(5000).then(() => (woke = true));
    await other.append('elsewhere', [event()], 'any');
    await new Promise((r) => setTimeout(r, 300));
    expect(woke).toBe(false);

    const started = Date.now();
    await writer.append('here', [event()], 'any');
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);

    const aborted = new AbortController();
    const pending = waiter.waitForAppend(10_000, aborted.signal);
    aborted.abort();
    await pending;
    await Promise.all([writer.close(), waiter.close(), other.close()]);
  });

  it('stores recordedAt byte-exact and keeps a batch of 5,000 events in one append', async () => {
    const url = urlFor(freshSchema());
    const store = await PostgresEventStore.open(url, { clock: () => new Date('2026-11-23T14:00:00Z') });
    const batch = Array.from({ length: 5000 }, (_x, i) => event({ i, text: `événement ${i} ✓` }));
    const result = await store.append('bulk', batch, 'no_stream');
    expect(result.globalPosition).toBe(5000);
    expect(result.streamVersion).toBe(4999);
    const read = await store.readAll({ limit: 10_000 });
    expect(read).toEqual(result.events);
    expect(new Set(read.map((e) => e.metadata.recordedAt))).toEqual(new Set(['2026-11-23T14:00:00.000Z']));
    await store.close();
  });

  it('refuses text PostgreSQL cannot hold in jsonb as an invalid append, storing nothing', async () => {
    const store = await PostgresEventStore.open(urlFor(freshSchema()), {});
    await expect(store.append('nul', [event({ text: 'a\u0000b' })], 'any')).rejects.toThrow(/cannot be stored as JSON/);
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });

  it('refuses calls after close', async () => {
    const store = await PostgresEventStore.open(urlFor(freshSchema()), {});
    await store.close();
    await expect(store.append('x', [event()], 'any')).rejects.toThrow(StoreUnavailable);
    await expect(store.readAll()).rejects.toThrow(StoreUnavailable);
  });
});
