import { PROGRAMME_OFFICE } from '@akkoord/application';
import type { DomainCommand, PartnerKind, RegionRole } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';

/** One command of the demo, with who sends it and when the ledger records it. */
export interface DemoStep {
  /** The simulated moment the ledger records it (ms since the epoch). */
  at: number;
  actor: Actor;
  command: DomainCommand;
  /** How many events it appends: a signature that completes a version appends two (signed, in force). */
  events: number;
}

export interface DemoPartner {
  id: string;
  name: string;
  kind: PartnerKind;
}

/** A partner's place in one region. */
export interface DemoMember {
  partner: DemoPartner;
  role: RegionRole;
  joinedAt: number;
  /** Set when the partner leaves the region (it then commits and signs nothing there). */
  leftAt?: number;
  /** A "project tourist": signs and promises, never delivers, never leads. */
  tourist: boolean;
}

export interface DemoRegion {
  id: string;
  name: string;
  central: DemoPartner;
  members: DemoMember[];
  coordinator: Actor;
}

/** Collects steps; the scenario sorts them by `at` at the end. */
export class StepLog {
  readonly steps: DemoStep[] = [];

  add(at: number, actor: Actor, command: DomainCommand, events = 1): number {
    this.steps.push({ at, actor, command, events });
    return at;
  }
}

export const PROGRAMME_OFFICE_ACTOR: Actor = {
  userId: 'programmabureau',
  organisationId: PROGRAMME_OFFICE,
  roles: ['programme_office'],
  regionIds: [],
};

export function coordinatorOf(regionId: string, central: DemoPartner): Actor {
  return {
    userId: `coordinator-${regionId}`,
    organisationId: central.id,
    roles: ['region_coordinator'],
    regionIds: [regionId],
  };
}

export function representativeOf(partnerId: string): Actor {
  return { userId: `rep-${partnerId}`, organisationId: partnerId, roles: ['partner_representative'], regionIds: [] };
}

/** Members at moment `at`: joined before it and not left by then. */
export function membersAt(region: DemoRegion, at: number): DemoMember[] {
  return region.members.filter((m) => m.joinedAt < at && (m.leftAt === undefined || m.leftAt > at));
}
