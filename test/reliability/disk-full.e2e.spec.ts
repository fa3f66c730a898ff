/**
 * A full disk under a SQLite ledger: the real `akkoord serve` on a small tmpfs of the test's own, a filler file takes
 * the last free byte while commands flow. Writes then get 503 `unavailable` with a reason and Retry-After, /health
 * says degraded, nothing acknowledged is lost, and once the filler is gone the same process takes writes again (the
 * unacknowledged commands, resent with their Idempotency-Key, are stored once). Needs root to mount the tmpfs;
 * without it the test says why and is skipped.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCommand } from '@akkoord/notary';
import { commandLoad, newResult, resendUntilAcked, sendCommand } from './support/load.js';
import { startServer, type ServerProcess } from './support/server.js';

const SIZE_MB = 24;
const root = mkdtempSync(join(tmpdir(), 'akkoord-diskfull-'));
const mountPoint = join(root, 'small');

function mountTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  try {
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m`, 'tmpfs', mountPoint], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Writes zeros into `file` until the filesystem has no byte left; answers how many bytes it took. */
function fill(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let bytes = 0;
  try {
    for (;;) {
      try {
        bytes += writeSync(fd, chunk.length > 0 ? chunk : Buffer.alloc(1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        if (chunk.length <= 1) return bytes;
        return bytes + fillRest(fd);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function fillRest(fd: number): number {
  let bytes = 0;
  for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
    try {
      for (;;) bytes += writeSync(fd, Buffer.alloc(size));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
  }
  return bytes;
}

const missing = mountTmpfs();
if (missing) process.stdout.write(`disk-full: skipped: ${missing}\n`);

(missing ? describe.skip : describe)('a full disk under a SQLite ledger', () => {
  const file = join(mountPoint, 'ledger.db');
  const filler = join(mountPoint, 'filler');
  let server: ServerProcess;

  beforeAll(async () => {
    // /health's disk check says degraded below this much free space: small here, so that it is up before the fill
    server = await startServer(`sqlite:${file}`, { AKKOORD_HEALTH_MIN_FREE_BYTES: String(256 * 1024) });
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    try {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('answers 503 with a reason while the disk is full, says degraded, and takes writes again when space returns', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    const health = async () => {
      const response = await fetch(`${server.baseUrl}/health`, { headers: auth });
      type Checks = Record<string, { status: string; lastFailure?: { message: string } }>;
      return { status: response.status, body: (await response.json()) as { status: string; checks: Checks } };
    };
    expect((await health()).body.status).toBe('up');
    const result = newResult();
    const load = commandLoad(() => ({ baseUrl: server.baseUrl, token: server.token }), 8, 'df', result);
    let filled: number;
    try {
      const flowing = Date.now() + 120_000;
      while (result.acked.size < 50 && Date.now() < flowing) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(result.acked.size).toBeGreaterThanOrEqual(50);
      filled = fill(filler);

      // commands go on until the ledger needs space it cannot get (the WAL may still have room at first)
      const deadline = Date.now() + 120_000;
      while ((result.statuses.get('503') ?? 0) < 20 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      // stopped whatever happens: its clients would otherwise keep the single-process run from ending
      await load.stop();
    }
    expect(result.statuses.get('503') ?? 0).toBeGreaterThanOrEqual(20);
    expect(result.retryAfter).toBe(result.statuses.get('503'));
    expect([...result.statuses.keys()].sort()).toEqual(['201', '503']);
    const refused = await fetch(`${server.baseUrl}/api/partners`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': 'df-probe' },
      body: JSON.stringify({ id: 'df-probe', name: 'Partner df-probe', kind: 'municipality' }),
    });
    const refusal = (await refused.json()) as { error: string; message: string };
    expect([refused.status, refusal.error, refused.headers.get('retry-after')]).toEqual([503, 'unavailable', '2']);
    expect(refusal.message).toMatch(/disk is full/);
    const whileFull = await health();
    expect(whileFull.status).toBe(200);
    expect(whileFull.body.status).toBe('degraded');
    const { writable, disk } = whileFull.body.checks;
    expect([writable.status, disk.status]).toEqual(['degraded', 'degraded']);
    expect(writable.lastFailure?.message).toMatch(/disk is full/);
    // reads still work
    expect((await fetch(`${server.baseUrl}/api/partners`, { headers: auth })).status).toBe(200);

    rmSync(filler);
    const unackedWhileFull = result.unacked.size;
    const resent = await resendUntilAcked(server.baseUrl, server.token, result);
    expect(await sendCommand(server.baseUrl, server.token, 'df-after', result)).toBe(true);
    let after = await health();
    for (let i = 0; i < 100 && after.body.status !== 'up'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await health();
    }
    expect(after.body.status).toBe('up');
    expect(server.alive()).toBe(true);
    server.child.kill('SIGTERM');
    await server.exited;

    const db = new Database(file, { readonly: true });
    let rows: { s: string; n: number; p: number }[];
    try {
      rows = db
        .prepare(
          `SELECT stream_id AS s, count(*) AS n, max(global_position) AS p FROM events
           WHERE stream_id LIKE 'partner-df-%' GROUP BY stream_id`,
        )
        .all() as typeof rows;
    } finally {
      db.close();
    }
    const stored = new Map(rows.map((r) => [r.s, { n: r.n, p: r.p }]));
    for (const ack of result.acked.values()) expect(stored.get(ack.streamId)).toEqual({ n: 1, p: ack.globalPosition });
    expect(stored.size).toBe(result.acked.size);
    const lines: string[] = [];
    expect(await verifyCommand({ store: `sqlite:${file}` }, (line) => lines.push(line))).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^ok: /)]);
    process.stdout.write(
      `disk-full: tmpfs ${SIZE_MB} MB, filler ${Math.round(filled / 1024)} KB; answers ` +
        `${JSON.stringify(Object.fromEntries(result.statuses))}; ${unackedWhileFull} refused while full, resent ` +
        `(${resent} sends) and stored once after space returned; ${result.acked.size} acknowledged, none lost; ` +
        `${lines[0].slice(0, 80)}\n`,
    );
  }, 400_000);
});
