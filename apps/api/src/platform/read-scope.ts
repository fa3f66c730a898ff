import { mayRead, seesActorDetails, type Concerns } from '@akkoord/application';
import type { Actor, RecordedEvent } from '@akkoord/event-store';

/** What an activity is about: its region, its lead and every committing partner. */
export function activityConcerns(view: {
  regionId: string;
  leadPartnerId?: string;
  commitments?: readonly { partnerId: string }[];
}): Concerns {
  return {
    regionId: view.regionId,
    organisationIds: [
      ...(view.leadPartnerId ? [view.leadPartnerId] : []),
      ...(view.commitments ?? []).map((c) => c.partnerId),
    ],
  };
}

/** What an activity stream is about, from its events (the plan names region and lead; commitments their partner). */
export function activityStreamConcerns(events: readonly RecordedEvent[]): Concerns {
  const organisationIds: string[] = [];
  let regionId: string | undefined;
  for (const event of events) {
    const data = event.data as { regionId?: string; leadPartnerId?: string; partnerId?: string };
    if (event.type === 'ActivityPlanned') regionId = data.regionId;
    if (data.leadPartnerId) organisationIds.push(data.leadPartnerId);
    if (event.type === 'PartnerCommitted' && data.partnerId) organisationIds.push(data.partnerId);
  }
  return { regionId, organisationIds };
}

/**
 * A partner representative (whose only scope on the activity is its own organisation) sees only its own
 * organisation's commitments; anyone who may read the activity's region in full sees all of them.
 */
export function onlyOwnCommitments(actor: Actor, regionId: string): boolean {
  return !mayRead(actor, 'activities', { regionId });
}

/** Removes the user id from an actor object unless the actor reading may see it. */
export function withoutUserId<T extends { actor?: unknown }>(item: T, reader: Actor): T {
  if (seesActorDetails(reader) || item.actor === null || typeof item.actor !== 'object') return item;
  const { organisationId, roles } = item.actor as { organisationId?: string; roles?: string[] };
  return { ...item, actor: { organisationId, ...(roles && { roles }) } };
}
