import type { DomainCommand } from '@akkoord/domain';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { STORE_KINDS } from '../../test/support/stores.js';
import {
  openProjectedWorld,
  planActivity,
  reportStatus,
  seedRegion,
  type ProjectedWorld,
} from '../../test/support/world.js';
import { activityStatusProjection } from '../activity-status/activity-status.projection.js';
import { monitorProjection } from './monitor.projection.js';
import { monitorTable, wholePercent, type MonitorTable } from './monitor.queries.js';

type Status = 'on_track' | 'at_risk' | 'needs_adjustment';

/** A status report without placements, valid from 2020-12-31. */
const report = (activityId: string, period: string, status: Status, correctionReason?: string): DomainCommand =>
  reportStatus(activityId, period, status, '2020-12-31', { correctionReason });

/** A row of the table in a compact form: [on_track, at_risk, needs_adjustment, unreported]. */
function compact(table: MonitorTable): Record<string, number[]> {
  const line = (c: MonitorTable['total']) => [
    c.counts.on_track,
    c.counts.at_risk,
    c.counts.needs_adjustment,
    c.unreported,
  ];
  return { ...Object.fromEntries(table.rows.map((r) => [r.category, line(r)])), total: line(table.total) };
}

describe('whole percents', () => {
  it('round half up in integers', () => {
    expect(wholePercent(97, 200)).toBe(49); // 48.5
    expect(wholePercent(1, 8)).toBe(13); // 12.5
    expect(wholePercent(1, 3)).toBe(33);
    expect(wholePercent(2, 3)).toBe(67);
    expect(wholePercent(203, 414)).toBe(49);
    expect(wholePercent(30, 414)).toBe(7);
    expect(wholePercent(5, 5)).toBe(100);
    expect(wholePercent(0, 0)).toBe(0);
  });
});

describe.each(STORE_KINDS)('the monitor read model on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  const at = (iso: string) => (world.now = new Date(iso));
  const monitor = (period: string, asOf?: string) =>
    monitorTable(readStore, { programmeId: 'pow', period, ...(asOf !== undefined && { asOf }) });

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [activityStatusProjection, monitorProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    await seedRegion(world, 'twente');
    await seedRegion(world, 'groningen');
    at('2019-09-15T10:00:00Z');
    await world.run(planActivity('a1', 'twente', 'supply'));
    await world.run(planActivity('a2', 'twente', 'demand'));
    await world.run(planActivity('g1', 'groningen', 'training'));
    await world.run(planActivity('g2', 'groningen', 'supply'));
    // a3 is planned early but starts only in 2021
    at('2020-01-10T10:00:00Z');
    const a3 = planActivity('a3', 'twente', 'route') as Extract<DomainCommand, { type: 'PlanActivity' }>;
    await world.run({ ...a3, data: { ...a3.data, startDate: '2021-01-01' } });
    at('2020-10-05T10:00:00Z');
    await world.run(report('a1', '2020-Q3', 'on_track'));
    await world.run(report('a2', '2020-Q3', 'at_risk'));
    // g1 reports monthly
    at('2020-11-03T10:00:00Z');
    await world.run(report('g1', '2020-10', 'on_track'));
    at('2020-11-15T10:00:00Z');
    await world.run({
      type: 'CloseActivity',
      data: { activityId: 'a2', outcome: 'stopped', reason: 'geen deelnemers' },
    });
    at('2020-12-02T10:00:00Z');
    await world.run(report('g1', '2020-11', 'at_risk'));
    // a1's 2020-Q4 report arrives late, and is corrected
    at('2021-02-20T10:00:00Z');
    await world.run(report('a1', '2020-Q4', 'at_risk'));
    at('2021-03-10T10:00:00Z');
    await world.run(report('a1', '2020-Q4', 'needs_adjustment', 'telling UWV was dubbel'));
    at('2021-04-05T10:00:00Z');
    await world.run(report('a3', '2021-Q1', 'on_track'));
    await runner.start();
  });
  afterAll(() => world.close());

  it('answers api.md’s shape: every category in order, counts, percents, reported and unreported, and a total', async () => {
    expect(await monitor('2020-Q3')).toEqual({
      programmeId: 'pow',
      period: '2020-Q3',
      rows: [
        {
          category: 'supply',
          counts: { on_track: 1, at_risk: 0, needs_adjustment: 0 },
          percents: { on_track: 100, at_risk: 0, needs_adjustment: 0 },
          reported: 1,
          unreported: 1,
        },
        {
          category: 'demand',
          counts: { on_track: 0, at_risk: 1, needs_adjustment: 0 },
          percents: { on_track: 0, at_risk: 100, needs_adjustment: 0 },
          reported: 1,
          unreported: 0,
        },
        {
          category: 'route',
          counts: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
          percents: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
          reported: 0,
          unreported: 0,
        },
        {
          category: 'training',
          counts: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
          percents: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
          reported: 0,
          unreported: 1,
        },
        {
          category: 'collaboration',
          counts: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
          percents: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
          reported: 0,
          unreported: 0,
        },
      ],
      total: {
        counts: { on_track: 1, at_risk: 1, needs_adjustment: 0 },
        percents: { on_track: 50, at_risk: 50, needs_adjustment: 0 },
        reported: 2,
        unreported: 2,
      },
    });
  });

  it('counts every open activity as unreported for a period before any report', async () => {
    expect(compact(await monitor('2019-Q4'))).toEqual({
      supply: [0, 0, 0, 2],
      demand: [0, 0, 0, 1],
      route: [0, 0, 0, 0], // a3 has not started
      training: [0, 0, 0, 1],
      collaboration: [0, 0, 0, 0],
      total: [0, 0, 0, 4],
    });
  });

  it('takes the latest report up to the period, the corrected one, and leaves out what was closed by then', async () => {
    // a1: the corrected Q4 report; a2: closed in November; g1: its November report; g2: never reported
    expect(compact(await monitor('2020-Q4'))).toEqual({
      supply: [0, 0, 1, 1],
      demand: [0, 0, 0, 0],
      route: [0, 0, 0, 0],
      training: [0, 1, 0, 0],
      collaboration: [0, 0, 0, 0],
      total: [0, 1, 1, 1],
    });
    // a3 has started in 2021 and reported; a1 carries its Q4 status forward
    expect(compact(await monitor('2021-Q1'))).toEqual({
      supply: [0, 0, 1, 1],
      demand: [0, 0, 0, 0],
      route: [1, 0, 0, 0],
      training: [0, 1, 0, 0],
      collaboration: [0, 0, 0, 0],
      total: [1, 1, 1, 1],
    });
  });

  it('answers for a month as well as for a quarter', async () => {
    // October: a2 is still open (closed 15 November) with its Q3 status; g1 reported October
    expect(compact(await monitor('2020-10')).total).toEqual([2, 1, 0, 1]);
    // November: a2 closed; g1's November report; a1 still on its Q3 report (Q4 ends after November)
    expect(compact(await monitor('2020-11'))).toMatchObject({ supply: [1, 0, 0, 1], demand: [0, 0, 0, 0] });
    expect(compact(await monitor('2020-11')).total).toEqual([1, 1, 0, 1]);
  });

  it('answers as the ledger knew it: a late report and a correction count only once recorded', async () => {
    // 15 January 2021: a1's Q4 report is not in yet, so its Q3 status carries forward
    expect(compact(await monitor('2020-Q4', '2021-01-15T00:00:00Z')).supply).toEqual([1, 0, 0, 1]);
    expect(compact(await monitor('2020-Q4', '2021-03-01T00:00:00Z')).supply).toEqual([0, 1, 0, 1]);
    expect(compact(await monitor('2020-Q4', '2021-03-10T10:00:00Z')).supply).toEqual([0, 0, 1, 1]);
    // a zone other than Z means the same instant: 11:00+01:00 is when the correction was recorded
    expect(compact(await monitor('2020-Q4', '2021-03-10T11:00:00+01:00')).supply).toEqual([0, 0, 1, 1]);
    expect(compact(await monitor('2020-Q4', '2021-03-10T10:59:59+01:00')).supply).toEqual([0, 1, 0, 1]);
  });

  it('does not know a closure, a report or an activity before it was recorded', async () => {
    // 1 November 2020: a2 not yet closed, g1 had not reported October yet
    expect(compact(await monitor('2020-Q4', '2020-11-01T00:00:00Z'))).toMatchObject({
      supply: [1, 0, 0, 1],
      demand: [0, 1, 0, 0],
      training: [0, 0, 0, 1],
      total: [1, 1, 0, 2],
    });
    // before a3 was planned
    expect(compact(await monitor('2021-Q1', '2019-12-31T00:00:00Z')).route).toEqual([0, 0, 0, 0]);
    expect(compact(await monitor('2021-Q1', '2020-02-01T00:00:00Z')).route).toEqual([0, 0, 0, 1]);
    // before anything was planned
    expect(compact(await monitor('2020-Q4', '2019-09-01T12:00:00Z')).total).toEqual([0, 0, 0, 0]);
  });

  it('answers zeros for a programme without activities', async () => {
    const table = await monitorTable(readStore, { programmeId: 'rmt', period: '2020-Q4' });
    expect(table.total).toEqual({
      counts: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
      percents: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
      reported: 0,
      unreported: 0,
    });
    expect(table.rows).toHaveLength(5);
  });

  it('rebuilds to exactly the table it built live', async () => {
    const dump = () => readStore.all('SELECT * FROM monitor_activities ORDER BY activity_id');
    const live = await dump();
    expect(live.map((r) => [r.activity_id, r.closed_at])).toEqual([
      ['a1', null],
      ['a2', '2020-11-15T10:00:00.000Z'],
      ['a3', null],
      ['g1', null],
      ['g2', null],
    ]);
    await runner.rebuild(['monitor']);
    expect(await dump()).toEqual(live);
    expect(await runner.status()).toContainEqual(expect.objectContaining({ name: 'monitor', lag: 0 }));
  });

  it('sees a new report once waitFor reaches its position (read-your-writes)', async () => {
    at('2021-04-06T10:00:00Z');
    const result = await world.run(report('g2', '2021-Q1', 'needs_adjustment'));
    expect(await runner.waitFor(result.globalPosition, 5000)).toBe(true);
    expect(compact(await monitor('2021-Q1')).supply).toEqual([0, 0, 2, 0]);
  });
});
