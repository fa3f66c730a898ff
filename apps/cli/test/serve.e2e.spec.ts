import { readFileSync } from 'node:fs';
import { openedWith } from '../../../test/support/personal-data.js';
import { akkoord, exited, freePort, startAkkoord, storedEvents, tempLedger, waitForOutput } from './cli-harness.js';

const ADMIN = 'serve-e2e-admin-token-0123456789';
const seed = JSON.parse(readFileSync(new URL('../../../libs/demo/src/monitor-seed-004.json', import.meta.url), 'utf8'));

/** Starts `akkoord serve` on a free port and answers once it listens, with everything it logged. */
async function serveOn(store: string[], env: Record<string, string> = {}) {
  const port = await freePort();
  const child = startAkkoord([...store, 'serve', '--port', String(port)], { AKKOORD_ADMIN_TOKEN: ADMIN, ...env });
  const log = await waitForOutput(child.stdout, (text) => /^Open http:\/\/.*\n/m.test(text), 60_000).catch(
    (error: Error) => {
      child.kill('SIGKILL');
      throw error;
    },
  );
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const stop = async () => {
    child.kill('SIGTERM');
    return exited(child);
  };
  /** Everything the process writes in the next `ms` milliseconds. */
  const more = (ms: number) =>
    new Promise<string>((resolve) => {
      let text = '';
      const onData = (chunk: Buffer) => (text += chunk.toString());
      child.stdout.on('data', onData);
      setTimeout(() => {
        child.stdout.off('data', onData);
        resolve(text);
      }, ms);
    });
  return { log, get, stop, port, more };
}

describe('akkoord serve', () => {
  it('loads the demo into an empty SQLite ledger first, and serves its monitor', async () => {
    const ledger = tempLedger();
    const server = await serveOn(ledger.store);
    try {
      expect(server.log).toContain(
        'empty ledger: loading the Perspectief op Werk demo (AKKOORD_DEMO=0 turns this off)',
      );
      expect(server.log).toContain(`on http://127.0.0.1:${server.port}`);
      // what the start-up does in the background (the whole log's check, the first signed head) is logged before the
      // sign-in line, which stays the last line: nothing follows within the notary's next ticks
      const lines = server.log.trimEnd().split('\n');
      expect(lines.at(-1)).toBe(
        `Open http://127.0.0.1:${server.port}/aanmelden and sign in with the token in AKKOORD_ADMIN_TOKEN`,
      );
      expect(lines.some((line) => line.includes('"msg":"ledger integrity: full check done"'))).toBe(true);
      expect(lines.some((line) => line.includes('"msg":"signed a tree head"'))).toBe(true);
      expect(await server.more(2500)).toBe('');
      const health = await server.get('/health');
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('up');
      const checks = health.body.checks as { store: { headPosition: number } };
      expect(checks.store.headPosition).toBeGreaterThan(7000);
      const monitor = await server.get('/api/monitor?programmeId=pow&period=2020-Q4');
      if (monitor.status !== 404) {
        const { total } = monitor.body as { total: { percents: Record<string, number> } };
        expect(seed.statuses.map((s: string) => total.percents[s])).toEqual(seed.table.total);
      }
    } finally {
      await server.stop();
      ledger.remove();
    }
  }, 90_000);

  it('leaves the ledger empty with AKKOORD_DEMO=0, and never touches a ledger that has events', async () => {
    const ledger = tempLedger();
    try {
      const empty = await serveOn(ledger.store, { AKKOORD_DEMO: '0' });
      expect(empty.log).not.toContain('empty ledger');
      await empty.stop();
      expect(storedEvents(ledger.file)).toHaveLength(0);

      const token = await akkoord([
        ...ledger.store,
        'tokens',
        'create',
        '--user',
        'a',
        '--organisation',
        'b',
        '--role',
        'analyst',
      ]);
      expect(token.code).toBe(0);
      const used = await serveOn(ledger.store);
      expect(used.log).not.toContain('empty ledger');
      await used.stop();
      expect(storedEvents(ledger.file)).toHaveLength(1);
    } finally {
      ledger.remove();
    }
  }, 90_000);

  it('ends its start-up output with where to open the dashboard and how to sign in', async () => {
    const ledger = tempLedger();
    try {
      const withAdmin = await serveOn(ledger.store, { AKKOORD_DEMO: '0' });
      await withAdmin.stop();
      const lines = startUpLines(withAdmin.log);
      const last = `Open http://127.0.0.1:${withAdmin.port}/aanmelden and sign in with the token in AKKOORD_ADMIN_TOKEN`;
      expect(lines.at(-1)).toBe(last);
      expect(JSON.parse(lines.at(-2)!)).toMatchObject({ level: 30, msg: last });

      // No programme-office token and no AKKOORD_ADMIN_TOKEN: a one-time link, traded once for a session.
      const first = await serveOn(ledger.store, { AKKOORD_DEMO: '0', AKKOORD_ADMIN_TOKEN: '' });
      try {
        const code = /\/aanmelden#code=([A-Za-z0-9_-]+)\n$/.exec(first.log)?.[1];
        expect(startUpLines(first.log).at(-1)).toBe(`Open http://127.0.0.1:${first.port}/aanmelden#code=${code}`);
        const trade = (body: unknown) =>
          fetch(`http://127.0.0.1:${first.port}/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const signIn = await trade({ code });
        expect(signIn.status).toBe(201);
        expect(await signIn.json()).toMatchObject({ organisationId: 'programme-office', roles: ['programme_office'] });
        expect(signIn.headers.get('set-cookie')).toMatch(/^akkoord_session=.+HttpOnly; SameSite=Strict$/);
        expect((await trade({ code })).status).toBe(401);
      } finally {
        await first.stop();
      }
      const events = await openedWith(ledger.url, storedEvents(ledger.file));
      expect(events.map((e) => [e.type, e.metadata.actor.userId])).toEqual([['AccessTokenIssued', 'sign-in-link']]);

      // Now a programme-office token exists: no new link, but the way in is still named.
      const later = await serveOn(ledger.store, { AKKOORD_DEMO: '0', AKKOORD_ADMIN_TOKEN: '' });
      await later.stop();
      expect(later.log).not.toContain('#code=');
      expect(startUpLines(later.log).at(-1)).toBe(
        `Open http://127.0.0.1:${later.port}/aanmelden and sign in with your access token (akkoord tokens create issues one)`,
      );
    } finally {
      ledger.remove();
    }
  }, 90_000);

  it('explains itself with --help', async () => {
    const help = await akkoord(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--port <port>/);
    expect(help.stdout).toMatch(/AKKOORD_DEMO=0/);
    expect(help.stdout).toMatch(/Examples:/);
  });
});

/** The output lines of start-up, up to the sign-in line (the start-up's background work logs before it). */
function startUpLines(log: string): string[] {
  return log.trimEnd().split('\n');
}
