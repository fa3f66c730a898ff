import type { ExpectedVersion, NewEvent } from './envelope.js';
import type { ReadAllOptions } from './event-store.port.js';
import { InvalidAppend, InvalidQuery, WrongExpectedVersion } from './errors.js';

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

/** Checks what every adapter must refuse before touching its storage. */
export function checkAppendInput(streamId: string, events: NewEvent[], expected: ExpectedVersion): void {
  if (!STREAM_ID.test(streamId)) throw new InvalidAppend(`Stream id ${JSON.stringify(streamId)} is not valid.`);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppend('An append needs at least one event.');
  if (typeof expected === 'number' && (!Number.isInteger(expected) || expected < -1)) {
    throw new InvalidAppend(`Expected version ${expected} is not a version.`);
  }
  if (typeof expected !== 'number' && !['no_stream', 'stream_exists', 'any'].includes(expected)) {
    throw new InvalidAppend(`Expected version ${String(expected)} is not known.`);
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (!e.eventId || typeof e.eventId !== 'string') throw new InvalidAppend('Every event needs an eventId.');
    if (ids.has(e.eventId)) throw new InvalidAppend(`Event id ${e.eventId} appears twice in one append.`);
    ids.add(e.eventId);
    if (!e.type || typeof e.type !== 'string') throw new InvalidAppend('Every event needs a type.');
  }
}

/** Throws `WrongExpectedVersion` unless `actual` (-1: no stream) satisfies `expected`. */
export function checkExpectedVersion(streamId: string, expected: ExpectedVersion, actual: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    expected === actual;
  if (!ok) throw new WrongExpectedVersion(streamId, expected, actual);
}

/** Stores never hand out a `recordedAt` lower than one already stored: time travel relies on it. */
export function monotonicInstant(now: Date, last: string | undefined): string {
  const iso = now.toISOString();
  return last !== undefined && last > iso ? last : iso;
}

/** Normalises an instant (ISO 8601 with a zone, or a bare date meaning its UTC midnight) to `toISOString()` form. */
export function normaliseInstant(value: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value);
  const time = ok ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new InvalidQuery(`${JSON.stringify(value)} is not an ISO 8601 instant with a zone.`);
  return new Date(time).toISOString();
}

/** Serialises an event's data and metadata, refusing what JSON cannot carry faithfully. */
export function serialiseJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppend(`The ${what} cannot be stored as JSON: ${(error as Error).message}.`);
  }
  if (text === undefined || text[0] !== '{') throw new InvalidAppend(`The ${what} must be a JSON object.`);
  return text;
}

/** Defaults and checks `readAll` options: positions from 1 (inclusive), limit 1000. */
export function checkReadAll(options: ReadAllOptions): { fromPosition: number; limit: number } {
  const fromPosition = options.fromPosition ?? 1;
  const limit = options.limit ?? 1000;
  if (!Number.isSafeInteger(fromPosition) || fromPosition < 0) {
    throw new InvalidQuery(`fromPosition ${fromPosition} is not a position.`);
  }
  if (!Number.isSafeInteger(limit) || limit < 1) throw new InvalidQuery(`limit ${limit} must be a whole number ≥ 1.`);
  return { fromPosition, limit };
}
