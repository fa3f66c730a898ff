/** A commitments file: one row = one CommitPartner. */
import type { CommitmentKind } from '@akkoord/domain';
import { ID, NAME, type ImportKind } from './kind.js';
import { commitmentKindWords } from './vocabularies.js';

export const commitments: ImportKind = {
  name: 'commitments',
  commandType: 'CommitPartner',
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
