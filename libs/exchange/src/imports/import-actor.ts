/**
 * Who sends each imported row, and the ids that make importing the same row again append nothing. A planned row
 * keeps only what its append needs (row number, command, actor, ids), so a file of 100,000 rows stays small.
 */
import { createHash } from 'node:crypto';
import { commandIdFor, PROGRAMME_OFFICE } from '@akkoord/application';
import type { DomainCommand } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import type { ImportKind } from './import-kinds.js';

/** A row ready to run: its command, who sends it, and the ids that make a second import of it append nothing. */
export interface PlannedRow {
  row: number;
  command: DomainCommand;
  actor: Actor;
  /** The programme office's actor, when it imported the row for someone else. */
  importedBy?: Actor;
  commandId: string;
  /** SHA-256 of the kind and the row's canonical content: the row's idempotency key. */
  contentHash: string;
}

/**
 * Who the import acts as: the authenticated actor of a token (CLI: AKKOORD_TOKEN or --token-file; API: the bearer
 * token), with its roles and scope. Only the programme office may act for someone else (`asUser`, `organisationId`,
 * `role`); the events then record that actor and, as `importedBy`, the programme office's.
 */
export interface ImportActor {
  token: Actor;
  asUser?: string;
  organisationId?: string;
  role?: string;
  regionIds?: string[];
}

/** Acting for someone else needs a programme-office token. */
export class ActingForRefused extends Error {}

const isProgrammeOffice = (actor: Actor) => actor.roles.includes('programme_office');

/**
 * The actor a row is sent as, and who imported it when that is someone else. A commitment is a partner's own
 * promise: imported with a programme-office token, each row is sent as a representative of its partner, recorded
 * as imported by the programme office.
 */
export function actorFor(
  kind: ImportKind,
  command: DomainCommand,
  who: ImportActor,
): { actor: Actor; importedBy?: Actor } {
  const { token } = who;
  const actingFor = who.asUser !== undefined || who.organisationId !== undefined || who.role !== undefined;
  if (actingFor && !isProgrammeOffice(token)) {
    throw new ActingForRefused(
      `Only a programme-office token may import for someone else; this token is ${token.userId}'s (${token.roles.join(', ')}).`,
    );
  }
  const partnerId = kind.name === 'commitments' ? (command.data as { partnerId: string }).partnerId : undefined;
  if (actingFor) {
    const role = who.role ?? (partnerId !== undefined ? 'partner_representative' : 'programme_office');
    const actor: Actor = {
      userId: who.asUser ?? token.userId,
      organisationId: who.organisationId ?? (role === 'partner_representative' ? partnerId! : PROGRAMME_OFFICE),
      roles: [role],
      regionIds: who.regionIds ?? [],
    };
    return { actor, importedBy: token };
  }
  if (partnerId !== undefined && isProgrammeOffice(token)) {
    const actor: Actor = {
      userId: token.userId,
      organisationId: partnerId,
      roles: ['partner_representative'],
      regionIds: [],
    };
    return { actor, importedBy: token };
  }
  return { actor: token };
}

/**
 * Plans rows as `who`: each row's idempotency key (the same content of the same kind is the same command, whoever
 * imports it) and its actor, one shared object per distinct actor rather than one per row.
 */
export function planner(kind: ImportKind, who: ImportActor): (row: number, command: DomainCommand) => PlannedRow {
  const actors = new Map<string, { actor: Actor; importedBy?: Actor }>();
  return (row, command) => {
    const contentHash = sha256(`${kind.name}\n${stableJson(command)}`);
    // the actor differs per row only by a commitment's partner
    const key = kind.name === 'commitments' ? (command.data as { partnerId: string }).partnerId : '';
    let shared = actors.get(key);
    if (shared === undefined) actors.set(key, (shared = actorFor(kind, command, who)));
    return { row, command, ...shared, commandId: commandIdFor('import', contentHash), contentHash };
  };
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that equal content always hashes the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
