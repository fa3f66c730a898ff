/**
 * Fencing on real PostgreSQL, in one process and step by step: a runner and a notary that lead under epoch 1 keep
 * writing until the lease moves to epoch 2 (a takeover); then their next checkpoint write and their next signed head
 * are refused IN the transaction — rolled back, nothing of them stored — and the runner stops writing.
 */
import { randomUUID, randomBytes } from 'node:crypto';
import { openEventStore, type EventStore, type RecordedEvent } from '@akkoord/event-store';
import { Notary, SigningKey } from '@akkoord/notary';
import pg from 'pg';
import {
  FencedOut,
  ProjectionRunner,
  createLeaseTable,
  openReadStore,
  type Projection,
  type ReadStore,
} from '@akkoord/projections';

const PG = process.env.AKKOORD_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';
const schema = `fence_${randomBytes(4).toString('hex')}`;
const url = `${PG}${PG.includes('?') ? '&' : '?'}schema=${schema}`;
const actor = { userId: 'u-1', organisationId: 'programme-office', roles: ['programme_office'] };

/** Counts the events it was handed, in one row. */
const counter: Projection = {
  name: 'fence_counter',
  version: 1,
  tables: ['fence_counter'],
  async setup(sql) {
    await sql.exec('CREATE TABLE IF NOT EXISTS fence_counter (id INTEGER PRIMARY KEY, applied BIGINT NOT NULL)');
    await sql.run('INSERT INTO fence_counter (id, applied) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
  },
  async apply(sql, _event: RecordedEvent) {
    await sql.run('UPDATE fence_counter SET applied = applied + 1 WHERE id = 1');
  },
};

let store: EventStore;
let readStore: ReadStore;

async function append(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await store.append(
      `thing-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'ThingHappened', data: { i }, metadata: { actor } }],
      'no_stream',
    );
  }
}

const applied = async () =>
  Number((await readStore.get<{ applied: number }>('SELECT applied FROM fence_counter WHERE id = 1'))!.applied);
const checkpoint = async () =>
  Number(
    (await readStore.get<{ position: number }>(
      `SELECT position FROM projection_checkpoints WHERE name = 'fence_counter'`,
    ))!.position,
  );

beforeAll(async () => {
  store = await openEventStore(url);
  readStore = await openReadStore(url);
  for (const job of ['projections', 'notary']) {
    await createLeaseTable(readStore, job);
    await readStore.run('UPDATE akkoord_leases SET epoch = 1, holder = ? WHERE job = ?', ['this test', job]);
  }
});

afterAll(async () => {
  await readStore.close();
  await store.close();
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe('fencing tokens on PostgreSQL', () => {
  it('refuses the checkpoint write of a runner whose epoch was taken over, and stores nothing of it', async () => {
    const refused: FencedOut[] = [];
    const runner = new ProjectionRunner(store, readStore, [counter], { onFenced: (error) => refused.push(error) });
    await append(5);
    await runner.lead({ job: 'projections', epoch: 1 });
    expect(await applied()).toBe(5);
    expect(await checkpoint()).toBe(5);

    await readStore.run(`UPDATE akkoord_leases SET epoch = 2, holder = 'another process' WHERE job = 'projections'`);
    await append(3);
    for (let i = 0; i < 200 && refused.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(refused.map((e) => [e.fence.epoch, e.what])).toEqual([[1, 'checkpoint']]);
    expect(await applied()).toBe(5);
    expect(await checkpoint()).toBe(5);
    expect(runner.writing).toBe(false);
    await runner.stopLeading();

    // the leader under epoch 2 continues from the checkpoint: each event applied once
    const successor = new ProjectionRunner(store, readStore, [counter]);
    await successor.lead({ job: 'projections', epoch: 2 });
    expect(await applied()).toBe(8);
    expect(await checkpoint()).toBe(8);

    // another process resets the read model (a new code version: tables dropped, checkpoint 0) while the leader runs:
    // the leader notices its checkpoint went back and applies from there — without that it would go on from 9 and
    // the table would count 4
    await new ProjectionRunner(store, readStore, [{ ...counter, version: 2 }]).prepare();
    expect(await checkpoint()).toBe(0);
    await append(4);
    for (let i = 0; i < 200 && (await checkpoint()) < 12; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await checkpoint()).toBe(12);
    expect(await applied()).toBe(12);
    await successor.stopLeading();
  }, 60_000);

  it('refuses a head signed under a stale epoch: no head row is written', async () => {
    const refused: FencedOut[] = [];
    const notary = new Notary({ readStore, key: SigningKey.generate(), elected: { onFenced: (e) => refused.push(e) } });
    expect(await notary.treeSize()).toBe(0); // creates the notary's tables
    notary.lead({ job: 'notary', epoch: 1 });
    await readStore.run(`UPDATE akkoord_leases SET epoch = 2 WHERE job = 'notary'`);
    await expect(notary.signHead()).rejects.toBeInstanceOf(FencedOut);
    const heads = await readStore.get<{ n: number }>('SELECT count(*) AS n FROM notary_heads');
    expect(Number(heads!.n)).toBe(0);
    await notary.stopLeading();

    notary.lead({ job: 'notary', epoch: 2 });
    const head = await notary.signHead();
    expect(head.treeSize).toBe(0);
    const after = await readStore.get<{ n: number }>('SELECT count(*) AS n FROM notary_heads');
    expect(Number(after!.n)).toBe(1);
    await notary.stopLeading();
  }, 60_000);
});
