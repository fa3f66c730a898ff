/**
 * Pure mapping between Akkoord's envelope and EventStoreDB / KurrentDB: URLs, stream names, expected versions,
 * positions and events. Nothing here talks to a server, so all of it is unit-tested without one.
 *
 * Global positions. The envelope asks for 1, 2, 3 … in visibility order. EventStoreDB's only global order is `$all`,
 * whose positions are byte offsets in the transaction log (large, sparse, strictly rising, and for events written
 * through gRPC commit position = prepare position). A dense counter cannot be kept beside them: EventStoreDB has no
 * multi-stream transaction to bump a counter atomically with an append, and numbering while reading (the N-th
 * ledger event of `$all`) would make every `readAll({fromPosition})` a scan from the start. So this adapter maps
 * `globalPosition` = the event's `$all` commit position: monotone and gap-safe (`$all` only shows what is indexed,
 * in log order), but NOT dense. Readers must compare positions, never count them; the contract suite runs with
 * `densePositions: false` for this adapter.
 */
import { ANY, NO_STREAM, STREAM_EXISTS, jsonEvent } from '@eventstore/db-client';
import type { AppendExpectedRevision, CurrentRevision, EventData, Position } from '@eventstore/db-client';
import { v5 as uuidv5 } from 'uuid';
import type { AppendResult, EventMetadata, ExpectedVersion, NewEvent, RecordedEvent } from '../envelope.js';
import { EventStoreError, InvalidAppend, StoreUnavailable } from '../errors.js';

/** The ledger's own stream ids (the same rule as `checkAppendInput` in append-rules.ts). */
export const LEDGER_STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

/** A ledger name in the URL (`?ledger=name`): several ledgers can share one server, each under its own prefix. */
export const LEDGER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Bookkeeping streams start with `_`, which no ledger stream id can, so they never mix with the ledger. */
const BOOKKEEPING = '_akkoord.';
export const LEDGER_MARKER_TYPE = 'AkkoordLedgerCreated';
export const RESERVATION_TYPE = 'AkkoordEventIdReserved';
export const LEDGER_FORMAT = 'akkoord-ledger';
export const LEDGER_LAYOUT_VERSION = 1;

/** Metadata key that keeps a caller's event id when it is not a lower-case UUID (EventStoreDB ids are UUIDs). */
export const ORIGINAL_EVENT_ID_KEY = '$akkoordEventId';
/** Namespace for the UUID v5 that stands in for an event id that is not a UUID. */
const EVENT_ID_NAMESPACE = '4f2b7c1e-8d3a-5e6f-9a0b-1c2d3e4f5a6b';
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface EsdbTarget {
  /** What `EventStoreDBClient.connectionString` gets: `esdb://…` or `esdb+discover://…`, without Akkoord's own keys. */
  connectionString: string;
  /** The ledger name from `?ledger=`, if any. */
  ledger?: string;
  /** Prefix of every stream of this ledger: `''`, or `<ledger>/`. */
  prefix: string;
  /** The server(s) for messages: scheme and hosts, never credentials. */
  display: string;
}

/**
 * Reads an `AKKOORD_STORE` URL for EventStoreDB or KurrentDB: `esdb://[user:pass@]host:2113[,host2…][?tls=false]`,
 * `esdb+discover://…`, or the same with `kurrentdb://` / `kurrent://`. Akkoord's own key `ledger=<name>` is taken out;
 * every other key goes to the client unchanged.
 */
export function parseEsdbUrl(url: string): EsdbTarget {
  const match = /^(esdb|kurrentdb|kurrent)(\+discover)?:\/\/(.*)$/i.exec(url.trim());
  if (!match) {
    throw new StoreUnavailable(
      `${JSON.stringify(redactUrl(url))} is not an EventStoreDB URL: use esdb://host:2113?tls=false.`,
    );
  }
  const scheme = match[2] ? 'esdb+discover' : 'esdb';
  const rest = match[3].replace(/\/+$/, '');
  const query = rest.indexOf('?');
  const authority = (query === -1 ? rest : rest.slice(0, query)).replace(/\/+$/, '');
  if (authority.length === 0)
    throw new StoreUnavailable(`${JSON.stringify(redactUrl(url))} names no EventStoreDB host.`);
  const kept: string[] = [];
  let ledger: string | undefined;
  for (const pair of query === -1 ? [] : rest.slice(query + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key.toLowerCase() === 'ledger') ledger = decodeURIComponent(eq === -1 ? '' : pair.slice(eq + 1));
    else kept.push(pair);
  }
  if (ledger !== undefined && !LEDGER_NAME.test(ledger)) {
    throw new StoreUnavailable(
      `Ledger name ${JSON.stringify(ledger)} is not valid: use letters, digits, '.', '_' or '-' (at most 64).`,
    );
  }
  const hosts = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  return {
    connectionString: `${scheme}://${authority}${kept.length > 0 ? `?${kept.join('&')}` : ''}`,
    ledger,
    prefix: ledger === undefined ? '' : `${ledger}/`,
    display: `${scheme}://${hosts}${ledger === undefined ? '' : ` (ledger ${ledger})`}`,
  };
}

/** The URL of ledger `ledger` on the server `url` names (tests give every contract run a fresh ledger this way). */
export function esdbLedgerUrl(url: string, ledger: string): string {
  const base = url.replace(/([?&])ledger=[^&]*(&|$)/i, (_m, lead: string, tail: string) => (tail ? lead : ''));
  return `${base}${base.includes('?') ? '&' : '?'}ledger=${encodeURIComponent(ledger)}`;
}

/** A URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

export function esdbStreamName(prefix: string, streamId: string): string {
  return `${prefix}${streamId}`;
}

/** The ledger stream id an EventStoreDB stream holds, or undefined when it is not one of this ledger's streams. */
export function ledgerStreamIdOf(prefix: string, esdbStream: string): string | undefined {
  if (!esdbStream.startsWith(prefix)) return undefined;
  const streamId = esdbStream.slice(prefix.length);
  return LEDGER_STREAM_ID.test(streamId) ? streamId : undefined;
}

/** One stream per ledger: its first event is written when the ledger is first opened and precedes every ledger event. */
export function ledgerMarkerStream(prefix: string): string {
  return `${prefix}${BOOKKEEPING}ledger`;
}

/** One stream per event id: its first event names the ledger stream the id belongs to. */
export function reservationStream(prefix: string, esdbEventId: string): string {
  return `${prefix}${BOOKKEEPING}eventid-${esdbEventId}`;
}

export function toEsdbExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected === -1 ? NO_STREAM : BigInt(expected);
  }
}

/** EventStoreDB's current revision as our version: -1 when there is no stream, undefined when it is not known. */
export function fromEsdbRevision(current: CurrentRevision | undefined | null): number | undefined {
  if (current === NO_STREAM) return -1;
  if (typeof current === 'bigint') return Number(current);
  return undefined;
}

/** `globalPosition` = the `$all` commit position (see the header comment). */
export function toGlobalPosition(position: Position): number {
  const value = Number(position.commit);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new EventStoreError(`EventStoreDB position ${position.commit} does not fit a global position.`);
  }
  return value;
}

/** The `$all` position of the event at `globalPosition` (gRPC-written events have commit = prepare). */
export function toEsdbPosition(globalPosition: number): Position {
  const value = BigInt(globalPosition);
  return { commit: value, prepare: value };
}

/** The EventStoreDB event id for ours: the id itself when it is a lower-case UUID, else a UUID v5 derived from it. */
export function esdbEventIdFor(eventId: string): string {
  return LOWER_CASE_UUID.test(eventId) ? eventId : uuidv5(eventId, EVENT_ID_NAMESPACE);
}

/** An envelope as EventStoreDB stores it: JSON data, JSON metadata carrying `recordedAt` and the rest of ours. */
export function toEsdbEvent(event: NewEvent, recordedAt: string): EventData {
  const data = jsonObject(event.data, `data of event ${event.eventId}`);
  const metadata = jsonObject({ ...event.metadata, recordedAt }, `metadata of event ${event.eventId}`);
  const id = esdbEventIdFor(event.eventId);
  if (id !== event.eventId) metadata[ORIGINAL_EVENT_ID_KEY] = event.eventId;
  return jsonEvent({ id, type: event.type, data, metadata });
}

/** What this module reads of an EventStoreDB recorded event (the client's `RecordedEvent` fits it). */
export interface EsdbRecordedLike {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/**
 * The envelope of an EventStoreDB event, or undefined when the event is not one of this ledger's: another prefix,
 * a system or bookkeeping stream, a `$` type (links, metadata), or not JSON with a `recordedAt`.
 */
export function fromEsdbEvent(recorded: EsdbRecordedLike, prefix: string): RecordedEvent | undefined {
  const streamId = ledgerStreamIdOf(prefix, recorded.streamId);
  if (streamId === undefined || recorded.type.startsWith('$') || !recorded.isJson) return undefined;
  if (!isPlainObject(recorded.data) || !isPlainObject(recorded.metadata)) return undefined;
  const { [ORIGINAL_EVENT_ID_KEY]: originalId, ...metadata } = recorded.metadata;
  if (typeof metadata.recordedAt !== 'string') return undefined;
  if (!hasPosition(recorded)) {
    throw new StoreUnavailable(
      'EventStoreDB returned an event without its $all position: Akkoord needs EventStoreDB 22.6 or newer.',
    );
  }
  return {
    globalPosition: toGlobalPosition(recorded.position),
    streamId,
    streamVersion: Number(recorded.revision),
    eventId: typeof originalId === 'string' ? originalId : recorded.id,
    type: recorded.type,
    data: recorded.data,
    metadata: metadata as EventMetadata,
  };
}

/**
 * Whether a recorded event carries its `$all` position. Servers before 22.6 send none on stream reads, which the
 * client turns into commit 0; no event can sit at 0 (the log opens with a system record).
 */
export function hasPosition<T extends Pick<EsdbRecordedLike, 'position'>>(
  recorded: T,
): recorded is T & { position: Position } {
  return recorded.position !== undefined && recorded.position.commit > 0n;
}

/** The result of an append from the envelopes it stored (oldest first, at least one). */
export function toAppendResult(streamId: string, events: RecordedEvent[]): AppendResult {
  const last = events[events.length - 1];
  return {
    streamId,
    streamVersion: last.streamVersion,
    globalPosition: last.globalPosition,
    eventIds: events.map((e) => e.eventId),
    events,
  };
}

/**
 * When `found` (the stored events carrying the ids of a retried append, in the append's order) is exactly one
 * earlier append: consecutive versions of one stream. Anything else is a different use of the same ids.
 */
export function isOneEarlierAppend(found: (RecordedEvent | undefined)[]): found is RecordedEvent[] {
  return found.every((e, i) => e !== undefined && (i === 0 || e.streamVersion === found[i - 1]!.streamVersion + 1));
}

/** The ledger stream a reservation binds an event id to, or undefined when the event is no reservation. */
export function reservationOwner(recorded: Pick<EsdbRecordedLike, 'type' | 'data'> | undefined): string | undefined {
  if (!recorded || recorded.type !== RESERVATION_TYPE || !isPlainObject(recorded.data)) return undefined;
  return typeof recorded.data.streamId === 'string' ? recorded.data.streamId : undefined;
}

export function reservationEvent(streamId: string, eventId: string): EventData {
  return jsonEvent({ type: RESERVATION_TYPE, data: { streamId, eventId } });
}

export function ledgerMarkerEvent(ledger: string | undefined, createdAt: string): EventData {
  return jsonEvent({
    type: LEDGER_MARKER_TYPE,
    data: { format: LEDGER_FORMAT, version: LEDGER_LAYOUT_VERSION, ledger: ledger ?? null, createdAt },
  });
}

/** The ledger layout version a marker event declares; undefined when the event is not an Akkoord marker. */
export function ledgerMarkerVersion(recorded: Pick<EsdbRecordedLike, 'type' | 'data'>): number | undefined {
  if (recorded.type !== LEDGER_MARKER_TYPE || !isPlainObject(recorded.data)) return undefined;
  if (recorded.data.format !== LEDGER_FORMAT || typeof recorded.data.version !== 'number') return undefined;
  return recorded.data.version;
}

/** One sentence a person can act on when the server cannot be reached. */
export function unreachableMessage(display: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  let reason: string;
  if (/ECONNREFUSED/.test(raw)) reason = 'the connection was refused';
  else if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(raw)) reason = 'the host name does not resolve';
  else if (/Failed to discover/i.test(raw)) reason = 'no cluster node answered gossip';
  else if (/deadline|timed? ?out/i.test(raw)) reason = 'it did not answer in time';
  else if (/ssl|tls|handshake|certificate|wrong version number/i.test(raw)) {
    reason = 'the TLS handshake failed (add ?tls=false for an insecure server)';
  } else {
    reason = raw
      .split('\n')[0]
      .replace(/\.\s+/g, '; ')
      .replace(/[.;:\s]+$/, '');
  }
  return `EventStoreDB at ${display} cannot be reached: ${reason}; start one with \`docker compose up eventstore\` or correct AKKOORD_STORE.`;
}

function jsonObject(value: unknown, what: string): Record<string, unknown> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppend(`The ${what} cannot be stored as JSON (${(error as Error).message}).`);
  }
  const copy: unknown = text === undefined ? undefined : JSON.parse(text);
  if (!isPlainObject(copy)) throw new InvalidAppend(`The ${what} must be a JSON object.`);
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
