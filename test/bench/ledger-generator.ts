/**
 * A synthetic ledger for the benchmarks: deterministic (same options, same events), fast to make, and consistent with
 * the domain's rules, so every read model sees what real commands would have appended.
 *
 * What it holds: programme `pow` (2019-07 to 2021-12) and, from 2021, `rmt`, with a monitoring round per reporting
 * period; the 35 regions with 9–13 member partners each (a central municipality as lead, other municipalities, UWV,
 * the employers, an ROC, SBB and the province in every region; some employers, care providers and unions; a "project
 * tourist" that signs and promises but never delivers; in some regions an adviser that joins and later leaves, role
 * changes and renamed partners); activities planned in autumn 2019 (the doe-agenda), during 2020 and, for `rmt`, in
 * 2021, each with targets, a status report per period (some late, some skipped, some corrected later with a reason and
 * the previous values), an ambition adjustment after some `needs_adjustment` reports, the occasional lead change,
 * monthly commitments by member partners (most fulfilled after the month, some withdrawn, some left open), borging
 * steps from 2021 (`not_started` → `in_preparation` → `secured` with a mechanism, or `not_secured`) and a closure
 * (`completed` after the last report, or `stopped` early); per region a covenant (drafted, signed by every party, in
 * force, amended and signed again), cooperation agreements for groups of activities, an execution agenda for 2022 and
 * letters of intent (some never signed by every party, some terminated).
 *
 * Events come as commands (one or two events on one stream, recorded at one instant) in recording order, with the
 * metadata the command runner adds (actor, validFrom, commandId, correlation and causation ids, reason). The volume
 * is set by `events`: the commitments fill what the activities' other facts leave, and the log is cut at exactly
 * `events` in recording order. Facts that depend on another stream (a join before a commitment, a plan before the
 * agreement that names it) are days apart, so appending each short stretch of the log grouped by stream keeps them
 * in order.
 */
import { createHash } from 'node:crypto';
import { openEventStore, type Actor, type NewEvent, type RecordedEvent } from '../../libs/event-store/src/index.js';
import { periodEnd, periodStart, periodsBetween } from '../../libs/periods/src/index.js';

export interface LedgerOptions {
  /** How many events the ledger holds (cut at exactly this many in recording order). */
  events: number;
  /** How many activities (default: one per 400 events, at least 35). */
  activities?: number;
  /** Status reports per month instead of per quarter. */
  monthly?: boolean;
  seed?: number;
}

/** One command's events on one stream, recorded at `at` (ms since the epoch). */
export interface LedgerCommand {
  at: number;
  streamId: string;
  events: NewEvent[];
}

export interface GeneratedLedger {
  regionIds: readonly string[];
  activityIds: readonly string[];
  partnerIds: readonly string[];
  /** Activities per programme. */
  programmes: Readonly<Record<string, number>>;
  categories: readonly string[];
  /** The first and last recordedAt (ms). */
  from: number;
  to: number;
  /** How many events `commands()` yields (≤ options.events). */
  events: number;
  /** The commands in recording order. */
  commands(): Generator<LedgerCommand>;
}

/** The 35 labour-market regions. */
export const REGION_IDS: readonly string[] =
  'groningen friesland drenthe regio-zwolle twente stedendriehoek-en-noordwest-veluwe achterhoek midden-gelderland rijk-van-nijmegen rivierenland foodvalley amersfoort midden-utrecht gooi-en-vechtstreek groot-amsterdam zaanstreek-waterland zuid-kennemerland-en-ijmond noord-holland-noord holland-rijnland zuid-holland-centraal haaglanden midden-holland rijnmond drechtsteden gorinchem west-brabant midden-brabant noordoost-brabant zuidoost-brabant helmond-de-peel noord-limburg midden-limburg zuid-limburg zeeland flevoland'.split(
    ' ',
  );
const PROVINCES =
  'groningen fryslan drenthe overijssel gelderland utrecht noord-holland zuid-holland noord-brabant limburg zeeland flevoland'.split(
    ' ',
  );
/** The province of each region, by index in REGION_IDS. */
const REGION_PROVINCE = [
  0, 1, 2, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9, 9, 10, 11,
];

const CATEGORIES = ['supply', 'demand', 'route', 'training', 'collaboration'] as const;
const STATUSES = ['on_track', 'at_risk', 'needs_adjustment'] as const;
const BORGING = ['not_started', 'in_preparation', 'secured', 'not_secured'] as const;
const MECHANISMS = ['structural_funding', 'regular_service', 'covenant', 'multi_year_plan', 'transferred', 'stopped'];
const COMMITMENTS = [
  { kind: 'budget_eur', unit: 'EUR', min: 2_500, max: 60_000, step: 500 },
  { kind: 'fte', unit: 'fte', min: 0.1, max: 2, step: 0.1 },
  { kind: 'placements', unit: 'people', min: 2, max: 40, step: 1 },
  { kind: 'training_places', unit: 'places', min: 2, max: 30, step: 1 },
  { kind: 'in_kind', unit: 'hours', min: 8, max: 320, step: 8 },
] as const;
const WITHDRAWALS = [
  'Capaciteit is elders nodig.',
  'Budget is niet vrijgekomen.',
  'Dubbel toegezegd; zie de andere toezegging.',
  'Doelgroep bleek kleiner dan verwacht.',
];
const CORRECTIONS = [
  'Plaatsingen van de vorige maand waren niet meegeteld.',
  'Status te positief ingeschat; bijgesteld na de regiegroep.',
  'Cijfers UWV later ontvangen.',
];
const NOTES = [
  'Werving loopt via het werkgeversservicepunt.',
  'Minder aanmeldingen door de coronamaatregelen.',
  'Extra inzet van jobcoaches vanaf deze maand.',
  undefined,
  undefined,
];

const DAY = 86_400_000;
const HOUR = 3_600_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What a step does; steps are kept small (numbers only) and turned into events when they are yielded. */
const K = {
  Launch: 0,
  Round: 1,
  End: 2,
  Region: 3,
  Partner: 4,
  Rename: 5,
  Join: 6,
  RoleChange: 7,
  Leave: 8,
  Plan: 9,
  Report: 10,
  Correct: 11,
  Adjust: 12,
  Lead: 13,
  Borging: 14,
  Close: 15,
  Commit: 16,
  Fulfil: 17,
  Withdraw: 18,
  Draft: 19,
  Sign: 20,
  Amend: 21,
  Terminate: 22,
} as const;
type Kind = (typeof K)[keyof typeof K];

/** One step: `a` is the subject (programme, region, partner, member, activity or agreement index), n/x/y/z its facts. */
interface Step {
  at: number;
  k: Kind;
  a: number;
  n: number;
  x: number;
  y: number;
  z: number;
}

interface PartnerInfo {
  id: string;
  name: string;
  kind: string;
}

interface Member {
  region: number;
  partner: number;
  role: string;
  previousRole?: string;
}

interface RegionInfo {
  id: string;
  name: string;
  central: number;
  /** Partners that may commit (members from the start to the end; tourists too). */
  committers: number[];
  tourists: Set<number>;
  /** Partners that may lead an activity. */
  leads: number[];
  /** Parties to the region's covenant. */
  covenant: number[];
  coordinator: Actor;
}

interface ActivityInfo {
  id: string;
  region: number;
  programme: number;
  category: number;
  lead: number;
  plannedAt: number;
  start: string;
  end: string;
  target: number;
  closedAt: number;
}

interface AgreementInfo {
  id: string;
  region: number;
  kind: string;
  title: string;
  parties: number[];
  activities: number[];
  validFrom: string;
  validUntil?: string;
  terms: string[];
  hashes: string[];
  draftedAt: number;
}

const PROGRAMMES = [
  { id: 'pow', name: 'Perspectief op Werk', owner: 'SZW', start: '2019-07-01', end: '2021-12-31', at: '2019-07-01' },
  {
    id: 'rmt',
    name: 'Regionale mobiliteitsteams',
    owner: 'SZW',
    start: '2021-01-01',
    end: '2022-06-30',
    at: '2020-12-14',
  },
];

const office: Actor = {
  userId: 'programmabureau',
  organisationId: 'programme-office',
  roles: ['programme_office'],
  regionIds: [],
};

/** mulberry32: a small, fast, seeded generator. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function titleCase(id: string): string {
  return id
    .split('-')
    .map((w) => (w.length <= 3 && w !== 'rijk' ? w : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
}

export function generateLedger(options: LedgerOptions): GeneratedLedger {
  const target = Math.max(1, Math.floor(options.events));
  const activityCount = Math.max(35, Math.floor(options.activities ?? target / 400));
  const random = generator(options.seed ?? 20_191_001);
  const between = (min: number, max: number) => min + random() * (max - min);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  /** A moment during office hours on the day of `ms` (whole seconds). */
  const officeHours = (ms: number) =>
    Math.floor(ms / DAY) * DAY + Math.floor(between(8 * HOUR, 18 * HOUR) / 1000) * 1000;
  const interval = options.monthly ? 'month' : 'quarter';

  const steps: Step[] = [];
  const add = (at: number, k: Kind, a: number, n = 0, x = 0, y = 0, z = 0) => {
    steps.push({ at, k, a, n, x, y, z });
    return at;
  };

  // ---- programmes and monitoring rounds
  const programmePeriods = PROGRAMMES.map((p) => periodsBetween(p.start, p.end, interval));
  PROGRAMMES.forEach((p, i) => {
    add(dayOf(p.at) + 9 * HOUR, K.Launch, i);
    programmePeriods[i].forEach((period, n) => add(dayOf(periodEnd(period)) - 7 * DAY + 10 * HOUR, K.Round, i, n));
  });
  add(dayOf('2022-02-14') + 10 * HOUR, K.End, 0);

  // ---- partners and regions
  const partners: PartnerInfo[] = [];
  const partnerIndex = new Map<string, number>();
  const partner = (id: string, name: string, kind: string) => {
    let index = partnerIndex.get(id);
    if (index === undefined) {
      index = partners.push({ id, name, kind }) - 1;
      partnerIndex.set(id, index);
      add(officeHours(dayOf('2019-07-03') + Math.floor(random() * 25) * DAY), K.Partner, index);
    }
    return index;
  };
  const sbb = partner('sbb', 'SBB', 'sbb');
  const provinces = PROVINCES.map((p) => partner(`provincie-${p}`, `Provincie ${titleCase(p)}`, 'province'));
  const members: Member[] = [];
  const regions: RegionInfo[] = REGION_IDS.map((id, r) => {
    const name = titleCase(id);
    add(dayOf('2019-07-02') + 9 * HOUR + r * 60_000, K.Region, r);
    const own = (suffix: string, label: string, kind: string) => partner(`${suffix}-${id}`, `${label} ${name}`, kind);
    const central = own('gemeente', 'Gemeente', 'central_municipality');
    const municipalities = [own('gemeente2', 'Gemeente Oost', 'municipality')];
    if (chance(0.6)) municipalities.push(own('gemeente3', 'Gemeente West', 'municipality'));
    const uwv = own('uwv', 'UWV', 'uwv');
    const employers = own('werkgevers', 'Werkgeversservicepunt', 'employer_organisation');
    const roc = own('roc', 'ROC', 'education');
    const firms = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) =>
      own(`werkgever${i + 1}`, `Werkgever ${i + 1}`, 'employer'),
    );
    const extra: number[] = [];
    if (chance(0.5)) extra.push(own('zorg', 'Zorggroep', 'care_provider'));
    if (chance(0.3)) extra.push(own('vakbond', 'Vakbond', 'union'));
    const tourist = own('netwerk', 'Netwerkorganisatie', 'other');
    const coordinator: Actor = {
      userId: `coordinator-${id}`,
      organisationId: partners[central].id,
      roles: ['region_coordinator'],
      regionIds: [id],
    };
    const joined = [
      [central, 'lead'],
      ...[...municipalities, uwv, employers, roc, ...firms, ...extra, sbb, provinces[REGION_PROVINCE[r]], tourist].map(
        (p) => [p, 'participant'] as const,
      ),
    ] as const;
    for (const [p, role] of joined) {
      const m = members.push({ region: r, partner: p, role }) - 1;
      add(officeHours(dayOf('2019-08-01') + Math.floor(random() * 28) * DAY), K.Join, m);
      if (p === employers && chance(0.4)) {
        members.push({ region: r, partner: p, role: 'project_leader', previousRole: 'participant' });
        add(officeHours(dayOf('2020-03-02') + Math.floor(random() * 180) * DAY), K.RoleChange, members.length - 1);
      }
    }
    if (chance(0.25)) {
      const adviser = own('adviseur', 'Adviesbureau', 'other');
      const m = members.push({ region: r, partner: adviser, role: 'participant' }) - 1;
      add(officeHours(dayOf('2019-08-01') + Math.floor(random() * 28) * DAY), K.Join, m);
      add(officeHours(dayOf('2021-02-01') + Math.floor(random() * 200) * DAY), K.Leave, m);
    }
    if (chance(0.15)) add(officeHours(dayOf('2021-01-04') + Math.floor(random() * 300) * DAY), K.Rename, central);
    const committers = [central, ...municipalities, uwv, employers, roc, ...firms, ...extra, sbb, tourist];
    return {
      id,
      name,
      central,
      committers,
      tourists: new Set([tourist]),
      leads: [central, central, central, ...municipalities, employers, uwv],
      covenant: [central, uwv, employers, roc, sbb, provinces[REGION_PROVINCE[r]], tourist],
      coordinator,
    };
  });

  // ---- activities: plan, reports, corrections, adjustments, lead changes, borging, closure
  const activities: ActivityInfo[] = [];
  const byRegion: number[][] = regions.map(() => []);
  for (let a = 0; a < activityCount; a++) {
    const region = a % regions.length;
    const programme = a % 10 === 9 ? 1 : 0;
    const doeAgenda = programme === 0 && chance(0.8);
    const plannedAt = officeHours(
      programme === 1
        ? dayOf('2021-01-05') + Math.floor(random() * 85) * DAY
        : doeAgenda
          ? dayOf('2019-09-02') + Math.floor(random() * 105) * DAY
          : dayOf('2020-01-06') + Math.floor(random() * 260) * DAY,
    );
    const planned = new Date(plannedAt);
    const start = dateOf(Date.UTC(planned.getUTCFullYear(), planned.getUTCMonth() + 1, 1));
    const end = PROGRAMMES[programme].end;
    const stopped = chance(0.08);
    const info: ActivityInfo = {
      id: `act-${String(a + 1).padStart(5, '0')}`,
      region,
      programme,
      category: Math.floor(random() * CATEGORIES.length),
      lead: pick(regions[region].leads),
      plannedAt,
      start,
      end,
      target: 20 + Math.floor(random() * 30) * 10,
      closedAt: stopped
        ? officeHours(dayOf(start) + Math.floor(between(200, dayOf(end) / DAY - dayOf(start) / DAY - 60)) * DAY)
        : Infinity,
    };
    activities.push(info);
    byRegion[region].push(a);
    add(plannedAt, K.Plan, a);

    // status reports per period, while open
    const tendency = random();
    let realised = 0;
    let last = plannedAt;
    let adjusted = 0;
    for (const [n, period] of periodsBetween(start, end, interval).entries()) {
      const due = dayOf(periodEnd(period)) + DAY;
      const roll = random();
      if (roll < 0.05) continue;
      const at = officeHours(due + (roll < 0.12 ? between(60, 120) : between(0, 25)) * DAY);
      if (at >= info.closedAt) break;
      const s = random() < tendency * 0.9 ? 0 : random() < 0.86 ? 1 : 2;
      realised += Math.floor(random() * (info.target / 6));
      add(at, K.Report, a, n, s, realised);
      last = Math.max(last, at);
      if (chance(0.1)) {
        const when = at + Math.floor(between(5, 40)) * DAY;
        if (when < info.closedAt) {
          const corrected = (s + 1 + Math.floor(random() * 2)) % 3;
          add(when, K.Correct, a, n, corrected * 3 + s, realised + 1 + Math.floor(random() * 5), realised);
          last = Math.max(last, when);
        }
      }
      if (s === 2 && adjusted < 2 && chance(0.5)) {
        const when = at + Math.floor(between(10, 30)) * DAY;
        if (when < info.closedAt) {
          adjusted++;
          add(when, K.Adjust, a, adjusted, info.target + adjusted * 10);
          last = Math.max(last, when);
        }
      }
    }
    // closure: stopped early, or completed after the last report
    if (info.closedAt !== Infinity) add(info.closedAt, K.Close, a, 0, 1);
    else {
      info.closedAt = officeHours(Math.max(last, dayOf(end)) + Math.floor(between(10, 45)) * DAY);
      add(info.closedAt, K.Close, a, 0, 0);
    }
    if (chance(0.05)) {
      const leads = regions[region].leads.filter((p) => p !== info.lead);
      const when = officeHours(plannedAt + between(120, 400) * DAY);
      if (when < info.closedAt && leads.length > 0) add(when, K.Lead, a, 0, pick(leads), info.lead);
    }
    // borging: from 2021 (pow) or 2022 (rmt); a stopped activity is not secured
    const borgingFrom = dayOf(programme === 0 ? '2021-02-01' : '2022-02-01');
    if (stopped) {
      const when = Math.max(info.closedAt + Math.floor(between(5, 30)) * DAY, borgingFrom);
      add(officeHours(when), K.Borging, a, 5, 3, 0, -1);
    } else if (chance(0.9)) {
      let at = officeHours(borgingFrom + Math.floor(random() * 180) * DAY);
      if (chance(0.2)) {
        add(at, K.Borging, a, -1, 0, 0, -1);
        at = officeHours(at + Math.floor(between(20, 90)) * DAY);
      }
      add(at, K.Borging, a, -1, 1, 0, -1);
      if (chance(0.85)) {
        at = officeHours(at + Math.floor(between(60, 300)) * DAY);
        if (chance(0.7)) add(at, K.Borging, a, Math.floor(random() * 5), 2, 1, chance(0.6) ? info.lead : -1);
        else add(at, K.Borging, a, -1, 3, 1, -1);
      }
    }
  }

  // ---- agreements
  const agreements: AgreementInfo[] = [];
  const addAgreement = (
    region: number,
    kind: string,
    title: string,
    parties: number[],
    activityIndexes: number[],
    draftedAt: number,
    validFrom: string,
    validUntil?: string,
  ) => {
    const info: AgreementInfo = {
      id: `agr-${regions[region].id}-${agreements.filter((x) => x.region === region).length + 1}`,
      region,
      kind,
      title,
      parties,
      activities: activityIndexes,
      validFrom,
      validUntil,
      terms: [],
      hashes: [],
      draftedAt,
    };
    const index = agreements.push(info) - 1;
    addVersion(info, 'Eerste versie.');
    add(draftedAt, K.Draft, index);
    return index;
  };
  const addVersion = (info: AgreementInfo, change: string) => {
    const lines = [
      info.title,
      '',
      `Partijen: ${info.parties.map((p) => partners[p].name).join(', ')}.`,
      '',
      'Artikel 1 – Doel',
      'Meer mensen die kunnen en willen werken vinden duurzaam werk in de regio.',
      '',
      'Artikel 2 – Activiteiten',
      ...(info.activities.length > 0
        ? info.activities.map((a) => `- ${activities[a].id}: activiteit ${a + 1}`)
        : ['- De activiteiten uit de doe-agenda van de regio.']),
      '',
      'Artikel 3 – Monitoring',
      'Partijen rapporteren ieder kwartaal per activiteit de voortgang en de realisatie.',
      '',
      `Artikel 4 – Looptijd: van ${info.validFrom}${info.validUntil ? ` tot en met ${info.validUntil}` : ''}.`,
      '',
      `Versie ${info.terms.length + 1}. ${change}`,
    ];
    const terms = lines.join('\n');
    info.terms.push(terms);
    info.hashes.push(createHash('sha256').update(terms, 'utf8').digest('hex'));
  };
  /** Every party signs `version` from `after`, one by one; answers when the last signed (undefined: one never did). */
  const signRound = (index: number, version: number, after: number, maxDays: number, missing = 0) => {
    const { parties } = agreements[index];
    const order = [...parties].sort(() => random() - 0.5).slice(0, parties.length - missing);
    const times = order.map(() => officeHours(after + Math.floor(between(1, maxDays)) * DAY)).sort((x, y) => x - y);
    times.forEach((at, i) => add(at + i * 1000, K.Sign, index, version, order[i], i === parties.length - 1 ? 1 : 0));
    return missing > 0 ? undefined : times[times.length - 1] + times.length * 1000;
  };
  for (const [r, region] of regions.entries()) {
    const own = byRegion[r].map((a) => activities[a]);
    // the covenant for the action plan: in force, amended once or twice, signed again each time
    const covenantAt = officeHours(dayOf('2019-10-07') + Math.floor(random() * 40) * DAY);
    const agenda = byRegion[r].filter((a) => activities[a].plannedAt < covenantAt - 7 * DAY).slice(0, 12);
    const covenant = addAgreement(
      r,
      'covenant',
      `Convenant regionaal actieplan ${region.name}`,
      region.covenant,
      agenda,
      covenantAt,
      '2019-10-01',
      '2021-12-31',
    );
    let inForce = signRound(covenant, 1, covenantAt, 60) ?? covenantAt;
    for (let v = 2; v <= (chance(0.3) ? 3 : 2); v++) {
      const at = officeHours(Math.max(inForce, dayOf(v === 2 ? '2020-06-01' : '2021-03-01')) + random() * 90 * DAY);
      addVersion(agreements[covenant], v === 2 ? 'Aanvulling na de eerste monitorronde.' : 'Verlenging tot 2022.');
      add(at, K.Amend, covenant, v);
      inForce = signRound(covenant, v, at, 45) ?? at;
    }
    // cooperation agreements for groups of activities
    for (let i = 0; i + 4 <= own.length; i += 8) {
      const group = byRegion[r].slice(i, i + Math.min(8, own.length - i));
      const latest = Math.max(...group.map((a) => activities[a].plannedAt));
      const at = officeHours(latest + Math.floor(between(7, 60)) * DAY);
      const lead = activities[group[0]].lead;
      const parties = [
        lead,
        ...region.committers
          .filter((p) => p !== lead)
          .sort(() => random() - 0.5)
          .slice(0, 2),
      ];
      const index = addAgreement(
        r,
        'cooperation_agreement',
        `Samenwerkingsovereenkomst ${region.name} ${i / 8 + 1}`,
        parties,
        group,
        at,
        dateOf(at),
        activities[group[0]].end,
      );
      const done = signRound(index, 1, at, 30, chance(0.05) ? 1 : 0);
      if (done !== undefined && chance(0.2)) {
        const amendedAt = officeHours(done + Math.floor(between(60, 300)) * DAY);
        addVersion(agreements[index], 'Bijdragen bijgesteld.');
        add(amendedAt, K.Amend, index, 2);
        signRound(index, 2, amendedAt, 40);
      }
      if (done !== undefined && chance(0.04)) add(officeHours(done + 400 * DAY), K.Terminate, index, 0, lead);
    }
    // a letter of intent with the tourist, not always signed by everyone
    if (chance(0.5)) {
      const at = officeHours(dayOf('2020-02-03') + Math.floor(random() * 200) * DAY);
      const tourist = [...region.tourists][0];
      const index = addAgreement(
        r,
        'letter_of_intent',
        `Intentieverklaring ${region.name}`,
        [region.central, tourist],
        [],
        at,
        dateOf(at),
      );
      signRound(index, 1, at, 30, chance(0.4) ? 1 : 0);
    }
    // the execution agenda for 2022: borging
    const at = officeHours(dayOf('2021-10-04') + Math.floor(random() * 50) * DAY);
    const secured = byRegion[r].filter((a) => activities[a].programme === 0).slice(0, 10);
    const index = addAgreement(
      r,
      'execution_agenda',
      `Uitvoeringsagenda ${region.name} 2022`,
      [region.central, region.committers[region.committers.length - 2], region.committers[1]],
      secured,
      at,
      '2022-01-01',
      '2022-12-31',
    );
    signRound(index, 1, at, 40);
  }

  // ---- commitments: monthly contributions by member partners, filling what is left of the volume
  const fixed = steps.reduce((sum, s) => sum + (s.k === K.Sign && s.y === 1 ? 2 : 1), 0);
  const budget = Math.max(0, target * 1.01 - fixed);
  /** Adds about `perActivity` commitments per activity with their fulfilments and withdrawals; answers the events. */
  const commit = (perActivity: number) => {
    const before = steps.length;
    for (const [a, info] of activities.entries()) {
      const region = regions[info.region];
      const months = periodsBetween(info.start, info.end, 'month');
      const p = perActivity / (months.length * region.committers.length);
      let n = 0;
      for (const [m, month] of months.entries()) {
        const monthStart = dayOf(periodStart(month));
        const monthEnd = dayOf(periodEnd(month));
        for (const who of region.committers) {
          for (let copies = Math.floor(p) + (chance(p % 1) ? 1 : 0); copies > 0; copies--) {
            const at = officeHours(Math.max(info.plannedAt + DAY, monthStart - Math.floor(between(0, 30)) * DAY));
            if (at >= info.closedAt || at >= monthEnd) break;
            n++;
            const kind = Math.floor(random() * COMMITMENTS.length);
            add(at, K.Commit, a, n, who, kind, m);
            const roll = random();
            if (region.tourists.has(who) ? roll < 0.3 : roll < 0.1) {
              const when = officeHours(at + between(1, Math.max(1.5, (monthEnd - at) / DAY)) * DAY);
              if (when < info.closedAt && when > at) add(when, K.Withdraw, a, n, who, Math.floor(random() * 4));
            } else if (!region.tourists.has(who) && roll < 0.88) {
              add(officeHours(monthEnd + Math.floor(between(5, 45)) * DAY), K.Fulfil, a, n, who, kind, random() * 1000);
            }
          }
        }
      }
    }
    return steps.length - before;
  };
  // a first pass shows how many events a commitment brings on average here; the second one fills the budget
  const mark = steps.length;
  const guess = budget / activityCount / 1.8;
  const made = commit(guess);
  if (made > 0 && made < budget) {
    steps.length = mark;
    commit((guess * budget) / made);
  }

  // ---- recording order; cut at the target
  steps.sort((x, y) => x.at - y.at);
  let total = 0;
  let cut = steps.length;
  for (let i = 0; i < steps.length; i++) {
    const size = steps[i].k === K.Sign && steps[i].y === 1 ? 2 : 1;
    if (total + size > target) {
      cut = i;
      break;
    }
    total += size;
  }
  steps.length = cut;

  // ---- turning steps into events
  let serial = 0;
  const uuid = (prefix: number) => {
    serial++;
    const hex = serial.toString(16).padStart(12, '0');
    return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
  };
  const representative = (p: number): Actor => ({
    userId: `rep-${partners[p].id}`,
    organisationId: partners[p].id,
    roles: ['partner_representative'],
    regionIds: [],
  });
  const representatives = new Map<number, Actor>();
  const repOf = (p: number) => {
    let actor = representatives.get(p);
    if (!actor) representatives.set(p, (actor = representative(p)));
    return actor;
  };
  const periodLists = new Map<string, string[]>();
  const periodsOf = (info: ActivityInfo, of: 'month' | 'quarter') => {
    const key = `${info.start}/${info.end}/${of}`;
    let list = periodLists.get(key);
    if (!list) periodLists.set(key, (list = periodsBetween(info.start, info.end, of)));
    return list;
  };
  const commitmentOf = (a: number, n: number) => `${activities[a].id}-c${n}`;
  const amountOf = (kind: number, a: number, n: number) => {
    const c = COMMITMENTS[kind];
    const steps = Math.round((c.max - c.min) / c.step);
    const k = (a * 7_919 + n * 104_729) % (steps + 1);
    return Math.round((c.min + k * c.step) * 10) / 10;
  };
  const realisedOf = (value: number) => [
    { indicator: 'placements', value },
    ...(value % 3 === 0 ? [{ indicator: 'trained', value: Math.floor(value / 2) }] : []),
  ];
  const targetsOf = (info: ActivityInfo, target: number) => [
    { indicator: 'placements', target, unit: 'people', dueDate: info.end },
  ];

  function toCommand(s: Step): LedgerCommand {
    let streamId: string;
    let actor: Actor = office;
    const events: { type: string; data: Record<string, unknown>; validFrom?: string }[] = [];
    const one = (type: string, data: Record<string, unknown>, validFrom?: string) =>
      events.push({ type, data, validFrom });
    switch (s.k) {
      case K.Launch: {
        const p = PROGRAMMES[s.a];
        streamId = `programme-${p.id}`;
        one(
          'ProgrammeLaunched',
          { programmeId: p.id, name: p.name, owner: p.owner, startDate: p.start, endDate: p.end },
          p.start,
        );
        break;
      }
      case K.Round: {
        const p = PROGRAMMES[s.a];
        const period = programmePeriods[s.a][s.n];
        streamId = `programme-${p.id}`;
        one('MonitoringRoundOpened', {
          programmeId: p.id,
          period,
          dueDate: dateOf(dayOf(periodEnd(period)) + 30 * DAY),
        });
        break;
      }
      case K.End:
        streamId = `programme-${PROGRAMMES[s.a].id}`;
        one('ProgrammeEnded', { programmeId: PROGRAMMES[s.a].id });
        break;
      case K.Region:
        streamId = `region-${regions[s.a].id}`;
        one('RegionRegistered', { regionId: regions[s.a].id, name: regions[s.a].name });
        break;
      case K.Partner: {
        const p = partners[s.a];
        streamId = `partner-${p.id}`;
        one('PartnerRegistered', { partnerId: p.id, name: p.name, kind: p.kind });
        break;
      }
      case K.Rename: {
        const p = partners[s.a];
        streamId = `partner-${p.id}`;
        one('PartnerRenamed', { partnerId: p.id, name: `${p.name} (na herindeling)`, previousName: p.name });
        break;
      }
      case K.Join:
      case K.RoleChange:
      case K.Leave: {
        const m = members[s.a];
        const region = regions[m.region];
        streamId = `region-${region.id}`;
        actor = s.k === K.Join ? office : region.coordinator;
        const base = { regionId: region.id, partnerId: partners[m.partner].id };
        if (s.k === K.Join) one('PartnerJoinedRegion', { ...base, role: m.role });
        else if (s.k === K.RoleChange) {
          one('PartnerRoleChanged', { ...base, role: m.role, previousRole: m.previousRole });
        } else one('PartnerLeftRegion', { ...base, reason: 'Opdracht afgerond.' });
        break;
      }
      default: {
        if (s.k >= K.Draft) {
          const info = agreements[s.a];
          const region = regions[info.region];
          streamId = `agreement-${info.id}`;
          actor = region.coordinator;
          const agreementId = info.id;
          if (s.k === K.Draft) {
            one(
              'AgreementDrafted',
              {
                agreementId,
                regionId: region.id,
                kind: info.kind,
                title: info.title,
                parties: info.parties.map((p) => partners[p].id),
                activityIds: info.activities.map((a) => activities[a].id),
                terms: info.terms[0],
                termsHash: info.hashes[0],
                version: 1,
                validFrom: info.validFrom,
                ...(info.validUntil !== undefined && { validUntil: info.validUntil }),
              },
              info.validFrom,
            );
          } else if (s.k === K.Sign) {
            actor = repOf(s.x);
            const signedOn = dateOf(s.at);
            one(
              'AgreementSigned',
              {
                agreementId,
                partnerId: partners[s.x].id,
                signatory: { name: `Bestuurder ${partners[s.x].name}`, function: 'directeur' },
                termsHash: info.hashes[s.n - 1],
                version: s.n,
                signedOn,
              },
              signedOn,
            );
            if (s.y === 1) one('AgreementInForce', { agreementId, version: s.n });
          } else if (s.k === K.Amend) {
            one('AgreementAmended', {
              agreementId,
              terms: info.terms[s.n - 1],
              termsHash: info.hashes[s.n - 1],
              version: s.n,
              reason: 'Afspraken bijgesteld in de regiegroep.',
            });
          } else {
            one('AgreementTerminated', { agreementId, by: partners[s.x].id, reason: 'Doel bereikt.' });
          }
          break;
        }
        const info = activities[s.a];
        const region = regions[info.region];
        const activityId = info.id;
        streamId = `activity-${activityId}`;
        actor = region.coordinator;
        switch (s.k) {
          case K.Plan:
            one(
              'ActivityPlanned',
              {
                activityId,
                regionId: region.id,
                programmeId: PROGRAMMES[info.programme].id,
                title: `${CATEGORIES[info.category]} ${region.name} ${s.a + 1}`,
                category: CATEGORIES[info.category],
                leadPartnerId: partners[info.lead].id,
                targets: targetsOf(info, info.target),
                startDate: info.start,
                endDate: info.end,
              },
              info.start,
            );
            break;
          case K.Report:
          case K.Correct: {
            const period = periodsOf(info, interval)[s.n];
            const validFrom = periodEnd(period);
            const note = NOTES[(s.a + s.n) % NOTES.length];
            const data: Record<string, unknown> = {
              activityId,
              period,
              status: STATUSES[s.k === K.Report ? s.x : Math.floor(s.x / 3)],
              realised: realisedOf(s.y),
              ...(note !== undefined && { note }),
              validFrom,
            };
            if (s.k === K.Correct) {
              data.reason = CORRECTIONS[(s.a + s.n) % CORRECTIONS.length];
              data.previous = { status: STATUSES[s.x % 3], realised: realisedOf(s.z) };
            }
            one(s.k === K.Report ? 'ActivityStatusReported' : 'ActivityStatusCorrected', data, validFrom);
            break;
          }
          case K.Adjust:
            one('ActivityAmbitionAdjusted', {
              activityId,
              targets: targetsOf(info, s.x),
              reason: 'Ambitie bijgesteld na de monitorrapportage.',
            });
            break;
          case K.Lead:
            one('ActivityLeadChanged', {
              activityId,
              leadPartnerId: partners[s.x].id,
              previousLeadPartnerId: partners[s.y].id,
              reason: 'Trekkerschap overgedragen.',
            });
            break;
          case K.Borging: {
            const effectiveFrom = dateOf(s.at);
            one(
              'BorgingRecorded',
              {
                activityId,
                state: BORGING[s.x],
                ...(s.n >= 0 && { mechanism: MECHANISMS[s.n] }),
                effectiveFrom,
                ...(s.z >= 0 && { ownerPartnerId: partners[s.z].id }),
                previousState: s.x === 0 ? 'not_started' : BORGING[s.y],
              },
              effectiveFrom,
            );
            break;
          }
          case K.Close:
            one('ActivityClosed', {
              activityId,
              outcome: s.x === 1 ? 'stopped' : 'completed',
              reason: s.x === 1 ? 'Onvoldoende instroom; middelen naar een andere actie.' : 'Looptijd verstreken.',
            });
            break;
          case K.Commit: {
            const c = COMMITMENTS[s.y];
            actor = repOf(s.x);
            one('PartnerCommitted', {
              activityId,
              commitmentId: commitmentOf(s.a, s.n),
              partnerId: partners[s.x].id,
              kind: c.kind,
              amount: amountOf(s.y, s.a, s.n),
              unit: c.unit,
              period: periodsOf(info, 'month')[s.z],
            });
            break;
          }
          case K.Fulfil: {
            actor = s.z < 500 ? repOf(s.x) : region.coordinator;
            const amount = amountOf(s.y, s.a, s.n);
            one('CommitmentFulfilled', {
              activityId,
              commitmentId: commitmentOf(s.a, s.n),
              partnerId: partners[s.x].id,
              realisedAmount: Math.round(amount * (0.6 + (s.z % 500) / 1000) * 10) / 10,
            });
            break;
          }
          case K.Withdraw:
            actor = repOf(s.x);
            one('CommitmentWithdrawn', {
              activityId,
              commitmentId: commitmentOf(s.a, s.n),
              partnerId: partners[s.x].id,
              reason: WITHDRAWALS[s.y],
            });
            break;
        }
      }
    }
    const commandId = uuid(0xc0);
    return {
      at: s.at,
      streamId: streamId!,
      events: events.map((e) => {
        const reason = e.data.reason;
        return {
          eventId: uuid(0xe0),
          type: e.type,
          data: e.data,
          metadata: {
            actor,
            ...(e.validFrom !== undefined && { validFrom: e.validFrom }),
            commandId,
            correlationId: commandId,
            causationId: commandId,
            ...(typeof reason === 'string' && { reason }),
          },
        };
      }),
    };
  }

  return {
    regionIds: regions.map((r) => r.id),
    activityIds: activities.map((a) => a.id),
    partnerIds: partners.map((p) => p.id),
    programmes: Object.fromEntries(
      PROGRAMMES.map((p, i) => [p.id, activities.filter((a) => a.programme === i).length]),
    ),
    categories: CATEGORIES,
    from: steps[0]?.at ?? 0,
    to: steps[steps.length - 1]?.at ?? 0,
    events: total,
    *commands() {
      serial = 0;
      for (const step of steps) yield toCommand(step);
    },
  };
}

/**
 * The ledger as the store would record it, without a store: positions in order, versions per stream, `recordedAt`
 * from each command's instant (for benchmarks that feed projections directly).
 */
export function* recordedEvents(ledger: GeneratedLedger): Generator<RecordedEvent> {
  const versions = new Map<string, number>();
  let position = 0;
  for (const command of ledger.commands()) {
    const recordedAt = new Date(command.at).toISOString();
    let version = versions.get(command.streamId) ?? -1;
    for (const event of command.events) {
      yield {
        globalPosition: ++position,
        streamId: command.streamId,
        streamVersion: ++version,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata: { ...event.metadata, recordedAt },
      };
    }
    versions.set(command.streamId, version);
  }
}

export interface AppendOptions {
  /** Events per stretch (default 1,000). */
  stretch?: number;
  /**
   * Send a stretch's appends at once, for SQLite's group commit to put them in one transaction (default: on SQLite).
   * Otherwise they go one after another, which works on every store.
   */
  together?: boolean;
  /** Called about every 100,000 events. */
  onProgress?: (appended: number) => void;
}

/**
 * Writes the ledger into the store at `url` through its batch `append`: each stretch of events in recording order is
 * grouped by stream, one append per stream, and the store's injectable clock gives each append the instant of its
 * first command (events of one stream within a stretch share it). Answers how many events were appended.
 */
export async function appendLedger(url: string, ledger: GeneratedLedger, options: AppendOptions = {}): Promise<number> {
  const stretchSize = options.stretch ?? 1_000;
  const together = options.together ?? url.startsWith('sqlite:');
  // the instants of the appends in flight, in the order the store asks its clock for them
  const instants: Date[] = [];
  let next = 0;
  const store = await openEventStore(url, { clock: () => instants[Math.min(next++, instants.length - 1)] });
  const versions = new Map<string, number>();
  let appended = 0;
  let reported = 0;
  const flush = async (stretch: LedgerCommand[]) => {
    const groups = new Map<string, LedgerCommand[]>();
    for (const command of stretch) {
      const group = groups.get(command.streamId);
      if (group) group.push(command);
      else groups.set(command.streamId, [command]);
    }
    const appends = [...groups].map(([streamId, commands]) => {
      const events = commands.flatMap((c) => c.events);
      const version = versions.get(streamId) ?? -1;
      versions.set(streamId, version + events.length);
      return { streamId, events, version, at: new Date(commands[0].at) };
    });
    const append = (a: (typeof appends)[number]) =>
      store.append(a.streamId, a.events, a.version === -1 ? 'no_stream' : a.version);
    instants.length = 0;
    next = 0;
    let results;
    if (together) {
      instants.push(...appends.map((a) => a.at));
      results = await Promise.all(appends.map(append));
    } else {
      results = [];
      for (const a of appends) {
        instants.length = 0;
        next = 0;
        instants.push(a.at);
        results.push(await append(a));
      }
    }
    results.forEach((result, i) => {
      if (result.events[0].metadata.recordedAt !== appends[i].at.toISOString()) {
        throw new Error('The store did not ask its clock in the order of the appends.');
      }
      appended += result.events.length;
    });
    if (appended - reported >= 100_000) {
      reported = appended;
      options.onProgress?.(appended);
    }
  };
  try {
    let stretch: LedgerCommand[] = [];
    let size = 0;
    for (const command of ledger.commands()) {
      stretch.push(command);
      size += command.events.length;
      if (size >= stretchSize) {
        await flush(stretch);
        stretch = [];
        size = 0;
      }
    }
    if (stretch.length > 0) await flush(stretch);
  } finally {
    await store.close();
  }
  return appended;
}
