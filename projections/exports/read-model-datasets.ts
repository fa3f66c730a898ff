/** The monitor table and the status time series, as exports. */
import {
  isRealDate,
  ExportParamError,
  type Dataset,
  col,
  fromArray,
  READ_MODEL_FORMATS,
  STATUS_NL,
  statusCounts,
  type Checked,
} from '@akkoord/exchange';
import { activityStatuses } from '@akkoord/domain';
import type { EventStore } from '@akkoord/event-store';
import { periodEnd, periodStart, type Interval } from '@akkoord/periods';
import type { Sql } from '@akkoord/projections';
import {
  monitorTable,
  type MonitorCell,
  activitySpan,
  bucketsBetween,
  MAX_BUCKETS,
  statusTimeSeries,
  type StatusBucket,
} from '../index.js';

export { activities, statusReports } from './activity-datasets.js';

type MonitorLine = MonitorCell & { category: string };

export async function monitor(sql: Sql, p: Checked): Promise<Dataset<MonitorLine>> {
  if (p.programmeId === undefined) throw new ExportParamError('programmeId', 'the monitor export needs a programme');
  if (p.period === undefined) throw new ExportParamError('period', 'the monitor export needs a period (2021-Q1)');
  const { programmeId, period } = p;
  const table = await monitorTable(sql, { programmeId, period, asOf: p.asOf });
  const lines: MonitorLine[] = [...table.rows, { category: 'total', ...table.total }];
  return {
    name: 'monitor',
    nl: 'monitor',
    about: `De monitortabel (seed 004) voor programma ${programmeId}, periode ${period}: één rij per categorie en een totaal.`,
    formats: READ_MODEL_FORMATS,
    columns: [
      col('programmeId', 'programma', 'text', 'het programma', () => programmeId),
      col('period', 'periode', 'text', 'de monitorperiode', () => period),
      col('periodEnd', 'einde periode', 'date', 'de laatste dag van de periode', () => periodEnd(period)),
      col('category', 'categorie', 'text', 'de categorie, of total voor het totaal', (l) => l.category),
      ...statusCounts((l: MonitorLine) => l.counts),
      ...activityStatuses.map((s) =>
        col<MonitorLine>(
          `${s}_percent`,
          `${STATUS_NL[s]} %`,
          'int32',
          `percentage ${s}, heel, half naar boven`,
          (l) => l.percents[s],
        ),
      ),
      col(
        'reported',
        'gerapporteerd',
        'int32',
        'activiteiten met een rapportage tot en met de periode',
        (l) => l.reported,
      ),
      col('unreported', 'niet gerapporteerd', 'int32', 'open activiteiten zonder rapportage', (l) => l.unreported),
    ],
    rows: () => fromArray(lines),
  };
}

export async function timeseries(sql: Sql, p: Checked, store: EventStore): Promise<Dataset<StatusBucket>> {
  const interval = (p.interval ?? 'quarter') as Interval;
  for (const key of ['from', 'to'] as const) {
    const value = p[key];
    if (value !== undefined && !isRealDate(value)) throw new ExportParamError(key, `${key} must be a date YYYY-MM-DD`);
  }
  let span: { from: string; to: string } | undefined;
  if ((p.from === undefined || p.to === undefined) && p.programmeId !== undefined) {
    const [launched] = await store.readStream(`programme-${p.programmeId}`, { toVersion: 0 });
    if (launched === undefined) throw new ExportParamError('programmeId', `there is no programme ${p.programmeId}`);
    span = { from: String(launched.data.startDate), to: String(launched.data.endDate) };
  }
  const scope = { programmeId: p.programmeId, regionId: p.regionId, category: p.category, asOf: p.asOf };
  if (span === undefined && (p.from === undefined || p.to === undefined)) span = await activitySpan(sql, scope);
  const from = p.from ?? span?.from;
  const to = p.to ?? span?.to;
  if (from !== undefined && to !== undefined && from > to) {
    throw new ExportParamError('to', `to (${to}) is before from (${from})`);
  }
  if (from !== undefined && to !== undefined && bucketsBetween(from, to, interval) === undefined) {
    throw new ExportParamError('to', `from ${from} to ${to} holds more than ${MAX_BUCKETS} ${interval}s`);
  }
  return {
    name: 'timeseries',
    nl: 'tijdreeks',
    about: `Per ${interval === 'month' ? 'maand' : 'kwartaal'}: hoeveel activiteiten welke status hadden aan het eind ervan.`,
    formats: READ_MODEL_FORMATS,
    columns: [
      col('period', 'periode', 'text', 'de maand (JJJJ-MM) of het kwartaal (JJJJ-Qn)', (b) => b.period),
      col('periodStart', 'begin periode', 'date', 'eerste dag', (b) => periodStart(b.period)),
      col('periodEnd', 'einde periode', 'date', 'laatste dag', (b) => periodEnd(b.period)),
      ...statusCounts((b: StatusBucket) => b),
      col('unreported', 'niet gerapporteerd', 'int32', 'open activiteiten zonder rapportage', (b) => b.unreported),
      col('reported', 'gerapporteerd', 'int32', 'activiteiten met een rapportage', (b) => b.reported),
      col('open', 'open', 'int32', 'activiteiten die in de periode liepen', (b) => b.open),
    ],
    async *rows() {
      if (from === undefined || to === undefined) return;
      yield* (await statusTimeSeries(sql, { ...scope, interval, from, to })).buckets;
    },
  };
}
