import { activityStatuses, streamIdFor, type DomainCommand } from '@akkoord/domain';
import { buildScenario, SEED_004_COUNTS } from './scenario.js';
import { REGIONS } from './regions.js';
import { Random } from './random.js';

const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** Per category, the status of each activity's latest report up to 2020-Q4 (a later command for a period wins). */
function countsAt(commands: DomainCommand[], period: string) {
  const category = new Map<string, string>();
  const latest = new Map<string, { period: string; status: string }>();
  for (const c of commands) {
    if (c.type === 'PlanActivity') category.set(c.data.activityId, c.data.category);
    if (c.type === 'ReportStatus' && c.data.period <= period) {
      const known = latest.get(c.data.activityId);
      if (!known || c.data.period >= known.period) latest.set(c.data.activityId, c.data);
    }
  }
  const counts: Record<string, number[]> = {};
  for (const [id, c] of category) {
    counts[c] ??= [0, 0, 0];
    counts[c][activityStatuses.indexOf(latest.get(id)!.status as never)] += 1;
  }
  return counts;
}

describe('the demo scenario', () => {
  const scenario = buildScenario();
  const commands = scenario.steps.map((s) => s.command);

  it("has 414 activities in the 35 regions with exactly seed 004's counts at 2020-Q4", () => {
    expect(scenario.activities).toHaveLength(414);
    expect(new Set(scenario.activities.map((a) => a.regionId)).size).toBe(REGIONS.length);
    expect(countsAt(commands, '2020-Q4')).toEqual(SEED_004_COUNTS);
  });

  it('keeps the same counts with another seed, and is another history', () => {
    const other = buildScenario('een-andere-geschiedenis');
    expect(
      countsAt(
        other.steps.map((s) => s.command),
        '2020-Q4',
      ),
    ).toEqual(SEED_004_COUNTS);
    expect(other.steps.length).not.toBe(scenario.steps.length);
  });

  it('is the same scenario for the same seed', () => {
    expect(buildScenario().steps).toEqual(scenario.steps);
  });

  it('is in recording order, from July 2019, with valid ids', () => {
    const at = scenario.steps.map((s) => s.at);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(new Date(at[0]).toISOString()).toMatch(/^2019-07-01T/);
    for (const command of commands) {
      const data = command.data as Record<string, unknown>;
      for (const key of ['activityId', 'regionId', 'partnerId', 'agreementId', 'leadPartnerId']) {
        if (data[key] !== undefined) expect(data[key]).toMatch(ID);
      }
      expect(streamIdFor(command).length).toBeLessThan(120);
    }
  });

  it('counts the events its steps append', () => {
    const signatures = scenario.steps.filter((s) => s.command.type === 'SignAgreement');
    expect(scenario.events - scenario.steps.length).toBe(signatures.filter((s) => s.events === 2).length);
  });
});

describe('the seeded generator', () => {
  it('repeats itself for a seed and forks independently', () => {
    const a = new Random('x');
    const b = new Random('x');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(new Random('x').fork('y').next()).not.toBe(new Random('x').next());
    const r = new Random('ints');
    for (let i = 0; i < 1000; i++) expect(r.int(3, 5)).toBeGreaterThanOrEqual(3);
  });
});
