import { createServer } from 'node:net';
import type { EventData, Position } from '@eventstore/db-client';
import { InvalidAppend, StoreUnavailable, openEventStore, type NewEvent, type RecordedEvent } from '../src/index.js';
import { EsdbEventStore } from '../src/esdb/esdb-event-store.js';
import {
  ORIGINAL_EVENT_ID_KEY,
  esdbEventIdFor,
  esdbLedgerUrl,
  esdbStreamName,
  fromEsdbEvent,
  fromEsdbRevision,
  isOneEarlierAppend,
  ledgerMarkerEvent,
  ledgerMarkerStream,
  ledgerMarkerVersion,
  ledgerStreamIdOf,
  parseEsdbUrl,
  reservationEvent,
  reservationOwner,
  reservationStream,
  toAppendResult,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toGlobalPosition,
  unreachableMessage,
  type EsdbRecordedLike,
} from '../src/esdb/esdb-mapping.js';

const actor = { userId: 'u-1', organisationId: 'programme-office', roles: ['programme_office'] };
const eventId = '0b6f3c8e-5a1d-4c2e-9f7a-2d4b6e8a1c3f';

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId,
    type: 'ActivityStatusReported',
    data: { activityId: 'a-1', status: 'on_track', realised: [{ indicator: 'jobs', value: 3 }] },
    metadata: { actor, commandId: 'c-1', correlationId: 'corr-1', causationId: 'c-0', validFrom: '2021-03-31' },
    ...overrides,
  };
}

/** What the server hands back for an event the client sent: the same JSON, plus stream, revision and position. */
function asStored(data: EventData, streamId: string, revision: bigint, position?: Position): EsdbRecordedLike {
  return {
    streamId,
    id: data.id,
    revision,
    type: data.type,
    isJson: data.contentType === 'application/json',
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: data.metadata === undefined ? undefined : JSON.parse(JSON.stringify(data.metadata)),
    position,
  };
}

describe('EventStoreDB URLs', () => {
  it('passes a plain URL to the client unchanged and names the server without credentials', () => {
    expect(parseEsdbUrl('esdb://localhost:2113?tls=false')).toEqual({
      connectionString: 'esdb://localhost:2113?tls=false',
      ledger: undefined,
      prefix: '',
      display: 'esdb://localhost:2113',
    });
    const secure = parseEsdbUrl('esdb://admin:changeit@node1:2113,node2:2113/?tlsCAFile=/ca.crt');
    expect(secure.connectionString).toBe('esdb://admin:changeit@node1:2113,node2:2113?tlsCAFile=/ca.crt');
    expect(secure.display).toBe('esdb://node1:2113,node2:2113');
  });

  it('takes the ledger name out of the query and prefixes the ledger streams with it', () => {
    const target = parseEsdbUrl('esdb://localhost:2113?tls=false&ledger=contract-1a2b&keepAliveInterval=5000');
    expect(target.connectionString).toBe('esdb://localhost:2113?tls=false&keepAliveInterval=5000');
    expect(target.ledger).toBe('contract-1a2b');
    expect(target.prefix).toBe('contract-1a2b/');
    expect(target.display).toBe('esdb://localhost:2113 (ledger contract-1a2b)');
    expect(parseEsdbUrl('esdb://localhost:2113?ledger=only').connectionString).toBe('esdb://localhost:2113');
  });

  it('reads kurrentdb:// and +discover URLs as the client expects them', () => {
    expect(parseEsdbUrl('kurrentdb://localhost:2113?tls=false').connectionString).toBe(
      'esdb://localhost:2113?tls=false',
    );
    expect(parseEsdbUrl('kurrent://db:2113').connectionString).toBe('esdb://db:2113');
    expect(parseEsdbUrl('esdb+discover://cluster.local:2113').connectionString).toBe(
      'esdb+discover://cluster.local:2113',
    );
    expect(parseEsdbUrl('KurrentDB+discover://cluster.local:2113').connectionString).toBe(
      'esdb+discover://cluster.local:2113',
    );
  });

  it('refuses what is no EventStoreDB URL or no valid ledger name, in one sentence without the password', () => {
    expect(() => parseEsdbUrl('postgres://localhost/x')).toThrow(StoreUnavailable);
    expect(() => parseEsdbUrl('esdb://')).toThrow(/names no EventStoreDB host/);
    expect(() => parseEsdbUrl('esdb://localhost:2113?ledger=no/slash')).toThrow(/Ledger name "no\/slash" is not valid/);
    expect(() => parseEsdbUrl('esdb+x://admin:secret@h:2113')).toThrow(/"esdb\+x:\/\/admin:\*\*\*@h:2113"/);
  });

  it('builds the URL of a named ledger on a server, replacing a ledger already named', () => {
    expect(esdbLedgerUrl('esdb://localhost:2113?tls=false', 't1')).toBe('esdb://localhost:2113?tls=false&ledger=t1');
    expect(esdbLedgerUrl('esdb://localhost:2113', 't1')).toBe('esdb://localhost:2113?ledger=t1');
    expect(esdbLedgerUrl('esdb://h:2113?ledger=old&tls=false', 't2')).toBe('esdb://h:2113?tls=false&ledger=t2');
    expect(esdbLedgerUrl('esdb://h:2113?tls=false&ledger=old', 't2')).toBe('esdb://h:2113?tls=false&ledger=t2');
  });
});

describe('EventStoreDB stream names', () => {
  it('maps ledger streams to and from EventStoreDB streams, with and without a ledger prefix', () => {
    expect(esdbStreamName('', 'activity-7f3')).toBe('activity-7f3');
    expect(esdbStreamName('t1/', 'activity-7f3')).toBe('t1/activity-7f3');
    expect(ledgerStreamIdOf('', 'activity-7f3')).toBe('activity-7f3');
    expect(ledgerStreamIdOf('t1/', 't1/activity-7f3')).toBe('activity-7f3');
  });

  it('keeps system streams, bookkeeping streams and other ledgers out', () => {
    expect(ledgerStreamIdOf('', '$stats-127.0.0.1:2113')).toBeUndefined();
    expect(ledgerStreamIdOf('', '$$activity-7f3')).toBeUndefined();
    expect(ledgerStreamIdOf('', ledgerMarkerStream(''))).toBeUndefined();
    expect(ledgerStreamIdOf('', reservationStream('', eventId))).toBeUndefined();
    expect(ledgerStreamIdOf('', 't1/activity-7f3')).toBeUndefined();
    expect(ledgerStreamIdOf('t1/', 'activity-7f3')).toBeUndefined();
    expect(ledgerStreamIdOf('t1/', 't2/activity-7f3')).toBeUndefined();
    expect(ledgerStreamIdOf('t1/', reservationStream('t1/', eventId))).toBeUndefined();
    expect(reservationStream('t1/', eventId)).toBe(`t1/_akkoord.eventid-${eventId}`);
  });
});

describe('expected versions', () => {
  it('maps each expected version to the client’s', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
    expect(toEsdbExpectedRevision(-1)).toBe('no_stream');
  });

  it('reads the server’s current revision as our actual version', () => {
    expect(fromEsdbRevision('no_stream')).toBe(-1);
    expect(fromEsdbRevision(0n)).toBe(0);
    expect(fromEsdbRevision(12n)).toBe(12);
    expect(fromEsdbRevision(undefined)).toBeUndefined();
  });
});

describe('global positions', () => {
  it('are the $all commit positions, and turn back into an exact $all position', () => {
    expect(toGlobalPosition({ commit: 1_234_567n, prepare: 1_234_567n })).toBe(1_234_567);
    expect(toEsdbPosition(1_234_567)).toEqual({ commit: 1_234_567n, prepare: 1_234_567n });
    expect(toGlobalPosition(toEsdbPosition(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a position a number cannot hold exactly', () => {
    expect(() => toGlobalPosition({ commit: 2n ** 53n + 1n, prepare: 0n })).toThrow(/does not fit/);
  });
});

describe('event ids', () => {
  it('uses a lower-case UUID as the EventStoreDB id, and a stable UUID v5 for anything else', () => {
    expect(esdbEventIdFor(eventId)).toBe(eventId);
    const derived = esdbEventIdFor('cmd-42:0');
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(esdbEventIdFor('cmd-42:0')).toBe(derived);
    expect(esdbEventIdFor('cmd-42:1')).not.toBe(derived);
    expect(esdbEventIdFor(eventId.toUpperCase())).not.toBe(eventId);
  });
});

describe('envelopes to and from EventStoreDB events', () => {
  const recordedAt = '2021-03-31T10:00:00.000Z';

  it('stores JSON data and metadata with recordedAt, under our event id and type', () => {
    const data = toEsdbEvent(newEvent(), recordedAt);
    expect(data).toEqual({
      id: eventId,
      contentType: 'application/json',
      type: 'ActivityStatusReported',
      data: newEvent().data,
      metadata: { ...newEvent().metadata, recordedAt },
    });
  });

  it('sets recordedAt itself, whatever the caller put in the metadata', () => {
    const sneaky = newEvent({ metadata: { actor, recordedAt: '1999-01-01T00:00:00Z' } as NewEvent['metadata'] });
    expect((toEsdbEvent(sneaky, recordedAt).metadata as Record<string, unknown>).recordedAt).toBe(recordedAt);
  });

  it('reads back exactly the envelope it stored', () => {
    const stored = asStored(toEsdbEvent(newEvent(), recordedAt), 't1/activity-7f3', 4n, {
      commit: 9_001n,
      prepare: 9_001n,
    });
    const expected: RecordedEvent = {
      globalPosition: 9_001,
      streamId: 'activity-7f3',
      streamVersion: 4,
      eventId,
      type: 'ActivityStatusReported',
      data: newEvent().data,
      metadata: { ...newEvent().metadata, recordedAt },
    };
    expect(fromEsdbEvent(stored, 't1/')).toEqual(expected);
  });

  it('keeps an event id that is not a UUID in the metadata and gives it back', () => {
    const data = toEsdbEvent(newEvent({ eventId: 'cmd-42:0' }), recordedAt);
    expect(data.id).toBe(esdbEventIdFor('cmd-42:0'));
    expect((data.metadata as Record<string, unknown>)[ORIGINAL_EVENT_ID_KEY]).toBe('cmd-42:0');
    const back = fromEsdbEvent(asStored(data, 'activity-7f3', 0n, { commit: 77n, prepare: 77n }), '')!;
    expect(back.eventId).toBe('cmd-42:0');
    expect(back.metadata).toEqual({ ...newEvent().metadata, recordedAt });
  });

  it('refuses data JSON cannot hold, and data that is not an object', () => {
    const bigint = newEvent({ data: { amount: BigInt(5) } as unknown as Record<string, unknown> });
    expect(() => toEsdbEvent(bigint, recordedAt)).toThrow(InvalidAppend);
    expect(() => toEsdbEvent(bigint, recordedAt)).toThrow(/data of event .* cannot be stored as JSON/);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => toEsdbEvent(newEvent({ data: circular }), recordedAt)).toThrow(InvalidAppend);
    const list = newEvent({ data: [1, 2] as unknown as Record<string, unknown> });
    expect(() => toEsdbEvent(list, recordedAt)).toThrow(/must be a JSON object/);
  });

  it('reads events that are not this ledger’s as nothing', () => {
    const position = { commit: 500n, prepare: 500n };
    const ours = asStored(toEsdbEvent(newEvent(), recordedAt), 'activity-7f3', 0n, position);
    expect(fromEsdbEvent(ours, '')).toBeDefined();
    expect(fromEsdbEvent({ ...ours, streamId: 't1/activity-7f3' }, '')).toBeUndefined();
    expect(fromEsdbEvent({ ...ours, streamId: '$ce-activity' }, '')).toBeUndefined();
    expect(fromEsdbEvent({ ...ours, type: '$>' }, '')).toBeUndefined();
    expect(fromEsdbEvent({ ...ours, isJson: false, data: new Uint8Array([1]) }, '')).toBeUndefined();
    expect(fromEsdbEvent({ ...ours, metadata: { actor } }, '')).toBeUndefined();
    expect(fromEsdbEvent({ ...ours, metadata: undefined }, '')).toBeUndefined();
    const reservation = asStored(
      reservationEvent('activity-7f3', eventId),
      reservationStream('', eventId),
      0n,
      position,
    );
    expect(fromEsdbEvent(reservation, '')).toBeUndefined();
  });

  it('refuses a ledger event without its $all position (servers before 22.6)', () => {
    const data = toEsdbEvent(newEvent(), recordedAt);
    expect(() => fromEsdbEvent(asStored(data, 'activity-7f3', 0n), '')).toThrow(StoreUnavailable);
    expect(() => fromEsdbEvent(asStored(data, 'activity-7f3', 0n, { commit: 0n, prepare: 0n }), '')).toThrow(
      /needs EventStoreDB 22\.6 or newer/,
    );
  });
});

describe('append results and retries', () => {
  const at = (streamVersion: number, globalPosition: number, id: string): RecordedEvent => ({
    globalPosition,
    streamId: 's-1',
    streamVersion,
    eventId: id,
    type: 'X',
    data: {},
    metadata: { actor, recordedAt: '2021-01-01T00:00:00.000Z' },
  });

  it('reports the last version and position and every id', () => {
    const events = [at(3, 700, 'a'), at(4, 912, 'b')];
    expect(toAppendResult('s-1', events)).toEqual({
      streamId: 's-1',
      streamVersion: 4,
      globalPosition: 912,
      eventIds: ['a', 'b'],
      events,
    });
  });

  it('recognises a retry only when the ids sit on consecutive versions, in order', () => {
    expect(isOneEarlierAppend([at(3, 700, 'a'), at(4, 912, 'b')])).toBe(true);
    expect(isOneEarlierAppend([at(3, 700, 'a')])).toBe(true);
    expect(isOneEarlierAppend([at(3, 700, 'a'), undefined])).toBe(false);
    expect(isOneEarlierAppend([at(3, 700, 'a'), at(5, 999, 'b')])).toBe(false);
    expect(isOneEarlierAppend([at(4, 912, 'b'), at(3, 700, 'a')])).toBe(false);
  });

  it('reads the stream a reservation binds an id to', () => {
    const reservation = asStored(reservationEvent('activity-7f3', eventId), reservationStream('', eventId), 0n);
    expect(reservationOwner(reservation)).toBe('activity-7f3');
    expect(reservationOwner(undefined)).toBeUndefined();
    expect(reservationOwner({ type: 'Other', data: { streamId: 'x' } })).toBeUndefined();
  });

  it('reads the layout version of a ledger marker, and nothing from another event', () => {
    const marker = asStored(ledgerMarkerEvent('t1', '2021-01-01T00:00:00.000Z'), ledgerMarkerStream('t1/'), 0n);
    expect(ledgerMarkerVersion(marker)).toBe(1);
    expect(
      ledgerMarkerVersion({ type: 'AkkoordLedgerCreated', data: { format: 'other', version: 1 } }),
    ).toBeUndefined();
    expect(ledgerMarkerVersion({ type: 'Else', data: {} })).toBeUndefined();
  });
});

describe('an EventStoreDB that cannot be reached', () => {
  it('is described in one sentence a person can act on', () => {
    const refused = new Error(
      '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2113. Resolution note: ',
    );
    const message = unreachableMessage('esdb://localhost:2113', refused);
    expect(message).toBe(
      'EventStoreDB at esdb://localhost:2113 cannot be reached: the connection was refused; start one with `docker compose up eventstore` or correct AKKOORD_STORE.',
    );
    expect(unreachableMessage('esdb://a:1', new Error('Failed to discover after 10 attempts.'))).toMatch(
      /no cluster node answered gossip/,
    );
    expect(unreachableMessage('esdb://a:1', new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'))).toMatch(
      /did not answer in time/,
    );
    expect(unreachableMessage('esdb://a:1', new Error('14 UNAVAILABLE: ssl3_get_record:wrong version number'))).toMatch(
      /add \?tls=false/,
    );
    const other = unreachableMessage('esdb://a:1', new Error('Something odd. Then more.\nstack'));
    expect(other).toContain('cannot be reached: Something odd; Then more;');
    for (const m of [message, other]) expect(m.slice(0, -1)).not.toMatch(/\.\s/);
  });

  it('makes open fail with StoreUnavailable, quickly, when nothing listens on the port', async () => {
    const port = await freePort();
    const started = Date.now();
    const opening = EsdbEventStore.open(`esdb://127.0.0.1:${port}?tls=false`, {});
    await expect(opening).rejects.toThrow(StoreUnavailable);
    await expect(opening).rejects.toThrow(
      `EventStoreDB at esdb://127.0.0.1:${port} cannot be reached: the connection was refused; start one with \`docker compose up eventstore\` or correct AKKOORD_STORE.`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is what openEventStore reports for esdb:// and kurrentdb:// URLs', async () => {
    const port = await freePort();
    await expect(openEventStore(`esdb://127.0.0.1:${port}?tls=false&ledger=t1`)).rejects.toThrow(
      new RegExp(`^EventStoreDB at esdb://127\\.0\\.0\\.1:${port} \\(ledger t1\\) cannot be reached`),
    );
    await expect(openEventStore(`kurrentdb://127.0.0.1:${port}?tls=false`)).rejects.toThrow(StoreUnavailable);
  });

  it('refuses a connection string the client cannot read, in one sentence', async () => {
    await expect(EsdbEventStore.open('esdb://localhost:notaport', {})).rejects.toThrow(
      /^AKKOORD_STORE is not a valid EventStoreDB connection string: .*port number\.$/,
    );
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
