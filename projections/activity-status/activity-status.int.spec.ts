import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { STORE_KINDS } from '../../test/support/stores.js';
import {
  commitFte,
  openProjectedWorld,
  planActivity,
  reportStatus,
  seedRegion,
  type ProjectedWorld,
} from '../../test/support/world.js';
import { activityStatusProjection } from './activity-status.projection.js';
import { findActivity, listActivities } from './activity-status.queries.js';

describe.each(STORE_KINDS)('the activity status read model on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  const at = (iso: string) => (world.now = new Date(iso));

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [activityStatusProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    await seedRegion(world);
    await world.run(planActivity('a1', 'twente', 'supply'));
    await world.run(planActivity('a2', 'twente', 'demand'));
    await commitFte(world, 'a1', 'uwv-twente');
    at('2020-10-05T09:00:00Z');
    await world.run(reportStatus('a1', '2020-Q3', 'on_track', '2020-09-30', { placements: 30 }));
    // the Q4 report arrives late, in February
    at('2021-02-20T09:00:00Z');
    await world.run(reportStatus('a1', '2020-Q4', 'at_risk', '2020-12-31', { placements: 35 }));
    // and is corrected in March
    at('2021-03-10T09:00:00Z');
    await world.run(
      reportStatus('a1', '2020-Q4', 'needs_adjustment', '2020-12-31', {
        placements: 31,
        correctionReason: 'telling UWV was dubbel',
      }),
    );
    at('2021-06-01T09:00:00Z');
    await world.run({
      type: 'CloseActivity',
      data: { activityId: 'a2', outcome: 'stopped', reason: 'geen deelnemers' },
    });
    await runner.start();
  });
  afterAll(() => world.close());

  it('shows the current state of an activity in the api.md shape', async () => {
    const a1 = await findActivity(readStore, 'a1');
    expect(a1).toMatchObject({
      id: 'a1',
      regionId: 'twente',
      programmeId: 'pow',
      category: 'supply',
      leadPartnerId: 'gemeente-twente',
      status: 'needs_adjustment',
      statusPeriod: '2020-Q4',
      realised: [{ indicator: 'placements', value: 31 }],
      borging: { state: 'not_started', mechanism: null },
      closed: false,
      version: 4,
    });
    expect(a1!.commitments).toEqual([
      expect.objectContaining({ commitmentId: 'c1', partnerId: 'uwv-twente', amount: 2, status: 'open' }),
    ]);
    expect(await findActivity(readStore, 'nope')).toBeUndefined();
  });

  it('filters by region, category and status', async () => {
    expect((await listActivities(readStore, { regionId: 'twente' })).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect((await listActivities(readStore, { category: 'demand' })).map((a) => a.id)).toEqual(['a2']);
    expect((await listActivities(readStore, { status: 'needs_adjustment' })).map((a) => a.id)).toEqual(['a1']);
    expect(await listActivities(readStore, { regionId: 'groningen' })).toEqual([]);
  });

  it('answers as the ledger knew it: before the late report, before the correction, after it', async () => {
    expect((await findActivity(readStore, 'a1', { asOf: '2021-01-15T00:00:00Z' }))?.statusPeriod).toBe('2020-Q3');
    expect((await findActivity(readStore, 'a1', { asOf: '2021-03-01T00:00:00Z' }))?.status).toBe('at_risk');
    expect((await findActivity(readStore, 'a1', { asOf: '2021-03-10T09:00:00Z' }))?.status).toBe('needs_adjustment');
    expect(await findActivity(readStore, 'a1', { asOf: '2019-01-01T00:00:00Z' })).toBeUndefined();
    expect((await listActivities(readStore, { asOf: '2021-05-01T00:00:00Z' })).find((a) => a.id === 'a2')?.closed).toBe(
      false,
    );
    expect((await listActivities(readStore)).find((a) => a.id === 'a2')?.closed).toBe(true);
  });

  it('answers what held on a date, by today’s knowledge or by an earlier one', async () => {
    // by today's knowledge, the end of 2020 was needs_adjustment (the corrected late report)
    expect((await findActivity(readStore, 'a1', { validAt: '2021-01-15' }))?.status).toBe('needs_adjustment');
    // known on 1 February 2021, the end of 2020 still looked on track (Q3 was the last report)
    const known = await findActivity(readStore, 'a1', { validAt: '2021-01-15', asOf: '2021-02-01T00:00:00Z' });
    expect(known?.status).toBe('on_track');
    expect(known?.statusPeriod).toBe('2020-Q3');
    expect((await findActivity(readStore, 'a1', { validAt: '2020-06-30' }))?.status).toBeNull();
  });

  it('rebuilds to exactly the tables it built live', async () => {
    const dump = async () => ({
      versions: await readStore.all('SELECT * FROM activity_versions ORDER BY activity_id, recorded_from, position'),
      reports: await readStore.all('SELECT * FROM activity_reports ORDER BY activity_id, period, recorded_from'),
    });
    const live = await dump();
    const progress: number[] = [];
    await runner.rebuild(['activity_status'], (p) => progress.push(p.position));
    expect(await dump()).toEqual(live);
    expect(progress.at(-1)).toBe(await world.store.headPosition());
    const [status] = await runner.status();
    expect(status).toMatchObject({ name: 'activity_status', lag: 0 });
  });

  it('sees a new command once waitFor reaches its position (read-your-writes)', async () => {
    at('2021-07-01T09:00:00Z');
    const result = await world.run({
      type: 'RecordBorging',
      data: { activityId: 'a1', state: 'in_preparation', effectiveFrom: '2021-07-01' },
    });
    expect(await runner.waitFor(result.globalPosition, 5000)).toBe(true);
    expect((await findActivity(readStore, 'a1'))?.borging).toEqual({ state: 'in_preparation', mechanism: null });
  });
});
