import {
  PERSONAL_DATA_FIELDS,
  PERSONAL_METADATA_FIELDS,
  SEALED_PREFIX,
  valueAt,
  withValueAt,
  type FieldPath,
} from '@akkoord/domain';
import type { EventStore, NewEvent } from '@akkoord/event-store';
import type { PersonalDataVault } from './vault.js';

/**
 * The event with its personal fields sealed: the user ids in the metadata (PERSONAL_METADATA_FIELDS, each with its
 * own user's key), and the `data` fields the domain names personal for its type (PERSONAL_DATA_FIELDS). Every field is sealed with the key of the person it names: the actor's key for
 * the actor and for what the actor recorded about a person (an agreement's signatory: the user who signs),
 * `AccessTokenIssued`'s `userId` with the key of that user.
 */
export async function sealEvent(event: NewEvent, vault: PersonalDataVault): Promise<NewEvent> {
  const actorId = valueAt(event.metadata, ['actor', 'userId']);
  let metadata: unknown = event.metadata;
  for (const path of PERSONAL_METADATA_FIELDS) metadata = await sealAt(metadata, path, valueAt(metadata, path), vault);
  let data: unknown = event.data;
  for (const path of PERSONAL_DATA_FIELDS[event.type] ?? []) {
    const owner = event.type === 'AccessTokenIssued' ? valueAt(data, ['userId']) : actorId;
    data = await sealAt(data, path, owner, vault);
  }
  return { ...event, data: data as NewEvent['data'], metadata: metadata as NewEvent['metadata'] };
}

async function sealAt(root: unknown, path: FieldPath, owner: unknown, vault: PersonalDataVault): Promise<unknown> {
  const value = valueAt(root, path);
  if (typeof value !== 'string' || value === '' || value.startsWith(SEALED_PREFIX)) return root;
  if (typeof owner !== 'string' || owner === '' || owner.startsWith(SEALED_PREFIX)) return root;
  return withValueAt(root, path, await vault.seal(owner, value));
}

/**
 * The store with personal fields sealed on every append; reads return the stored envelopes unchanged (sealed), so
 * the notary, `verify` and the projections see exactly the bytes that are hashed. Open values at the edge with
 * `PersonalDataVault.openDeep`.
 */
export function sealingStore(store: EventStore, vault: PersonalDataVault): EventStore {
  return new Proxy(store, {
    get: (target, property, receiver) => {
      if (property === 'append') {
        return async (...[streamId, events, expected]: Parameters<EventStore['append']>) =>
          target.append(streamId, await Promise.all(events.map((event) => sealEvent(event, vault))), expected);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
