/**
 * What a file of each kind holds: one row = one command. Every column has an English code (the API's field name) and
 * a Dutch word (domain.md's ubiquitous language); a header may use either, in any case and spacing. Targets and
 * realised values repeat: `indicator`, `ambitie`, … for the first, `indicator 2`, `ambitie 2`, … for the next.
 */
import {
  activityCategories,
  activityStatuses,
  commitmentKinds,
  type ActivityCategory,
  type ActivityStatus,
  type CommitmentKind,
  type DomainCommand,
} from '@akkoord/domain';
import { LIMITS, type Vocabulary } from './cells.js';

export const IMPORT_KINDS = ['activities', 'commitments', 'status-reports'] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export type FieldType =
  | { kind: 'id' }
  | { kind: 'text'; max: number }
  | { kind: 'date' }
  | { kind: 'period' }
  | { kind: 'amount' }
  | { kind: 'enum'; vocabulary: Vocabulary<string> };

export interface ColumnSpec {
  /** The English code: the API's field name. */
  key: string;
  /** The Dutch word: what templates write in the header. */
  dutch: string;
  /** Other headers that mean this column. */
  aliases?: readonly string[];
  type: FieldType;
  /** Required on every row; a grouped column is required once any column of its group is filled. */
  required: boolean;
  /** Part of the repeating group (targets, realised values). */
  grouped?: boolean;
  en: string;
  nl: string;
  example: string | number | Date;
}

/** A row's values by column key: the single columns, and one record per filled group (target, realised value). */
export interface RowValues {
  single: Record<string, unknown>;
  groups: Record<string, unknown>[];
}

export interface ImportKind {
  name: ImportKindName;
  /** The Dutch name, used for the template's sheet. */
  dutch: string;
  columns: readonly ColumnSpec[];
  /** The repeating group, if the kind has one: what one of it is called, and how many a row may hold. */
  group?: { en: string; nl: string; max: number };
  build(values: RowValues): DomainCommand;
  /**
   * A row that may appear once per file: its key column and the key, or undefined when the row may repeat it (a
   * status report with a correction reason corrects the report before it).
   */
  uniqueKey(values: RowValues): { column: string; key: string; what: string } | undefined;
  /** The column a refused rule is about. */
  ruleColumn(rule: string): string;
}

const categoryWords: Vocabulary<ActivityCategory> = {
  words: { supply: ['aanbod'], demand: ['vraag'], route: [], training: ['scholing'], collaboration: ['samenwerking'] },
};
const statusWords: Vocabulary<ActivityStatus> = {
  words: {
    on_track: ['loopt naar wens'],
    at_risk: ['loopt nog niet zoals verwacht', 'realisatie lager dan ambitie'],
    needs_adjustment: ['blijft achter'],
  },
};
const commitmentKindWords: Vocabulary<CommitmentKind> = {
  words: {
    budget_eur: ['budget', 'euro'],
    fte: [],
    placements: ['plaatsingen'],
    training_places: ['opleidingsplaatsen', 'scholingsplaatsen'],
    in_kind: ['in natura'],
  },
};
// The vocabularies must name every code of the domain: a new category must not slip through unnoticed.
for (const [codes, vocabulary] of [
  [activityCategories, categoryWords],
  [activityStatuses, statusWords],
  [commitmentKinds, commitmentKindWords],
] as const) {
  if (codes.some((code) => !Object.hasOwn(vocabulary.words, code))) throw new Error('A vocabulary misses a code.');
}

const ID = { kind: 'id' } as const;
const NAME = { kind: 'text', max: LIMITS.name } as const;
const NOTE = { kind: 'text', max: LIMITS.note } as const;
const DATE = { kind: 'date' } as const;

const activities: ImportKind = {
  name: 'activities',
  dutch: 'activiteiten',
  group: { en: 'target', nl: 'ambitie', max: 20 },
  columns: [
    {
      key: 'id',
      dutch: 'activiteit',
      aliases: ['activityId', 'actie'],
      type: ID,
      required: true,
      en: 'the activity id: lowercase letters, digits, ".", "_", "-"',
      nl: 'code van de activiteit: kleine letters, cijfers, ".", "_", "-"',
      example: 'twente-wsp',
    },
    {
      key: 'regionId',
      dutch: 'regio',
      aliases: ['arbeidsmarktregio', 'region'],
      type: ID,
      required: true,
      en: 'the labour-market region (its id in the ledger)',
      nl: 'de arbeidsmarktregio (code in het grootboek)',
      example: 'twente',
    },
    {
      key: 'programmeId',
      dutch: 'programma',
      aliases: ['programme'],
      type: ID,
      required: true,
      en: 'the programme, e.g. pow (Perspectief op Werk)',
      nl: 'het programma, bijv. pow (Perspectief op Werk)',
      example: 'pow',
    },
    {
      key: 'title',
      dutch: 'titel',
      type: NAME,
      required: true,
      en: 'the title, at most 300 characters',
      nl: 'de titel, hoogstens 300 tekens',
      example: 'Werkgeversservicepunt: vacatures ophalen bij werkgevers',
    },
    {
      key: 'category',
      dutch: 'categorie',
      type: { kind: 'enum', vocabulary: categoryWords },
      required: true,
      en: 'supply, demand, route, training or collaboration',
      nl: 'aanbod, vraag, route, scholing of samenwerking',
      example: 'vraag',
    },
    {
      key: 'leadPartnerId',
      dutch: 'trekker',
      aliases: ['aanjager', 'lead'],
      type: ID,
      required: true,
      en: 'the partner that leads the activity; must be a member of the region',
      nl: 'de partner die de activiteit trekt; moet lid zijn van de regio',
      example: 'gemeente-enschede',
    },
    {
      key: 'startDate',
      dutch: 'startdatum',
      type: DATE,
      required: true,
      en: 'first day, YYYY-MM-DD',
      nl: 'eerste dag, JJJJ-MM-DD',
      example: new Date(Date.UTC(2020, 0, 1)),
    },
    {
      key: 'endDate',
      dutch: 'einddatum',
      type: DATE,
      required: true,
      en: 'last day, YYYY-MM-DD, not before the start',
      nl: 'laatste dag, JJJJ-MM-DD, niet voor de startdatum',
      example: new Date(Date.UTC(2021, 11, 31)),
    },
    ...targetColumns(),
  ],
  build: ({ single, groups }) => ({
    type: 'PlanActivity',
    data: {
      activityId: single.id as string,
      regionId: single.regionId as string,
      programmeId: single.programmeId as string,
      title: single.title as string,
      category: single.category as ActivityCategory,
      leadPartnerId: single.leadPartnerId as string,
      targets: groups.map((g) => ({
        indicator: g.indicator as string,
        target: g.target as number,
        unit: g.unit as string,
        dueDate: g.dueDate as string,
      })),
      startDate: single.startDate as string,
      endDate: single.endDate as string,
    },
  }),
  uniqueKey: ({ single }) => ({ column: 'id', key: String(single.id), what: `activity ${String(single.id)}` }),
  ruleColumn: (rule) =>
    ({
      end_before_start: 'endDate',
      lead_not_member: 'leadPartnerId',
      region_unknown: 'regionId',
      programme_unknown: 'programmeId',
      forbidden: 'regionId',
    })[rule] ?? 'id',
};

function targetColumns(): ColumnSpec[] {
  return [
    {
      key: 'indicator',
      dutch: 'indicator',
      type: NAME,
      required: true,
      grouped: true,
      en: 'what the target counts, e.g. placements (leave the four target columns empty for no target)',
      nl: 'wat de ambitie telt, bijv. placements (laat de vier ambitiekolommen leeg voor geen ambitie)',
      example: 'placements',
    },
    {
      key: 'target',
      dutch: 'ambitie',
      aliases: ['doelstelling'],
      type: { kind: 'amount' },
      required: true,
      grouped: true,
      en: 'the target value, a number ≥ 0',
      nl: 'de streefwaarde, een getal ≥ 0',
      example: 150,
    },
    {
      key: 'unit',
      dutch: 'eenheid',
      type: NAME,
      required: true,
      grouped: true,
      en: 'the unit, e.g. people',
      nl: 'de eenheid, bijv. people (personen)',
      example: 'people',
    },
    {
      key: 'dueDate',
      dutch: 'streefdatum',
      aliases: ['deadline'],
      type: DATE,
      required: true,
      grouped: true,
      en: 'the date by which the target is due, YYYY-MM-DD',
      nl: 'de datum waarop de ambitie gehaald moet zijn, JJJJ-MM-DD',
      example: new Date(Date.UTC(2021, 11, 31)),
    },
  ];
}

const commitments: ImportKind = {
  name: 'commitments',
  dutch: 'toezeggingen',
  columns: [
    {
      key: 'activityId',
      dutch: 'activiteit',
      aliases: ['actie'],
      type: ID,
      required: true,
      en: 'the activity the partner commits to',
      nl: 'de activiteit waaraan de partner iets toezegt',
      example: 'twente-wsp',
    },
    {
      key: 'commitmentId',
      dutch: 'toezegging',
      type: ID,
      required: true,
      en: 'the commitment id, unique within the activity',
      nl: 'code van de toezegging, uniek binnen de activiteit',
      example: 'uwv-fte-2020',
    },
    {
      key: 'partnerId',
      dutch: 'partner',
      aliases: ['organisatie'],
      type: ID,
      required: true,
      en: 'the committing partner; must be a member of the activity’s region',
      nl: 'de partner die toezegt; moet lid zijn van de regio van de activiteit',
      example: 'uwv-twente',
    },
    {
      key: 'kind',
      dutch: 'soort',
      type: { kind: 'enum', vocabulary: commitmentKindWords },
      required: true,
      en: 'budget_eur, fte, placements, training_places or in_kind',
      nl: 'budget_eur (budget), fte, placements (plaatsingen), training_places (opleidingsplaatsen) of in_kind (in natura)',
      example: 'fte',
    },
    {
      key: 'amount',
      dutch: 'omvang',
      aliases: ['hoeveelheid', 'bedrag'],
      type: { kind: 'amount' },
      required: true,
      en: 'how much, a number ≥ 0',
      nl: 'hoeveel, een getal ≥ 0',
      example: 2.5,
    },
    {
      key: 'unit',
      dutch: 'eenheid',
      type: NAME,
      required: true,
      en: 'the unit, e.g. EUR, fte, people',
      nl: 'de eenheid, bijv. EUR, fte, people',
      example: 'fte',
    },
    {
      key: 'period',
      dutch: 'periode',
      type: { kind: 'period' },
      required: false,
      en: 'optional: the period it is for, YYYY-Qn or YYYY-MM',
      nl: 'optioneel: de periode waarvoor, JJJJ-Qn of JJJJ-MM',
      example: '2020-Q1',
    },
  ],
  build: ({ single }) => ({
    type: 'CommitPartner',
    data: {
      activityId: single.activityId as string,
      commitmentId: single.commitmentId as string,
      partnerId: single.partnerId as string,
      kind: single.kind as CommitmentKind,
      amount: single.amount as number,
      unit: single.unit as string,
      ...(single.period !== undefined && { period: single.period as string }),
    },
  }),
  uniqueKey: ({ single }) => ({
    column: 'commitmentId',
    key: `${String(single.activityId)}\u0000${String(single.commitmentId)}`,
    what: `commitment ${String(single.commitmentId)} of activity ${String(single.activityId)}`,
  }),
  ruleColumn: (rule) =>
    ({ commitment_exists: 'commitmentId', partner_not_member: 'partnerId', forbidden: 'partnerId' })[rule] ??
    'activityId',
};

const statusReports: ImportKind = {
  name: 'status-reports',
  dutch: 'monitorrapportages',
  group: { en: 'realised value', nl: 'realisatie', max: 20 },
  columns: [
    {
      key: 'activityId',
      dutch: 'activiteit',
      aliases: ['actie'],
      type: ID,
      required: true,
      en: 'the activity reported on',
      nl: 'de activiteit waarover gerapporteerd wordt',
      example: 'twente-wsp',
    },
    {
      key: 'period',
      dutch: 'periode',
      type: { kind: 'period' },
      required: true,
      en: 'the reporting period, YYYY-Qn or YYYY-MM',
      nl: 'de rapportageperiode, JJJJ-Qn of JJJJ-MM',
      example: '2021-Q1',
    },
    {
      key: 'status',
      dutch: 'status',
      type: { kind: 'enum', vocabulary: statusWords },
      required: true,
      en: 'on_track, at_risk or needs_adjustment (or the Dutch words)',
      nl: 'loopt naar wens, loopt nog niet zoals verwacht of blijft achter',
      example: 'loopt naar wens',
    },
    {
      key: 'validFrom',
      dutch: 'geldig vanaf',
      type: DATE,
      required: true,
      en: 'the date from which the status held, YYYY-MM-DD',
      nl: 'de datum vanaf wanneer de status gold, JJJJ-MM-DD',
      example: new Date(Date.UTC(2021, 2, 31)),
    },
    {
      key: 'note',
      dutch: 'toelichting',
      aliases: ['opmerking'],
      type: NOTE,
      required: false,
      en: 'optional: a note',
      nl: 'optioneel: een toelichting',
      example: 'Twintig werkgevers bezocht.',
    },
    {
      key: 'correctionReason',
      dutch: 'reden correctie',
      aliases: ['correctie'],
      type: NOTE,
      required: false,
      en: 'only to correct a period already reported: why',
      nl: 'alleen om een al gerapporteerde periode te corrigeren: waarom',
      example: '',
    },
    {
      key: 'indicator',
      dutch: 'indicator',
      type: NAME,
      required: true,
      grouped: true,
      en: 'what was realised, e.g. placements (leave both empty for none)',
      nl: 'wat gerealiseerd is, bijv. placements (laat beide leeg voor geen)',
      example: 'placements',
    },
    {
      key: 'value',
      dutch: 'realisatie',
      aliases: ['gerealiseerd', 'waarde'],
      type: { kind: 'amount' },
      required: true,
      grouped: true,
      en: 'the realised value, a number ≥ 0',
      nl: 'de gerealiseerde waarde, een getal ≥ 0',
      example: 40,
    },
  ],
  build: ({ single, groups }) => ({
    type: 'ReportStatus',
    data: {
      activityId: single.activityId as string,
      period: single.period as string,
      status: single.status as ActivityStatus,
      realised: groups.map((g) => ({ indicator: g.indicator as string, value: g.value as number })),
      ...(single.note !== undefined && { note: single.note as string }),
      validFrom: single.validFrom as string,
      ...(single.correctionReason !== undefined && { correctionReason: single.correctionReason as string }),
    },
  }),
  uniqueKey: ({ single }) =>
    single.correctionReason !== undefined
      ? undefined
      : {
          column: 'period',
          key: `${String(single.activityId)}\u0000${String(single.period)}`,
          what: `a report for ${String(single.period)} on activity ${String(single.activityId)}`,
        },
  ruleColumn: (rule) =>
    ({ correction_needs_reason: 'correctionReason', nothing_to_correct: 'correctionReason' })[rule] ?? 'activityId',
};

export const importKinds: Record<ImportKindName, ImportKind> = {
  activities,
  commitments,
  'status-reports': statusReports,
};

export function isImportKind(value: string): value is ImportKindName {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}
