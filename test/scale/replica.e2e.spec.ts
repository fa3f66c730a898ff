/**
 * AKKOORD_READ_REPLICA_URL: an API node reads the read models from a streaming hot standby, and a read with
 * `minPosition` waits for the STANDBY to reach it — 503 with Retry-After while its replay is paused, the write once it
 * replays again. A primary and a standby of the test's own are created (pg_createcluster + pg_basebackup -R) and
 * dropped after. Needs `npm run build`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, nodeEnv, startNode, stopNode, until, type Node } from './support/nodes.js';
import { createPair, standbyToolsMissing, type Pair } from './support/standby.js';

const missing = standbyToolsMissing();
if (missing) console.log(`replica test skipped: ${missing}`);
const maybe = missing ? describe.skip : describe;

maybe('reads from a streaming standby (AKKOORD_READ_REPLICA_URL)', () => {
  const schema = `replica_${randomBytes(3).toString('hex')}`;
  const token = `replica-${randomBytes(16).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-replica-'));
  const nodes: Node[] = [];
  let pair: Pair | undefined;

  afterAll(async () => {
    await Promise.all(nodes.map((node) => stopNode(node)));
    pair?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('answers minPosition reads from the standby once it has replayed them, 503 + Retry-After before', async () => {
    pair = await createPair();
    const storeUrl = `${pair.primaryUrl}?schema=${schema}`;
    const env = nodeEnv({ AKKOORD_ADMIN_TOKEN: token, AKKOORD_SIGNING_KEY: join(dir, 'signing-key.pem') });
    nodes.push(await startNode('worker', storeUrl, env));
    // the schema and the read models exist on the primary before the standby is read
    await until('the worker leads the projections', async () => {
      const health = await http(nodes[0].baseUrl, token, 'GET', '/health');
      return (health.body.jobs as { job: string; leader: boolean }[]).some((j) => j.leader) ? true : undefined;
    });
    const api = await startNode(
      'api',
      storeUrl,
      nodeEnv({ ...env, AKKOORD_READ_REPLICA_URL: `${pair.standbyUrl}?schema=${schema}` }),
    );
    nodes.push(api);

    const created = await http(api.baseUrl, token, 'POST', '/api/partners', {
      id: 'gemeente-hengelo',
      name: 'Gemeente Hengelo',
      kind: 'municipality',
    });
    expect(created.status).toBe(201);
    const first = await http(api.baseUrl, token, 'GET', `/api/partners?minPosition=${created.body.globalPosition}`);
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body)).toContain('Gemeente Hengelo');

    // the standby stops replaying: the primary's read models move on, the standby's do not
    await pair.onStandby('SELECT pg_wal_replay_pause()');
    const second = await http(api.baseUrl, token, 'POST', '/api/partners', {
      id: 'gemeente-almelo',
      name: 'Gemeente Almelo',
      kind: 'municipality',
    });
    expect(second.status).toBe(201);
    const stale = await http(api.baseUrl, token, 'GET', `/api/partners?minPosition=${second.body.globalPosition}`);
    expect(stale.status).toBe(503);
    expect(stale.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.stringify(stale.body)).not.toContain('Gemeente Almelo');
    // without minPosition the node answers what the standby holds (without the unreplayed write)
    const asItStands = await http(api.baseUrl, token, 'GET', '/api/partners');
    expect(asItStands.status).toBe(200);
    expect(JSON.stringify(asItStands.body)).toContain('Gemeente Hengelo');
    expect(JSON.stringify(asItStands.body)).not.toContain('Gemeente Almelo');

    await pair.onStandby('SELECT pg_wal_replay_resume()');
    const fresh = await http(api.baseUrl, token, 'GET', `/api/partners?minPosition=${second.body.globalPosition}`);
    expect(fresh.status).toBe(200);
    expect(JSON.stringify(fresh.body)).toContain('Gemeente Almelo');
    const recovery = await pair.onStandby<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    expect(recovery[0].r).toBe(true);
  }, 300_000);
});
