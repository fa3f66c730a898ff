import Database from 'better-sqlite3';
import { akkoord, tempLedger } from './cli-harness.js';

describe('akkoord verify', () => {
  const ledger = tempLedger();
  afterAll(() => ledger.remove());

  it('passes on the demo ledger, which the demo signs, with a one-line summary', async () => {
    const demo = await akkoord([...ledger.store, 'demo']);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/Signed a tree head over 8794 events/);
    const result = await akkoord([...ledger.store, 'verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok: 8794 events at positions 1–8794/);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('names the first bad position when an event was changed in the database afterwards', async () => {
    const db = new Database(ledger.file);
    const row = db.prepare('SELECT data FROM events WHERE global_position = 4711').get() as { data: string };
    db.prepare('UPDATE events SET data = ? WHERE global_position = 4711').run(row.data.replace(/"([a-z])/, '"X'));
    db.close();
    const result = await akkoord([...ledger.store, 'verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^position 4711: hash differs/);
  });

  it('explains itself with --help and refuses a head file that is not there', async () => {
    const help = await akkoord(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--head <file>/);
    const missing = await akkoord([...ledger.store, 'verify', '--head', '/nonexistent/head.json']);
    expect(missing.code).toBe(2);
  });
});
