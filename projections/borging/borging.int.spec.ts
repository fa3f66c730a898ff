import type { Actor } from '@akkoord/event-store';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { STORE_KINDS } from '../../test/support/stores.js';
import { openProjectedWorld, planActivity, seedRegion, type ProjectedWorld } from '../../test/support/world.js';
import { borgingProjection } from './borging.projection.js';
import { borgingHistory, borgingOverview } from './borging.queries.js';

const coordinator: Actor = {
  userId: 'coord-twente',
  organisationId: 'gemeente-twente',
  roles: ['region_coordinator'],
  regionIds: ['twente'],
};

describe.each(STORE_KINDS)('the borging read model on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  const at = (iso: string) => (world.now = new Date(iso));

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [borgingProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    await seedRegion(world, 'twente');
    await seedRegion(world, 'groningen');
    await world.run({
      type: 'LaunchProgramme',
      data: {
        programmeId: 'rmt',
        name: 'Regionale mobiliteitsteams',
        owner: 'SZW',
        startDate: '2021-01-01',
        endDate: '2022-12-31',
      },
    });
    await world.run(planActivity('a1', 'twente', 'supply'));
    await world.run(planActivity('a2', 'twente', 'route'));
    await world.run(planActivity('g1', 'groningen', 'demand'));
    const r1 = planActivity('r1', 'groningen', 'training');
    await world.run({ ...r1, data: { ...r1.data, programmeId: 'rmt' } } as typeof r1);
    at('2021-03-01T09:00:00Z');
    await world.run(
      {
        type: 'RecordBorging',
        data: {
          activityId: 'a1',
          state: 'in_preparation',
          effectiveFrom: '2021-03-01',
          ownerPartnerId: 'gemeente-twente',
          note: 'opnemen in de uitvoeringsagenda',
        },
      },
      coordinator,
    );
    at('2021-09-15T09:00:00Z');
    await world.run({
      type: 'RecordBorging',
      data: { activityId: 'a1', state: 'secured', mechanism: 'structural_funding', effectiveFrom: '2022-01-01' },
    });
    at('2021-10-01T09:00:00Z');
    await world.run({
      type: 'RecordBorging',
      data: { activityId: 'g1', state: 'not_secured', mechanism: 'stopped', effectiveFrom: '2021-12-31' },
    });
    await runner.start();
  });
  afterAll(() => world.close());

  it('shows every borging step of an activity with its dates and actor', async () => {
    expect(await borgingHistory(readStore, 'a1')).toEqual({
      activityId: 'a1',
      current: { state: 'secured', mechanism: 'structural_funding', effectiveFrom: '2022-01-01' },
      steps: [
        {
          state: 'in_preparation',
          previousState: 'not_started',
          mechanism: null,
          effectiveFrom: '2021-03-01',
          ownerPartnerId: 'gemeente-twente',
          note: 'opnemen in de uitvoeringsagenda',
          recordedAt: '2021-03-01T09:00:00.000Z',
          actor: { userId: 'coord-twente', organisationId: 'gemeente-twente' },
          position: expect.any(Number),
        },
        {
          state: 'secured',
          previousState: 'in_preparation',
          mechanism: 'structural_funding',
          effectiveFrom: '2022-01-01',
          ownerPartnerId: null,
          note: null,
          recordedAt: '2021-09-15T09:00:00.000Z',
          actor: { userId: 'po', organisationId: 'programme-office' },
          position: expect.any(Number),
        },
      ],
    });
    const history = await borgingHistory(readStore, 'a1');
    expect(history!.steps[0].position).toBeLessThan(history!.steps[1].position);
  });

  it('shows an activity without steps as not started, and knows no unknown one', async () => {
    expect(await borgingHistory(readStore, 'a2')).toEqual({
      activityId: 'a2',
      current: { state: 'not_started', mechanism: null, effectiveFrom: null },
      steps: [],
    });
    expect(await borgingHistory(readStore, 'nope')).toBeUndefined();
  });

  it('answers the history as the ledger knew it', async () => {
    const june = await borgingHistory(readStore, 'a1', { asOf: '2021-06-01T00:00:00Z' });
    expect(june?.current).toEqual({ state: 'in_preparation', mechanism: null, effectiveFrom: '2021-03-01' });
    expect(june?.steps.map((s) => s.state)).toEqual(['in_preparation']);
    expect((await borgingHistory(readStore, 'a1', { asOf: '2021-09-15T09:00:00Z' }))?.current.state).toBe('secured');
    expect(await borgingHistory(readStore, 'a1', { asOf: '2019-08-01T00:00:00+02:00' })).toBeUndefined();
  });

  it('lists each activity’s borging with totals by state, overall and per region', async () => {
    const overview = await borgingOverview(readStore);
    expect(overview.activities).toEqual([
      {
        activityId: 'g1',
        regionId: 'groningen',
        programmeId: 'pow',
        category: 'demand',
        state: 'not_secured',
        mechanism: 'stopped',
        effectiveFrom: '2021-12-31',
      },
      {
        activityId: 'r1',
        regionId: 'groningen',
        programmeId: 'rmt',
        category: 'training',
        state: 'not_started',
        mechanism: null,
        effectiveFrom: null,
      },
      {
        activityId: 'a1',
        regionId: 'twente',
        programmeId: 'pow',
        category: 'supply',
        state: 'secured',
        mechanism: 'structural_funding',
        effectiveFrom: '2022-01-01',
      },
      {
        activityId: 'a2',
        regionId: 'twente',
        programmeId: 'pow',
        category: 'route',
        state: 'not_started',
        mechanism: null,
        effectiveFrom: null,
      },
    ]);
    expect(overview.totals).toEqual({ not_started: 2, in_preparation: 0, secured: 1, not_secured: 1 });
    expect(overview.byRegion).toEqual([
      { regionId: 'groningen', totals: { not_started: 1, in_preparation: 0, secured: 0, not_secured: 1 } },
      { regionId: 'twente', totals: { not_started: 1, in_preparation: 0, secured: 1, not_secured: 0 } },
    ]);
  });

  it('filters by region and programme', async () => {
    const twente = await borgingOverview(readStore, { regionId: 'twente' });
    expect(twente.activities.map((a) => a.activityId)).toEqual(['a1', 'a2']);
    expect(twente.byRegion.map((r) => r.regionId)).toEqual(['twente']);
    const rmt = await borgingOverview(readStore, { programmeId: 'rmt' });
    expect(rmt.activities.map((a) => a.activityId)).toEqual(['r1']);
    expect(rmt.totals).toEqual({ not_started: 1, in_preparation: 0, secured: 0, not_secured: 0 });
    expect(await borgingOverview(readStore, { regionId: 'utrecht' })).toEqual({
      activities: [],
      totals: { not_started: 0, in_preparation: 0, secured: 0, not_secured: 0 },
      byRegion: [],
    });
  });

  it('answers the overview as the ledger knew it', async () => {
    const june = await borgingOverview(readStore, { asOf: '2021-06-01T00:00:00Z' });
    expect(june.activities.map((a) => [a.activityId, a.state])).toEqual([
      ['g1', 'not_started'],
      ['r1', 'not_started'],
      ['a1', 'in_preparation'],
      ['a2', 'not_started'],
    ]);
    expect(june.totals).toEqual({ not_started: 3, in_preparation: 1, secured: 0, not_secured: 0 });
    expect((await borgingOverview(readStore, { asOf: '2019-08-01T00:00:00Z' })).activities).toEqual([]);
  });

  it('answers what held on a date, by today’s knowledge or an earlier one', async () => {
    const december = await borgingOverview(readStore, { validAt: '2021-12-01' });
    expect(december.activities.map((a) => [a.activityId, a.state, a.effectiveFrom])).toEqual([
      ['g1', 'not_started', null],
      ['r1', 'not_started', null],
      ['a1', 'in_preparation', '2021-03-01'],
      ['a2', 'not_started', null],
    ]);
    const next = await borgingOverview(readStore, { validAt: '2022-01-01' });
    expect(next.totals).toEqual({ not_started: 2, in_preparation: 0, secured: 1, not_secured: 1 });
    // known in June 2021, nothing had been recorded for 2022 yet
    const known = await borgingOverview(readStore, { validAt: '2022-06-01', asOf: '2021-06-01T00:00:00Z' });
    expect(known.activities.find((a) => a.activityId === 'a1')?.state).toBe('in_preparation');
  });

  it('rebuilds to exactly the tables it built live', async () => {
    const dump = async () => ({
      steps: await readStore.all('SELECT * FROM borging_steps ORDER BY position'),
      activities: await readStore.all('SELECT * FROM borging_activities ORDER BY activity_id, recorded_from'),
    });
    const live = await dump();
    await runner.rebuild(['borging']);
    expect(await dump()).toEqual(live);
  });
});
