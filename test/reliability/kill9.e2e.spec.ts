/**
 * kill -9 of the real `akkoord serve` during 32-client command load on SQLite, several cycles: every acknowledged
 * command is stored exactly once, the unacknowledged ones resent with their Idempotency-Key are stored once, the read
 * models converge on the log, and verify is clean apart from the tail no head was signed over yet.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCommand } from '@akkoord/notary';
import { commandLoad, newResult, resendUntilAcked } from './support/load.js';
import { startServer, type ServerProcess } from './support/server.js';

const CYCLES = Number(process.env.AKKOORD_RELIAB_KILL_CYCLES ?? 2);
const CLIENTS = 32;

describe('kill -9 under 32-client command load (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-kill9-'));
  const file = join(dir, 'ledger.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`loses nothing acknowledged over ${CYCLES} kills, and appends nothing twice on resend`, async () => {
    const result = newResult();
    const token = 'kill9-admin-token-0123456789abcdef';
    let server: ServerProcess = await startServer(`sqlite:${file}`, { AKKOORD_ADMIN_TOKEN: token });
    let unackedTotal = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const current = server;
      const load = commandLoad(() => ({ baseUrl: current.baseUrl, token }), CLIENTS, `k${cycle}`, result);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      current.child.kill('SIGKILL');
      await current.exited;
      await load.stop();
      unackedTotal += result.unacked.size;
      server = await startServer(`sqlite:${file}`, { AKKOORD_ADMIN_TOKEN: token });
      await resendUntilAcked(server.baseUrl, token, result);
    }
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    await server.exited;

    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT stream_id AS s, count(*) AS n, max(global_position) AS p FROM events WHERE stream_id LIKE 'partner-k%' GROUP BY stream_id`,
        )
        .all() as { s: string; n: number; p: number }[];
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      const stored = new Map(rows.map((r) => [r.s, r.p]));
      for (const ack of result.acked.values()) expect(stored.get(ack.streamId)).toBe(ack.globalPosition);
      expect(stored.size).toBe(result.acked.size);
      const head = (db.prepare('SELECT max(global_position) AS p FROM events').get() as { p: number }).p;
      const checkpoints = db.prepare('SELECT name, position FROM projection_checkpoints').all() as {
        name: string;
        position: number;
      }[];
      expect(checkpoints.filter((c) => c.position !== head)).toEqual([]);
    } finally {
      db.close();
    }
    const lines: string[] = [];
    const code = await verifyCommand({ store: `sqlite:${file}` }, (line) => lines.push(line));
    expect(lines).toEqual([expect.stringMatching(/^ok: /)]);
    expect(code).toBe(0);
    process.stdout.write(
      `kill9: ${CYCLES} cycles, ${CLIENTS} clients: ${result.acked.size} acknowledged and stored once, ` +
        `${unackedTotal} unacknowledged resent with their key; ${lines[0]}\n`,
    );
  }, 600_000);
});
