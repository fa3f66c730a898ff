export interface AuditEntry {
  position: number;
  recordedAt: string;
  actor: { userId: string; organisationId: string; roles: string[] };
  type: string;
  streamId: string;
  /** One line in English. */
  summary: string;
  /** The same line in Dutch. */
  samenvatting: string;
}

/** `GET /api/audit` */
export interface AuditAnswer {
  entries: AuditEntry[];
  /** Where the next page starts: one past the last entry returned (`fromPosition` again when none matched). */
  nextPosition: number;
  /** The cursor of the next page; null on the last one. */
  nextCursor: string | null;
}
