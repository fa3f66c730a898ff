/** Response shapes of the API routes the dashboard reads (see ../shared/design/api.md and the dashboard contract). */
export type Status = 'on_track' | 'at_risk' | 'needs_adjustment';
export const STATUSES: Status[] = ['on_track', 'at_risk', 'needs_adjustment'];
export const CATEGORIES = ['supply', 'demand', 'route', 'training', 'collaboration'] as const;
export type Counts = Record<Status, number>;

export interface Session {
  userId: string;
  organisationId: string;
  roles: string[];
  regionIds: string[];
  expiresAt: string;
}

export interface Programme {
  id: string;
  name: string;
  owner: string;
  startDate: string;
  endDate: string;
  periods: string[];
  latestPeriod: string | null;
}

export interface RegionSummary {
  id: string;
  name: string;
  members: number;
  activities: number;
}

export interface Partner {
  id: string;
  name: string;
  kind: string;
  regionIds: string[];
}

export interface MonitorRow {
  category: string;
  counts: Counts;
  percents: Counts;
  reported: number;
  unreported: number;
}

export interface Monitor {
  programmeId: string;
  period: string;
  rows: MonitorRow[];
  total: Omit<MonitorRow, 'category'>;
  /** With `round=…`: the period's monitoring round, the change since fixing, the reports after fixing. */
  round?: { period: string; deadline: string; status: 'open' | 'fixed'; fixed: RoundFixed | null } | null;
  differences?: { total: { counts: Counts; reported: number; unreported: number } };
  afterFixing?: ReportAfterFixing[];
}

export interface RoundFixed {
  fixedAt: string;
  recordedAt: string;
  fixedBy: string | null;
  tableHash: string;
}

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

export interface MonitoringRound {
  period: string;
  deadline: string;
  status: 'open' | 'fixed';
  fixed: RoundFixed | null;
  expected: number;
  reported: number;
  outstanding: number;
  regions: { regionId: string; regionName: string; expected: number; reported: number; outstanding: number }[];
  outstandingRegions: string[];
  afterFixing: ReportAfterFixing[];
}

export interface MonitorRegions {
  programmeId: string;
  period: string;
  regions: {
    regionId: string;
    regionName: string;
    counts: Counts;
    percents: Counts;
    reported: number;
    unreported: number;
  }[];
}

export interface ActivityRef {
  id: string;
  title: string;
  regionId: string;
  category: string;
  status: string | null;
  statusPeriod: string | null;
}

export interface Target {
  indicator: string;
  target: number;
  unit: string;
  dueDate: string;
}

export interface Commitment {
  commitmentId: string;
  partnerId: string;
  kind: string;
  amount: number;
  unit: string;
  period: string | null;
  status: string;
  realisedAmount: number | null;
  committedAt: string;
}

export interface Activity {
  id: string;
  regionId: string;
  programmeId: string;
  title: string;
  category: string;
  leadPartnerId: string;
  targets: Target[];
  startDate: string;
  endDate: string;
  status: string | null;
  statusPeriod: string | null;
  realised: { indicator: string; value: number }[];
  commitments: Commitment[];
  borging?: { state: string; mechanism: string | null } | null;
  closed?: boolean | string | null;
  version?: number;
}

export interface StatusHistory {
  reports: {
    period: string;
    status: string;
    realised: { indicator: string; value: number }[];
    note: string | null;
    validFrom: string;
    recordedAt: string;
    correction: boolean;
    correctionReason: string | null;
  }[];
  ambitions: { targets: Target[]; reason: string | null; recordedAt: string }[];
}

export interface Actor {
  userId: string;
  organisationId: string;
  roles?: string[];
  regionIds?: string[];
}

export interface Envelope {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor?: Actor; recordedAt?: string; validFrom?: string | null; [key: string]: unknown };
}

export interface Region {
  id: string;
  name: string;
  members: { partnerId: string; name: string; role: string; joinedAt: string }[];
  activities: {
    total: number;
    byCategory: Record<string, number>;
    byStatus: Record<string, number>;
    closed: number;
  };
}

export interface TimelineEntry {
  position: number;
  recordedAt: string;
  validFrom: string | null;
  type: string;
  streamId: string;
  actor?: Actor;
  description: { en: string; nl: string };
}

export interface Change {
  kind: string;
  id: string;
  label: string;
  before?: string | null;
  after?: string | null;
}

export interface RegionChanges {
  regionId: string;
  from: string;
  to: string;
  added: Change[];
  changed: Change[];
  ended: Change[];
}

export interface InvolvementRow {
  partnerId: string;
  partnerName: string;
  kind: string;
  regionId: string;
  role: string | null;
  member: boolean;
  activitiesLed: number;
  commitments: { made: number; fulfilled: number; withdrawn: number };
  agreementsSigned: number;
  lastActive: string | null;
  signal: string;
}

export interface Involvement {
  asOf: string;
  window: { from: string; to: string; months: number; basis?: string };
  rows: InvolvementRow[];
}

export interface Evidence {
  partnerId: string;
  regionId: string;
  led: { activityId: string; title: string }[];
  commitments: {
    activityId: string;
    commitmentId: string;
    kind: string;
    amount: number;
    unit: string;
    state: string;
    realisedAmount: number | null;
    recordedAt: string;
  }[];
  signatures: { agreementId: string; title: string; version: number; signedAt: string }[];
  lastActive: string | null;
}

export interface AgreementSummary {
  id: string;
  regionId: string;
  kind: string;
  title: string;
  status: string;
  currentVersion: number;
  inForceVersion: number | null;
  parties: string[];
  signatures: number;
}

export interface Agreement {
  id: string;
  regionId: string;
  kind: string;
  title: string;
  parties: string[];
  activityIds: string[];
  validFrom?: string;
  validUntil?: string | null;
  status: string;
  currentVersion: number;
  inForceVersion: number | null;
  versions: { version: number; termsHash: string; terms: string; draftedAt: string }[];
  signatures: {
    partnerId: string;
    signatory: { name: string; function: string };
    signedAt: string;
    signedOn?: string | null;
    version: number;
    termsHash: string;
  }[];
}

export interface TreeHead {
  treeSize: number;
  rootHash: string;
  signedAt: string;
  signature: string;
  publicKey: string;
}

export interface InclusionProof {
  position: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  rootHash: string;
  auditPath: string[];
}

export interface BorgingList {
  activities: {
    activityId: string;
    regionId: string;
    programmeId: string;
    category: string;
    state: string;
    mechanism: string | null;
    effectiveFrom: string | null;
  }[];
  totals: Record<string, number>;
  byRegion: { regionId: string; totals: Record<string, number> }[];
}

export interface BorgingHistory {
  activityId: string;
  current: { state: string; mechanism: string | null; effectiveFrom: string | null };
  steps: {
    state: string;
    previousState: string;
    mechanism: string | null;
    effectiveFrom: string;
    ownerPartnerId: string | null;
    note: string | null;
    recordedAt: string;
    actor?: Actor;
    position: number;
  }[];
}

export interface AuditEntry {
  position: number;
  recordedAt: string;
  actor: Actor;
  type: string;
  streamId: string;
  summary: string;
  samenvatting?: string;
}

export interface Audit {
  entries: AuditEntry[];
  nextCursor?: string | null;
}

export interface TimeSeries {
  interval: string;
  from: string;
  to: string;
  buckets: {
    period: string;
    on_track: number;
    at_risk: number;
    needs_adjustment: number;
    unreported: number;
    open?: number;
  }[];
}

export interface CommandResult {
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  eventIds: string[];
}
