import type { ExpectedVersion } from './envelope.js';

/** Base of every error the store raises on purpose. */
export class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream was not at the version the caller expected. `actualVersion` is -1 when the stream does not exist. */
export class WrongExpectedVersion extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${actualVersion}, expected ${String(expectedVersion)}.`);
  }
}

/** An event id that is already stored on another stream (or with other events) was appended again. */
export class DuplicateEventId extends EventStoreError {
  constructor(
    readonly eventId: string,
    readonly existingStreamId: string,
  ) {
    super(`Event id ${eventId} is already stored on stream ${existingStreamId}.`);
  }
}

/** The caller handed the store something it cannot store (empty batch, bad stream id, unserialisable data). */
export class InvalidAppend extends EventStoreError {}

/** A read was asked with arguments that mean nothing (a negative position, an instant that is not one). */
export class InvalidQuery extends EventStoreError {}

/** The store cannot be opened or reached; the message is one sentence meant for a person. */
export class StoreUnavailable extends EventStoreError {}

/** The file or database exists but is not an Akkoord ledger, or was written by a newer Akkoord. */
export class NotALedger extends EventStoreError {}
export class LedgerTooNew extends EventStoreError {}

/**
 * A stored event cannot be served as true: its row does not parse, or it fails the ledger's hash check. Reads that
 * would include it answer this error instead (HTTP 503 naming the position); every other read still works.
 */
export class CorruptEvent extends EventStoreError {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`The event at position ${position} cannot be served: ${reason}.`);
  }
}

/**
 * The ledger failed its integrity check, so Akkoord takes no more commands until someone has looked (HTTP 503 with
 * the first bad position and what is wrong there).
 */
export class LedgerReadOnly extends EventStoreError {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`The ledger is read-only: position ${position}: ${reason}. Run \`akkoord verify\`.`);
  }
}
