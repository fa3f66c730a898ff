import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openEventStore, type NewEvent } from '@akkoord/event-store';
import { verify } from '@akkoord/notary';
import { openReadStore } from '@akkoord/projections';
import { startTestApp, type StoreKind, type TestApp } from '../../../test/support/app.js';

/** A ledger written by the code before event schema versions: `MonitoringRoundOpened` v1 has `dueDate`. */
const FIXTURE = new URL('../../../test/fixtures/ledger-schema-v1.jsonl', import.meta.url);
type Line = { streamId: string; type: string; data: Record<string, unknown>; metadata: NewEvent['metadata'] };
const lines = (): Line[] =>
  readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);

/** Appends the fixture as the old code did: stored bytes in the old shape, no `schemaVersion` in the metadata. */
async function writeOldLedger(storeUrl: string): Promise<void> {
  const store = await openEventStore(storeUrl);
  try {
    for (const line of lines()) {
      const event = { eventId: randomUUID(), type: line.type, data: line.data, metadata: line.metadata };
      await store.append(line.streamId, [event], 'any');
    }
  } finally {
    await store.close();
  }
}

/**
 * Event upcasting over a real ledger on both stores: the new code reads a version 1 ledger (committed fixture) as the
 * current shape in its deciders and projections, reads it the same as the same facts written now, never rewrites the
 * stored bytes, and the ledger still verifies.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('a ledger with version 1 events on %s', (kind) => {
  let t: TestApp;
  const get = (path: string) => t.http.get(path).set('Authorization', `Bearer ${t.adminToken}`);
  const post = (path: string, body: object) =>
    t.http.post(path).set('Authorization', `Bearer ${t.adminToken}`).send(body);

  beforeAll(async () => {
    t = await startTestApp(kind, { prepare: writeOldLedger });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps the stored event in its old shape', async () => {
    const round = (await t.store.readStream('programme-pow')).find((e) => e.type === 'MonitoringRoundOpened');
    expect(round?.data).toEqual({ programmeId: 'pow', period: '2021-Q1', dueDate: '2021-04-15' });
    expect(round?.metadata.schemaVersion).toBeUndefined();
  });

  it('reads the version 1 round as the current shape, the same as one written now', async () => {
    expect((await post('/api/programmes', { ...programme('pow2') })).status).toBe(201);
    expect(
      (await post('/api/programmes/pow2/monitoring-rounds', { period: '2021-Q1', dueDate: '2021-04-15' })).status,
    ).toBe(201);
    const [old, now] = await Promise.all([
      get('/api/programmes/pow/monitoring-rounds'),
      get('/api/programmes/pow2/monitoring-rounds'),
    ]);
    expect(old.status).toBe(200);
    const shape = (r: { period: string; deadline: string; status: string; fixed: unknown }) => ({
      period: r.period,
      deadline: r.deadline,
      status: r.status,
      fixed: r.fixed,
    });
    expect(old.body.rounds.map(shape)).toEqual([
      { period: '2021-Q1', deadline: '2021-04-15', status: 'open', fixed: null },
    ]);
    expect(now.body.rounds.map(shape)).toEqual(old.body.rounds.map(shape));
    expect(old.body.rounds[0]).toMatchObject({ expected: 1, reported: 1, outstanding: 0 });

    // the audit projection saw the upcast event: the same words as for the round written now
    const audit = await get('/api/audit?type=MonitoringRoundOpened&order=asc');
    const summaries = (audit.body.entries as { samenvatting: string }[]).map((e) => e.samenvatting);
    expect(summaries).toEqual([
      'Monitorronde 2021-Q1 geopend voor programma pow, rapportages uiterlijk 2021-04-15',
      'Monitorronde 2021-Q1 geopend voor programma pow2, rapportages uiterlijk 2021-04-15',
    ]);
  });

  it('decides on the version 1 stream: the round exists, can be fixed, and then refuses a late report', async () => {
    const again = await post('/api/programmes/pow/monitoring-rounds', { period: '2021-Q1', dueDate: '2021-04-30' });
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('round_already_open');
    expect((await post('/api/programmes/pow/monitoring-rounds/2021-Q1/fix', {})).status).toBe(201);
    const fixed = await get('/api/monitor?programmeId=pow&period=2021-Q1&round=fixed');
    expect(fixed.status).toBe(200);
    expect(fixed.body.total.counts).toEqual({ on_track: 0, at_risk: 1, needs_adjustment: 0 });
    const correction = await post('/api/activities/wsp-twente/status-reports', {
      period: '2021-Q1',
      status: 'on_track',
      realised: [],
      validFrom: '2021-03-31',
    });
    expect(correction.body.rule).toBe('round_fixed');
  });

  it('still verifies: every leaf is over the stored bytes, the old ones included', async () => {
    const head = await get('/api/ledger/head');
    expect(head.status).toBe(200);
    const readStore = await openReadStore(t.storeUrl);
    try {
      const result = await verify({ store: t.storeUrl, readStore, workers: 1 });
      expect(result).toMatchObject({ ok: true });
      expect(result.ok && result.treeSize).toBeGreaterThanOrEqual(head.body.treeSize);
    } finally {
      await readStore.close();
    }
  });
});

function programme(id: string) {
  return { id, name: 'Perspectief op Werk', owner: 'SZW', startDate: '2019-07-01', endDate: '2021-12-31' };
}
