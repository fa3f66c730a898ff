/**
 * The exit codes the README promises, from the real binary: 1 when the ledger cannot be opened or served (a file that
 * is not a ledger, a port that is taken), 2 for bad usage; one sentence on stderr, and no process left behind.
 */
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { akkoord, tempLedger } from './cli-harness.js';

describe('akkoord exit codes', () => {
  const ledger = tempLedger();
  afterAll(() => ledger.remove());

  it('exits 1 with one sentence when the ledger file is not a SQLite database', async () => {
    writeFileSync(ledger.file, 'this is not a ledger at all, just words\n'.repeat(20));
    const result = await akkoord([...ledger.store, 'serve', '--port', '0'], { AKKOORD_DEMO: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^akkoord: .* is not an Akkoord ledger/)]);
    const verify = await akkoord([...ledger.store, 'verify']);
    expect(verify.code).toBe(1);
  });

  it('exits 1 with one sentence when the port is taken, instead of staying alive', async () => {
    const fresh = tempLedger();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await akkoord([...fresh.store, 'serve', '--port', String(port)], { AKKOORD_DEMO: '0' }, 60_000);
      expect(result.code).toBe(1);
      const ours = result.stderr
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('akkoord:'));
      expect(ours).toEqual([
        `akkoord: Port ${port} on 127.0.0.1 is already in use; choose another with --port or PORT.`,
      ]);
    } finally {
      taken.close();
      fresh.remove();
    }
  });

  it('exits 2 on bad usage', async () => {
    expect((await akkoord(['serve', '--port', 'eighty'])).code).toBe(2);
    expect((await akkoord(['no-such-command'])).code).toBe(2);
  });
});
