/**
 * Issue 15: several processes on one PostgreSQL ledger — real `akkoord serve --role api|worker` processes (the built
 * CLI), real PostgreSQL. Four processes start at once on an empty schema; 32 clients spread over two API nodes append
 * status reports while the leading worker is killed (-9); a stalled leader (SIGSTOP past its lease, then SIGCONT) is
 * refused by the fence. The read models end equal to a rebuild from scratch, the log is gap-free, both SSE feeds
 * deliver every event in order, and the notary's head equals what `akkoord verify` recomputes from the log.
 * Needs `npm run build`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { allProjections } from '../../projections/index.js';
import { TEST_PG_URL } from '../support/app.js';
import { seedLedger, statusReportLoad, type LoadStats } from './support/ledger-load.js';
import { cli, followFeed, http, nodeEnv, startNode, stopNode, until, type Feed, type Node } from './support/nodes.js';

const TIMEOUT = 300_000;

const schema = `scale_${randomBytes(4).toString('hex')}`;
const rebuilt = `${schema}_rebuild`;
const storeUrl = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
const token = `scale-${randomBytes(16).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'akkoord-scale-'));
const env = nodeEnv({ AKKOORD_ADMIN_TOKEN: token, AKKOORD_SIGNING_KEY: join(dir, 'signing-key.pem') });
const db = new pg.Pool({ connectionString: TEST_PG_URL, max: 2 });
const nodes: Node[] = [];

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(text, params)).rows;
}

interface Lease {
  job: string;
  holder: string;
  epoch: number;
  refused_writes: number;
}
const leases = () =>
  sql<Lease>(`SELECT job, holder, epoch::int, refused_writes::int FROM "${schema}".akkoord_leases ORDER BY job`);
const head = async () => Number((await sql<{ p: string }>(`SELECT position AS p FROM "${schema}".akkoord_head`))[0].p);
const apis = () => nodes.filter((n) => n.role === 'api' && n.alive());
const workers = () => nodes.filter((n) => n.role === 'worker' && n.alive());

/** The worker whose /health says it leads `job`. */
async function leaderOf(job: string): Promise<Node | undefined> {
  for (const worker of workers()) {
    const health = await http(worker.baseUrl, token, 'GET', '/health').catch(() => undefined);
    const jobs = (health?.body.jobs ?? []) as { job: string; leader: boolean }[];
    if (jobs.some((j) => j.job === job && j.leader)) return worker;
  }
  return undefined;
}

/** Every stored checkpoint has reached the ledger's head. */
async function caughtUp(): Promise<number | undefined> {
  const at = await head();
  const rows = await sql<{ p: string }>(`SELECT min(position) AS p FROM "${schema}".projection_checkpoints`);
  return Number(rows[0].p) === at ? at : undefined;
}

/** Rebuilds every projection from scratch into another schema and compares each table, row for row. */
async function expectEqualToRebuild(): Promise<void> {
  const rebuildUrl = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}schema=${rebuilt}`;
  await sql(`DROP SCHEMA IF EXISTS "${rebuilt}" CASCADE`);
  const result = await cli(['--store', storeUrl, '--read-store', rebuildUrl, 'projections', 'rebuild'], env);
  expect(result.code).toBe(0);
  for (const projection of allProjections) {
    for (const table of projection.tables) {
      const differ = await sql<{ n: string }>(
        `SELECT count(*) AS n FROM ((SELECT * FROM "${schema}".${table} EXCEPT ALL SELECT * FROM "${rebuilt}".${table})
           UNION ALL (SELECT * FROM "${rebuilt}".${table} EXCEPT ALL SELECT * FROM "${schema}".${table})) d`,
      );
      expect({ table, differing: Number(differ[0].n) }).toEqual({ table, differing: 0 });
    }
  }
}

/** The notary's head (signed on demand over the whole tree) equals the root `akkoord verify` recomputes. */
async function expectNotaryEqualsVerify(at: number): Promise<void> {
  const api = apis()[0];
  const ledgerHead = await until('the notary holds the whole log', async () => {
    const answer = await http(api.baseUrl, token, 'GET', '/api/ledger/head');
    return answer.status === 200 && answer.body.treeSize === at ? answer.body : undefined;
  });
  const verify = await cli(['--store', storeUrl, 'verify'], env);
  expect(verify.code).toBe(0);
  expect(verify.stdout + verify.stderr).toContain(`root ${String(ledgerHead.rootHash)}`);
  expect(verify.stdout + verify.stderr).toMatch(new RegExp(`ok: ${at} events`));
}

afterAll(async () => {
  await Promise.all(nodes.map((node) => stopNode(node)));
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await sql(`DROP SCHEMA IF EXISTS "${rebuilt}" CASCADE`).catch(() => undefined);
  await db.end();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('several processes on one PostgreSQL ledger (akkoord serve --role)', () => {
  it(
    'refuses --role api and worker on SQLite, and an unknown role, as usage errors (exit 2)',
    async () => {
      const ledger = `sqlite:${join(dir, 'ledger.db')}`;
      for (const role of ['api', 'worker']) {
        const result = await cli(['--store', ledger, 'serve', '--role', role, '--port', '0'], env);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`--role ${role} needs the read models in PostgreSQL`);
      }
      const unknown = await cli(['--store', storeUrl, 'serve', '--role', 'leader', '--port', '0'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('--role leader is not a role');
    },
    TIMEOUT,
  );

  it(
    'four processes started at the same moment on an empty schema all come up, one leader per job',
    async () => {
      const started = await Promise.all(
        (['api', 'api', 'worker', 'worker'] as const).map((role) => startNode(role, storeUrl, env)),
      );
      nodes.push(...started);
      const rows = await until('both jobs have a leader', async () => {
        const found = await leases();
        return found.length === 2 && found.every((l) => l.epoch >= 1) ? found : undefined;
      });
      expect(rows.map((l) => l.job)).toEqual(['notary', 'projections']);
      const leading = await until('a worker says it leads the projections', () => leaderOf('projections'));
      expect(leading.role).toBe('worker');
      for (const api of apis()) {
        const status = await http(api.baseUrl, token, 'GET', '/api/projections');
        expect(status.status).toBe(200);
        expect((status.body.leaders as Lease[]).map((l) => l.job)).toEqual(['notary', 'projections']);
      }
      for (const node of nodes) expect(node.output()).not.toMatch(/could not fold the log|duplicate key value/);
    },
    TIMEOUT,
  );

  it(
    '32 clients over two API nodes; kill -9 the leading worker mid-load: gap-free log, read models equal a rebuild, SSE complete, notary equals verify',
    async () => {
      const ids = await seedLedger(apis()[0], token, 32);
      const feeds: Feed[] = apis().map((api) => followFeed(api.baseUrl, token));
      const load = statusReportLoad(apis, token, ids, 32);
      await until('150 reports acknowledged', async () => (load.stats.acked.length >= 150 ? true : undefined), 120_000);
      const victim = (await leaderOf('projections'))!;
      const killedAt = await head();
      victim.child.kill('SIGKILL');
      await victim.exited;
      const successor = await until('another worker leads the projections', () => leaderOf('projections'), 30_000);
      expect(successor.pid).not.toBe(victim.pid);
      await until(
        '150 more reports acknowledged',
        async () => (load.stats.acked.length >= 300 ? true : undefined),
        120_000,
      );
      const stats: LoadStats = await load.stop();
      expect(stats.problems).toEqual([]);
      expect(stats.freshReads).toBeGreaterThan(0);

      // the log: every acknowledged report once, positions 1..head without a gap
      const at = await until('the read models reach the head', caughtUp, 120_000);
      expect(at).toBeGreaterThan(killedAt);
      const positions = await sql<{ p: string }>(`SELECT global_position AS p FROM "${schema}".events ORDER BY 1`);
      expect(positions.map((r) => Number(r.p))).toEqual(Array.from({ length: at }, (_x, i) => i + 1));
      const keys = new Set(stats.acked.map((a) => a.key));
      expect(keys.size).toBe(stats.acked.length);
      const reports = await sql<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}".events WHERE type = 'ActivityStatusReported'`,
      );
      expect(Number(reports[0].n)).toBe(stats.acked.length);

      await expectEqualToRebuild();
      // both nodes' feeds delivered every event, in order
      for (const feed of feeds) {
        await until('the feed delivered every event', async () => (feed.positions.length >= at ? true : undefined));
        expect(feed.positions).toEqual(Array.from({ length: at }, (_x, i) => i + 1));
        feed.close();
      }
      await expectNotaryEqualsVerify(at);
    },
    TIMEOUT,
  );

  it(
    'a stalled leader (SIGSTOP past its lease, then SIGCONT) is refused by the fence and steps down',
    async () => {
      nodes.push(await startNode('worker', storeUrl, env));
      const stalled = (await until('a worker leads the projections', () => leaderOf('projections')))!;
      const led = (
        (await http(stalled.baseUrl, token, 'GET', '/health')).body.jobs as { job: string; leader: boolean }[]
      )
        .filter((j) => j.leader)
        .map((j) => j.job)
        .sort();
      const before = (await leases()).filter((l) => led.includes(l.job));
      stalled.child.kill('SIGSTOP');
      const taken = await until(
        'another worker takes the stalled leader’s leases over',
        async () => {
          const now = (await leases()).filter((l) => led.includes(l.job));
          return now.every((l) => l.epoch > before.find((b) => b.job === l.job)!.epoch) ? now : undefined;
        },
        60_000,
      );
      expect(taken.every((l) => !l.holder.includes(`:${stalled.pid}:`))).toBe(true);
      // work for the stalled process to find when it wakes: it tries to write it under its old epoch
      const api = apis()[0];
      for (let i = 0; i < 5; i++) {
        const answer = await http(api.baseUrl, token, 'POST', '/api/activities/schaal-0/status-reports', {
          period: `2030-${String(i + 1).padStart(2, '0')}`,
          status: 'on_track',
          realised: [{ indicator: 'placements', value: i }],
          validFrom: '2020-03-31',
        });
        expect(answer.status).toBe(201);
      }
      stalled.child.kill('SIGCONT');
      const refused = await until('the woken leader was refused', async () => {
        const rows = (await leases()).filter((l) => led.includes(l.job));
        const said = led.every((job) => new RegExp(`fenced out: the ${job} lease`).test(stalled.output()));
        return said && rows.every((l) => l.refused_writes > 0) ? rows : undefined;
      });
      // the refused writes changed nothing: the leases stay with the takers, at their epochs
      expect(refused.map((l) => [l.job, l.epoch, l.holder])).toEqual(taken.map((l) => [l.job, l.epoch, l.holder]));
      for (const job of led) expect(stalled.output()).toContain(`no longer the leader of ${job}`);
      const health = await http(stalled.baseUrl, token, 'GET', '/health');
      expect((health.body.jobs as { leader: boolean }[]).map((j) => j.leader)).toEqual([false, false]);
      const at = await until('the new leader catches up', caughtUp, 60_000);
      await expectEqualToRebuild();
      await expectNotaryEqualsVerify(at);
    },
    TIMEOUT,
  );
});
