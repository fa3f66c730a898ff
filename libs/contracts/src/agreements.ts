/** `GET /api/agreements` → `{agreements, nextCursor}` */
export interface AgreementListItem {
  id: string;
  regionId: string;
  kind: string;
  title: string;
  status: string;
  currentVersion: number;
  inForceVersion: number | null;
  parties: string[];
  /** Signatures on the current version. */
  signatures: number;
}

export interface AgreementPage {
  agreements: AgreementListItem[];
  nextCursor: string | null;
}

export interface AgreementVersionView {
  version: number;
  termsHash: string;
  terms: string;
  draftedAt: string;
  reason?: string;
}

export interface SignatureView {
  partnerId: string;
  signatory: { name: string; function: string };
  /** The date the signature was placed (on paper). */
  signedAt: string;
  recordedAt: string;
  version: number;
  termsHash: string;
}

/** `GET /api/agreements/:id` (api.md), plus validity dates and the termination. */
export interface AgreementView {
  id: string;
  regionId: string;
  kind: string;
  title: string;
  parties: string[];
  activityIds: string[];
  validFrom: string;
  validUntil: string | null;
  status: 'draft' | 'in_force' | 'terminated';
  currentVersion: number;
  inForceVersion: number | null;
  versions: AgreementVersionView[];
  signatures: SignatureView[];
  termination: { by: string; reason: string; terminatedAt: string } | null;
  version: number;
}
