import type {
  ActivityCategory,
  ActivityStatus,
  BorgingMechanism,
  CommitmentKind,
  PartnerKind,
  RealisedValue,
  Target,
} from '@akkoord/domain';
import {
  AMBITION_REASONS,
  BORGING_NOTES,
  COMMITMENTS,
  COMMITMENT_UNITS,
  CORRECTION_REASONS,
  COVID_NOTES,
  LEAD_CHANGE_REASONS,
  MOOIE_DAG,
  STATUS_NOTES,
  STOP_REASONS,
  TARGETS,
  WITHDRAWAL_REASONS,
} from './catalogue.js';
import {
  MONITOR_PERIOD,
  PROGRAMME_ID,
  addDays,
  after,
  dateOf,
  nextMonthStart,
  officeHours,
  quarterEnd,
  quarterOf,
  quartersFrom,
} from './calendar.js';
import type { Random } from './random.js';
import { membersAt, representativeOf, type DemoMember, type DemoRegion, type StepLog } from './steps.js';

/** What the scenario decides about an activity before its life is written. */
export interface ActivitySeed {
  id: string;
  title: string;
  category: ActivityCategory;
  /** The status of its latest report up to 2020-Q4: what the seed 004 monitor counts. */
  status: ActivityStatus;
  /** Part of the region's first doe-agenda (planned in autumn 2019), or added during 2020. */
  doeAgenda: boolean;
  mooieDag?: boolean;
}

/** What the rest of the region needs to know about an activity once its life is written. */
export interface ActivityLife {
  seed: ActivitySeed;
  plannedAt: number;
  leadId: string;
  closedAt?: number;
  stopped: boolean;
  /** Records the activity's borging, once the region's covenant (if any) is known. */
  writeBorging(covenantInForceAt: number | undefined): void;
}

const COVID_QUARTERS = new Set(['2020-Q2', '2020-Q3', '2021-Q1']);
const LAST_QUARTER = '2021-Q4';
const LAST_FULFILMENT = '2022-01-28';

/** Who tends to lead (and promise to) an activity of each category. */
const AFFINITY: Readonly<Record<ActivityCategory, Partial<Record<PartnerKind, number>>>> = {
  supply: { central_municipality: 45, uwv: 30, municipality: 15, education: 10 },
  demand: { employer_organisation: 30, uwv: 30, central_municipality: 30, employer: 10 },
  route: { central_municipality: 35, uwv: 25, care_provider: 15, employer: 10, municipality: 15 },
  training: { education: 45, central_municipality: 20, sbb: 10, care_provider: 15, uwv: 10 },
  collaboration: { central_municipality: 70, uwv: 20, province: 10 },
};

interface Commitment {
  id: string;
  member: DemoMember;
  kind: CommitmentKind;
  amount: number;
  at: number;
}

interface Report {
  quarter: string;
  status: ActivityStatus;
  at: number;
}

/** Writes one activity's life: plan, commitments, quarterly reports, corrections, ambition, closure, fulfilment. */
export function writeActivity(log: StepLog, random: Random, region: DemoRegion, seed: ActivitySeed): ActivityLife {
  const coordinator = region.coordinator;
  const plannedAt = seed.doeAgenda
    ? officeHours(addDays('2019-09-02', random.int(0, 100)), random)
    : officeHours(addDays('2020-03-02', random.int(0, 200)), random);
  const plannedDate = dateOf(plannedAt);
  const startDate = seed.doeAgenda ? doeAgendaStart(random, plannedDate) : nextMonthStart(plannedDate);
  const stops = !seed.mooieDag && random.chance({ on_track: 0.01, at_risk: 0.06, needs_adjustment: 0.35 }[seed.status]);
  const endsEarly = !stops && !seed.mooieDag && random.chance(0.1);
  const endDate = endsEarly ? '2021-06-30' : '2021-12-31';

  const eligible = membersAt(region, plannedAt).filter((m) => !m.tourist && m.leftAt === undefined);
  const lead = seed.mooieDag
    ? eligible.find((m) => m.partner.kind === 'care_provider')!
    : chooseByAffinity(random, eligible, seed.category);
  const targets: Target[] = seed.mooieDag
    ? [{ ...MOOIE_DAG.target, dueDate: endDate }]
    : random.sample(TARGETS[seed.category], random.int(1, 2)).map((spec) => ({
        indicator: spec.indicator,
        target: niceNumber(random.int(spec.min, spec.max)),
        unit: spec.unit,
        dueDate: endDate,
      }));
  log.add(plannedAt, coordinator, {
    type: 'PlanActivity',
    data: {
      activityId: seed.id,
      regionId: region.id,
      programmeId: PROGRAMME_ID,
      title: seed.title,
      category: seed.category,
      leadPartnerId: lead.partner.id,
      targets,
      startDate,
      endDate,
    },
  });

  // Quarterly reports from the start quarter, with the status of the latest one up to 2020-Q4 fixed by the seed.
  const stopQuarter = stops ? random.pick(['2021-Q1', '2021-Q2', '2021-Q3']) : undefined;
  const lastQuarter = stopQuarter ?? (endsEarly ? '2021-Q2' : LAST_QUARTER);
  const quarters = quartersFrom(quarterOf(startDate), lastQuarter);
  const skipped = quarters.length > 2 && random.chance(0.05) ? random.pick(quarters.slice(1)) : undefined;
  const reported = quarters.filter((q) => q !== skipped);
  const decisive = reported.filter((q) => q <= MONITOR_PERIOD).pop()!;
  const reports: Report[] = [];
  let previous: ActivityStatus | undefined;
  for (const quarter of reported) {
    const status =
      quarter === decisive
        ? seed.status
        : quarter === stopQuarter
          ? 'needs_adjustment'
          : nextStatus(random, previous, quarter);
    const late = random.chance(0.07);
    const delay = late ? random.int(38, 75) : random.int(3, 30);
    reports.push({ quarter, status, at: officeHours(addDays(quarterEnd(quarter), delay), random) });
    previous = status;
  }
  const closedAt = closure(random, reports, stops, endsEarly);
  const open = (at: number) => closedAt === undefined || at < closedAt;

  // Ambition adjusted after a report that says it must be; later reports measure against the new targets.
  const adjustments: { after: string; at: number; targets: Target[] }[] = [];
  for (const report of reports) {
    if (adjustments.length > 0 || report.status !== 'needs_adjustment' || report.quarter > '2021-Q2') continue;
    const at = officeHours(addDays(dateOf(report.at), random.int(14, 35)), random);
    if (!open(at) || !random.chance(0.55)) continue;
    const factor = random.between(0.6, 0.8);
    adjustments.push({
      after: report.quarter,
      at,
      targets: targets.map((t) => ({ ...t, target: niceNumber(Math.max(1, Math.round(t.target * factor))) })),
    });
  }

  const reportValues = realisedSeries(random, seed, startDate, endDate, reports, targets, adjustments);
  reports.forEach((report, i) => {
    const note = noteFor(random, report);
    const data = {
      activityId: seed.id,
      period: report.quarter,
      realised: reportValues[i],
      note,
      validFrom: quarterEnd(report.quarter),
    };
    const correctionAt = officeHours(addDays(dateOf(report.at), random.int(10, 40)), random);
    if (random.chance(0.04) && open(correctionAt)) {
      // the first report was wrong: another status, or the same status with other numbers
      const wrongStatus = random.chance(0.6) ? neighbour(random, report.status) : report.status;
      const wrongValues = reportValues[i].map((v) => ({ ...v, value: Math.round(v.value * random.between(1.1, 1.4)) }));
      log.add(report.at, coordinator, {
        type: 'ReportStatus',
        data: { ...data, status: wrongStatus, realised: wrongValues },
      });
      log.add(correctionAt, coordinator, {
        type: 'ReportStatus',
        data: { ...data, status: report.status, correctionReason: random.pick(CORRECTION_REASONS) },
      });
    } else {
      log.add(report.at, coordinator, { type: 'ReportStatus', data: { ...data, status: report.status } });
    }
  });
  for (const adjustment of adjustments) {
    log.add(adjustment.at, coordinator, {
      type: 'AdjustAmbition',
      data: { activityId: seed.id, targets: adjustment.targets, reason: random.pick(AMBITION_REASONS) },
    });
  }

  // Commitments by the lead and one to three other members; the project tourists promise but never deliver.
  const commitments = commit(log, random, region, seed, lead, plannedAt, closedAt);
  deliver(log, random, seed, commitments, closedAt, stops, trend(reports));

  let leadId = lead.partner.id;
  if (!seed.mooieDag && random.chance(0.03)) {
    const at = officeHours(addDays('2020-06-01', random.int(0, 280)), random);
    const others = membersAt(region, at).filter((m) => !m.tourist && m.leftAt === undefined && m !== lead);
    if (open(at) && at > plannedAt && others.length > 0) {
      const next = random.pick(others);
      log.add(at, coordinator, {
        type: 'ChangeActivityLead',
        data: { activityId: seed.id, leadPartnerId: next.partner.id, reason: random.pick(LEAD_CHANGE_REASONS) },
      });
      leadId = next.partner.id;
    }
  }

  if (closedAt !== undefined) {
    log.add(closedAt, coordinator, {
      type: 'CloseActivity',
      data: stops
        ? { activityId: seed.id, outcome: 'stopped', reason: random.pick(STOP_REASONS) }
        : {
            activityId: seed.id,
            outcome: 'completed',
            reason: 'Activiteit afgerond volgens plan; resultaten overgedragen aan de reguliere dienstverlening.',
          },
    });
  }

  return {
    seed,
    plannedAt,
    leadId,
    closedAt,
    stopped: stops,
    writeBorging: (covenantInForceAt) =>
      writeBorging(log, random.fork('borging'), region, seed.id, { stops, closedAt, covenantInForceAt, leadId }),
  };
}

function doeAgendaStart(random: Random, plannedDate: string): string {
  const options = ['2019-10-01', '2019-11-01', '2020-01-01', '2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01'];
  const possible = options.filter((d) => d >= plannedDate);
  return possible.length > 0 ? random.pick(possible) : nextMonthStart(plannedDate);
}

function chooseByAffinity(random: Random, members: DemoMember[], category: ActivityCategory): DemoMember {
  const weights = AFFINITY[category];
  const kinds = [...new Set(members.map((m) => m.partner.kind))].filter((k) => (weights[k] ?? 0) > 0);
  if (kinds.length === 0) return members.find((m) => m.partner.kind === 'central_municipality') ?? members[0];
  const kind = random.weighted(Object.fromEntries(kinds.map((k) => [k, weights[k]!])) as Record<string, number>);
  return random.pick(members.filter((m) => m.partner.kind === kind));
}

/** A status after `previous`: sticky, worse in the corona quarters, better in 2021 ("uitstel, geen afstel"). */
function nextStatus(random: Random, previous: ActivityStatus | undefined, quarter: string): ActivityStatus {
  if (previous === undefined) return random.weighted({ on_track: 30, at_risk: 55, needs_adjustment: 15 });
  const covid = COVID_QUARTERS.has(quarter);
  const recovering = quarter >= '2021-Q2';
  switch (previous) {
    case 'on_track':
      return covid
        ? random.weighted({ on_track: 45, at_risk: 50, needs_adjustment: 5 })
        : random.weighted({ on_track: 72, at_risk: 25, needs_adjustment: 3 });
    case 'at_risk':
      return covid
        ? random.weighted({ on_track: 15, at_risk: 70, needs_adjustment: 15 })
        : random.weighted({ on_track: recovering ? 42 : 30, at_risk: 60, needs_adjustment: recovering ? 5 : 10 });
    case 'needs_adjustment':
      return random.weighted({ on_track: 10, at_risk: 55, needs_adjustment: 35 });
  }
}

function neighbour(random: Random, status: ActivityStatus): ActivityStatus {
  if (status === 'at_risk') return random.pick(['on_track', 'needs_adjustment'] as const);
  return 'at_risk';
}

function noteFor(random: Random, report: Report): string {
  if (COVID_QUARTERS.has(report.quarter) && report.status !== 'on_track' && random.chance(0.6)) {
    return random.pick(COVID_NOTES);
  }
  return random.pick(STATUS_NOTES[report.status]);
}

/** When a stopped activity or one that ends mid-2021 is closed: some weeks after its last report. */
function closure(random: Random, reports: Report[], stops: boolean, endsEarly: boolean): number | undefined {
  if (!stops && !endsEarly) return undefined;
  const last = reports[reports.length - 1];
  return officeHours(addDays(dateOf(last.at), stops ? random.int(14, 42) : random.int(7, 30)), random);
}

/** How it went overall: the share of its reports that were on track. */
function trend(reports: Report[]): number {
  return reports.filter((r) => r.status === 'on_track').length / Math.max(1, reports.length);
}

const FACTOR: Readonly<Record<ActivityStatus, [number, number]>> = {
  on_track: [0.92, 1.1],
  at_risk: [0.55, 0.85],
  needs_adjustment: [0.2, 0.5],
};

/** Cumulative realised values per report: a share of the (current) target by elapsed time and status; never down. */
function realisedSeries(
  random: Random,
  seed: ActivitySeed,
  startDate: string,
  endDate: string,
  reports: Report[],
  initial: Target[],
  adjustments: { after: string; targets: Target[] }[],
): RealisedValue[][] {
  const start = Date.parse(startDate);
  const span = Date.parse(endDate) - start;
  const sofar = new Map<string, number>();
  return reports.map((report, i) => {
    const adjusted = adjustments.filter((a) => a.after < report.quarter).pop();
    const targets = adjusted?.targets ?? initial;
    const elapsed = Math.min(1, Math.max(0, (Date.parse(quarterEnd(report.quarter)) - start) / span));
    const [low, high] = FACTOR[report.status];
    return targets.map((t) => {
      let value = Math.round(t.target * elapsed * random.between(low, high));
      if (seed.mooieDag && i === reports.length - 1) value = MOOIE_DAG.realised;
      value = Math.max(value, sofar.get(t.indicator) ?? 0);
      sofar.set(t.indicator, value);
      return { indicator: t.indicator, value };
    });
  });
}

function commit(
  log: StepLog,
  random: Random,
  region: DemoRegion,
  seed: ActivitySeed,
  lead: DemoMember,
  plannedAt: number,
  closedAt: number | undefined,
): Commitment[] {
  const weights = AFFINITY[seed.category];
  const candidates = region.members.filter(
    (m) => m !== lead && m.leftAt === undefined && COMMITMENTS[m.partner.kind] !== undefined,
  );
  const others: DemoMember[] = [];
  const count = random.int(1, 3);
  const pool = [...candidates];
  while (others.length < count && pool.length > 0) {
    const weightOf = (m: DemoMember) => (weights[m.partner.kind] ?? 5) + (m.tourist ? 20 : 0);
    const total = pool.reduce((sum, m) => sum + weightOf(m), 0);
    let r = random.next() * total;
    const index = pool.findIndex((m) => (r -= weightOf(m)) < 0);
    others.push(pool.splice(index < 0 ? pool.length - 1 : index, 1)[0]);
  }
  const made: Commitment[] = [];
  for (const member of [lead, ...others]) {
    const kind = random.pick<CommitmentKind>(COMMITMENTS[member.partner.kind] ?? ['in_kind']);
    const base = Math.max(plannedAt, member.joinedAt);
    const at = Math.max(officeHours(addDays(dateOf(base), random.int(3, 45)), random), after(base, 30));
    const amount = amountOf(random, kind);
    if (closedAt !== undefined && at >= closedAt) continue;
    const commitment: Commitment = { id: `c${made.length + 1}`, member, kind, amount, at };
    log.add(at, representativeOf(member.partner.id), {
      type: 'CommitPartner',
      data: {
        activityId: seed.id,
        commitmentId: commitment.id,
        partnerId: member.partner.id,
        kind,
        amount,
        unit: COMMITMENT_UNITS[kind],
        period: quarterOf(dateOf(at)),
      },
    });
    made.push(commitment);
  }
  // some partners promise again for 2021
  for (const first of [...made]) {
    const at = officeHours(addDays('2021-01-11', random.int(0, 50)), random);
    if (first.member.tourist || !random.chance(0.25) || at <= first.at) continue;
    if (closedAt !== undefined && at >= closedAt) continue;
    const again: Commitment = { ...first, id: `c${made.length + 1}`, amount: amountOf(random, first.kind), at };
    log.add(at, representativeOf(first.member.partner.id), {
      type: 'CommitPartner',
      data: {
        activityId: seed.id,
        commitmentId: again.id,
        partnerId: first.member.partner.id,
        kind: again.kind,
        amount: again.amount,
        unit: COMMITMENT_UNITS[again.kind],
        period: '2021-Q1',
      },
    });
    made.push(again);
  }
  return made;
}

function amountOf(random: Random, kind: CommitmentKind): number {
  switch (kind) {
    case 'budget_eur':
      return random.int(5, 80) * 5000;
    case 'fte':
      return random.int(2, 30) / 10;
    case 'placements':
      return random.int(5, 60);
    case 'training_places':
      return random.int(5, 40);
    case 'in_kind':
      return random.int(10, 80) * 10;
  }
}

/** Fulfilments in 2021 (partly, for a stopped activity), a few withdrawals; tourists never deliver. */
function deliver(
  log: StepLog,
  random: Random,
  seed: ActivitySeed,
  commitments: Commitment[],
  closedAt: number | undefined,
  stopped: boolean,
  onTrackShare: number,
): void {
  const open = (at: number) => closedAt === undefined || at < closedAt;
  for (const c of commitments) {
    const actor = representativeOf(c.member.partner.id);
    const withdraw = (at: number, reason: string) =>
      log.add(at, actor, { type: 'WithdrawCommitment', data: { activityId: seed.id, commitmentId: c.id, reason } });
    if (c.member.tourist) {
      const at = officeHours(addDays('2021-04-01', random.int(0, 180)), random);
      if (random.chance(0.35) && open(at) && at > c.at) withdraw(at, random.pick(WITHDRAWAL_REASONS));
      continue;
    }
    const covidAt = officeHours(addDays('2020-04-01', random.int(0, 150)), random);
    if (random.chance(0.06) && covidAt > c.at && open(covidAt)) {
      withdraw(covidAt, WITHDRAWAL_REASONS[0]);
      continue;
    }
    let at: number;
    let share: number;
    if (stopped) {
      at = officeHours(addDays(dateOf(closedAt!), random.int(5, 30)), random);
      share = random.between(0.3, 0.7);
    } else {
      // delivered some months to two years after the promise, by January 2022
      const day = addDays(dateOf(c.at), random.int(100, 620));
      at = officeHours(day > LAST_FULFILMENT ? LAST_FULFILMENT : day, random);
      share = random.between(0.6, 0.85) + onTrackShare * random.between(0.1, 0.3);
    }
    if (!random.chance(0.88) || at <= c.at) continue;
    const realisedAmount = roundLike(c.kind, c.amount * share);
    log.add(at, actor, {
      type: 'FulfilCommitment',
      data: { activityId: seed.id, commitmentId: c.id, realisedAmount },
    });
  }
}

function roundLike(kind: CommitmentKind, value: number): number {
  if (kind === 'budget_eur') return Math.round(value / 1000) * 1000;
  if (kind === 'fte') return Math.round(value * 10) / 10;
  return Math.round(value);
}

/** Round targets the way plans write them: 37 → 35, 142 → 140. */
function niceNumber(n: number): number {
  if (n < 20) return n;
  if (n < 200) return Math.round(n / 5) * 5;
  return Math.round(n / 10) * 10;
}

const MECHANISMS: Readonly<Record<Exclude<BorgingMechanism, 'covenant' | 'stopped'>, number>> = {
  regular_service: 35,
  structural_funding: 25,
  multi_year_plan: 25,
  transferred: 6,
};

/**
 * Borging in 2021 (seed 002): in preparation after the national meeting of 15 March 2021, then secured by a
 * covenant, a multi-year plan, structural funding or the regular services — or not; some never start.
 */
function writeBorging(
  log: StepLog,
  random: Random,
  region: DemoRegion,
  activityId: string,
  facts: { stops: boolean; closedAt: number | undefined; covenantInForceAt: number | undefined; leadId: string },
): void {
  const record = (
    at: number,
    state: 'not_started' | 'in_preparation' | 'secured' | 'not_secured',
    extra: { mechanism?: BorgingMechanism; ownerPartnerId?: string; note?: string } = {},
  ) =>
    log.add(at, region.coordinator, {
      type: 'RecordBorging',
      data: { activityId, state, effectiveFrom: dateOf(at), ...extra },
    });
  const central = region.central.id;
  const uwv = region.members.find((m) => m.partner.kind === 'uwv')?.partner.id ?? central;
  const province = region.members.find((m) => m.partner.kind === 'province' && m.leftAt === undefined)?.partner.id;

  if (facts.stops) {
    const at = officeHours(addDays(dateOf(facts.closedAt!), random.int(1, 10)), random);
    const preparedAt = officeHours(addDays('2021-03-16', random.int(0, 30)), random);
    if (random.chance(0.3) && preparedAt < at) {
      record(preparedAt, 'in_preparation', { note: random.pick(BORGING_NOTES.in_preparation) });
    }
    record(at, 'not_secured', { mechanism: 'stopped', note: random.pick(BORGING_NOTES.not_secured) });
    return;
  }
  const outcome = random.weighted({ secured: 56, not_secured: 8, in_preparation: 18, not_started: 18 });
  // "not started" is the state without a record; some coordinators record it explicitly in early 2021
  if (random.chance(outcome === 'not_started' ? 0.5 : 0.15)) {
    record(officeHours(addDays('2021-01-11', random.int(0, 45)), random), 'not_started', {
      note: random.pick(BORGING_NOTES.not_started),
    });
  }
  if (outcome === 'not_started') return;
  const early = random.chance(0.15);
  const preparedAt = early
    ? officeHours(addDays('2021-03-01', random.int(0, 10)), random)
    : officeHours(addDays('2021-03-16', random.int(0, 120)), random);
  record(preparedAt, 'in_preparation', { note: random.pick(BORGING_NOTES.in_preparation), ownerPartnerId: central });
  if (outcome === 'in_preparation') return;
  if (outcome === 'not_secured') {
    const at = officeHours(addDays(dateOf(preparedAt), random.int(60, 180)), random);
    record(at, 'not_secured', {
      ...(random.chance(0.6) && { mechanism: 'stopped' as const }),
      note: random.pick(BORGING_NOTES.not_secured),
    });
    return;
  }
  if (facts.covenantInForceAt !== undefined && random.chance(0.4)) {
    const at = officeHours(addDays(dateOf(facts.covenantInForceAt), random.int(1, 20)), random);
    record(Math.max(at, after(preparedAt, 60)), 'secured', {
      mechanism: 'covenant',
      ownerPartnerId: central,
      note: BORGING_NOTES.secured.covenant,
    });
    return;
  }
  const mechanism = random.weighted(MECHANISMS);
  const owner =
    mechanism === 'transferred'
      ? uwv
      : mechanism === 'regular_service'
        ? random.pick([uwv, central, facts.leadId])
        : mechanism === 'structural_funding'
          ? random.pick(province ? [central, province] : [central])
          : central;
  const securedDate = addDays(dateOf(preparedAt), random.int(45, 220));
  const at = officeHours(securedDate > '2021-12-17' ? '2021-12-17' : securedDate, random);
  record(Math.max(at, after(preparedAt, 60)), 'secured', {
    mechanism,
    ownerPartnerId: owner,
    note: BORGING_NOTES.secured[mechanism],
  });
}
