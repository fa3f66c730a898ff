import {
  activityCategories,
  activityStatuses,
  type ActivityCategory,
  type ActivityStatus,
  type PartnerKind,
  type Signatory,
} from '@akkoord/domain';
import { amendAndSign, CORONA_ADDENDUM, draftAndSign, type AgreementDraft } from './agreements.js';
import { writeActivity, type ActivityLife, type ActivitySeed } from './activity.js';
import { FIRST_NAMES, LAST_NAMES, MOOIE_DAG, SIGNATORY_FUNCTIONS, TITLES } from './catalogue.js';
import {
  PROGRAMME_END,
  PROGRAMME_ID,
  PROGRAMME_START,
  QUARTERS,
  addDays,
  after,
  dateOf,
  officeHours,
  quarterEnd,
} from './calendar.js';
import seed004 from './monitor-seed-004.json' with { type: 'json' };
import { Random } from './random.js';
import { EMPLOYER_ORGANISATIONS, PROVINCES, REGIONS, REGION_PROFILES, ROCS, slug } from './regions.js';
import {
  PROGRAMME_OFFICE_ACTOR,
  StepLog,
  coordinatorOf,
  membersAt,
  type DemoMember,
  type DemoPartner,
  type DemoRegion,
  type DemoStep,
} from './steps.js';

export { PROGRAMME_ID };
export const DEFAULT_SEED = 'perspectief-op-werk';

/**
 * Seed 004's monitor as counts of activities per category and status (on_track, at_risk, needs_adjustment): the
 * status of each activity's latest report up to 2020-Q4. The demo has exactly these.
 */
export const SEED_004_COUNTS = seed004.counts as Record<ActivityCategory, [number, number, number]>;

/** The whole demo as commands in recording order, with what it holds. */
export interface Scenario {
  seed: string;
  steps: DemoStep[];
  /** Events the steps append (a completing signature appends two). */
  events: number;
  activities: { id: string; regionId: string; category: ActivityCategory; status: ActivityStatus }[];
  regions: number;
  partners: number;
  agreements: number;
}

const LAUNCH_AT = Date.parse(`${PROGRAMME_START}T06:30:00Z`);

/** Big regions get more activities. */
const REGION_WEIGHT: Readonly<Record<string, number>> = {
  'groot-amsterdam': 1.6,
  rijnmond: 1.6,
  haaglanden: 1.4,
  'midden-utrecht': 1.3,
  'zuidoost-brabant': 1.2,
  twente: 1.2,
  'west-brabant': 1.1,
};

/**
 * Builds Perspectief op Werk as the seeds tell it, deterministically from `seed`: the programme with its quarterly
 * monitoring rounds, 35 regions and their partners, 414 activities with commitments, reports, corrections and
 * borging, and the agreements between the partners.
 */
export function buildScenario(seed: string = DEFAULT_SEED): Scenario {
  const root = new Random(seed);
  const log = new StepLog();
  const office = PROGRAMME_OFFICE_ACTOR;

  log.add(LAUNCH_AT, office, {
    type: 'LaunchProgramme',
    data: {
      programmeId: PROGRAMME_ID,
      name: 'Perspectief op Werk',
      owner: 'Ministerie van Sociale Zaken en Werkgelegenheid',
      startDate: PROGRAMME_START,
      endDate: PROGRAMME_END,
    },
  });
  for (const quarter of QUARTERS) {
    const end = quarterEnd(quarter);
    log.add(officeHours(addDays(end, -10), root), office, {
      type: 'OpenMonitoringRound',
      data: { programmeId: PROGRAMME_ID, period: quarter, dueDate: addDays(end, 31) },
    });
  }

  const regions = REGIONS.map((r, i) => composeRegion(root.fork(`region/${r.id}`), r, i));
  registerPartners(log, root.fork('partners'), regions);
  for (const region of regions) joinRegion(log, root.fork(`members/${region.id}`), region);

  const seeds = allocateActivities(root.fork('allocation'), regions);
  const signatory = signatories(root);
  let agreements = 0;
  const activities: Scenario['activities'] = [];
  for (const region of regions) {
    const random = root.fork(`activities/${region.id}`);
    const lives = (seeds.get(region.id) ?? []).map((s) => writeActivity(log, random.fork(s.id), region, s));
    for (const life of lives) {
      activities.push({
        id: life.seed.id,
        regionId: region.id,
        category: life.seed.category,
        status: life.seed.status,
      });
    }
    const written = writeAgreements(log, root.fork(`agreements/${region.id}`), region, lives, signatory);
    agreements += written.count;
    for (const life of lives) life.writeBorging(written.covenantInForceAt);
  }

  const steps = log.steps.sort((a, b) => a.at - b.at);
  const lastAt = steps[steps.length - 1].at;
  steps.push({
    at: officeHours(addDays(dateOf(lastAt), 3), root),
    actor: office,
    command: { type: 'EndProgramme', data: { programmeId: PROGRAMME_ID } },
    events: 1,
  });
  return {
    seed,
    steps,
    events: steps.reduce((sum, s) => sum + s.events, 0),
    activities,
    regions: regions.length,
    partners: new Set(regions.flatMap((r) => r.members.map((m) => m.partner.id))).size,
    agreements,
  };
}

function composeRegion(random: Random, region: { id: string; name: string }, index: number): DemoRegion {
  const profile = REGION_PROFILES[region.id];
  if (!profile) throw new Error(`No partner profile for region ${region.id}.`);
  const early = () => officeHours(addDays('2019-07-15', random.int(0, 44)), random);
  const late = () => officeHours(addDays('2020-01-06', random.int(0, 150)), random);
  const partner = (id: string, name: string, kind: PartnerKind): DemoPartner => ({ id, name, kind });
  const members: DemoMember[] = [];
  const join = (p: DemoPartner, role: DemoMember['role'], joinedAt = early()) =>
    members.push({ partner: p, role, joinedAt, tourist: false });

  const central = partner(`gemeente-${slug(profile.central)}`, `Gemeente ${profile.central}`, 'central_municipality');
  join(central, 'lead', officeHours(addDays('2019-07-08', index % 5), random));
  for (const name of random.sample(profile.municipalities, random.int(2, 4))) {
    join(partner(`gemeente-${slug(name)}`, `Gemeente ${name}`, 'municipality'), 'participant');
  }
  const uwvLeads = random.chance(0.35);
  join(
    partner(`uwv-${region.id}`, `UWV WERKbedrijf ${region.name}`, 'uwv'),
    uwvLeads ? 'project_leader' : 'participant',
  );
  join(
    partner(profile.employers, EMPLOYER_ORGANISATIONS[profile.employers], 'employer_organisation'),
    !uwvLeads && random.chance(0.1) ? 'project_leader' : 'participant',
  );
  join(partner(profile.roc, ROCS[profile.roc], 'education'), 'participant');
  if (random.chance(0.7)) join(partner('sbb', 'SBB', 'sbb'), 'participant');
  if (random.chance(0.35)) join(partner('fnv', 'FNV', 'union'), 'participant');
  else if (random.chance(0.12)) join(partner('cnv', 'CNV', 'union'), 'participant');
  if (random.chance(0.5)) {
    join(partner(`provincie-${profile.province}`, PROVINCES[profile.province], 'province'), 'participant');
  }
  if (region.id === 'twente') {
    join(partner('livio', 'Stichting Livio', 'care_provider'), 'participant');
  } else if (random.chance(0.75)) {
    const care = partner(`zorgwerkgevers-${region.id}`, `Zorgwerkgevers ${region.name}`, 'care_provider');
    join(care, 'participant', random.chance(0.4) ? late() : early());
  }
  if (random.chance(0.4)) {
    const employer = partner(`techniekbedrijven-${region.id}`, `Techniekbedrijven ${region.name}`, 'employer');
    join(employer, 'participant', random.chance(0.5) ? late() : early());
  }

  // A project tourist in some regions; a union that leaves in 2021 in others.
  if (random.chance(0.2)) {
    const candidates = members.filter(
      (m) =>
        m.joinedAt < Date.parse('2019-09-01') &&
        ['municipality', 'employer_organisation', 'union', 'province'].includes(m.partner.kind),
    );
    if (candidates.length > 0) random.pick(candidates).tourist = true;
  }
  const union = members.find((m) => m.partner.kind === 'union' && !m.tourist);
  if (union && random.chance(0.3)) union.leftAt = officeHours(addDays('2021-07-05', random.int(0, 60)), random);
  return { id: region.id, name: region.name, central, members, coordinator: coordinatorOf(region.id, central) };
}

/** Every organisation once, shortly before it first joins a region. */
function registerPartners(log: StepLog, random: Random, regions: DemoRegion[]): void {
  const firstJoin = new Map<string, { partner: DemoPartner; at: number }>();
  for (const member of regions.flatMap((r) => r.members)) {
    const known = firstJoin.get(member.partner.id);
    if (!known || member.joinedAt < known.at)
      firstJoin.set(member.partner.id, { partner: member.partner, at: member.joinedAt });
  }
  for (const { partner, at } of firstJoin.values()) {
    const day = addDays(dateOf(at), -random.int(1, 5));
    const candidate = officeHours(day < PROGRAMME_START ? PROGRAMME_START : day, random);
    const registeredAt = Math.max(after(LAUNCH_AT, 5), Math.min(candidate, at - 3_600_000));
    log.add(registeredAt, PROGRAMME_OFFICE_ACTOR, {
      type: 'RegisterPartner',
      data: { partnerId: partner.id, name: partner.name, kind: partner.kind },
    });
  }
}

function joinRegion(log: StepLog, random: Random, region: DemoRegion): void {
  log.add(officeHours(addDays(PROGRAMME_START, random.int(0, 4)), random), PROGRAMME_OFFICE_ACTOR, {
    type: 'RegisterRegion',
    data: { regionId: region.id, name: region.name },
  });
  for (const member of region.members) {
    const actor = member.partner === region.central ? PROGRAMME_OFFICE_ACTOR : region.coordinator;
    log.add(member.joinedAt, actor, {
      type: 'JoinRegion',
      data: { regionId: region.id, partnerId: member.partner.id, role: member.role },
    });
    if (member.leftAt !== undefined) {
      log.add(member.leftAt, region.coordinator, {
        type: 'LeaveRegion',
        data: {
          regionId: region.id,
          partnerId: member.partner.id,
          reason: 'Geen capaciteit meer voor de regiegroep; de vakbond blijft betrokken via het sectoroverleg.',
        },
      });
    }
  }
  const uwv = region.members.find((m) => m.partner.kind === 'uwv');
  if (uwv && uwv.role === 'participant' && random.chance(0.15)) {
    log.add(officeHours(addDays('2020-04-06', random.int(0, 60)), random), region.coordinator, {
      type: 'ChangePartnerRole',
      data: { regionId: region.id, partnerId: uwv.partner.id, role: 'project_leader' },
    });
  }
}

/**
 * Deals the 414 activities of seed 004's counts over the regions (bigger regions get more), each with a title from
 * the catalogue that is unique in its region. Twente gets the Medewerker Mooie Dag of seed 000.
 */
function allocateActivities(random: Random, regions: DemoRegion[]): Map<string, ActivitySeed[]> {
  const items: { category: ActivityCategory; status: ActivityStatus }[] = [];
  for (const category of activityCategories) {
    SEED_004_COUNTS[category].forEach((count, s) => {
      for (let k = 0; k < count; k++) items.push({ category, status: activityStatuses[s] });
    });
  }
  const mooieDag = items.findIndex((i) => i.category === 'route' && i.status === 'on_track');
  items.splice(mooieDag, 1);
  const dealt = random.shuffle(items);

  const weights = regions.map((r) => (REGION_WEIGHT[r.id] ?? 1) * random.between(0.75, 1.25));
  const sizes = largestRemainder(weights, dealt.length);
  const result = new Map<string, ActivitySeed[]>();
  let next = 0;
  regions.forEach((region, i) => {
    const titles = new Map<ActivityCategory, string[]>(
      activityCategories.map((c) => [c, random.shuffle(TITLES[c])] as const),
    );
    const used = new Map<ActivityCategory, number>();
    const seeds: ActivitySeed[] = [];
    if (region.id === 'twente') {
      seeds.push({
        id: `twente-${slug(MOOIE_DAG.title, 48)}`,
        title: MOOIE_DAG.title,
        category: 'route',
        status: 'on_track',
        doeAgenda: true,
        mooieDag: true,
      });
    }
    for (const item of dealt.slice(next, next + sizes[i])) {
      const n = used.get(item.category) ?? 0;
      used.set(item.category, n + 1);
      const list = titles.get(item.category)!;
      const title = n < list.length ? list[n] : `${list[n % list.length]} (fase ${Math.floor(n / list.length) + 1})`;
      seeds.push({
        id: `${region.id}-${slug(title, 48)}`,
        title,
        category: item.category,
        status: item.status,
        doeAgenda: random.chance(0.88),
      });
    }
    next += sizes[i];
    result.set(region.id, seeds);
  });
  return result;
}

/** Splits `total` in proportion to `weights`, in whole numbers that add up to `total`. */
function largestRemainder(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const sizes = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const missing = total - sizes.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) sizes[order[k].i] += 1;
  return sizes;
}

/** The person who signs for an organisation: the same name every time. */
function signatories(root: Random): (partner: DemoPartner) => Signatory {
  const names = new Map<string, Signatory>();
  return (partner) => {
    let signatory = names.get(partner.id);
    if (!signatory) {
      const random = root.fork(`signatory/${partner.id}`);
      signatory = {
        name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`,
        function: SIGNATORY_FUNCTIONS[partner.kind],
      };
      names.set(partner.id, signatory);
    }
    return signatory;
  };
}

const PURPOSE = {
  cooperation:
    'Partijen werken samen aan de uitvoering van de doe-agenda Perspectief op Werk: mensen die kunnen en willen ' +
    'werken, maar niet zelfstandig de weg naar werk vinden, helpen aan duurzaam werk, met werkgevers als vertrekpunt.',
  care:
    'Partijen spreken de intentie uit om samen leerwerktrajecten in de zorg op te zetten voor werkzoekenden met een ' +
    'afstand tot de arbeidsmarkt, zij-instromers en statushouders.',
  covenant:
    'Partijen borgen de werkende onderdelen van Perspectief op Werk na afloop van het programma: een gezamenlijke ' +
    'werkgeversdienstverlening, leerwerkroutes en één werkzoekendenbestand, met een jaarlijkse uitvoeringsagenda.',
  agenda:
    'Partijen voeren in 2022 de acties uit het meerjarig convenant uit, met per actie een trekker, een budget en een ' +
    'ambitie, en rapporteren ieder kwartaal over de voortgang.',
};

/**
 * The region's agreements: cooperation agreements at the start (some amended for corona and signed again), a letter
 * of intent for care in some regions, and in 2021 a multi-year covenant with an annual execution agenda.
 */
function writeAgreements(
  log: StepLog,
  random: Random,
  region: DemoRegion,
  lives: ActivityLife[],
  signatory: (partner: DemoPartner) => Signatory,
): { count: number; covenantInForceAt: number | undefined } {
  let count = 0;
  const kinds = (at: number, ...wanted: PartnerKind[]) =>
    membersAt(region, at).filter((m) => wanted.includes(m.partner.kind));
  const core = (at: number) =>
    kinds(at, 'central_municipality', 'uwv', 'employer_organisation', 'education').map((m) => m.partner);
  const activitiesOf = (at: number, keep: (l: ActivityLife) => boolean = () => true) =>
    lives.filter((l) => l.plannedAt < at && keep(l)).map((l) => ({ id: l.seed.id, title: l.seed.title }));

  // Samenwerkingsafspraken, winter 2019–2020
  const draftedAt = officeHours(addDays('2019-12-16', random.int(0, 30)), random);
  const parties = core(draftedAt);
  const present = membersAt(region, draftedAt);
  const tourist = present.find((m) => m.tourist);
  if (tourist && !parties.includes(tourist.partner)) parties.push(tourist.partner);
  const municipality = present.find((m) => m.partner.kind === 'municipality' && !m.tourist);
  if (municipality) parties.push(municipality.partner);
  const sbb = present.find((m) => m.partner.kind === 'sbb');
  if (sbb && random.chance(0.5)) parties.push(sbb.partner);
  const cooperation: AgreementDraft = {
    id: `samenwerking-pow-${region.id}`,
    kind: 'cooperation_agreement',
    title: `Samenwerkingsafspraken Perspectief op Werk ${region.name}`,
    parties,
    activities: activitiesOf(draftedAt),
    purpose: PURPOSE.cooperation,
    validFrom: '2020-01-01',
    validUntil: PROGRAMME_END,
    draftedAt,
  };
  const first = draftAndSign(log, random, region, cooperation, { minDays: 2, maxDays: 50 }, signatory);
  count += 1;
  if (random.chance(0.4) && first.inForceAt !== undefined) {
    const at = Math.max(officeHours(addDays('2020-05-04', random.int(0, 66)), random), after(first.inForceAt, 1440));
    amendAndSign(
      log,
      random,
      region,
      { id: cooperation.id, parties, terms: first.terms },
      { at, addendum: CORONA_ADDENDUM, reason: 'Doe-agenda aangepast aan de coronacrisis (addendum 2020).' },
      { minDays: 3, maxDays: 45, missing: random.chance(0.15) ? 1 : 0 },
      signatory,
    );
  }

  // Intentieverklaring leerwerkakkoord zorg, early 2020
  const careAt = officeHours(addDays('2020-02-03', random.int(0, 30)), random);
  const care = kinds(careAt, 'care_provider')[0];
  let letter: string | undefined;
  if (care && random.chance(0.3)) {
    const draft: AgreementDraft = {
      id: `intentie-zorg-${region.id}`,
      kind: 'letter_of_intent',
      title: `Intentieverklaring leerwerkakkoord zorg ${region.name}`,
      parties: [region.central, care.partner, ...kinds(careAt, 'education', 'uwv').map((m) => m.partner)],
      activities: activitiesOf(careAt, (l) => l.seed.category === 'training' || l.seed.category === 'route'),
      purpose: PURPOSE.care,
      validFrom: dateOf(careAt),
      draftedAt: careAt,
    };
    draftAndSign(log, random, region, draft, { minDays: 2, maxDays: 40 }, signatory);
    letter = draft.id;
    count += 1;
  }

  // Meerjarig convenant 2022–2025 and the execution agenda for 2022 (borging, autumn 2021)
  if (!random.chance(0.7)) return { count, covenantInForceAt: undefined };
  const covenantAt = officeHours(addDays('2021-09-01', random.int(0, 44)), random);
  const covenantParties = kinds(
    covenantAt,
    'central_municipality',
    'municipality',
    'uwv',
    'employer_organisation',
    'education',
    'province',
  ).map((m) => m.partner);
  const covenant: AgreementDraft = {
    id: `convenant-werk-${region.id}-2022-2025`,
    kind: 'covenant',
    title: `Meerjarig convenant Werk in ${region.name} 2022–2025`,
    parties: covenantParties,
    activities: activitiesOf(covenantAt, (l) => !l.stopped),
    purpose: PURPOSE.covenant,
    validFrom: '2022-01-01',
    validUntil: '2025-12-31',
    draftedAt: covenantAt,
  };
  const signed = draftAndSign(
    log,
    random,
    region,
    covenant,
    { minDays: 7, maxDays: 75, missing: random.chance(0.15) ? 1 : 0 },
    signatory,
  );
  count += 1;
  if (signed.inForceAt === undefined) return { count, covenantInForceAt: undefined };
  if (letter !== undefined) {
    const at = officeHours(addDays(dateOf(signed.inForceAt), random.int(5, 20)), random);
    log.add(at, region.coordinator, {
      type: 'TerminateAgreement',
      data: { agreementId: letter, by: region.central.id, reason: 'Opgegaan in het meerjarig convenant 2022–2025.' },
    });
  }
  if (random.chance(0.45)) {
    const agendaAt = officeHours(addDays(dateOf(signed.inForceAt), random.int(3, 20)), random);
    const agenda: AgreementDraft = {
      id: `uitvoeringsagenda-${region.id}-2022`,
      kind: 'execution_agenda',
      title: `Uitvoeringsagenda 2022 ${region.name}`,
      parties: core(agendaAt),
      activities: activitiesOf(agendaAt, (l) => l.closedAt === undefined),
      purpose: PURPOSE.agenda,
      validFrom: '2022-01-01',
      validUntil: '2022-12-31',
      draftedAt: Math.max(agendaAt, after(signed.inForceAt, 60)),
    };
    draftAndSign(log, random, region, agenda, { minDays: 2, maxDays: 30 }, signatory);
    count += 1;
  }
  return { count, covenantInForceAt: signed.inForceAt };
}
