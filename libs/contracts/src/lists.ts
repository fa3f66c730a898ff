/** `GET /api/programmes` → `{programmes}` */
export interface ProgrammeListItem {
  id: string;
  name: string;
  owner: string;
  startDate: string;
  endDate: string;
  /** Periods with at least one status report (as known at asOf), oldest first. */
  periods: string[];
  latestPeriod: string | null;
}

/** `GET /api/regions` → `{regions}` */
export interface RegionListItem {
  id: string;
  name: string;
  /** Partners that were members at the moment asked. */
  members: number;
  /** Activities planned in the region by then (closed ones included). */
  activities: number;
}

/** `GET /api/partners` → `{partners}` */
export interface PartnerListItem {
  id: string;
  name: string;
  kind: string;
  /** The regions it was a member of at the moment asked, by id. */
  regionIds: string[];
}
