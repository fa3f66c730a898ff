/** A status-reports file: one row = one ReportStatus (a correction when it gives a reason). */
import type { ActivityStatus } from '@akkoord/domain';
import { DATE, ID, NAME, NOTE, type ImportKind } from './kind.js';
import { statusWords } from './vocabularies.js';

export const statusReports: ImportKind = {
  name: 'status-reports',
  commandType: 'ReportStatus',
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
    ({
      correction_needs_reason: 'correctionReason',
      nothing_to_correct: 'correctionReason',
      round_fixed: 'correctionReason',
    })[rule] ?? 'activityId',
};
