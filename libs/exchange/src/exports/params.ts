/** Checks an export's parameters and brings them into one form (instants as `toISOString()`). */
import { activityCategories, activityStatuses } from '@akkoord/domain';
import { isPeriod } from '@akkoord/periods';
import { ID_PATTERN, isRealDate } from '../cells/cells.js';
import { ExportParamError, type ExportParams } from './dataset.js';

export type Checked = Omit<ExportParams, 'fromPosition'> & { fromPosition?: number };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Validates every parameter given, and brings instants into the ledger's own form (`toISOString()`). */
export function checked(params: ExportParams): Checked {
  const p: Checked = { ...params, fromPosition: undefined };
  const id = (key: keyof ExportParams) => {
    const value = params[key];
    if (value !== undefined && (value.length > 100 || !ID_PATTERN.test(value))) {
      throw new ExportParamError(key, `${key} must be an id: 1–100 characters [a-z0-9._-]`);
    }
  };
  for (const key of ['programmeId', 'regionId', 'partnerId', 'organisationId', 'userId'] as const) id(key);
  if (params.streamId !== undefined && (params.streamId.length > 120 || !ID_PATTERN.test(params.streamId))) {
    throw new ExportParamError('streamId', 'streamId must be a stream id such as activity-<id>');
  }
  if (params.type !== undefined && !/^[A-Z][A-Za-z0-9]{0,99}$/.test(params.type)) {
    throw new ExportParamError('type', 'type must be an event type such as PartnerCommitted');
  }
  if (params.asOf !== undefined) p.asOf = instant('asOf', params.asOf);
  if (params.validAt !== undefined && !isRealDate(params.validAt)) {
    throw new ExportParamError('validAt', 'validAt must be a real date YYYY-MM-DD');
  }
  if (params.period !== undefined && !isPeriod(params.period)) {
    throw new ExportParamError('period', 'period must be YYYY-Qn or YYYY-MM');
  }
  if (params.interval !== undefined && params.interval !== 'month' && params.interval !== 'quarter') {
    throw new ExportParamError('interval', 'interval must be month or quarter');
  }
  if (params.category !== undefined && !(activityCategories as readonly string[]).includes(params.category)) {
    throw new ExportParamError('category', `category must be one of ${activityCategories.join(', ')}`);
  }
  if (params.status !== undefined && !(activityStatuses as readonly string[]).includes(params.status)) {
    throw new ExportParamError('status', `status must be one of ${activityStatuses.join(', ')}`);
  }
  if (params.fromPosition !== undefined) {
    if (!/^\d{1,15}$/.test(params.fromPosition) || Number(params.fromPosition) < 1) {
      throw new ExportParamError('fromPosition', 'fromPosition must be a whole number ≥ 1');
    }
    p.fromPosition = Number(params.fromPosition);
  }
  // from / to: a date, or (for the audit trail) an instant; each export says which it takes
  for (const key of ['from', 'to'] as const) {
    const value = params[key];
    if (value !== undefined && !isRealDate(value)) p[key] = instant(key, value, 'a date YYYY-MM-DD or an instant');
  }
  return p;
}

function instant(key: string, value: string, what = 'an ISO 8601 instant with a zone'): string {
  const time = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new ExportParamError(key, `${key} must be ${what}`);
  return new Date(time).toISOString();
}
