/**
 * kill -9 of the real `akkoord serve` during 32-client command load, several cycles, on SQLite and on PostgreSQL (a
 * cluster of the tests' own): every acknowledged command is stored exactly once, the unacknowledged ones resent with
 * their Idempotency-Key are stored once, the read models converge on the log, and verify is clean.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCommand } from '@akkoord/notary';
import { runKill9Cycles, type Kill9Outcome } from './support/kill9-run.js';
import { RELIAB_PG_URL, ensureCluster, onCluster, pgToolsMissing } from './support/pg-cluster.js';
import { stopStrayServers } from './support/server.js';

const CYCLES = Number(process.env.AKKOORD_RELIAB_KILL_CYCLES ?? 2);
const CLIENTS = 32;
const TOKEN = 'kill9-admin-token-0123456789abcdef';

interface Stored {
  /** stream id → how many events and the highest position. */
  streams: Map<string, { n: number; p: number }>;
  head: number;
  checkpoints: { name: string; position: number }[];
}

async function check(outcome: Kill9Outcome, stored: () => Promise<Stored>, storeUrl: string, key?: string) {
  const { result, server } = outcome;
  const health = await fetch(`${server.baseUrl}/health`);
  expect(health.status).toBe(200);
  // the read models converge on the log: every projection's lag reaches 0 (polled, the runner catches up on its own)
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${server.baseUrl}/api/projections`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    const { projections } = (await response.json()) as { projections: { name: string; lag: number }[] };
    if (projections.length > 0 && projections.every((p) => p.lag === 0)) break;
    if (Date.now() > deadline) throw new Error(`the read models did not catch up: ${JSON.stringify(projections)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.child.kill('SIGTERM');
  await server.exited;

  const { streams, head, checkpoints } = await stored();
  expect([...streams].filter(([, s]) => s.n !== 1)).toEqual([]);
  for (const ack of result.acked.values()) expect(streams.get(ack.streamId)).toEqual({ n: 1, p: ack.globalPosition });
  expect(streams.size).toBe(result.acked.size);
  expect(checkpoints.length).toBeGreaterThan(0);
  expect({ head, behind: checkpoints.filter((c) => c.position !== head) }).toEqual({ head, behind: [] });
  const lines: string[] = [];
  const code = await verifyCommand({ store: storeUrl, ...(key ? { key } : {}) }, (line) => lines.push(line));
  expect(lines).toEqual([expect.stringMatching(/^ok: /)]);
  expect(code).toBe(0);
  return lines[0];
}

function report(store: string, outcome: Kill9Outcome, verified: string): void {
  process.stdout.write(
    `kill9 (${store}): ${CYCLES} cycles, ${CLIENTS} clients: ${outcome.result.acked.size} acknowledged and stored ` +
      `once (per cycle before the kill: ${outcome.ackedPerCycle.join(', ')}), ${outcome.unackedTotal} ` +
      `unacknowledged resent with their key; ${verified}\n`,
  );
}

describe('kill -9 under 32-client command load (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-kill9-'));
  const file = join(dir, 'ledger.db');
  afterAll(async () => {
    await stopStrayServers();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`loses nothing acknowledged over ${CYCLES} kills, and appends nothing twice on resend`, async () => {
    const storeUrl = `sqlite:${file}`;
    const outcome = await runKill9Cycles(storeUrl, { AKKOORD_ADMIN_TOKEN: TOKEN }, CYCLES, CLIENTS, 'k');
    const verified = await check(
      outcome,
      async () => {
        const db = new Database(file, { readonly: true });
        try {
          const rows = db
            .prepare(
              `SELECT stream_id AS s, count(*) AS n, max(global_position) AS p FROM events
               WHERE stream_id LIKE 'partner-k%' GROUP BY stream_id`,
            )
            .all() as { s: string; n: number; p: number }[];
          return {
            streams: new Map(rows.map((r) => [r.s, { n: r.n, p: r.p }])),
            head: (db.prepare('SELECT max(global_position) AS p FROM events').get() as { p: number }).p,
            checkpoints: db.prepare('SELECT name, position FROM projection_checkpoints').all() as Stored['checkpoints'],
          };
        } finally {
          db.close();
        }
      },
      storeUrl,
    );
    report('SQLite', outcome, verified);
  }, 900_000);
});

const missing = pgToolsMissing();
if (missing) process.stdout.write(`kill9 (PostgreSQL): skipped: ${missing}\n`);

(missing ? describe.skip : describe)('kill -9 under 32-client command load (PostgreSQL)', () => {
  const schema = `akk_k9_${randomBytes(5).toString('hex')}`;
  const storeUrl = `${RELIAB_PG_URL}?schema=${schema}`;
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-kill9-pg-'));
  const key = join(dir, 'signing-key.pem');
  beforeAll(() => ensureCluster(), 120_000);
  afterAll(async () => {
    await stopStrayServers();
    await onCluster(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it(`loses nothing acknowledged over ${CYCLES} kills, and appends nothing twice on resend`, async () => {
    const env = { AKKOORD_ADMIN_TOKEN: TOKEN, AKKOORD_SIGNING_KEY: key };
    const outcome = await runKill9Cycles(storeUrl, env, CYCLES, CLIENTS, 'q');
    const verified = await check(
      outcome,
      async () => {
        const rows = await onCluster<{ s: string; n: string; p: string }>(
          `SELECT stream_id AS s, count(*)::text AS n, max(global_position)::text AS p FROM "${schema}".events
           WHERE stream_id LIKE 'partner-q%' GROUP BY stream_id`,
        );
        const head = await onCluster<{ p: string }>(`SELECT max(global_position)::text AS p FROM "${schema}".events`);
        const checkpoints = await onCluster<{ name: string; position: string }>(
          `SELECT name, position::text AS position FROM "${schema}".projection_checkpoints`,
        );
        return {
          streams: new Map(rows.map((r) => [r.s, { n: Number(r.n), p: Number(r.p) }])),
          head: Number(head[0].p),
          checkpoints: checkpoints.map((c) => ({ name: c.name, position: Number(c.position) })),
        };
      },
      storeUrl,
      key,
    );
    report('PostgreSQL', outcome, verified);
  }, 900_000);
});
