import type { ActivityCategory, ActivityStatus, StatusCounts } from './activities.js';

export interface MonitorCell {
  counts: StatusCounts;
  /** Whole percents of `reported`, rounded half up; 0 when nothing was reported. May add up to 99–101. */
  percents: StatusCounts;
  /** Open activities with a report for this period or an earlier one: the activities the percents are over. */
  reported: number;
  /** Open activities with no report up to this period. */
  unreported: number;
}

export interface MonitorRow extends MonitorCell {
  category: ActivityCategory;
}

/** `GET /api/monitor`: one row per category, always all five in the domain's order, and a total. */
export interface MonitorTable {
  programmeId: string;
  period: string;
  rows: MonitorRow[];
  total: MonitorCell;
}

export interface MonitorRegionRow extends MonitorCell {
  regionId: string;
  regionName: string;
}

/** `GET /api/monitor/regions` */
export interface MonitorByRegion {
  programmeId: string;
  period: string;
  regions: MonitorRegionRow[];
}

/** One of the activities behind a monitor cell (`GET /api/monitor/activities`). */
export interface MonitorCellActivity {
  id: string;
  title: string;
  regionId: string;
  category: string;
  /** The status the monitor counts it with; `unreported` when it has no report up to the period. */
  status: ActivityStatus | 'unreported';
  statusPeriod: string | null;
}

/** How far one region is with a round: the activities expected to report and those that did, as known now. */
export interface RoundRegionProgress {
  regionId: string;
  regionName: string;
  /** Activities open at the period's end (the ones the monitor counts). */
  expected: number;
  /** Of those, the ones with a report for exactly this period. */
  reported: number;
  outstanding: number;
}

/** A report recorded after its round was fixed: a correction (*gecorrigeerd na vaststelling*) or a late first one. */
export interface ReportAfterFixing {
  activityId: string;
  title: string;
  regionId: string;
  kind: 'corrected' | 'late';
  status: string;
  previousStatus: string | null;
  reason: string | null;
  recordedAt: string;
}

export interface RoundFixed {
  fixedAt: string;
  recordedAt: string;
  /** Null for readers that do not see actor details. */
  fixedBy: string | null;
  tableHash: string;
}

export interface RoundSummary {
  period: string;
  deadline: string;
  status: 'open' | 'fixed';
  fixed: RoundFixed | null;
}

export interface CellChange {
  /** current − fixed, per status. */
  counts: StatusCounts;
  reported: number;
  unreported: number;
}

export interface MonitorDifferences {
  categories: ({ category: ActivityCategory } & CellChange)[];
  total: CellChange;
  /** Only the regions whose row changed since fixing, by name. */
  regions: ({ regionId: string; regionName: string } & CellChange)[];
}

/** `GET /api/monitor?round=…`: the table (fixed or current) with its round, what changed and what came after fixing. */
export type RoundTable = MonitorTable & {
  round: RoundSummary | null;
  /** round=fixed: true, the table hashes to what was fixed (else the read fails). */
  hashVerified?: true;
  differences?: MonitorDifferences;
  afterFixing: ReportAfterFixing[];
};

export interface MonitoringRoundView extends RoundSummary {
  openedAt: string;
  expected: number;
  reported: number;
  outstanding: number;
  regions: RoundRegionProgress[];
  outstandingRegions: string[];
  afterFixing: ReportAfterFixing[];
}

/** `GET /api/programmes/:id/monitoring-rounds` */
export interface MonitoringRounds {
  programmeId: string;
  rounds: MonitoringRoundView[];
}
