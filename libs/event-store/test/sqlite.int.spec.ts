import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { DuplicateEventId, LedgerTooNew, NotALedger, StoreUnavailable, openEventStore } from '../src/index.js';
import { SQLITE_MIGRATIONS } from '../src/sqlite/sqlite-migrations.js';
import { runEventStoreContract } from './contract/event-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'akkoord-sqlite-'));
let n = 0;
const fresh = () => join(dir, `ledger-${++n}.db`);

runEventStoreContract('SQLite', {
  freshUrl: async () => `sqlite:${fresh()}`,
  densePositions: true,
  crashDurability: true,
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});

describe('opening a SQLite ledger', () => {
  const actor = { userId: 'u', organisationId: 'programme-office', roles: [] };

  it('keeps a 128 MB page cache unless the opener asks for less (one-pass CLI runs: 16 MB)', async () => {
    const cacheOf = async (options?: { cacheKib?: number }) => {
      const store = (await openEventStore(`sqlite:${fresh()}`, options)) as unknown as { db: Database.Database };
      const size = store.db.pragma('cache_size', { simple: true });
      await (store as unknown as { close(): Promise<void> }).close();
      return size;
    };
    expect(await cacheOf()).toBe(-131_072);
    expect(await cacheOf({ cacheKib: 16_384 })).toBe(-16_384);
    expect(await cacheOf({ cacheKib: 0 })).toBe(-131_072);
  });

  it('creates the file with WAL and synchronous=FULL, and keeps events across a reopen', async () => {
    const file = fresh();
    const store = await openEventStore(`sqlite:${file}`);
    await store.append(
      'programme-pow',
      [{ eventId: randomUUID(), type: 'ProgrammeLaunched', data: { name: 'PoW' }, metadata: { actor } }],
      'no_stream',
    );
    await store.close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = await openEventStore(`sqlite:${file}`);
    expect((await again.readStream('programme-pow')).map((e) => e.data)).toEqual([{ name: 'PoW' }]);
    await again.close();
  });

  it('refuses a file that is not a SQLite database in one sentence', async () => {
    const file = fresh();
    writeFileSync(file, 'name,region\nUWV,twente\n'.repeat(20));
    await expect(openEventStore(`sqlite:${file}`)).rejects.toThrow(
      new NotALedger(`${file} is not an Akkoord ledger (it is not a SQLite database).`),
    );
  });

  it('refuses a SQLite database of another program', async () => {
    const file = fresh();
    const db = new Database(file);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    db.close();
    await expect(openEventStore(`sqlite:${file}`)).rejects.toBeInstanceOf(NotALedger);
  });

  it('refuses a ledger written by a newer Akkoord', async () => {
    const file = fresh();
    await (await openEventStore(`sqlite:${file}`)).close();
    const db = new Database(file);
    db.prepare(`UPDATE akkoord_meta SET value = '99' WHERE key = 'schema_version'`).run();
    db.close();
    await expect(openEventStore(`sqlite:${file}`)).rejects.toThrow(LedgerTooNew);
    await expect(openEventStore(`sqlite:${file}`)).rejects.toThrow(
      /newer Akkoord \(ledger schema 99\); this version knows up to 2\./,
    );
  });

  it('refuses a store URL with an unknown scheme', async () => {
    await expect(openEventStore('mysql://localhost/x')).rejects.toThrow(StoreUnavailable);
    await expect(openEventStore('mysql://localhost/x')).rejects.toThrow(/names no store Akkoord knows/);
  });

  it('gives each of 40 concurrent callers its own result or conflict', async () => {
    const store = await openEventStore(`sqlite:${fresh()}`);
    const calls = Array.from({ length: 40 }, (_x, i) =>
      store.append(
        `activity-${i % 4}`,
        [{ eventId: randomUUID(), type: 'X', data: { i }, metadata: { actor } }],
        i < 4 ? 'no_stream' : 'no_stream',
      ),
    );
    const outcomes = await Promise.allSettled(calls);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(ok).toHaveLength(4);
    expect(refused).toHaveLength(36);
    expect(await store.headPosition()).toBe(4);
    await store.close();
  });
});

describe('event ids in a SQLite ledger', () => {
  const actor = { userId: 'u', organisationId: 'programme-office', roles: [] };
  const event = (i: number) => ({ eventId: randomUUID(), type: 'X', data: { i }, metadata: { actor } });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a ledger of schema 1, moving its event ids out of the events table with every envelope unchanged', async () => {
    mkdirSync(dir, { recursive: true }); // the contract's cleanup may have removed it
    const file = fresh();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec(SQLITE_MIGRATIONS[0].sql);
    db.exec(`CREATE TABLE akkoord_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO akkoord_meta VALUES ('format', 'akkoord-ledger'), ('schema_version', '1');`);
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const ids = Array.from({ length: 30 }, () => randomUUID());
    ids.forEach((id, i) => {
      const metadata = JSON.stringify({ actor, recordedAt: '2021-03-31T10:00:00.000Z' });
      insert.run(i + 1, `s-${i % 3}`, Math.floor(i / 3), id, 'Old', `{"i":${i}}`, metadata, '2021-03-31T10:00:00.000Z');
    });
    const before = db.prepare('SELECT * FROM events ORDER BY global_position').all();
    db.close();

    const store = await openEventStore(`sqlite:${file}`);
    const again = await store.append('s-1', [{ ...event(0), eventId: ids[1] }], 'any');
    expect(again.globalPosition).toBe(2);
    expect(again.events[0].data).toEqual({ i: 1 });
    await expect(store.append('s-9', [{ ...event(0), eventId: ids[5] }], 'any')).rejects.toThrow(DuplicateEventId);
    expect((await store.append('s-0', [event(30)], 9)).globalPosition).toBe(31);
    await store.close();

    const after = new Database(file);
    expect(after.prepare('SELECT * FROM events WHERE global_position <= 30 ORDER BY global_position').all()).toEqual(
      before,
    );
    expect(after.prepare(`SELECT value FROM akkoord_meta WHERE key = 'schema_version'`).get()).toEqual({ value: '2' });
    expect(after.prepare('SELECT count(*) AS n FROM event_ids').get()).toEqual({ n: 30 });
    after.close();
  });

  it('keeps refusing and replaying stored ids after the newest ones are written to disk in a sorted run', async () => {
    const file = fresh();
    const store = await openEventStore(`sqlite:${file}`);
    const first = await store.append('early', [event(0), event(1)], 'no_stream');
    for (let n = 0; n < 11; n++) {
      await store.append(
        `bulk-${n}`,
        Array.from({ length: 5_000 }, (_x, i) => event(i)),
        'no_stream',
      );
    }
    const late = await store.append('late', [event(2)], 'no_stream');
    const db = new Database(file, { readonly: true });
    const runs = db.prepare('SELECT count(*) AS n FROM event_ids').get() as { n: number };
    const upto = db.prepare(`SELECT value FROM akkoord_meta WHERE key = 'event_ids_indexed_upto'`).get();
    db.close();
    expect(runs.n).toBeGreaterThanOrEqual(50_000);
    expect(upto).toEqual({ value: String(runs.n) });

    // a second connection (as another process would) sees both the ids on disk and the newest ones
    const other = await openEventStore(`sqlite:${file}`);
    const replay = await other.append('early', [first.events[0], first.events[1]], 'any');
    expect(replay.globalPosition).toBe(first.globalPosition);
    await expect(other.append('elsewhere', [{ ...event(0), eventId: first.eventIds[0] }], 'any')).rejects.toThrow(
      DuplicateEventId,
    );
    await expect(other.append('elsewhere', [{ ...event(0), eventId: late.eventIds[0] }], 'any')).rejects.toThrow(
      DuplicateEventId,
    );
    expect(await other.headPosition()).toBe(late.globalPosition);
    await Promise.all([store.close(), other.close()]);
  });
});
