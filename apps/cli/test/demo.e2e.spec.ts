import { existsSync, readFileSync } from 'node:fs';
import { openReadStore } from '@akkoord/projections';
import { monitorTable } from '../../../projections/monitor/monitor.queries.js';
import { akkoord, storedEvents, tempLedger, type StoredEvent } from './cli-harness.js';

type Status = 'on_track' | 'at_risk' | 'needs_adjustment';
type Category = 'supply' | 'demand' | 'route' | 'training' | 'collaboration';
interface Seed004 {
  statuses: Status[];
  table: Record<'total' | Exclude<Category, 'collaboration'>, [number, number, number]>;
  counts: Record<Category, [number, number, number]>;
}

const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as Seed004;
/** The demo's own copy of seed 004's monitor (the project must not need ../shared at run time). */
const seed = readJson(new URL('../../../libs/demo/src/monitor-seed-004.json', import.meta.url));
const shared = new URL('../../../../shared/data/monitor-seed-004.json', import.meta.url);

/** Per category, how many activities' latest report for a period up to `period` has each status (corrections win). */
function countsAt(
  events: StoredEvent[],
  period: string,
  programmeId: string,
): Record<string, [number, number, number]> {
  const category = new Map<string, string>();
  const latest = new Map<string, { period: string; status: Status }>();
  for (const e of events) {
    const d = e.data as { activityId: string; programmeId: string; category: string; period: string; status: Status };
    if (e.type === 'ActivityPlanned' && d.programmeId === programmeId) category.set(d.activityId, d.category);
    if ((e.type === 'ActivityStatusReported' || e.type === 'ActivityStatusCorrected') && d.period <= period) {
      const known = latest.get(d.activityId);
      if (!known || d.period >= known.period) latest.set(d.activityId, { period: d.period, status: d.status });
    }
  }
  const counts: Record<string, [number, number, number]> = {};
  for (const [id, c] of category) {
    const report = latest.get(id);
    if (!report) throw new Error(`activity ${id} has no report up to ${period}`);
    counts[c] ??= [0, 0, 0];
    counts[c][seed.statuses.indexOf(report.status)] += 1;
  }
  return counts;
}

describe('akkoord demo', () => {
  const ledger = tempLedger();
  let events: StoredEvent[];
  let output: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    output = await akkoord([...ledger.store, 'demo']);
    events = storedEvents(ledger.file);
  }, 90_000);
  afterAll(() => ledger.remove());

  it('writes the Perspectief op Werk ledger and says what it wrote', () => {
    expect(output.stderr).not.toMatch(/akkoord:/);
    expect(output.code).toBe(0);
    expect(output.stdout).toMatch(/414 activities in 35 regions/);
    expect(output.stdout).toMatch(new RegExp(`^Wrote the Perspectief op Werk demo: ${events.length} events`));
    expect(events.length).toBeGreaterThan(7000);
  });

  it("has seed 004's counts: per category, the status of each activity's latest report up to 2020-Q4", () => {
    if (existsSync(shared)) expect(seed).toEqual(readJson(shared));
    expect(events.filter((e) => e.type === 'ActivityPlanned')).toHaveLength(414);
    expect(countsAt(events, '2020-Q4', 'pow')).toEqual(seed.counts);
  });

  it('gives the seed 004 monitor table for 2020-Q4 (total 49/44/7)', async () => {
    const caughtUp = await akkoord([...ledger.store, 'projections', 'catch-up']);
    expect(caughtUp.code).toBe(0);
    const readStore = await openReadStore(ledger.url);
    try {
      const table = await monitorTable(readStore, { programmeId: 'pow', period: '2020-Q4' });
      const percents = (p: Record<Status, number>) => [p.on_track, p.at_risk, p.needs_adjustment];
      for (const row of table.rows) {
        const counts = seed.counts[row.category as Category];
        expect({ category: row.category, counts: percents(row.counts), unreported: row.unreported }).toEqual({
          category: row.category,
          counts,
          unreported: 0,
        });
        if (row.category !== 'collaboration') {
          expect(percents(row.percents)).toEqual(seed.table[row.category as keyof Seed004['table']]);
        }
      }
      expect(percents(table.total.percents)).toEqual(seed.table.total);
      expect(table.total.reported).toBe(414);
    } finally {
      await readStore.close();
    }
  });

  it('records a history in order, from the launch in July 2019 to the last reports in 2022', () => {
    const recorded = events.map((e) => e.metadata.recordedAt);
    expect([...recorded].sort()).toEqual(recorded);
    expect(recorded[0]).toMatch(/^2019-07-01T/);
    expect(recorded[recorded.length - 1] < '2022-06-01').toBe(true);
    expect(events[0].type).toBe('ProgrammeLaunched');
    expect(events.filter((e) => e.type === 'MonitoringRoundOpened').map((e) => e.data.period)).toEqual([
      '2019-Q4',
      '2020-Q1',
      '2020-Q2',
      '2020-Q3',
      '2020-Q4',
      '2021-Q1',
      '2021-Q2',
      '2021-Q3',
      '2021-Q4',
    ]);
    const reports = events.filter((e) => e.type === 'ActivityStatusReported');
    for (const r of reports) expect(r.metadata.recordedAt > `${r.metadata.validFrom}T23:59:59Z`).toBe(true);
    const daysLate = (e: StoredEvent) =>
      (Date.parse(e.metadata.recordedAt) - Date.parse(`${e.metadata.validFrom}T00:00:00Z`)) / 86_400_000;
    expect(reports.filter((r) => daysLate(r) > 35).length).toBeGreaterThan(50);
    const corrections = events.filter((e) => e.type === 'ActivityStatusCorrected');
    expect(corrections.length).toBeGreaterThan(20);
    for (const c of corrections) expect(c.metadata.reason).toEqual(expect.any(String));
  });

  it('acts as the programme office, the regions’ coordinators and the partners’ representatives', () => {
    const actors = new Map(events.map((e) => [e.type, e.metadata.actor]));
    expect(actors.get('RegionRegistered')).toMatchObject({ roles: ['programme_office'] });
    for (const e of events.filter((x) => x.type === 'ActivityPlanned' || x.type === 'ActivityStatusReported')) {
      const region = e.type === 'ActivityPlanned' ? e.data.regionId : undefined;
      expect(e.metadata.actor.roles).toEqual(['region_coordinator']);
      if (region) expect(e.metadata.actor.regionIds).toEqual([region]);
    }
    for (const e of events.filter((x) => x.type === 'PartnerCommitted' || x.type === 'AgreementSigned')) {
      expect(e.metadata.actor).toMatchObject({ roles: ['partner_representative'], organisationId: e.data.partnerId });
    }
    const central = events.filter((e) => e.type === 'PartnerJoinedRegion' && e.data.role === 'lead');
    expect(central).toHaveLength(35);
    for (const e of central) expect(e.data.partnerId).toMatch(/^gemeente-/);
  });

  it('has agreements signed by every party, amendments signed again, and borging in 2021', () => {
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('AgreementDrafted')).toBeGreaterThanOrEqual(35);
    expect(count('AgreementInForce')).toBeGreaterThan(count('AgreementDrafted') * 0.8);
    expect(count('AgreementAmended')).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'AgreementInForce' && e.data.version === 2)).toBe(true);
    const borging = events.filter((e) => e.type === 'BorgingRecorded');
    const secured = new Set(borging.filter((e) => e.data.state === 'secured').map((e) => e.data.mechanism));
    expect([...secured].sort()).toEqual(
      expect.arrayContaining(['covenant', 'multi_year_plan', 'regular_service', 'structural_funding']),
    );
    expect(borging.some((e) => e.data.state === 'not_secured')).toBe(true);
    for (const e of borging) expect(e.metadata.recordedAt >= '2021-01-01').toBe(true);
    const withBorging = new Set(borging.map((e) => e.data.activityId));
    expect(withBorging.size).toBeLessThan(414); // some never started
    const stopped = events.filter((e) => e.type === 'ActivityClosed' && e.data.outcome === 'stopped');
    expect(stopped.length).toBeGreaterThan(0);
  });

  it('has project tourists: partners who sign but never deliver', () => {
    const signed = new Set(events.filter((e) => e.type === 'AgreementSigned').map((e) => e.data.partnerId));
    const committed = new Set(events.filter((e) => e.type === 'PartnerCommitted').map((e) => e.data.partnerId));
    const delivered = new Set(events.filter((e) => e.type === 'CommitmentFulfilled').map((e) => e.data.partnerId));
    const leads = new Set(events.filter((e) => e.type === 'ActivityPlanned').map((e) => e.data.leadPartnerId));
    const tourists = [...signed].filter((p) => committed.has(p) && !delivered.has(p) && !leads.has(p));
    expect(tourists.length).toBeGreaterThan(0);
  });

  it('refuses a ledger that is not empty, in one sentence, with exit code 2', async () => {
    const again = await akkoord([...ledger.store, 'demo']);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^akkoord: The ledger is not empty/)]);
    expect(storedEvents(ledger.file)).toHaveLength(events.length);
  });

  it('writes N copies with --scale N, each with the same monitor', async () => {
    const big = tempLedger();
    try {
      const result = await akkoord([...big.store, 'demo', '--scale', '2']);
      expect(result.code).toBe(0);
      const copies = storedEvents(big.file);
      expect(copies).toHaveLength(events.length * 2);
      expect(countsAt(copies, '2020-Q4', 'pow')).toEqual(seed.counts);
      expect(countsAt(copies, '2020-Q4', 'pow-2')).toEqual(seed.counts);
      expect(copies.some((e) => e.streamId === 'activity-twente-medewerker-mooie-dag-in-de-zorg-2')).toBe(true);
      expect(result.stderr).toMatch(/demo ×2: \d+\/\d+ events, \d+ events\/s/);
    } finally {
      big.remove();
    }
  }, 90_000);

  it('explains itself with --help', async () => {
    const help = await akkoord(['demo', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: akkoord demo/);
    expect(help.stdout).toMatch(/--scale <n>/);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
