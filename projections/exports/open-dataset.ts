/** Opens an export by name: checks its parameters and that the read models it needs are kept. */
import {
  ExportParamError,
  ReadModelMissing,
  type Dataset,
  type ExportName,
  type ExportParams,
  type ExportSources,
  EXPORT_PARAMS,
  checked,
} from '@akkoord/exchange';
import type { Sql } from '@akkoord/projections';
import { audit, borging, events, involvement } from './log-datasets.js';
import { activities, monitor, statusReports, timeseries } from './read-model-datasets.js';

/** Which parameters each export reads; any other is refused, so a typo never silently widens an export. */
const ACCEPTS: Record<ExportName, readonly (keyof ExportParams)[]> = {
  activities: ['asOf', 'validAt', 'programmeId', 'regionId', 'category', 'status'],
  monitor: ['asOf', 'programmeId', 'period'],
  timeseries: ['asOf', 'programmeId', 'interval', 'from', 'to', 'regionId', 'category'],
  involvement: ['asOf', 'regionId', 'partnerId'],
  borging: ['asOf', 'validAt', 'programmeId', 'regionId'],
  audit: ['asOf', 'from', 'to', 'organisationId', 'userId', 'streamId', 'type'],
  events: ['asOf', 'fromPosition'],
  'status-reports': ['asOf', 'programmeId', 'regionId', 'category'],
};

/** The read models each export reads (projection names). */
const NEEDS: Record<ExportName, readonly string[]> = {
  activities: ['activity_status'],
  monitor: ['monitor', 'activity_status'],
  timeseries: ['monitor', 'activity_status'],
  involvement: ['partner_involvement'],
  borging: ['borging'],
  audit: ['audit'],
  events: [],
  'status-reports': ['activity_status'],
};

/** Checks the parameters and opens the dataset; nothing is read until its rows are iterated. */
export async function openDataset(name: ExportName, params: ExportParams, sources: ExportSources): Promise<Dataset> {
  const dataset = await openStored(name, params, sources);
  const personal = sources.personalData;
  if (!personal) return dataset;
  // personal values are sealed at rest: each row is opened as it is written
  const rows = dataset.rows.bind(dataset);
  return {
    ...dataset,
    async *rows() {
      for await (const row of rows()) yield await personal.openDeep(row);
    },
  };
}

async function openStored(name: ExportName, params: ExportParams, sources: ExportSources): Promise<Dataset> {
  for (const key of EXPORT_PARAMS) {
    if (params[key] !== undefined && !ACCEPTS[name].includes(key)) {
      const accepted = ACCEPTS[name];
      throw new ExportParamError(
        key,
        `the ${name} export does not take ${key}; it takes ${accepted.join(', ')}`,
        accepted,
      );
    }
  }
  const missing = NEEDS[name].filter((projection) => !sources.projections.includes(projection));
  if (missing.length > 0 || (NEEDS[name].length > 0 && sources.sql === undefined)) {
    throw new ReadModelMissing(
      `The ${name} export needs the ${missing.join(' and ')} read model, which is not running.`,
    );
  }
  const p = checked(params);
  const sql = sources.sql as Sql;
  switch (name) {
    case 'activities':
      return activities(sql, p, sources) as Promise<Dataset>;
    case 'monitor':
      return monitor(sql, p) as Promise<Dataset>;
    case 'timeseries':
      return timeseries(sql, p, sources.store) as Promise<Dataset>;
    case 'involvement':
      return involvement(sql, p) as Dataset;
    case 'borging':
      return borging(sql, p) as Dataset;
    case 'audit':
      return audit(
        sql,
        p,
        sources.store,
        p.userId === undefined ? undefined : await sources.personalData?.keyIdFor(p.userId),
      ) as Dataset;
    case 'events':
      return events(sources.store, p) as Dataset;
    case 'status-reports':
      return statusReports(sql, p) as Promise<Dataset>;
    default: {
      const _exhaustive: never = name;
      return _exhaustive;
    }
  }
}
