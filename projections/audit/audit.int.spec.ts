import { AccessTokens } from '@akkoord/application';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { STORE_KINDS } from '../../test/support/stores.js';
import {
  commitFte,
  office,
  openProjectedWorld,
  planActivity,
  rep,
  reportStatus,
  seedRegion,
  type ProjectedWorld,
} from '../../test/support/world.js';
import { auditProjection } from './audit.projection.js';
import { listAudit } from './audit.queries.js';

describe.each(STORE_KINDS)('the audit trail on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  let head: number;
  const at = (iso: string) => (world.now = new Date(iso));

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [auditProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    await seedRegion(world); // 1 programme + 1 region + 3 × (partner, join) = 8 events
    at('2019-09-02T10:00:00Z');
    await new AccessTokens(world.store, undefined).issue(
      { userId: 'rep-uwv-twente', organisationId: 'uwv-twente', roles: ['partner_representative'], regionIds: [] },
      office,
    );
    await world.run(planActivity('a1', 'twente', 'supply'));
    at('2020-01-15T09:00:00Z');
    await commitFte(world, 'a1', 'uwv-twente');
    at('2021-02-20T09:00:00Z');
    await world.run(reportStatus('a1', '2020-Q4', 'at_risk', '2020-12-31', { placements: 35 }));
    at('2021-03-10T09:00:00Z');
    await world.run(
      {
        type: 'WithdrawCommitment',
        data: { activityId: 'a1', commitmentId: 'c1', reason: 'Capaciteit nodig elders' },
      },
      rep('uwv-twente'),
    );
    head = await world.store.headPosition();
    await runner.start();
  });
  afterAll(() => world.close());

  it('holds one entry per event in the log, in order, with actor and summaries', async () => {
    const { entries, nextPosition } = await listAudit(readStore);
    expect(entries.map((e) => e.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(nextPosition).toBe(head + 1);
    const log = await world.store.readAll();
    expect(entries.map((e) => [e.type, e.streamId, e.recordedAt])).toEqual(
      log.map((e) => [e.type, e.streamId, e.metadata.recordedAt]),
    );
    const commitment = entries.find((e) => e.type === 'PartnerCommitted');
    expect(commitment).toEqual({
      position: 11,
      recordedAt: '2020-01-15T09:00:00.000Z',
      actor: { userId: 'rep-uwv-twente', organisationId: 'uwv-twente', roles: ['partner_representative'] },
      type: 'PartnerCommitted',
      streamId: 'activity-a1',
      summary: 'uwv-twente committed 2 fte to activity a1 (commitment c1)',
      samenvatting: 'uwv-twente zegde 2 fte toe aan activiteit a1 (toezegging c1)',
    });
  });

  it('records who gave whom access, without the token', async () => {
    const { entries } = await listAudit(readStore, { type: 'AccessTokenIssued' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      position: 9,
      streamId: 'access-tokens',
      actor: { userId: 'po', organisationId: 'programme-office', roles: ['programme_office'] },
      samenvatting:
        'Toegangstoken uitgegeven aan gebruiker rep-uwv-twente van uwv-twente (rollen: partnervertegenwoordiger)',
    });
  });

  it('filters by organisation, user, stream and type', async () => {
    const byOrganisation = await listAudit(readStore, { organisationId: 'uwv-twente' });
    expect(byOrganisation.entries.map((e) => e.type)).toEqual(['PartnerCommitted', 'CommitmentWithdrawn']);
    expect(byOrganisation.nextPosition).toBe(14);
    expect((await listAudit(readStore, { userId: 'po' })).entries).toHaveLength(head - 2);
    expect((await listAudit(readStore, { streamId: 'activity-a1' })).entries.map((e) => e.position)).toEqual([
      10, 11, 12, 13,
    ]);
    expect((await listAudit(readStore, { type: 'PartnerJoinedRegion' })).entries.map((e) => e.streamId)).toEqual([
      'region-twente',
      'region-twente',
      'region-twente',
    ]);
    expect(
      (await listAudit(readStore, { organisationId: 'uwv-twente', type: 'CommitmentWithdrawn' })).entries,
    ).toHaveLength(1);
    expect(
      (
        await listAudit(readStore, { streamId: 'activity-a1', organisationId: 'uwv-twente', limit: 1 }, world.store)
      ).entries.map((e) => e.type),
    ).toEqual(['PartnerCommitted']);
    expect((await listAudit(readStore, { streamId: 'activity-nope' }, world.store)).entries).toEqual([]);
    expect((await listAudit(readStore, { userId: 'nobody' })).entries).toEqual([]);
  });

  it('filters by a window of recording time, both ends inclusive', async () => {
    const window = await listAudit(readStore, { from: '2020-01-01T00:00:00.000Z', to: '2021-02-20T09:00:00.000Z' });
    expect(window.entries.map((e) => e.type)).toEqual(['PartnerCommitted', 'ActivityStatusReported']);
    const since = await listAudit(readStore, { from: '2021-02-20T09:00:00.000Z' });
    expect(since.entries.map((e) => e.position)).toEqual([12, 13]);
    const until = await listAudit(readStore, { to: '2019-09-01T10:00:00.000Z' });
    expect(until.entries).toHaveLength(8);
    expect((await listAudit(readStore, { from: '2030-01-01T00:00:00.000Z' })).entries).toEqual([]);
    expect((await listAudit(readStore, { to: '2000-01-01T00:00:00.000Z' })).entries).toEqual([]);
    const combined = await listAudit(readStore, { from: '2019-09-02T00:00:00.000Z', userId: 'po', limit: 2 });
    expect(combined.entries.map((e) => e.type)).toEqual(['AccessTokenIssued', 'ActivityPlanned']);
  });

  it('pages with fromPosition and limit', async () => {
    const first = await listAudit(readStore, { limit: 5 });
    expect(first.entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(first.nextPosition).toBe(6);
    const second = await listAudit(readStore, { fromPosition: first.nextPosition, limit: 5 });
    expect(second.entries.map((e) => e.position)).toEqual([6, 7, 8, 9, 10]);
    const last = await listAudit(readStore, { fromPosition: 11, limit: 5 });
    expect(last.entries.map((e) => e.position)).toEqual([11, 12, 13]);
    expect(last.nextPosition).toBe(14);
    expect(await listAudit(readStore, { fromPosition: 99 })).toEqual({
      entries: [],
      nextPosition: 99,
      lastPosition: null,
    });
  });

  it('reads one stream’s entries from the store exactly as the table holds them', async () => {
    for (const streamId of ['region-twente', 'activity-a1', 'access-tokens']) {
      const fromStore = await listAudit(readStore, { streamId }, world.store);
      const fromTable = await listAudit(readStore, { streamId });
      expect(fromStore).toEqual(fromTable);
      expect(fromTable.entries.length).toBeGreaterThan(0);
      const all = (await listAudit(readStore, { limit: 1000 })).entries.filter((e) => e.streamId === streamId);
      expect(fromTable.entries).toEqual(all);
    }
    const streamWindow = {
      streamId: 'activity-a1',
      from: '2020-01-01T00:00:00.000Z',
      to: '2021-02-20T09:00:00.000Z',
    };
    for (const store of [world.store, undefined]) {
      const window = await listAudit(readStore, streamWindow, store);
      expect(window.entries.map((e) => e.position)).toEqual([11, 12]);
      expect(window.nextPosition).toBe(13);
    }
  });

  it('rebuilds to exactly the rows it built live', async () => {
    const dump = () => readStore.all('SELECT * FROM audit_entries ORDER BY position');
    const live = await dump();
    await runner.rebuild(['audit']);
    expect(await dump()).toEqual(live);
  });

  it('shows a new command once waitFor reaches its position', async () => {
    at('2021-04-01T09:00:00Z');
    const result = await world.run({
      type: 'RecordBorging',
      data: { activityId: 'a1', state: 'in_preparation', effectiveFrom: '2021-04-01' },
    });
    expect(await runner.waitFor(result.globalPosition)).toBe(true);
    const { entries } = await listAudit(readStore, { fromPosition: result.globalPosition });
    expect(entries).toEqual([
      expect.objectContaining({
        type: 'BorgingRecorded',
        samenvatting: 'Borging: niet gestart → in voorbereiding — activiteit a1, per 2021-04-01',
      }),
    ]);
  });
});
