import { randomUUID } from 'node:crypto';
import { NotFound, PEOPLE_STREAM, type PersonForgottenData } from '@akkoord/domain';
import type { Actor, EventStore } from '@akkoord/event-store';
import { requireRole } from '../permissions.js';
import type { PersonalDataVault } from './vault.js';

export interface PersonForgottenResult {
  /** The forgotten person's key id: the pseudonym the ledger keeps. */
  keyId: string;
  globalPosition: number;
  eventId: string;
}

/**
 * Erases a person (AVG article 17) without touching the log: appends `PersonForgotten` (who did it, when, why, and
 * the key id — never the user id) and then destroys the person's key, after which every sealed value of theirs opens
 * as `[verwijderd]`. The event comes first: should the key's removal fail, a second call finds the key again and
 * finishes the job, and `akkoord restore` re-applies every `PersonForgotten` it finds.
 *
 * Throws NotFound (404) when the person has no key (never acted since sealing began, or already forgotten).
 */
export async function forgetPerson(
  store: EventStore,
  vault: PersonalDataVault,
  userId: string,
  reason: string,
  actor: Actor,
): Promise<PersonForgottenResult> {
  requireRole(actor, ['programme_office'], 'Forgetting a person');
  const keyId = await vault.keyIdFor(userId);
  if (keyId === undefined) throw new NotFound('person with personal data', userId);
  const data: PersonForgottenData = { keyId, reason };
  const eventId = randomUUID();
  const result = await store.append(
    PEOPLE_STREAM,
    [
      {
        eventId,
        type: 'PersonForgotten',
        data: { ...data },
        metadata: { actor, commandId: randomUUID(), reason },
      },
    ],
    'any',
  );
  await vault.forget(userId);
  return { keyId, globalPosition: result.globalPosition, eventId };
}
