import { NotFound } from '@akkoord/domain';
import type { EventStore, RecordedEvent } from '@akkoord/event-store';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { momentOf } from './moment.js';
import { ValidationFailed } from './validation.js';

/**
 * `?asOf=<moment>`: optional; when given an ISO 8601 instant with a zone, or a plain date `YYYY-MM-DD` meaning the end
 * of that day in Europe/Amsterdam (`2021-01-10` → `2021-01-10T22:59:59.999Z`).
 */
export class AsOfPipe implements PipeTransform<unknown, string | undefined> {
  /** Answers the instant in the ledger's own form (UTC, milliseconds), so read models can compare it as text. */
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined) return undefined;
    const moment = momentOf(value);
    if (moment === undefined) {
      const field = metadata.data ?? 'asOf';
      throw new ValidationFailed([
        { field, message: `${field} must be an ISO 8601 instant with a zone, or a date YYYY-MM-DD` },
      ]);
    }
    return moment;
  }
}

/** A stream as the ledger knew it at `asOf` (all of it without one); NotFound when it holds nothing then. */
export async function readKnownStream(
  store: EventStore,
  aggregate: string,
  id: string,
  asOf?: string,
): Promise<RecordedEvent[]> {
  const events = await store.readStream(`${aggregate}-${id}`);
  const until = asOf === undefined ? undefined : Date.parse(asOf);
  const known = until === undefined ? events : events.filter((e) => Date.parse(e.metadata.recordedAt) <= until);
  if (known.length === 0) throw new NotFound(aggregate, id);
  return known;
}
