/** The generated ledger's vocabulary: regions, provinces, categories, the shapes of its steps and subjects. */
import type { Actor, NewEvent } from '../../../libs/event-store/src/index.js';

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
export const PROVINCES =
  'groningen fryslan drenthe overijssel gelderland utrecht noord-holland zuid-holland noord-brabant limburg zeeland flevoland'.split(
    ' ',
  );
/** The province of each region, by index in REGION_IDS. */
export const REGION_PROVINCE = [
  0, 1, 2, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9, 9, 10, 11,
];

export const CATEGORIES = ['supply', 'demand', 'route', 'training', 'collaboration'] as const;
export const STATUSES = ['on_track', 'at_risk', 'needs_adjustment'] as const;
export const BORGING = ['not_started', 'in_preparation', 'secured', 'not_secured'] as const;
export const MECHANISMS = [
  'structural_funding',
  'regular_service',
  'covenant',
  'multi_year_plan',
  'transferred',
  'stopped',
];
export const COMMITMENTS = [
  { kind: 'budget_eur', unit: 'EUR', min: 2_500, max: 60_000, step: 500 },
  { kind: 'fte', unit: 'fte', min: 0.1, max: 2, step: 0.1 },
  { kind: 'placements', unit: 'people', min: 2, max: 40, step: 1 },
  { kind: 'training_places', unit: 'places', min: 2, max: 30, step: 1 },
  { kind: 'in_kind', unit: 'hours', min: 8, max: 320, step: 8 },
] as const;
export const WITHDRAWALS = [
  'Capaciteit is elders nodig.',
  'Budget is niet vrijgekomen.',
  'Dubbel toegezegd; zie de andere toezegging.',
  'Doelgroep bleek kleiner dan verwacht.',
];
export const CORRECTIONS = [
  'Plaatsingen van de vorige maand waren niet meegeteld.',
  'Status te positief ingeschat; bijgesteld na de regiegroep.',
  'Cijfers UWV later ontvangen.',
];
export const NOTES = [
  'Werving loopt via het werkgeversservicepunt.',
  'Minder aanmeldingen door de coronamaatregelen.',
  'Extra inzet van jobcoaches vanaf deze maand.',
  undefined,
  undefined,
];

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What a step does; steps are kept small (numbers only) and turned into events when they are yielded. */
export const K = {
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
export type Kind = (typeof K)[keyof typeof K];

/** One step: `a` is the subject (programme, region, partner, member, activity or agreement index), n/x/y/z its facts. */
export interface Step {
  at: number;
  k: Kind;
  a: number;
  n: number;
  x: number;
  y: number;
  z: number;
}

export interface PartnerInfo {
  id: string;
  name: string;
  kind: string;
}

export interface Member {
  region: number;
  partner: number;
  role: string;
  previousRole?: string;
}

export interface RegionInfo {
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

export interface ActivityInfo {
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

export interface AgreementInfo {
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

export const PROGRAMMES = [
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

export const office: Actor = {
  userId: 'programmabureau',
  organisationId: 'programme-office',
  roles: ['programme_office'],
  regionIds: [],
};

/** mulberry32: a small, fast, seeded generator. */
export function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function titleCase(id: string): string {
  return id
    .split('-')
    .map((w) => (w.length <= 3 && w !== 'rijk' ? w : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
}
