import { currentSchemaVersion, storedSchemaVersion, upcastData } from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';

/**
 * The upcasting hook: a stored event in the current shape of its type (libs/domain/src/upcasting). The command runner
 * folds streams through it and the projection runner hands projections what it answers; the store, the notary and
 * `verify` keep the stored envelope as it is (the leaf hashes are over those bytes). Answers the same object when the
 * event is already current.
 */
export function upcastRecorded(event: RecordedEvent): RecordedEvent {
  const stored = storedSchemaVersion(event.metadata);
  if (stored >= currentSchemaVersion(event.type)) return event;
  const { data, version } = upcastData(event.type, event.data, stored);
  return {
    ...event,
    data: data as Record<string, unknown>,
    metadata: { ...event.metadata, schemaVersion: version },
  };
}
