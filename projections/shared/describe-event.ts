import type { EventDescription } from '@akkoord/contracts';
import {
  dutchWord,
  INDICATORS_NL,
  SEALED_PREFIX,
  UNITS_NL,
  type DomainEvent,
  type PersonForgottenData,
  type Target,
  type RealisedValue,
} from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';

export type { EventDescription };

/**
 * Names the describer may use instead of ids: a partner's name, a region's name, an activity's or agreement's title.
 * Events carry ids (and a title where they create the thing); a read model that knows more passes it in.
 */
export type NameLookup = (kind: 'partner' | 'region' | 'activity' | 'agreement', id: string) => string | undefined;

/** The token grant as `AccessTokenIssued` records it (never the token; its hash is left out of the description). */
interface AccessTokenIssuedData {
  userId: string;
  organisationId: string;
  roles: string[];
  regionIds?: string[];
}

type Pair = readonly [en: string, nl: string];

const categories: Record<string, Pair> = {
  supply: ['supply', 'aanbod'],
  demand: ['demand', 'vraag'],
  route: ['route', 'route'],
  training: ['training', 'scholing'],
  collaboration: ['collaboration', 'samenwerking'],
};
const statuses: Record<string, Pair> = {
  on_track: ['on track', 'loopt naar wens'],
  at_risk: ['not yet going as expected', 'loopt nog niet zoals verwacht'],
  needs_adjustment: ['lagging: plan or ambition to be adjusted', 'blijft achter: opzet of ambitie aanpassen'],
};
const borgingStates: Record<string, Pair> = {
  not_started: ['not started', 'niet gestart'],
  in_preparation: ['in preparation', 'in voorbereiding'],
  secured: ['secured', 'geborgd'],
  not_secured: ['not secured', 'niet geborgd'],
};
const mechanisms: Record<string, Pair> = {
  structural_funding: ['structural funding', 'structurele financiering'],
  regular_service: ['regular service', 'reguliere dienstverlening'],
  covenant: ['covenant', 'convenant'],
  multi_year_plan: ['multi-year plan', 'meerjarenplan'],
  transferred: ['transferred', 'overgedragen'],
  stopped: ['stopped', 'gestopt'],
};
const regionRoles: Record<string, Pair> = {
  lead: ['lead', 'trekker'],
  project_leader: ['project leader', 'projectleider'],
  participant: ['participant', 'deelnemer'],
};
const partnerKinds: Record<string, Pair> = {
  municipality: ['municipality', 'gemeente'],
  central_municipality: ['central municipality', 'centrumgemeente'],
  uwv: ['UWV', 'UWV'],
  employer_organisation: ['employers’ organisation', 'werkgeversorganisatie'],
  employer: ['employer', 'werkgever'],
  education: ['education', 'onderwijsinstelling'],
  sbb: ['SBB', 'SBB'],
  union: ['union', 'vakbond'],
  province: ['province', 'provincie'],
  care_provider: ['care provider', 'zorgaanbieder'],
  other: ['other', 'overig'],
};
const commitmentKinds: Record<string, Pair> = {
  budget_eur: ['budget', 'budget'],
  fte: ['fte', 'fte'],
  placements: ['placements', 'plaatsingen'],
  training_places: ['training places', 'opleidingsplaatsen'],
  in_kind: ['in kind', 'in natura'],
};
const agreementKinds: Record<string, Pair> = {
  covenant: ['Covenant', 'Convenant'],
  cooperation_agreement: ['Cooperation agreement', 'Samenwerkingsovereenkomst'],
  letter_of_intent: ['Letter of intent', 'Intentieverklaring'],
  execution_agenda: ['Execution agenda', 'Uitvoeringsagenda'],
};
const outcomes: Record<string, Pair> = {
  completed: ['completed', 'afgerond'],
  stopped: ['stopped', 'gestopt'],
};
const roles: Record<string, Pair> = {
  programme_office: ['programme office', 'programmabureau'],
  region_coordinator: ['region coordinator', 'regiocoördinator'],
  partner_representative: ['partner representative', 'partnervertegenwoordiger'],
  analyst: ['analyst', 'analist'],
  auditor: ['auditor', 'auditor'],
};

/** A code's words in both languages; an unknown code stays as it is. */
function label(table: Record<string, Pair>, code: unknown): Pair {
  const text = String(code);
  return Object.hasOwn(table, text) ? table[text] : [text, text];
}

const MAX_TEXT = 120;

/** Free text (a reason, a note) on one line, cut at a readable length. */
function clip(text: unknown): string {
  // a sealed personal value is whole or useless: it is opened (to a name of at most 300 characters) at the edge
  if (typeof text === 'string' && text.startsWith(SEALED_PREFIX)) return text;
  const line = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
}

function quoted(text: unknown): string {
  return `'${clip(text)}'`;
}

const separators = { en: { group: ',', decimal: '.' }, nl: { group: '.', decimal: ',' } } as const;

/**
 * A number the way each language writes it (`1,234.5` / `1.234,5`), at most two decimals. Written by hand rather than
 * with Intl.NumberFormat, which costs more than the rest of a description and runs for every event on a rebuild.
 */
function formatNumber(n: number, lang: 'en' | 'nl', decimals: 'upTo2' | 'exactly2' = 'upTo2'): string {
  const { group, decimal } = separators[lang];
  const cents = Math.round(Math.abs(n) * 100);
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const rest = cents % 100;
  const fraction =
    decimals === 'exactly2'
      ? String(rest).padStart(2, '0')
      : rest === 0
        ? ''
        : String(rest).padStart(2, '0').replace(/0$/, '');
  return `${n < 0 ? '-' : ''}${whole}${fraction ? `${decimal}${fraction}` : ''}`;
}

function num(value: unknown, lang: 'en' | 'nl'): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return Number.isInteger(n) && Math.abs(n) < 1000 ? String(n) : formatNumber(n, lang);
}

/** Euros: whole amounts without cents (`€ 50.000`), others with two decimals (`€ 1.250,50`). */
function euros(n: number): Pair {
  const decimals = Number.isInteger(n) ? 'upTo2' : 'exactly2';
  return [`€${formatNumber(n, 'en', decimals)}`, `€ ${formatNumber(n, 'nl', decimals)}`];
}

/** A commitment's size: `€ 50.000`, `2 fte`, `20 people (placements)`. */
function amount(kind: unknown, value: unknown, unit: unknown): Pair {
  if (kind === 'budget_eur' && Number.isFinite(Number(value))) return euros(Number(value));
  const [kindEn, kindNl] = label(commitmentKinds, kind);
  const u = clip(unit);
  const sameAsKind = [String(kind), kindEn, kindNl].some((k) => k.toLowerCase() === u.toLowerCase());
  return sameAsKind
    ? [`${num(value, 'en')} ${kindEn}`, `${num(value, 'nl')} ${kindNl}`]
    : [`${num(value, 'en')} ${u} (${kindEn})`, `${num(value, 'nl')} ${dutchWord(UNITS_NL, u)} (${kindNl})`];
}

function targets(list: unknown): Pair {
  const items = Array.isArray(list) ? (list as Target[]) : [];
  if (items.length === 0) return ['no targets', 'geen doelen'];
  return [
    items.map((t) => `${clip(t.indicator)} ${num(t.target, 'en')} ${clip(t.unit)} by ${t.dueDate}`).join('; '),
    items
      .map(
        (t) =>
          `${dutchWord(INDICATORS_NL, clip(t.indicator))} ${num(t.target, 'nl')} ${dutchWord(UNITS_NL, clip(t.unit))} uiterlijk ${t.dueDate}`,
      )
      .join('; '),
  ];
}

function realised(list: unknown): Pair | undefined {
  const items = Array.isArray(list) ? (list as RealisedValue[]) : [];
  if (items.length === 0) return undefined;
  return [
    items.map((r) => `${clip(r.indicator)} ${num(r.value, 'en')}`).join(', '),
    items.map((r) => `${dutchWord(INDICATORS_NL, clip(r.indicator))} ${num(r.value, 'nl')}`).join(', '),
  ];
}

function list(values: unknown): string {
  return Array.isArray(values) && values.length > 0 ? values.map(String).join(', ') : '–';
}

/** Describes one envelope. Every domain event type and `AccessTokenIssued` has its own words; others a generic line. */
export function describeEvent(event: RecordedEvent, names?: NameLookup): EventDescription {
  try {
    return describe(event, names ?? (() => undefined));
  } catch {
    return genericDescription(event);
  }
}

/** The line for an event type the describer does not know (a newer producer, or a malformed event). */
export function genericDescription(event: Pick<RecordedEvent, 'type' | 'streamId'>): EventDescription {
  return {
    en: `Event ${event.type} on stream ${event.streamId}`,
    nl: `Gebeurtenis ${event.type} op stroom ${event.streamId}`,
  };
}

function describe(event: RecordedEvent, names: NameLookup): EventDescription {
  const partner = (id: unknown) => names('partner', String(id)) ?? String(id);
  const region = (id: unknown): Pair => {
    const name = names('region', String(id));
    return name ? [`region ${name}`, `arbeidsmarktregio ${name}`] : [`region ${id}`, `arbeidsmarktregio ${id}`];
  };
  const activity = (id: unknown): Pair => {
    const title = names('activity', String(id));
    return title ? [quoted(title), quoted(title)] : [`activity ${id}`, `activiteit ${id}`];
  };
  const agreement = (id: unknown): Pair => {
    const title = names('agreement', String(id));
    return title ? [quoted(title), quoted(title)] : [`agreement ${id}`, `afspraak ${id}`];
  };
  const both = (en: string, nl: string): EventDescription => ({ en, nl });

  if (event.type === 'AccessTokenIssued') {
    const d = event.data as unknown as AccessTokenIssuedData;
    const roleList = Array.isArray(d.roles) ? d.roles : [];
    const rolesEn = roleList.map((r) => label(roles, r)[0]).join(', ') || '–';
    const rolesNl = roleList.map((r) => label(roles, r)[1]).join(', ') || '–';
    const regions = d.regionIds && d.regionIds.length > 0 ? d.regionIds.join(', ') : undefined;
    return both(
      `Access token issued to user ${d.userId} of ${partner(d.organisationId)} (roles: ${rolesEn}${regions ? `; regions: ${regions}` : ''})`,
      `Toegangstoken uitgegeven aan gebruiker ${d.userId} van ${partner(d.organisationId)} (rollen: ${rolesNl}${regions ? `; regio’s: ${regions}` : ''})`,
    );
  }

  if (event.type === 'PersonForgotten') {
    const d = event.data as unknown as PersonForgottenData;
    return both(
      `Person with key ${d.keyId} forgotten (AVG): ${clip(d.reason)}`,
      `Persoon met sleutel ${d.keyId} vergeten (AVG): ${clip(d.reason)}`,
    );
  }

  const e = { type: event.type, data: event.data } as DomainEvent;
  switch (e.type) {
    case 'ProgrammeLaunched': {
      const d = e.data;
      return both(
        `Programme ${quoted(d.name)} launched by ${clip(d.owner)} (${d.startDate} – ${d.endDate})`,
        `Programma ${quoted(d.name)} gestart door ${clip(d.owner)} (${d.startDate} – ${d.endDate})`,
      );
    }
    case 'MonitoringRoundOpened': {
      const d = e.data;
      return both(
        `Monitoring round ${d.period} opened for programme ${d.programmeId}, reports due ${d.deadline}`,
        `Monitorronde ${d.period} geopend voor programma ${d.programmeId}, rapportages uiterlijk ${d.deadline}`,
      );
    }
    case 'MonitoringRoundFixed': {
      const d = e.data;
      return both(
        `Monitoring round ${d.period} of programme ${d.programmeId} fixed as known at ${d.fixedAt}`,
        `Monitorronde ${d.period} van programma ${d.programmeId} vastgesteld (stand van ${d.fixedAt})`,
      );
    }
    case 'ProgrammeEnded':
      return both(`Programme ${e.data.programmeId} ended`, `Programma ${e.data.programmeId} beëindigd`);

    case 'PartnerRegistered': {
      const d = e.data;
      const [en, nl] = label(partnerKinds, d.kind);
      return both(
        `Partner ${quoted(d.name)} registered as ${d.partnerId} (${en})`,
        `Partner ${quoted(d.name)} geregistreerd als ${d.partnerId} (${nl})`,
      );
    }
    case 'PartnerRenamed': {
      const d = e.data;
      return both(
        `Partner ${quoted(d.previousName)} renamed to ${quoted(d.name)}`,
        `Partner ${quoted(d.previousName)} hernoemd tot ${quoted(d.name)}`,
      );
    }

    case 'RegionRegistered': {
      const d = e.data;
      return both(
        `Labour-market region ${quoted(d.name)} registered as ${d.regionId}`,
        `Arbeidsmarktregio ${quoted(d.name)} geregistreerd als ${d.regionId}`,
      );
    }
    case 'PartnerJoinedRegion': {
      const d = e.data;
      const [regionEn, regionNl] = region(d.regionId);
      const [en, nl] = label(regionRoles, d.role);
      return both(
        `${partner(d.partnerId)} joined ${regionEn} as ${en}`,
        `${partner(d.partnerId)} trad toe tot ${regionNl} als ${nl}`,
      );
    }
    case 'PartnerRoleChanged': {
      const d = e.data;
      const [regionEn, regionNl] = region(d.regionId);
      const [fromEn, fromNl] = label(regionRoles, d.previousRole);
      const [toEn, toNl] = label(regionRoles, d.role);
      return both(
        `Role of ${partner(d.partnerId)} in ${regionEn} changed: ${fromEn} → ${toEn}`,
        `Rol van ${partner(d.partnerId)} in ${regionNl} gewijzigd: ${fromNl} → ${toNl}`,
      );
    }
    case 'PartnerLeftRegion': {
      const d = e.data;
      const [regionEn, regionNl] = region(d.regionId);
      return both(
        `${partner(d.partnerId)} left ${regionEn}: ${clip(d.reason)}`,
        `${partner(d.partnerId)} verliet ${regionNl}: ${clip(d.reason)}`,
      );
    }

    case 'ActivityPlanned': {
      const d = e.data;
      const [regionEn, regionNl] = region(d.regionId);
      const [en, nl] = label(categories, d.category);
      return both(
        `Activity ${quoted(d.title)} planned in ${regionEn} (${en}), led by ${partner(d.leadPartnerId)}, ${d.startDate} – ${d.endDate}`,
        `Activiteit ${quoted(d.title)} gepland in ${regionNl} (${nl}), trekker ${partner(d.leadPartnerId)}, ${d.startDate} – ${d.endDate}`,
      );
    }
    case 'ActivityAmbitionAdjusted': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      const [en, nl] = targets(d.targets);
      return both(
        `Ambition of ${subjectEn} adjusted: ${en} (reason: ${clip(d.reason)})`,
        `Ambitie van ${subjectNl} bijgesteld: ${nl} (reden: ${clip(d.reason)})`,
      );
    }
    case 'PartnerCommitted': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      const [en, nl] = amount(d.kind, d.amount, d.unit);
      const period: Pair = d.period ? [` for ${d.period}`, ` voor ${d.period}`] : ['', ''];
      return both(
        `${partner(d.partnerId)} committed ${en}${period[0]} to ${subjectEn} (commitment ${d.commitmentId})`,
        `${partner(d.partnerId)} zegde ${nl}${period[1]} toe aan ${subjectNl} (toezegging ${d.commitmentId})`,
      );
    }
    case 'CommitmentWithdrawn': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      return both(
        `${partner(d.partnerId)} withdrew commitment ${d.commitmentId} to ${subjectEn}: ${clip(d.reason)}`,
        `${partner(d.partnerId)} trok toezegging ${d.commitmentId} aan ${subjectNl} in: ${clip(d.reason)}`,
      );
    }
    case 'CommitmentFulfilled': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      return both(
        `${partner(d.partnerId)} fulfilled commitment ${d.commitmentId} to ${subjectEn}: ${num(d.realisedAmount, 'en')} realised`,
        `${partner(d.partnerId)} kwam toezegging ${d.commitmentId} aan ${subjectNl} na: ${num(d.realisedAmount, 'nl')} gerealiseerd`,
      );
    }
    case 'ActivityStatusReported': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      const [en, nl] = label(statuses, d.status);
      const values = realised(d.realised);
      const [lateEn, lateNl] = d.afterFixing
        ? [` (after fixing; reason: ${clip(d.reason ?? '')})`, ` (na vaststelling; reden: ${clip(d.reason ?? '')})`]
        : ['', ''];
      return both(
        `Status report ${d.period}: ${en} — ${subjectEn}${values ? `; realised ${values[0]}` : ''}${lateEn}`,
        `Monitorrapportage ${d.period}: ${nl} — ${subjectNl}${values ? `; gerealiseerd ${values[1]}` : ''}${lateNl}`,
      );
    }
    case 'ActivityStatusCorrected': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      const [fromEn, fromNl] = label(statuses, d.previous?.status);
      const [toEn, toNl] = label(statuses, d.status);
      const [howEn, howNl] = d.afterFixing
        ? ['corrected after fixing', 'gecorrigeerd na vaststelling']
        : ['corrected', 'gecorrigeerd'];
      return both(
        `Status report ${d.period} ${howEn}: ${fromEn} → ${toEn} — ${subjectEn} (reason: ${clip(d.reason)})`,
        `Monitorrapportage ${d.period} ${howNl}: ${fromNl} → ${toNl} — ${subjectNl} (reden: ${clip(d.reason)})`,
      );
    }
    case 'ActivityLeadChanged': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      const why: Pair = d.reason ? [` (reason: ${clip(d.reason)})`, ` (reden: ${clip(d.reason)})`] : ['', ''];
      return both(
        `Lead of ${subjectEn} changed: ${partner(d.previousLeadPartnerId)} → ${partner(d.leadPartnerId)}${why[0]}`,
        `Trekker van ${subjectNl} gewijzigd: ${partner(d.previousLeadPartnerId)} → ${partner(d.leadPartnerId)}${why[1]}`,
      );
    }
    case 'BorgingRecorded': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      const [fromEn, fromNl] = label(borgingStates, d.previousState);
      const [toEn, toNl] = label(borgingStates, d.state);
      const [howEn, howNl] = d.mechanism ? label(mechanisms, d.mechanism).map((m) => ` (${m})`) : ['', ''];
      const owner: Pair = d.ownerPartnerId
        ? [`, owner ${partner(d.ownerPartnerId)}`, `, eigenaar ${partner(d.ownerPartnerId)}`]
        : ['', ''];
      const stepEn = d.previousState === d.state ? `recorded as ${toEn}` : `${fromEn} → ${toEn}`;
      const stepNl = d.previousState === d.state ? `vastgelegd als ${toNl}` : `${fromNl} → ${toNl}`;
      return both(
        `Borging: ${stepEn}${howEn} — ${subjectEn}, from ${d.effectiveFrom}${owner[0]}`,
        `Borging: ${stepNl}${howNl} — ${subjectNl}, per ${d.effectiveFrom}${owner[1]}`,
      );
    }
    case 'ActivityClosed': {
      const d = e.data;
      const [subjectEn, subjectNl] = activity(d.activityId);
      const [en, nl] = label(outcomes, d.outcome);
      return both(
        `Activity ${subjectEn} closed: ${en} (${clip(d.reason)})`,
        `Activiteit ${subjectNl} afgesloten: ${nl} (${clip(d.reason)})`,
      );
    }

    case 'AgreementDrafted': {
      const d = e.data;
      const [kindEn, kindNl] = label(agreementKinds, d.kind);
      const [regionEn, regionNl] = region(d.regionId);
      const parties = Array.isArray(d.parties) ? d.parties.map(partner) : [];
      const until: Pair = d.validUntil ? [` until ${d.validUntil}`, ` tot ${d.validUntil}`] : ['', ''];
      return both(
        `${kindEn} ${quoted(d.title)} drafted in ${regionEn} between ${list(parties)} (version ${d.version}, valid from ${d.validFrom}${until[0]})`,
        `${kindNl} ${quoted(d.title)} opgesteld in ${regionNl} tussen ${list(parties)} (versie ${d.version}, geldig vanaf ${d.validFrom}${until[1]})`,
      );
    }
    case 'AgreementSigned': {
      const d = e.data;
      const [subjectEn, subjectNl] = agreement(d.agreementId ?? event.streamId.replace(/^agreement-/, ''));
      const who = d.signatory ? `${clip(d.signatory.name)}, ${clip(d.signatory.function)}` : '–';
      return both(
        `${partner(d.partnerId)} signed version ${d.version} of ${subjectEn} (${who}) on ${d.signedOn}`,
        `Ondertekening door ${partner(d.partnerId)} (${who}) van versie ${d.version} van ${subjectNl} op ${d.signedOn}`,
      );
    }
    case 'AgreementInForce': {
      const d = e.data;
      const [subjectEn, subjectNl] = agreement(d.agreementId);
      return both(
        `Agreement ${subjectEn} in force (version ${d.version}): every party has signed`,
        `Afspraak ${subjectNl} van kracht (versie ${d.version}): alle partijen hebben ondertekend`,
      );
    }
    case 'AgreementAmended': {
      const d = e.data;
      const [subjectEn, subjectNl] = agreement(d.agreementId);
      return both(
        `Agreement ${subjectEn} amended: version ${d.version} awaits every party’s signature (reason: ${clip(d.reason)})`,
        `Afspraak ${subjectNl} gewijzigd: versie ${d.version} wacht op ondertekening door alle partijen (reden: ${clip(d.reason)})`,
      );
    }
    case 'AgreementTerminated': {
      const d = e.data;
      const [subjectEn, subjectNl] = agreement(d.agreementId);
      return both(
        `Agreement ${subjectEn} terminated by ${partner(d.by)}: ${clip(d.reason)}`,
        `Afspraak ${subjectNl} beëindigd door ${partner(d.by)}: ${clip(d.reason)}`,
      );
    }
    default: {
      const _exhaustive: never = e;
      return genericDescription(event);
    }
  }
}
