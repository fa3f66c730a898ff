import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { akkoord, storedEvents, tempLedger } from './cli-harness.js';

const USER = 'anna-vergeet-mij';

/** The key ids in the ledger file's key table. */
function keyIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT key_id FROM personal_keys').all() as { key_id: string }[]).map((r) => r.key_id);
  } finally {
    db.close();
  }
}

/** `akkoord forget-person`, and `akkoord restore` of a backup taken before the forget (the real binary). */
describe('akkoord forget-person', () => {
  const ledger = tempLedger();
  afterAll(() => ledger.remove());
  const backup = join(ledger.file, '..', 'before-forget.db');
  let keyId = '';

  it('destroys the person’s key and records PersonForgotten by key id; the CLI then prints [verwijderd]', async () => {
    const args = ['tokens', 'create', '--user', USER, '--organisation', 'programme-office', '--role', 'analyst'];
    expect((await akkoord([...ledger.store, ...args])).code).toBe(0);
    const [issued] = storedEvents(ledger.file);
    keyId = /^pd1:([^:]+):/.exec(String(issued.data.userId))![1];
    expect(keyIds(ledger.file)).toContain(keyId);
    const before = await akkoord([...ledger.store, 'events', 'tail', '--from', '1', '--format', 'json']);
    expect(before.stdout).toContain(`"userId":"${USER}"`);
    expect((await akkoord([...ledger.store, 'backup', backup])).code).toBe(0);

    const forgot = await akkoord([...ledger.store, 'forget-person', USER, '--reason', 'AVG-verzoek 7']);
    expect(forgot).toMatchObject({ code: 0, stderr: '' });
    expect(forgot.stdout).toMatch(
      new RegExp(`^forgotten: key ${keyId} destroyed; PersonForgotten at ledger position 2\\n$`),
    );
    expect(keyIds(ledger.file)).not.toContain(keyId);
    const forgotten = storedEvents(ledger.file).at(-1)!;
    expect(forgotten).toMatchObject({
      streamId: 'people',
      type: 'PersonForgotten',
      data: { keyId, reason: 'AVG-verzoek 7' },
    });
    const after = await akkoord([...ledger.store, 'events', 'tail', '--from', '1', '--format', 'json']);
    expect(after.stdout).toContain('"userId":"[verwijderd]"');
    expect(after.stdout).not.toContain(USER);

    const again = await akkoord([...ledger.store, 'forget-person', USER, '--reason', 'AVG-verzoek 7']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${USER} has no key`);
    expect((await akkoord([...ledger.store, 'forget-person', USER])).code).toBe(2);
  });

  it('restoring a backup taken before the forget destroys the key again', async () => {
    expect(keyIds(backup)).toContain(keyId); // the backup holds the key table with the log
    const restored = await akkoord([...ledger.store, 'restore', backup, '--force']);
    expect(restored.stdout).toContain("restore: 1 forgotten people's keys destroyed again");
    expect(keyIds(ledger.file)).not.toContain(keyId);
    expect(readFileSync(ledger.file).includes(Buffer.from(USER))).toBe(false);
    const tail = await akkoord([...ledger.store, 'events', 'tail', '--from', '1', '--format', 'json']);
    expect(tail.stdout).toContain('"userId":"[verwijderd]"');
    expect(tail.stdout).not.toContain(USER);
  });
});
