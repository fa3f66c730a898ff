import type { CommandType, DomainCommand } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import { Forbidden } from './errors.js';

export const ROLES = [
  'programme_office',
  'region_coordinator',
  'partner_representative',
  'analyst',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** The organisation id of the programme office (the bootstrap admin token's organisation). */
export const PROGRAMME_OFFICE = 'programme-office';

/**
 * Who may send each command (domain.md, "Who may do what"; api.md, "Commands"). One table: the guard, the command
 * runner and the role-matrix test all read it.
 * - `programme_office`: always;
 * - `region_coordinator`: only for a region in the actor's `regionIds`;
 * - `partner_representative`: only for the actor's own organisation.
 */
export const commandPermissions: { [T in CommandType]: readonly Role[] } = {
  LaunchProgramme: ['programme_office'],
  OpenMonitoringRound: ['programme_office'],
  FixMonitoringRound: ['programme_office'],
  EndProgramme: ['programme_office'],
  RegisterPartner: ['programme_office'],
  RenamePartner: ['programme_office'],
  RegisterRegion: ['programme_office'],
  JoinRegion: ['programme_office', 'region_coordinator'],
  ChangePartnerRole: ['programme_office', 'region_coordinator'],
  LeaveRegion: ['programme_office', 'region_coordinator'],
  PlanActivity: ['programme_office', 'region_coordinator'],
  AdjustAmbition: ['programme_office', 'region_coordinator'],
  ChangeActivityLead: ['programme_office', 'region_coordinator'],
  ReportStatus: ['programme_office', 'region_coordinator'],
  RecordBorging: ['programme_office', 'region_coordinator'],
  CloseActivity: ['programme_office', 'region_coordinator'],
  CommitPartner: ['partner_representative'],
  WithdrawCommitment: ['partner_representative'],
  FulfilCommitment: ['programme_office', 'region_coordinator', 'partner_representative'],
  DraftAgreement: ['programme_office', 'region_coordinator'],
  AmendAgreement: ['programme_office', 'region_coordinator'],
  TerminateAgreement: ['programme_office', 'region_coordinator'],
  SignAgreement: ['partner_representative'],
};

/** What a command is about: the region it acts in and the partner it acts for, where those matter. */
export interface CommandScope {
  regionId?: string;
  partnerId?: string;
}

/** Throws `Forbidden` with a reason unless one of the actor's roles allows the command in its scope. */
export function authorizeCommand(actor: Actor, command: DomainCommand, scope: CommandScope): void {
  const allowed = commandPermissions[command.type];
  const roles = actor.roles as Role[];
  if (roles.includes('programme_office') && allowed.includes('programme_office')) return;
  if (roles.includes('region_coordinator') && allowed.includes('region_coordinator')) {
    if (scope.regionId !== undefined && (actor.regionIds ?? []).includes(scope.regionId)) return;
  }
  if (roles.includes('partner_representative') && allowed.includes('partner_representative')) {
    if (scope.partnerId !== undefined && scope.partnerId === actor.organisationId) return;
  }
  throw new Forbidden(forbiddenReason(actor, command, scope, allowed));
}

function forbiddenReason(actor: Actor, command: DomainCommand, scope: CommandScope, allowed: readonly Role[]): string {
  const roles = actor.roles as Role[];
  if (!allowed.some((role) => roles.includes(role))) {
    return `${command.type} needs the role ${allowed.join(' or ')}; this token has ${roles.join(', ') || 'no role'}.`;
  }
  if (roles.includes('region_coordinator') && allowed.includes('region_coordinator') && scope.regionId !== undefined) {
    return `This token coordinates ${(actor.regionIds ?? []).join(', ') || 'no region'}, not region ${scope.regionId}.`;
  }
  return `This token acts for ${actor.organisationId}, not for ${scope.partnerId ?? 'this organisation'}.`;
}

/** Who may issue access tokens (`POST /api/tokens`, `akkoord tokens create`): a grant is a command of the office. */
export const tokenIssuers: readonly Role[] = ['programme_office'];

/** Throws `Forbidden` unless the actor has one of the roles. */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!(actor.roles as Role[]).some((role) => roles.includes(role))) {
    throw new Forbidden(`${what} needs the role ${roles.join(' or ')}.`);
  }
}
