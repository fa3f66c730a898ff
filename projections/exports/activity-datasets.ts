/**
 * The activities export and the status-reports export (a sheet to fill in for the next period and import again).
 * Lists never go into one cell: an activity's targets and realised values become numbered columns (`indicator 1`,
 * `ambitie 1`, … as many as the activity with the most has), found by a first pass over the read model.
 */
import {
  type Dataset,
  type DatasetColumn,
  type ExportSources,
  col,
  headRecordedAt,
  PAGE,
  READ_MODEL_FORMATS,
  type Checked,
} from '@akkoord/exchange';
import type { Sql } from '@akkoord/projections';
import { listActivities, type ActivityView } from '../index.js';

interface Target {
  indicator: string;
  target: number;
  unit: string;
  dueDate: string;
}
interface Realised {
  indicator: string;
  value: number;
}
const targetsOf = (v: ActivityView) => v.targets as Target[];
const realisedOf = (v: ActivityView) => v.realised as Realised[];

type Filter = Parameters<typeof listActivities>[1];

async function* pages(sql: Sql, filter: Filter): AsyncIterable<ActivityView> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await listActivities(sql, { ...filter, limit: PAGE, offset });
    yield* page;
    if (page.length < PAGE) return;
  }
}

/** The most targets and realised values any matching activity has (how many numbered columns to write). */
async function widths(sql: Sql, filter: Filter): Promise<{ targets: number; realised: number }> {
  let targets = 0;
  let realised = 0;
  for await (const view of pages(sql, filter)) {
    targets = Math.max(targets, view.targets.length);
    realised = Math.max(realised, view.realised.length);
  }
  return { targets, realised };
}

const NUMBERED =
  'Lijsten staan nooit in één cel: de ambities en realisaties van een activiteit staan in genummerde kolommen ' +
  '(indicator 1, ambitie 1, eenheid 1, streefdatum 1, indicator 2, …), zoveel als de activiteit met de meeste heeft.';

export async function activities(sql: Sql, p: Checked, sources: ExportSources): Promise<Dataset<ActivityView>> {
  const asOf = p.asOf ?? (sources.live ? await headRecordedAt(sources.store) : undefined);
  const filter: Filter = {
    regionId: p.regionId,
    programmeId: p.programmeId,
    category: p.category,
    status: p.status,
    asOf,
    validAt: p.validAt,
  };
  const width = await widths(sql, filter);
  const count = (view: ActivityView, status: string) => view.commitments.filter((c) => c.status === status).length;
  const targetColumns: DatasetColumn<ActivityView>[] = [];
  for (let i = 1; i <= width.targets; i++) {
    const t = (v: ActivityView) => targetsOf(v)[i - 1];
    targetColumns.push(
      col(`indicator${i}`, `indicator ${i}`, 'text', `ambitie ${i}: wat zij telt`, (v) => t(v)?.indicator, true),
      col(`target${i}`, `ambitie ${i}`, 'double', `ambitie ${i}: de streefwaarde`, (v) => t(v)?.target, true),
      col(`unit${i}`, `eenheid ${i}`, 'text', `ambitie ${i}: de eenheid`, (v) => t(v)?.unit, true),
      col(`dueDate${i}`, `streefdatum ${i}`, 'date', `ambitie ${i}: te halen op`, (v) => t(v)?.dueDate, true),
    );
  }
  const realisedColumns: DatasetColumn<ActivityView>[] = [];
  for (let i = 1; i <= width.realised; i++) {
    const r = (v: ActivityView) => realisedOf(v)[i - 1];
    realisedColumns.push(
      col(`realisedIndicator${i}`, `gerealiseerd ${i}`, 'text', `realisatie ${i}: wat`, (v) => r(v)?.indicator, true),
      col(`realised${i}`, `realisatie ${i}`, 'double', `realisatie ${i}: de waarde`, (v) => r(v)?.value, true),
    );
  }
  return {
    name: 'activities',
    nl: 'activiteiten',
    about: 'Eén rij per activiteit van de doe-agenda: haar plan, ambities, laatste status, toezeggingen en borging.',
    notes: [NUMBERED],
    formats: READ_MODEL_FORMATS,
    columns: [
      col('id', 'activiteit', 'text', 'code van de activiteit', (v) => v.id),
      col('regionId', 'regio', 'text', 'de arbeidsmarktregio', (v) => v.regionId),
      col('programmeId', 'programma', 'text', 'het programma', (v) => v.programmeId),
      col('title', 'titel', 'text', 'de titel', (v) => v.title),
      col(
        'category',
        'categorie',
        'text',
        'supply (aanbod), demand (vraag), route, training, collaboration',
        (v) => v.category,
      ),
      col('leadPartnerId', 'trekker', 'text', 'de partner die de activiteit trekt', (v) => v.leadPartnerId),
      col('startDate', 'startdatum', 'date', 'eerste dag', (v) => v.startDate),
      col('endDate', 'einddatum', 'date', 'laatste dag', (v) => v.endDate),
      col('targetCount', 'aantal ambities', 'int32', 'hoeveel ambities de activiteit heeft', (v) => v.targets.length),
      ...targetColumns,
      col('status', 'status', 'text', 'laatste status: on_track, at_risk, needs_adjustment', (v) => v.status, true),
      col('statusPeriod', 'statusperiode', 'text', 'de periode van de laatste status', (v) => v.statusPeriod, true),
      ...realisedColumns,
      col('commitments', 'toezeggingen', 'int32', 'aantal toezeggingen', (v) => v.commitments.length),
      col('commitmentsOpen', 'toezeggingen open', 'int32', 'nog open', (v) => count(v, 'open')),
      col('commitmentsFulfilled', 'toezeggingen nagekomen', 'int32', 'nagekomen', (v) => count(v, 'fulfilled')),
      col('commitmentsWithdrawn', 'toezeggingen ingetrokken', 'int32', 'ingetrokken', (v) => count(v, 'withdrawn')),
      col('borgingState', 'borging', 'text', 'stand van de borging', (v) => v.borging.state),
      col('borgingMechanism', 'borgingsvorm', 'text', 'hoe geborgd', (v) => v.borging.mechanism, true),
      col('closed', 'afgesloten', 'boolean', 'of de activiteit is afgesloten', (v) => v.closed),
      col('outcome', 'uitkomst', 'text', 'completed of stopped, bij afsluiten', (v) => v.outcome, true),
      col('version', 'versie', 'int32', 'versie van de activiteit (aantal events − 1)', (v) => v.version),
      col('position', 'positie', 'int64', 'positie in het grootboek van het laatste event', (v) => v.position),
    ],
    rows: () => pages(sql, filter),
  };
}

/**
 * One row per activity with the columns of a status-reports import: the last reported period and status, and one
 * `indicator N` / `realisatie N` pair per target. Fill in the new period, status, date and values; import it back.
 */
export async function statusReports(sql: Sql, p: Checked): Promise<Dataset<ActivityView>> {
  const filter: Filter = { regionId: p.regionId, programmeId: p.programmeId, category: p.category, asOf: p.asOf };
  const width = await widths(sql, filter);
  const pairs: DatasetColumn<ActivityView>[] = [];
  for (let i = 1; i <= width.targets; i++) {
    const indicator = (v: ActivityView) => targetsOf(v)[i - 1]?.indicator;
    pairs.push(
      col(`indicator${i}`, `indicator ${i}`, 'text', `wat ambitie ${i} telt`, indicator, true),
      col(
        `value${i}`,
        `realisatie ${i}`,
        'double',
        `de laatst gemelde waarde voor indicator ${i}`,
        (v) => realisedOf(v).find((r) => r.indicator === indicator(v))?.value,
        true,
      ),
    );
  }
  return {
    name: 'status-reports',
    nl: 'monitorrapportages',
    about:
      'Eén rij per activiteit met de laatste monitorrapportage, in de kolommen van de import: vul een nieuwe ' +
      'periode, status, geldig vanaf en de realisaties in en importeer het blad met akkoord import status-reports.',
    notes: [
      'Per ambitie van de activiteit een paar genummerde kolommen indicator N / realisatie N; laat beide leeg voor geen.',
    ],
    formats: READ_MODEL_FORMATS,
    columns: [
      col('activityId', 'activiteit', 'text', 'code van de activiteit', (v) => v.id),
      col('period', 'periode', 'text', 'de rapportageperiode (JJJJ-Qn of JJJJ-MM)', (v) => v.statusPeriod, true),
      col(
        'status',
        'status',
        'text',
        'on_track, at_risk of needs_adjustment (of de Nederlandse woorden)',
        (v) => v.status,
        true,
      ),
      col(
        'validFrom',
        'geldig vanaf',
        'date',
        'de datum vanaf wanneer de status gold (in te vullen)',
        () => null,
        true,
      ),
      col('note', 'toelichting', 'text', 'optioneel: een toelichting', () => null, true),
      ...pairs,
    ],
    rows: () => pages(sql, filter),
  };
}
