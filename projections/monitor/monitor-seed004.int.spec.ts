import { readFileSync } from 'node:fs';
import type { DomainCommand } from '@akkoord/domain';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { STORE_KINDS } from '../../test/support/stores.js';
import { openProjectedWorld, planActivity, seedRegion, type ProjectedWorld } from '../../test/support/world.js';
import { activityStatusProjection } from '../activity-status/activity-status.projection.js';
import { monitorProjection } from './monitor.projection.js';
import { monitorTable, type MonitorTable } from './monitor.queries.js';

/** Seed 004's monitor (KplusV, Lerende Evaluatie): the table to the percent, and counts that reproduce it. */
const seed = JSON.parse(
  readFileSync(new URL('../../../shared/data/monitor-seed-004.json', import.meta.url), 'utf8'),
) as {
  statuses: Status[];
  table: Record<'total' | 'supply' | 'demand' | 'route' | 'training', [number, number, number]>;
  counts: Record<Category, [number, number, number]>;
};
type Status = 'on_track' | 'at_risk' | 'needs_adjustment';
type Category = 'supply' | 'demand' | 'route' | 'training' | 'collaboration';

const REGIONS = ['twente', 'groningen', 'zuid-limburg', 'rijnmond'];

/**
 * One activity of the fixture: its final 2020-Q4 status and how it got there. Every third activity reported 2020-Q3
 * with another status first; every fifth (from the second) reported 2020-Q4 with another status and corrected it.
 */
interface Planned {
  id: string;
  region: string;
  category: Category;
  final: Status;
  q3?: Status;
  firstQ4: Status;
}

function fixture(): Planned[] {
  const statuses = seed.statuses;
  const planned: Planned[] = [];
  for (const [category, counts] of Object.entries(seed.counts) as [Category, number[]][]) {
    counts.forEach((count, s) => {
      for (let k = 0; k < count; k++) {
        const i = planned.length;
        planned.push({
          id: `${category}-${statuses[s].replace('_', '-')}-${k}`,
          region: REGIONS[i % REGIONS.length],
          category,
          final: statuses[s],
          ...(i % 3 === 0 && { q3: statuses[(s + 1) % 3] }),
          firstQ4: i % 5 === 1 ? statuses[(s + 2) % 3] : statuses[s],
        });
      }
    });
  }
  return planned;
}

/** What the test expects, tallied from the fixture itself: counts per category by the status `pick` chooses. */
function tally(planned: Planned[], pick: (a: Planned) => Status | undefined) {
  const rows = new Map<string, { counts: Record<Status, number>; unreported: number }>();
  for (const a of planned) {
    const row = rows.get(a.category) ?? { counts: { on_track: 0, at_risk: 0, needs_adjustment: 0 }, unreported: 0 };
    const status = pick(a);
    if (status === undefined) row.unreported += 1;
    else row.counts[status] += 1;
    rows.set(a.category, row);
  }
  return rows;
}

describe.each(STORE_KINDS)('the monitor on seed 004 on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  const planned = fixture();
  const at = (iso: string) => (world.now = new Date(iso));
  /** Runs commands on different activities concurrently, a chunk at a time. */
  const runAll = async (commands: DomainCommand[]) => {
    for (let i = 0; i < commands.length; i += 100)
      await Promise.all(commands.slice(i, i + 100).map((c) => world.run(c)));
  };
  const report = (a: Planned, period: string, status: Status, correctionReason?: string): DomainCommand => ({
    type: 'ReportStatus',
    data: {
      activityId: a.id,
      period,
      status,
      realised: [{ indicator: 'placements', value: 10 }],
      validFrom: period === '2020-Q3' ? '2020-09-30' : '2020-12-31',
      ...(correctionReason !== undefined && { correctionReason }),
    },
  });
  const monitor = (period: string, asOf?: string): Promise<MonitorTable> =>
    monitorTable(readStore, { programmeId: 'pow', period, ...(asOf !== undefined && { asOf }) });

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [activityStatusProjection, monitorProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    for (const region of REGIONS) await seedRegion(world, region);
    at('2020-01-15T10:00:00Z');
    await runAll(planned.map((a) => planActivity(a.id, a.region, a.category)));
    at('2020-10-12T10:00:00Z');
    await runAll(planned.filter((a) => a.q3).map((a) => report(a, '2020-Q3', a.q3!)));
    at('2021-01-20T10:00:00Z');
    await runAll(planned.map((a) => report(a, '2020-Q4', a.firstQ4)));
    at('2021-02-15T10:00:00Z');
    await runAll(
      planned.filter((a) => a.firstQ4 !== a.final).map((a) => report(a, '2020-Q4', a.final, 'telling herzien')),
    );
    await runner.start();
  });
  afterAll(() => world.close());

  it('builds a fixture that is real: 414 activities, some reported 2020-Q3 first, some corrected', () => {
    expect(planned).toHaveLength(414);
    expect(planned.filter((a) => a.q3).length).toBe(138);
    expect(planned.filter((a) => a.firstQ4 !== a.final).length).toBe(83);
  });

  it('reproduces the seed 004 table to the percent, with its counts', async () => {
    const table = await monitor('2020-Q4');
    expect(table.programmeId).toBe('pow');
    expect(table.period).toBe('2020-Q4');
    expect(table.rows.map((r) => r.category)).toEqual(['supply', 'demand', 'route', 'training', 'collaboration']);
    for (const row of table.rows) {
      const counts = seed.counts[row.category];
      expect([row.counts.on_track, row.counts.at_risk, row.counts.needs_adjustment]).toEqual(counts);
      expect(row.reported).toBe(counts[0] + counts[1] + counts[2]);
      expect(row.unreported).toBe(0);
      if (row.category !== 'collaboration') {
        expect([row.percents.on_track, row.percents.at_risk, row.percents.needs_adjustment]).toEqual(
          seed.table[row.category],
        );
      }
    }
    // collaboration is not in the seed's table: 5, 2 and 6 of 13 are 38.46 → 38, 15.38 → 15, 46.15 → 46
    expect(table.rows[4].percents).toEqual({ on_track: 38, at_risk: 15, needs_adjustment: 46 });
    expect([
      table.total.percents.on_track,
      table.total.percents.at_risk,
      table.total.percents.needs_adjustment,
    ]).toEqual(seed.table.total);
    expect(table.total).toMatchObject({
      counts: { on_track: 203, at_risk: 181, needs_adjustment: 30 },
      reported: 414,
      unreported: 0,
    });
  });

  it('answers as the ledger knew it before the corrections, and before the 2020-Q4 reports', async () => {
    const expectRows = (table: MonitorTable, expected: ReturnType<typeof tally>) => {
      for (const row of table.rows) {
        const want = expected.get(row.category)!;
        expect({ category: row.category, counts: row.counts, unreported: row.unreported }).toEqual({
          category: row.category,
          ...want,
        });
      }
    };
    const beforeCorrections = await monitor('2020-Q4', '2021-02-01T00:00:00Z');
    expectRows(
      beforeCorrections,
      tally(planned, (a) => a.firstQ4),
    );
    expect(beforeCorrections.total.counts).not.toEqual({ on_track: 203, at_risk: 181, needs_adjustment: 30 });
    const beforeQ4 = await monitor('2020-Q4', '2021-01-01T00:00:00Z');
    expectRows(
      beforeQ4,
      tally(planned, (a) => a.q3),
    );
    expect(beforeQ4.total).toMatchObject({ reported: 138, unreported: 276 });
  });

  it('counts only what was reported up to the period asked', async () => {
    const q3 = await monitor('2020-Q3');
    expect(q3.total).toMatchObject({ reported: 138, unreported: 276 });
    const q2 = await monitor('2020-Q2');
    expect(q2.total).toEqual({
      counts: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
      percents: { on_track: 0, at_risk: 0, needs_adjustment: 0 },
      reported: 0,
      unreported: 414,
    });
  });
});
