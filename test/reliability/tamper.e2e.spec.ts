/**
 * Someone edits the SQLite ledger behind Akkoord's back. The next start must notice, go read-only naming the
 * position, refuse commands (503 with the position), refuse to serve the bad event (503, not 500), keep every other
 * read working, raise the metric, and `akkoord verify` must name the same position.
 */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCommand } from '@akkoord/notary';
import { startLedgerApp, type LedgerApp } from './support/ledger-app.js';

const programme = (id: string) => ({
  id,
  name: `Programma ${id}`,
  owner: 'SZW',
  startDate: '2021-01-01',
  endDate: '2022-12-31',
});

describe('a ledger edited behind Akkoord’s back (SQLite)', () => {
  let app: LedgerApp;
  let template: string;

  // One ledger of 12 commands with a signed head, copied for each case.
  beforeAll(async () => {
    template = mkdtempSync(join(tmpdir(), 'akkoord-tamper-'));
    const first = await startLedgerApp({ dir: template });
    for (let i = 1; i <= 12; i++) {
      const response = await first.post('/api/programmes', programme(`p${i}`));
      expect(response.status).toBe(201);
    }
    expect((await first.post('/api/ledger/heads', {})).status).toBe(201);
    await first.stop();
  });
  afterAll(() => rmSync(template, { recursive: true, force: true }));

  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akkoord-tamper-'));
    cpSync(template, dir, { recursive: true });
    app = await startLedgerApp({ dir, started: false });
  });
  afterEach(async () => {
    await app.remove();
    rmSync(app.dir, { recursive: true, force: true });
  });

  const tamper = (edit: (db: Database.Database) => void) => {
    const db = new Database(app.file);
    try {
      edit(db);
    } finally {
      db.close();
    }
  };

  async function expectReadOnlyAt(position: number, problem: string) {
    await app.start();
    const status = await app.waitForFullCheck();
    expect(status).toMatchObject({ readOnly: true, problem: { position, problem } });

    const command = await app.post('/api/programmes', programme('late'));
    expect(command.status).toBe(503);
    expect(command.body).toMatchObject({ error: 'read_only', position });

    const health = await app.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      checks: { integrity: { status: 'degraded', readOnly: true, problem: { position, problem } } },
    });
    const metrics = await app.get('/metrics');
    expect(metrics.text).toMatch(/^akkoord_ledger_read_only 1$/m);
    expect(metrics.text).toMatch(new RegExp(`^akkoord_ledger_integrity_bad_position ${position}$`, 'm'));

    const before = await app.get(`/api/events?fromPosition=1&limit=${position - 1}`);
    expect(before.status).toBe(200);
    expect(before.body.events ?? before.body).toHaveLength(position - 1);

    const verifyLines: string[] = [];
    expect(await verifyCommand({ store: `sqlite:${app.file}` }, (line) => verifyLines.push(line))).toBe(1);
    expect(verifyLines.join('\n')).toContain(`position ${position}:`);
  }

  it('goes read-only naming the position when one byte of an event was changed', async () => {
    tamper((db) => {
      const row = db.prepare('SELECT data FROM events WHERE global_position = 5').get() as { data: string };
      db.prepare('UPDATE events SET data = ? WHERE global_position = 5').run(row.data.replace('p5', 'p6'));
    });
    await expectReadOnlyAt(5, 'hash differs');
    const bad = await app.get('/api/events?fromPosition=5&limit=1');
    expect(bad.status).toBe(503);
    expect(bad.body).toMatchObject({ error: 'integrity', position: 5 });
  });

  it('goes read-only naming the position when a row was overwritten with junk that does not parse', async () => {
    tamper((db) => db.prepare(`UPDATE events SET data = '{"id":"p7",' WHERE global_position = 7`).run());
    await expectReadOnlyAt(7, 'row does not parse');
    const bad = await app.get('/api/events?fromPosition=7&limit=1');
    expect(bad.status).toBe(503);
    expect(bad.body).toMatchObject({ error: 'integrity', position: 7 });
    expect((await app.get('/api/events?fromPosition=8&limit=5')).status).toBe(200);
  });

  it('goes read-only naming the position when a row was deleted', async () => {
    tamper((db) => db.prepare('DELETE FROM events WHERE global_position = 9').run());
    await expectReadOnlyAt(9, 'position missing');
  });

  it('goes read-only naming the first position when two rows were swapped', async () => {
    tamper((db) =>
      db.transaction(() => {
        const move = db.prepare('UPDATE events SET global_position = ? WHERE global_position = ?');
        move.run(-1, 3);
        move.run(3, 4);
        move.run(4, -1);
      })(),
    );
    await expectReadOnlyAt(3, 'hash differs');
  });

  it('stays writable with a clean full check when nothing was touched', async () => {
    await app.start();
    expect(await app.waitForFullCheck()).toMatchObject({
      readOnly: false,
      problem: null,
      fullCheck: { state: 'done', checkedTo: 12 },
    });
    expect((await app.post('/api/programmes', programme('p13'))).status).toBe(201);
  });
});
