/** Who did it: every event names an authenticated actor. */
export interface Actor {
  userId: string;
  /** A partner id, or `programme-office`. */
  organisationId: string;
  roles: string[];
  /** The regions a region coordinator acts for. */
  regionIds?: string[];
}

/** Metadata a caller hands in with an event (architecture.md). */
export interface EventMetadataInput {
  actor: Actor;
  /** The date (YYYY-MM-DD) or instant from which the fact holds, where it has one. */
  validFrom?: string;
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  reason?: string;
  [key: string]: unknown;
}

/** The stored envelope's metadata: the caller's, plus `recordedAt` from the store's clock. */
export interface EventMetadata extends EventMetadataInput {
  /** ISO 8601 UTC instant at which the ledger recorded the event; set by the store, never by the client. */
  recordedAt: string;
}

/** An event as a caller hands it to `append`; the store adds position, version and `recordedAt`. */
export interface NewEvent {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadataInput;
}

/** An event as stored: the full envelope. */
export interface RecordedEvent {
  /** 1, 2, 3 … in the order events became visible; a reader never sees a lower one after a higher one. */
  globalPosition: number;
  streamId: string;
  /** 0-based version within the stream. */
  streamVersion: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check; a number: its last version. */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendResult {
  streamId: string;
  /** Version of the last event appended (or of the original append, when the call was a retry). */
  streamVersion: number;
  /** Global position of the last event appended. */
  globalPosition: number;
  eventIds: string[];
  /** The envelopes as stored. */
  events: RecordedEvent[];
}
