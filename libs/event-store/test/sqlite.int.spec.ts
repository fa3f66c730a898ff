import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { LedgerTooNew, NotALedger, StoreUnavailable, openEventStore } from '../src/index.js';
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
      /newer Akkoord \(ledger schema 99\); this version knows up to 1\./,
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
