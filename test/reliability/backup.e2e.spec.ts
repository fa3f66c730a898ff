/**
 * `akkoord backup` while the server takes commands from 8 clients, then `akkoord restore` into a new place: the
 * restored ledger verifies, and every command acknowledged before the backup began is in it exactly once.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { akkoord, type CliResult } from '../../apps/cli/test/cli-harness.js';
import { commandLoad, type Ack } from './support/load.js';
import { startServer, stopServe, type ServerProcess } from './support/server.js';

describe('backup under write load, and restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-backup-'));
  const ledger = `sqlite:${join(dir, 'ledger.db')}`;
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer(ledger);
  }, 120_000);
  afterAll(async () => {
    await stopServe(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores a consistent copy holding every acknowledged event, and refuses to overwrite without --force', async () => {
    const load = commandLoad(() => ({ baseUrl: server.baseUrl, token: server.token }), 8, 'bk');
    let ackedBefore: Ack[];
    let backup: CliResult;
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      ackedBefore = [...load.result.acked.values()];
      backup = await akkoord(['--store', ledger, 'backup', join(dir, 'backup.db')]);
    } finally {
      await load.stop();
    }
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^backup: \d+ events in .*backup\.db/);
    expect(ackedBefore.length).toBeGreaterThan(0);

    const restoredUrl = `sqlite:${join(dir, 'restored.db')}`;
    const restore = await akkoord(['--store', restoredUrl, 'restore', join(dir, 'backup.db')]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/^restore: \d+ events from /);
    expect(restore.stdout).toMatch(/^ok: |not covered by a signed tree head/m);

    const db = new Database(join(dir, 'restored.db'), { readonly: true });
    try {
      const count = db.prepare('SELECT count(*) AS n, max(global_position) AS p FROM events WHERE stream_id = ?');
      for (const ack of ackedBefore) {
        expect(count.get(ack.streamId)).toEqual({ n: 1, p: ack.globalPosition });
      }
    } finally {
      db.close();
    }

    const again = await akkoord(['--store', restoredUrl, 'restore', join(dir, 'backup.db')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/holds \d+ events; pass --force/);
    expect((await akkoord(['--store', restoredUrl, 'restore', '--force', join(dir, 'backup.db')])).code).toBe(0);
  }, 180_000);
});
