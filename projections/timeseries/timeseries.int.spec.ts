import type { DomainCommand } from '@akkoord/domain';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { STORE_KINDS } from '../../test/support/stores.js';
import { openProjectedWorld, planActivity, seedRegion, type ProjectedWorld } from '../../test/support/world.js';
import { activityStatusProjection } from '../activity-status/activity-status.projection.js';
import { monitorProjection } from '../monitor/monitor.projection.js';
import { monitorTable } from '../monitor/monitor.queries.js';
import {
  activitySpan,
  bucketsBetween,
  statusTimeSeries,
  type StatusTimeSeries,
  type TimeSeriesQuery,
} from './timeseries.queries.js';
import { timeseriesProjection } from './timeseries.projection.js';

type Status = 'on_track' | 'at_risk' | 'needs_adjustment';

function report(activityId: string, period: string, status: Status): DomainCommand {
  return { type: 'ReportStatus', data: { activityId, period, status, realised: [], validFrom: '2020-01-01' } };
}

function plan(activityId: string, regionId: string, category: string, startDate?: string): DomainCommand {
  const command = planActivity(activityId, regionId, category) as Extract<DomainCommand, { type: 'PlanActivity' }>;
  return startDate === undefined ? command : { ...command, data: { ...command.data, startDate } };
}

/** Each bucket as `period: [on_track, at_risk, needs_adjustment, unreported, open, reported]`. */
function compact(series: StatusTimeSeries): Record<string, number[]> {
  return Object.fromEntries(
    series.buckets.map((b) => [
      b.period,
      [b.on_track, b.at_risk, b.needs_adjustment, b.unreported, b.open, b.reported],
    ]),
  );
}

describe('buckets', () => {
  it('are the periods from the one holding `from` to the one holding `to`, at most 240', () => {
    expect(bucketsBetween('2020-02-15', '2020-11-30', 'quarter')).toEqual(['2020-Q1', '2020-Q2', '2020-Q3', '2020-Q4']);
    expect(bucketsBetween('2020-11-30', '2021-01-01', 'month')).toEqual(['2020-11', '2020-12', '2021-01']);
    expect(bucketsBetween('2001-01-01', '2020-12-31', 'month')).toHaveLength(240);
    expect(bucketsBetween('2000-12-31', '2020-12-31', 'month')).toBeUndefined();
    expect(bucketsBetween('2021-01-01', '2020-12-31', 'month')).toEqual([]);
  });
});

describe.each(STORE_KINDS)('the status time series on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  const at = (iso: string) => (world.now = new Date(iso));
  const series = async (query: Partial<TimeSeriesQuery>) =>
    compact(
      await statusTimeSeries(readStore, {
        programmeId: 'pow',
        interval: 'quarter',
        from: '2020-01-01',
        to: '2020-12-31',
        ...query,
      }),
    );

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [activityStatusProjection, monitorProjection, timeseriesProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    await seedRegion(world, 'twente');
    await seedRegion(world, 'groningen');
    at('2019-09-15T10:00:00Z');
    await world.run(plan('t1', 'twente', 'supply'));
    await world.run(plan('t2', 'twente', 'demand', '2020-04-01'));
    await world.run(plan('g1', 'groningen', 'supply'));
    await world.run(plan('g2', 'groningen', 'training'));
    at('2020-02-03T10:00:00Z');
    await world.run(report('g1', '2020-01', 'at_risk'));
    at('2020-04-05T10:00:00Z');
    await world.run(report('t1', '2020-Q1', 'on_track'));
    at('2020-06-02T10:00:00Z');
    await world.run(report('g1', '2020-05', 'on_track'));
    at('2020-07-05T10:00:00Z');
    await world.run(report('t1', '2020-Q2', 'at_risk'));
    await world.run(report('t2', '2020-Q2', 'on_track'));
    at('2020-10-05T10:00:00Z');
    await world.run(report('t2', '2020-Q3', 'on_track'));
    at('2020-11-20T10:00:00Z');
    await world.run({ type: 'CloseActivity', data: { activityId: 't2', outcome: 'completed', reason: 'afgerond' } });
    // t1 skips 2020-Q3, and its 2020-Q4 report arrives late
    at('2021-02-20T10:00:00Z');
    await world.run(report('t1', '2020-Q4', 'needs_adjustment'));
    await runner.start();
  });
  afterAll(() => world.close());

  it('counts per quarter: the latest status carries forward, unreported is per quarter', async () => {
    const answer = await statusTimeSeries(readStore, {
      programmeId: 'pow',
      interval: 'quarter',
      from: '2020-01-01',
      to: '2020-12-31',
    });
    expect(answer.interval).toBe('quarter');
    expect(answer.buckets[0]).toEqual({
      period: '2020-Q1',
      on_track: 1,
      at_risk: 1,
      needs_adjustment: 0,
      unreported: 1,
      open: 3,
      reported: 2,
    });
    expect(compact(answer)).toEqual({
      '2020-Q1': [1, 1, 0, 1, 3, 2], // t2 has not started; g2 never reports
      '2020-Q2': [2, 1, 0, 1, 4, 3],
      '2020-Q3': [2, 1, 0, 3, 4, 1], // t1 and g1 carry their statuses but did not report Q3
      '2020-Q4': [1, 0, 1, 2, 3, 1], // t2 closed in November; t1's late Q4 report
    });
  });

  it('answers as the ledger knew it: before the late report, before the closure', async () => {
    expect((await series({ asOf: '2021-01-15T00:00:00Z' }))['2020-Q4']).toEqual([1, 1, 0, 3, 3, 0]);
    expect((await series({ asOf: '2020-11-01T00:00:00Z' }))['2020-Q4']).toEqual([2, 1, 0, 4, 4, 0]);
    expect((await series({ asOf: '2020-04-05T09:00:00Z' }))['2020-Q1']).toEqual([0, 1, 0, 2, 3, 1]);
    expect((await series({ asOf: '2019-09-01T12:00:00Z' }))['2020-Q4']).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('counts per month, a quarter’s report covering its three months', async () => {
    expect(await series({ interval: 'month', from: '2020-09-01', to: '2020-12-31' })).toEqual({
      '2020-09': [2, 1, 0, 3, 4, 1], // t2's Q3 report covers September
      '2020-10': [2, 1, 0, 3, 4, 1], // t1's Q4 report covers October; its status is still Q2's
      '2020-11': [1, 1, 0, 2, 3, 1], // t2 closed on 20 November
      '2020-12': [1, 0, 1, 2, 3, 1],
    });
  });

  it('filters by region and by category', async () => {
    expect(await series({ regionId: 'groningen' })).toEqual({
      '2020-Q1': [0, 1, 0, 1, 2, 1],
      '2020-Q2': [1, 0, 0, 1, 2, 1],
      '2020-Q3': [1, 0, 0, 2, 2, 0],
      '2020-Q4': [1, 0, 0, 2, 2, 0],
    });
    expect(await series({ category: 'supply' })).toEqual({
      '2020-Q1': [1, 1, 0, 0, 2, 2],
      '2020-Q2': [1, 1, 0, 0, 2, 2],
      '2020-Q3': [1, 1, 0, 2, 2, 0],
      '2020-Q4': [1, 0, 1, 1, 2, 1],
    });
    expect(await series({ regionId: 'twente', category: 'demand' })).toEqual({
      '2020-Q1': [0, 0, 0, 0, 0, 0],
      '2020-Q2': [1, 0, 0, 0, 1, 1],
      '2020-Q3': [1, 0, 0, 0, 1, 1],
      '2020-Q4': [0, 0, 0, 0, 0, 0],
    });
    expect((await series({ programmeId: 'rmt' }))['2020-Q2']).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('knows the span of the data in scope', async () => {
    expect(await activitySpan(readStore, { programmeId: 'pow' })).toEqual({ from: '2019-10-01', to: '2021-12-31' });
    expect(await activitySpan(readStore, { category: 'demand' })).toEqual({ from: '2020-04-01', to: '2021-12-31' });
    expect(await activitySpan(readStore, { programmeId: 'pow', asOf: '2019-01-01T00:00:00Z' })).toBeUndefined();
  });

  it('agrees with the monitor on each quarter’s statuses and open activities, now and as known before', async () => {
    for (const asOf of [undefined, '2020-11-01T00:00:00Z', '2021-01-15T00:00:00Z']) {
      const { buckets } = await statusTimeSeries(readStore, {
        programmeId: 'pow',
        interval: 'quarter',
        from: '2019-10-01',
        to: '2021-03-31',
        ...(asOf !== undefined && { asOf }),
      });
      for (const bucket of buckets) {
        const { total } = await monitorTable(readStore, {
          programmeId: 'pow',
          period: bucket.period,
          ...(asOf !== undefined && { asOf }),
        });
        const { on_track, at_risk, needs_adjustment } = bucket;
        expect({ period: bucket.period, ...total.counts, open: total.reported + total.unreported }).toEqual({
          period: bucket.period,
          on_track,
          at_risk,
          needs_adjustment,
          open: bucket.open,
        });
      }
    }
  });

  it('refuses more than 240 buckets', async () => {
    await expect(
      statusTimeSeries(readStore, { interval: 'month', from: '2000-01-01', to: '2020-12-31' }),
    ).rejects.toThrow(RangeError);
  });
});
