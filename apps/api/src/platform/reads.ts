import { NotFound } from '@akkoord/domain';
import type { EventStore, RecordedEvent } from '@akkoord/event-store';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { isInstant, ValidationFailed } from './validation.js';

/** `?asOf=<instant>`: optional; when given it must be an ISO 8601 instant with a zone. */
export class AsOfPipe implements PipeTransform<unknown, string | undefined> {
  /** Answers the instant in the ledger's own form (UTC, milliseconds), so read models can compare it as text. */
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined) return undefined;
    if (!isInstant(value)) {
      const field = metadata.data ?? 'asOf';
      throw new ValidationFailed([{ field, message: `${field} must be an ISO 8601 instant with a zone` }]);
    }
    return new Date(value).toISOString();
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
