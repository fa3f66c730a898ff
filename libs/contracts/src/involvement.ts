export type InvolvementSignal = 'active' | 'signing_only' | 'inactive';

/** What the window's end is: the moment asked, the ledger's latest event, the programme's end, or the clock. */
export type WindowBasis = 'asOf' | 'latest_event' | 'programme_end' | 'now';

export interface InvolvementRowView {
  partnerId: string;
  partnerName: string | null;
  kind: string | null;
  regionId: string;
  /** The role held at the moment asked; null once the partner has left the region. */
  role: string | null;
  member: boolean;
  joinedAt: string | null;
  leftAt: string | null;
  activitiesLed: number;
  commitments: { made: number; fulfilled: number; withdrawn: number };
  agreementsSigned: number;
  /** recordedAt of the partner's last act in the region (commitment, fulfilment, withdrawal, signature, report led). */
  lastActive: string | null;
  signal: InvolvementSignal;
}

/** `GET /api/involvement` */
export interface InvolvementView {
  asOf: string;
  window: { from: string; to: string; months: number; basis: WindowBasis };
  rows: InvolvementRowView[];
}

export interface CommitmentEvidence {
  activityId: string;
  commitmentId: string;
  kind: string;
  amount: number;
  unit: string;
  state: 'open' | 'fulfilled' | 'withdrawn';
  realisedAmount: number | null;
  recordedAt: string;
}

/** `GET /api/involvement/evidence`: what is behind one cell of the involvement matrix. */
export interface InvolvementEvidence {
  partnerId: string;
  regionId: string;
  led: { activityId: string; title: string }[];
  commitments: CommitmentEvidence[];
  signatures: { agreementId: string; title: string; version: number; signedAt: string }[];
  lastActive: string | null;
}
