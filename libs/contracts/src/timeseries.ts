export type Interval = 'month' | 'quarter';

export interface StatusBucket {
  /** `2021-Q1` or `2021-03`. */
  period: string;
  /** Open activities whose latest report up to the bucket's end has this status (a report carries forward). */
  on_track: number;
  at_risk: number;
  needs_adjustment: number;
  /** Open activities with no report for this bucket (no report whose period overlaps it). */
  unreported: number;
  /** Activities open at the bucket's end: started by then, not closed by then. */
  open: number;
  /** Open activities with a report for this bucket: `open = reported + unreported`. */
  reported: number;
}

export interface StatusTimeSeries {
  interval: Interval;
  buckets: StatusBucket[];
}

/** `GET /api/timeseries/status`: the series with the span it covers (null when nothing is in scope). */
export type StatusTimeSeriesView = StatusTimeSeries & { from: string | null; to: string | null };
