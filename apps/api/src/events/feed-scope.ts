import { mayRead, readScopeOf, redactEnvelope } from '@akkoord/application';
import type { Actor, EventStore, RecordedEvent } from '@akkoord/event-store';
import { onlyOwnCommitments } from '../platform/read-scope.js';

/**
 * What a stream is about, as far as its events so far say: its region and the organisations it concerns (for a
 * region stream: its members now, as the read routes judge a region).
 */
interface StreamFacts {
  regionId?: string;
  organisationIds: Set<string>;
  /** The last stream version learnt: an event the feed replays from before it is already in the facts. */
  version: number;
  /** Commitment id → the partner that made it (a withdrawal or fulfilment names only the commitment). */
  commitmentPartners: Map<string, string>;
}

const COMMITMENT_EVENTS = new Set(['PartnerCommitted', 'CommitmentWithdrawn', 'CommitmentFulfilled']);

function learn(facts: StreamFacts, event: RecordedEvent): void {
  if (event.streamVersion <= facts.version) return;
  facts.version = event.streamVersion;
  const data = event.data as {
    regionId?: string;
    leadPartnerId?: string;
    partnerId?: string;
    parties?: string[];
    commitmentId?: string;
  };
  if (facts.regionId === undefined && typeof data.regionId === 'string') facts.regionId = data.regionId;
  if (typeof data.leadPartnerId === 'string') facts.organisationIds.add(data.leadPartnerId);
  if (Array.isArray(data.parties)) for (const party of data.parties) facts.organisationIds.add(party);
  if ((event.type === 'PartnerCommitted' || event.type === 'PartnerJoinedRegion') && data.partnerId) {
    facts.organisationIds.add(data.partnerId);
  }
  // a partner that left a region is no longer one of those it concerns (a re-join makes it one again)
  if (event.type === 'PartnerLeftRegion' && data.partnerId) facts.organisationIds.delete(data.partnerId);
  if (event.type === 'PartnerCommitted' && data.commitmentId && data.partnerId) {
    facts.commitmentPartners.set(data.commitmentId, data.partnerId);
  }
}

/**
 * What the live feed (`GET /api/events/stream`) sends one reader, by the read table. Those who may read the raw log
 * get every envelope (without actor details unless they may see them). Everyone else gets the envelope of an event
 * only when they may read what it belongs to — the catalogue (programmes, partners), a region, an activity (a partner
 * representative: its own commitments only), an agreement — judged by its stream as stored when the feed first meets
 * it, and by each later event (a region by its members now: `PartnerLeftRegion` ends a partner's view of the region,
 * a re-join starts it again, as the read routes judge it); of any other event only its position, so the dashboard knows the ledger moved
 * (aggregates may have changed) and a reconnect resumes in the right place.
 */
export class FeedScope {
  private readonly streams = new Map<string, StreamFacts>();
  private readonly wholeLog: boolean;

  constructor(
    private readonly actor: Actor,
    private readonly store: EventStore,
  ) {
    this.wholeLog = readScopeOf(actor, 'rawEvents') === 'all';
  }

  /** The envelope as the reader may see it, or undefined when only its position may be told. */
  async reveal(event: RecordedEvent): Promise<RecordedEvent | undefined> {
    if (this.wholeLog || (await this.visible(event))) return redactEnvelope(event, this.actor);
    return undefined;
  }

  private async facts(event: RecordedEvent): Promise<StreamFacts> {
    let facts = this.streams.get(event.streamId);
    if (facts === undefined) {
      // the stream as stored now, as the read routes judge it (a partner that joined a region later sees its start)
      facts = { organisationIds: new Set(), commitmentPartners: new Map(), version: -1 };
      for (const e of await this.store.readStream(event.streamId)) learn(facts, e);
      this.streams.set(event.streamId, facts);
    }
    learn(facts, event);
    return facts;
  }

  private async visible(event: RecordedEvent): Promise<boolean> {
    const aggregate = event.streamId.slice(0, Math.max(0, event.streamId.indexOf('-')));
    const actor = this.actor;
    switch (aggregate) {
      case 'programme':
      case 'partner':
        return readScopeOf(actor, 'catalogue') !== 'none';
      case 'region': {
        const facts = await this.facts(event);
        const regionId = event.streamId.slice('region-'.length);
        const organisationIds = [...facts.organisationIds];
        // the partner that leaves is told so: the leave is the last region event it gets
        if (event.type === 'PartnerLeftRegion') organisationIds.push((event.data as { partnerId: string }).partnerId);
        return mayRead(actor, 'regions', { regionId, organisationIds });
      }
      case 'activity': {
        const facts = await this.facts(event);
        const concerns = { regionId: facts.regionId, organisationIds: [...facts.organisationIds] };
        if (!mayRead(actor, 'activities', concerns)) return false;
        if (!COMMITMENT_EVENTS.has(event.type) || !onlyOwnCommitments(actor, facts.regionId ?? '')) return true;
        const data = event.data as { partnerId?: string; commitmentId?: string };
        const partnerId = data.partnerId ?? facts.commitmentPartners.get(data.commitmentId ?? '');
        return partnerId === actor.organisationId;
      }
      case 'agreement': {
        const facts = await this.facts(event);
        return mayRead(actor, 'agreements', { regionId: facts.regionId, organisationIds: [...facts.organisationIds] });
      }
      default:
        return false;
    }
  }
}
