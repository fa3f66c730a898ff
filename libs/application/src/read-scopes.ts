import type { Actor, RecordedEvent } from '@akkoord/event-store';
import { Forbidden } from './errors.js';
import type { Role } from './permissions.js';

/**
 * How much of a kind of data a role sees:
 * - `all`: everything;
 * - `own_regions`: what belongs to the regions in the actor's `regionIds`;
 * - `own_organisation`: what concerns the actor's organisation (its commitments and the activities it leads or
 *   commits to, agreements it is a party to, its own involvement rows, the regions it is a member of);
 * - `none`: nothing (403).
 */
export type ReadScope = 'all' | 'own_regions' | 'own_organisation' | 'none';

export type ReadKind =
  | 'catalogue'
  | 'aggregates'
  | 'activities'
  | 'regions'
  | 'involvement'
  | 'agreements'
  | 'rawEvents'
  | 'audit'
  | 'ledgerProofs'
  | 'operations'
  | 'actorDetails';

/**
 * Who may read what (issue 12, "Who may read what"; domain.md, "Who may do what"). One table: every read controller,
 * the exports and the read-matrix test use it. The catalogue is what the ledger's lists name: programmes, regions and
 * partners (with membership and counts), the public frame every view is built on. Aggregates are the monitor, the time
 * series and the read models' status. Ledger proofs are the tree heads and the proofs; operations are the integrity
 * status (`/api/ledger/status`), the health details and the metrics. Actor details are user and token ids in event
 * metadata, the audit trail and token grants.
 */
export const readScopes: Record<ReadKind, Record<Role, ReadScope>> = {
  catalogue: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'all',
    region_coordinator: 'all',
    partner_representative: 'all',
  },
  aggregates: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'all',
    region_coordinator: 'all',
    partner_representative: 'all',
  },
  activities: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'all',
    region_coordinator: 'own_regions',
    partner_representative: 'own_organisation',
  },
  regions: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'all',
    region_coordinator: 'own_regions',
    partner_representative: 'own_organisation',
  },
  involvement: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'all',
    region_coordinator: 'own_regions',
    partner_representative: 'own_organisation',
  },
  agreements: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'all',
    region_coordinator: 'own_regions',
    partner_representative: 'own_organisation',
  },
  rawEvents: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'all',
    region_coordinator: 'none',
    partner_representative: 'none',
  },
  audit: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'none',
    region_coordinator: 'none',
    partner_representative: 'none',
  },
  ledgerProofs: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'none',
    region_coordinator: 'none',
    partner_representative: 'none',
  },
  operations: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'none',
    region_coordinator: 'none',
    partner_representative: 'none',
  },
  actorDetails: {
    programme_office: 'all',
    auditor: 'all',
    analyst: 'none',
    region_coordinator: 'none',
    partner_representative: 'none',
  },
};

const ORDER: ReadScope[] = ['none', 'own_organisation', 'own_regions', 'all'];

/** The widest scope any of the actor's roles gives for a kind of data. */
export function readScopeOf(actor: Actor, kind: ReadKind): ReadScope {
  let best: ReadScope = 'none';
  for (const role of actor.roles as Role[]) {
    const scope = readScopes[kind][role] ?? 'none';
    if (ORDER.indexOf(scope) > ORDER.indexOf(best)) best = scope;
  }
  return best;
}

/** Throws `Forbidden` when the actor sees nothing of this kind. */
export function requireRead(actor: Actor, kind: ReadKind, what: string): ReadScope {
  const scope = readScopeOf(actor, kind);
  if (scope === 'none') {
    const roles = (Object.keys(readScopes[kind]) as Role[]).filter((r) => readScopes[kind][r] !== 'none');
    throw new Forbidden(`${what} needs the role ${roles.join(' or ')}.`);
  }
  return scope;
}

/** What a row is about, for the scope check. */
export interface Concerns {
  regionId?: string;
  /** Organisations the row concerns: the lead, committing partners, parties, members, the partner of a row. */
  organisationIds?: readonly string[];
}

/** Whether the actor may see a row or object of this kind (any of its roles may allow it). */
export function mayRead(actor: Actor, kind: ReadKind, concerns: Concerns): boolean {
  return (actor.roles as Role[]).some((role) => {
    switch (readScopes[kind][role]) {
      case 'all':
        return true;
      case 'own_regions':
        return concerns.regionId !== undefined && (actor.regionIds ?? []).includes(concerns.regionId);
      case 'own_organisation':
        return (concerns.organisationIds ?? []).includes(actor.organisationId);
      default:
        return false;
    }
  });
}

/**
 * What of a kind the actor sees, as a filter a query applies before it cuts a page (so pages are full and cursors
 * right): undefined when the actor sees everything; else the rows of these regions or concerning these organisations
 * (both empty when it sees nothing). Equivalent to `mayRead` row by row.
 */
export interface ScopeFilter {
  regionIds: string[];
  organisationIds: string[];
}

export function scopeFilterOf(actor: Actor, kind: ReadKind): ScopeFilter | undefined {
  const regionIds = new Set<string>();
  const organisationIds = new Set<string>();
  for (const role of actor.roles as Role[]) {
    switch (readScopes[kind][role]) {
      case 'all':
        return undefined;
      case 'own_regions':
        for (const id of actor.regionIds ?? []) regionIds.add(id);
        break;
      case 'own_organisation':
        organisationIds.add(actor.organisationId);
        break;
      default:
        break;
    }
  }
  return { regionIds: [...regionIds], organisationIds: [...organisationIds] };
}

/** Throws `Forbidden` unless the actor may see the object. */
export function requireReadOf(actor: Actor, kind: ReadKind, concerns: Concerns, what: string): void {
  requireRead(actor, kind, what);
  if (!mayRead(actor, kind, concerns)) {
    const regions = (actor.regionIds ?? []).join(', ') || 'no region';
    throw new Forbidden(
      `${what} is outside this token's scope (regions: ${regions}; organisation: ${actor.organisationId}).`,
    );
  }
}

/** Whether the actor sees who did what (user and token ids). */
export function seesActorDetails(actor: Actor): boolean {
  return readScopeOf(actor, 'actorDetails') === 'all';
}

/**
 * An envelope as the actor may see it: without actor details (the user id in `metadata.actor`, and the user and token
 * ids and token hash of an `AccessTokenIssued`) unless the actor may see them. The organisation and roles stay.
 */
export function redactEnvelope(event: RecordedEvent, actor: Actor): RecordedEvent {
  if (seesActorDetails(actor)) return event;
  const metadata = { ...event.metadata } as RecordedEvent['metadata'] & Record<string, unknown>;
  if (metadata.actor) {
    const { organisationId, roles } = metadata.actor;
    metadata.actor = { organisationId, roles } as RecordedEvent['metadata']['actor'];
  }
  let data = event.data;
  if (event.type === 'AccessTokenIssued') {
    const { organisationId, roles, regionIds } = data as Record<string, unknown>;
    data = { organisationId, roles, regionIds };
  }
  return { ...event, data, metadata };
}
