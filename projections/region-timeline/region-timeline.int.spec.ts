import type { DomainCommand } from '@akkoord/domain';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { activityStatusProjection } from '../activity-status/activity-status.projection.js';
import { STORE_KINDS } from '../../test/support/stores.js';
import {
  commitFte,
  openProjectedWorld,
  planActivity,
  rep,
  reportStatus,
  seedRegion,
  sha256,
  type ProjectedWorld,
} from '../../test/support/world.js';
import { regionTimelineProjection } from './region-timeline.projection.js';
import { findRegion, regionTimeline } from './region-timeline.queries.js';

/** A planned activity with a title of its own. */
function titled(command: DomainCommand, title: string): DomainCommand {
  return { ...command, data: { ...command.data, title } } as DomainCommand;
}

const TERMS = 'Artikel 1. Partijen richten samen één werkgeversservicepunt in.';

describe.each(STORE_KINDS)('the region timeline and region view on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  const at = (iso: string) => (world.now = new Date(iso));

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [activityStatusProjection, regionTimelineProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    await seedRegion(world, 'twente');
    await seedRegion(world, 'groningen');
    await world.run({
      type: 'RegisterPartner',
      data: { partnerId: 'vno-twente', name: 'VNO-NCW Twente', kind: 'employer_organisation' },
    });
    await world.run({ type: 'JoinRegion', data: { regionId: 'twente', partnerId: 'vno-twente', role: 'participant' } });
    at('2019-10-01T10:00:00Z');
    await world.run(titled(planActivity('wsp', 'twente', 'demand'), 'Werkgeversservicepunt'));
    await world.run(planActivity('scholing', 'twente', 'training'));
    await world.run(planActivity('g1', 'groningen', 'supply'));
    at('2020-01-15T09:00:00Z');
    await commitFte(world, 'wsp', 'uwv-twente');
    await world.run({
      type: 'DraftAgreement',
      data: {
        agreementId: 'conv-wsp',
        regionId: 'twente',
        kind: 'covenant',
        title: 'Convenant Werkgeversservicepunt',
        terms: TERMS,
        termsHash: sha256(TERMS),
        parties: ['gemeente-twente', 'uwv-twente'],
        activityIds: ['wsp'],
        validFrom: '2020-02-01',
      },
    });
    at('2020-02-01T09:00:00Z');
    for (const partnerId of ['gemeente-twente', 'uwv-twente']) {
      await world.run(
        {
          type: 'SignAgreement',
          data: {
            agreementId: 'conv-wsp',
            partnerId,
            signatory: { name: `Wethouder ${partnerId}`, function: 'bestuurder' },
            termsHash: sha256(TERMS),
            signedOn: '2020-02-01',
          },
        },
        rep(partnerId),
      );
    }
    at('2020-06-01T09:00:00Z');
    await world.run({
      type: 'ChangePartnerRole',
      data: { regionId: 'twente', partnerId: 'uwv-twente', role: 'project_leader' },
    });
    at('2021-02-20T09:00:00Z');
    await world.run(reportStatus('wsp', '2020-Q4', 'at_risk', '2020-12-31', { placements: 35 }));
    await world.run({
      type: 'ReportStatus',
      data: { activityId: 'g1', period: '2020-Q4', status: 'on_track', realised: [], validFrom: '2020-12-31' },
    });
    at('2021-06-01T09:00:00Z');
    await world.run({
      type: 'LeaveRegion',
      data: { regionId: 'twente', partnerId: 'roc-twente', reason: 'Geen capaciteit' },
    });
    // joined and given another role in the same instant: one membership row, with the later role
    await world.run({ type: 'RegisterPartner', data: { partnerId: 'sbb', name: 'SBB', kind: 'sbb' } });
    await world.run({ type: 'JoinRegion', data: { regionId: 'twente', partnerId: 'sbb', role: 'participant' } });
    await world.run({
      type: 'ChangePartnerRole',
      data: { regionId: 'twente', partnerId: 'sbb', role: 'project_leader' },
    });
    await world.run({
      type: 'CloseActivity',
      data: { activityId: 'scholing', outcome: 'stopped', reason: 'Geen deelnemers' },
    });
    await runner.start();
  });
  afterAll(() => world.close());

  describe('the timeline', () => {
    it('holds the events of the region, its activities and its agreements, in log order', async () => {
      const timeline = await regionTimeline(readStore, 'twente');
      const streams = new Set(timeline!.events.map((e) => e.streamId));
      expect([...streams].sort()).toEqual(['activity-scholing', 'activity-wsp', 'agreement-conv-wsp', 'region-twente']);
      const positions = timeline!.events.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      const log = await world.store.readAll();
      const expected = log.filter((e) =>
        ['region-twente', 'activity-wsp', 'activity-scholing', 'agreement-conv-wsp'].includes(e.streamId),
      );
      expect(positions).toEqual(expected.map((e) => e.globalPosition));
      expect(timeline!.events.map((e) => e.type)).toEqual([
        'RegionRegistered',
        'PartnerJoinedRegion',
        'PartnerJoinedRegion',
        'PartnerJoinedRegion',
        'PartnerJoinedRegion',
        'ActivityPlanned',
        'ActivityPlanned',
        'PartnerCommitted',
        'AgreementDrafted',
        'AgreementSigned',
        'AgreementSigned',
        'AgreementInForce',
        'PartnerRoleChanged',
        'ActivityStatusReported',
        'PartnerLeftRegion',
        'PartnerJoinedRegion',
        'PartnerRoleChanged',
        'ActivityClosed',
      ]);
      expect(timeline!.nextPosition).toBe(positions.at(-1)! + 1);
      const groningen = await regionTimeline(readStore, 'groningen');
      expect(new Set(groningen!.events.map((e) => e.streamId))).toEqual(new Set(['region-groningen', 'activity-g1']));
    });

    it('describes each event in English and Dutch with the names it knew', async () => {
      const { events } = (await regionTimeline(readStore, 'twente'))!;
      const nl = (type: string) => events.filter((e) => e.type === type).map((e) => e.description.nl);
      expect(nl('PartnerCommitted')).toEqual([
        "uwv-twente zegde 2 fte toe aan 'Werkgeversservicepunt' (toezegging c1)",
      ]);
      expect(nl('PartnerJoinedRegion')).toContain('VNO-NCW Twente trad toe tot arbeidsmarktregio twente als deelnemer');
      expect(nl('ActivityStatusReported')).toEqual([
        "Monitorrapportage 2020-Q4: loopt nog niet zoals verwacht — 'Werkgeversservicepunt'; gerealiseerd plaatsingen 35",
      ]);
      expect(nl('AgreementInForce')).toEqual([
        "Afspraak 'Convenant Werkgeversservicepunt' van kracht (versie 1): alle partijen hebben ondertekend",
      ]);
      expect(nl('PartnerRoleChanged')).toEqual([
        'Rol van uwv-twente in arbeidsmarktregio twente gewijzigd: deelnemer → projectleider',
        'Rol van SBB in arbeidsmarktregio twente gewijzigd: deelnemer → projectleider',
      ]);
      const committed = events.find((e) => e.type === 'PartnerCommitted')!;
      expect(committed).toMatchObject({
        recordedAt: '2020-01-15T09:00:00.000Z',
        validFrom: null,
        streamId: 'activity-wsp',
        actor: { userId: 'rep-uwv-twente', organisationId: 'uwv-twente', roles: ['partner_representative'] },
        description: { en: "uwv-twente committed 2 fte to 'Werkgeversservicepunt' (commitment c1)" },
      });
      const report = events.find((e) => e.type === 'ActivityStatusReported')!;
      expect(report.validFrom).toBe('2020-12-31');
    });

    it('filters by recording time (both ends inclusive) and pages by position', async () => {
      const window = await regionTimeline(readStore, 'twente', {
        from: '2020-01-15T09:00:00.000Z',
        to: '2020-06-01T09:00:00.000Z',
      });
      expect(window!.events.map((e) => e.type)).toEqual([
        'PartnerCommitted',
        'AgreementDrafted',
        'AgreementSigned',
        'AgreementSigned',
        'AgreementInForce',
        'PartnerRoleChanged',
      ]);
      const first = await regionTimeline(readStore, 'twente', { limit: 3 });
      expect(first!.events).toHaveLength(3);
      const next = await regionTimeline(readStore, 'twente', { fromPosition: first!.nextPosition, limit: 3 });
      expect(next!.events[0].position).toBeGreaterThan(first!.events[2].position);
      expect(next!.events.map((e) => e.type)).toEqual([
        'PartnerJoinedRegion',
        'PartnerJoinedRegion',
        'ActivityPlanned',
      ]);
      expect((await regionTimeline(readStore, 'twente', { from: '2030-01-01T00:00:00.000Z' }))!.events).toEqual([]);
      expect((await regionTimeline(readStore, 'twente', { to: '2000-01-01T00:00:00.000Z' }))!.events).toEqual([]);
    });

    it('knows no timeline for a region that is not registered', async () => {
      expect(await regionTimeline(readStore, 'atlantis')).toBeUndefined();
    });
  });

  describe('the region view', () => {
    it('shows the members and the activity counts now', async () => {
      expect(await findRegion(readStore, 'twente')).toEqual({
        id: 'twente',
        name: 'twente',
        members: [
          { partnerId: 'gemeente-twente', name: 'gemeente-twente', role: 'lead', joinedAt: '2019-09-01T10:00:00.000Z' },
          { partnerId: 'uwv-twente', name: 'uwv-twente', role: 'project_leader', joinedAt: '2019-09-01T10:00:00.000Z' },
          {
            partnerId: 'vno-twente',
            name: 'VNO-NCW Twente',
            role: 'participant',
            joinedAt: '2019-09-01T10:00:00.000Z',
          },
          { partnerId: 'sbb', name: 'SBB', role: 'project_leader', joinedAt: '2021-06-01T09:00:00.000Z' },
        ],
        activities: {
          total: 2,
          byCategory: { supply: 0, demand: 1, route: 0, training: 1, collaboration: 0 },
          byStatus: { on_track: 0, at_risk: 1, needs_adjustment: 0, unreported: 1 },
          closed: 1,
        },
      });
    });

    it('answers as the ledger knew it: before the role change, the report, the departure and the closure', async () => {
      const before = await findRegion(readStore, 'twente', '2020-05-31T00:00:00.000Z');
      expect(before!.members.map((m) => [m.partnerId, m.role])).toEqual([
        ['gemeente-twente', 'lead'],
        ['roc-twente', 'participant'],
        ['uwv-twente', 'participant'],
        ['vno-twente', 'participant'],
      ]);
      expect(before!.activities).toMatchObject({ total: 2, closed: 0, byStatus: { at_risk: 0, unreported: 2 } });
      const atChange = await findRegion(readStore, 'twente', '2020-06-01T09:00:00.000Z');
      expect(atChange!.members.find((m) => m.partnerId === 'uwv-twente')?.role).toBe('project_leader');
      const beforePlans = await findRegion(readStore, 'twente', '2019-09-15T00:00:00.000Z');
      expect(beforePlans!.activities.total).toBe(0);
      expect(beforePlans!.members).toHaveLength(4);
      expect(await findRegion(readStore, 'twente', '2019-08-01T00:00:00.000Z')).toBeUndefined();
      const rows = await readStore.all("SELECT role FROM region_members WHERE partner_id = 'sbb'");
      expect(rows).toEqual([{ role: 'project_leader' }]);
    });

    it('counts only the region’s own activities', async () => {
      const groningen = await findRegion(readStore, 'groningen');
      expect(groningen!.activities).toMatchObject({
        total: 1,
        byCategory: { supply: 1 },
        byStatus: { on_track: 1, unreported: 0 },
      });
      expect(await findRegion(readStore, 'atlantis')).toBeUndefined();
    });
  });

  it('rebuilds to exactly the tables it built live', async () => {
    const dump = async () => ({
      subjects: await readStore.all('SELECT * FROM region_subjects ORDER BY stream_id'),
      names: await readStore.all('SELECT * FROM region_partner_names ORDER BY partner_id'),
      events: await readStore.all('SELECT * FROM region_events ORDER BY region_id, position'),
      members: await readStore.all('SELECT * FROM region_members ORDER BY region_id, partner_id, recorded_from'),
    });
    const live = await dump();
    await runner.rebuild(['region_timeline']);
    expect(await dump()).toEqual(live);
  });

  it('shows a new command once waitFor reaches its position', async () => {
    at('2021-07-01T09:00:00Z');
    const result = await world.run({
      type: 'RecordBorging',
      data: { activityId: 'wsp', state: 'in_preparation', effectiveFrom: '2021-07-01' },
    });
    expect(await runner.waitFor(result.globalPosition)).toBe(true);
    const { events } = (await regionTimeline(readStore, 'twente', { fromPosition: result.globalPosition }))!;
    expect(events.map((e) => e.description.nl)).toEqual([
      "Borging: niet gestart → in voorbereiding — 'Werkgeversservicepunt', per 2021-07-01",
    ]);
  });
});
