import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { PEOPLE_STREAM, RuleViolation, sealedKeyId, type PersonForgottenData } from '@akkoord/domain';
import type { Actor, EventStore, RecordedEvent } from '@akkoord/event-store';
import { PROGRAMME_OFFICE, type Role } from './permissions.js';
import type { PersonalDataVault } from './personal-data/vault.js';

/** Every token ever issued is an event on this stream; only the SHA-256 of a token is stored. */
export const ACCESS_TOKENS_STREAM = 'access-tokens';

export interface TokenGrant {
  userId: string;
  organisationId: string;
  roles: Role[];
  regionIds: string[];
}

/** The grant an authenticated token stands for, with the id of the token (absent for `AKKOORD_ADMIN_TOKEN`). */
export interface KnownToken extends TokenGrant {
  tokenId?: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** How long the live follower waits for an append before looking at the token stream anyway. */
const FOLLOW_POLL_MS = 2000;

/**
 * Bearer tokens. `AKKOORD_ADMIN_TOKEN` is a programme-office token; other tokens are issued by the programme office
 * and recorded as `AccessTokenIssued` events (so who gave whom access is part of the audited record), holding the
 * token's hash, never the token.
 *
 * Every known token is held in memory: `load()` reads the stream once, `issue()` adds what this process issues and
 * `follow()` picks up what others append (the CLI, another node), so an unknown token costs no store read.
 */
export class AccessTokens {
  private readonly byHash = new Map<string, KnownToken>();
  private readVersion = -1;
  private peopleVersion = -1;
  /** The person key id of each token's user (sealed grants): a forgotten person's tokens are revoked. */
  private readonly keyIdByHash = new Map<string, string>();
  private readonly adminHash: Buffer | undefined;
  private catchingUp: Promise<void> | undefined;
  /** The ledger's head just before `load()` read the tokens. */
  private loadedAt = -1;

  constructor(
    private readonly store: EventStore,
    adminToken: string | undefined,
    private readonly vault?: PersonalDataVault,
  ) {
    this.adminHash = adminToken === undefined ? undefined : Buffer.from(hashToken(adminToken), 'hex');
  }

  /** Whether `AKKOORD_ADMIN_TOKEN` is set. */
  get hasAdminToken(): boolean {
    return this.adminHash !== undefined;
  }

  /** Reads every issued token into memory (call once at start; `follow` keeps it current). */
  async load(): Promise<void> {
    this.loadedAt = await this.store.headPosition();
    await this.catchUp();
  }

  /** Keeps the in-memory tokens current with what others append, until the signal aborts. */
  async follow(signal: AbortSignal): Promise<void> {
    let head = this.loadedAt;
    while (!signal.aborted) {
      try {
        await this.store.waitForAppend(FOLLOW_POLL_MS, signal);
        if (signal.aborted) break;
        // the token stream is read only when the ledger grew
        const now = await this.store.headPosition();
        if (now !== head) await this.catchUp();
        head = now;
      } catch {
        // the store is away or closing: try again after a pause (or stop when aborted)
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS).unref());
      }
    }
  }

  /** Whether any programme-office token exists (the bootstrap admin token included). */
  hasProgrammeOfficeToken(): boolean {
    if (this.adminHash) return true;
    return [...this.byHash.values()].some((grant) => grant.roles.includes('programme_office'));
  }

  /** The actor a bearer token stands for, or undefined when the token is unknown (no store read). */
  async authenticate(token: string): Promise<Actor | undefined> {
    // a one-shot user (the CLI, a test) need not call load(): the first question loads the tokens
    if (this.loadedAt < 0) await this.load();
    const known = this.lookup(token);
    return (
      known && {
        userId: known.userId,
        organisationId: known.organisationId,
        roles: [...known.roles],
        regionIds: [...known.regionIds],
      }
    );
  }

  /** The grant and token id of a bearer token, or undefined. */
  lookup(token: string): KnownToken | undefined {
    if (!token) return undefined;
    const hash = hashToken(token);
    if (this.adminHash && timingSafeEqual(this.adminHash, Buffer.from(hash, 'hex'))) {
      return { userId: 'admin', organisationId: PROGRAMME_OFFICE, roles: ['programme_office'], regionIds: [] };
    }
    return this.byHash.get(hash);
  }

  /**
   * Issues a new token; the caller sees it once. The grant is checked first (`checkGrant`), so every way of issuing
   * one (the API, the CLI, the sign-in link) refuses the same grants with the same reason.
   */
  async issue(grant: TokenGrant, issuer: Actor): Promise<{ token: string; tokenId: string; globalPosition: number }> {
    await checkGrant(this.store, grant);
    const token = `akk_${randomBytes(32).toString('base64url')}`;
    const tokenId = randomUUID();
    const result = await this.store.append(
      ACCESS_TOKENS_STREAM,
      [
        {
          eventId: randomUUID(),
          type: 'AccessTokenIssued',
          data: { tokenId, tokenHash: hashToken(token), ...grant },
          metadata: { actor: issuer, commandId: randomUUID() },
        },
      ],
      'any',
    );
    this.byHash.set(hashToken(token), { ...grant, tokenId });
    const keyId = sealedKeyId(result.events[0]?.data.userId);
    if (keyId !== undefined) this.keyIdByHash.set(hashToken(token), keyId);
    return { token, tokenId, globalPosition: result.globalPosition };
  }

  /** One catch-up at a time; a second caller waits for the running one and then reads what came since. */
  private async catchUp(): Promise<void> {
    while (this.catchingUp) await this.catchingUp;
    this.catchingUp = this.readNew().finally(() => (this.catchingUp = undefined));
    await this.catchingUp;
  }

  /** Revokes every token of a forgotten person (by their key id), at once in this process. */
  revokePerson(keyId: string): void {
    for (const [hash, owner] of this.keyIdByHash) {
      if (owner !== keyId) continue;
      this.byHash.delete(hash);
      this.keyIdByHash.delete(hash);
    }
  }

  private async readNew(): Promise<void> {
    const events = await this.store.readStream(ACCESS_TOKENS_STREAM, { fromVersion: this.readVersion + 1 });
    for (const event of events) await this.apply(event);
    const forgotten = await this.store.readStream(PEOPLE_STREAM, { fromVersion: this.peopleVersion + 1 });
    for (const event of forgotten) {
      if (event.type === 'PersonForgotten') this.revokePerson((event.data as unknown as PersonForgottenData).keyId);
      this.peopleVersion = event.streamVersion;
    }
  }

  private async apply(event: RecordedEvent): Promise<void> {
    if (event.type === 'AccessTokenIssued') {
      const { tokenHash, tokenId, userId, organisationId, roles, regionIds } = event.data as unknown as KnownToken & {
        tokenHash: string;
      };
      const keyId = sealedKeyId(userId);
      // a sealed user id is opened; when the person was forgotten their token is void
      const opened = keyId === undefined ? userId : await this.vault?.open(userId);
      if (opened !== undefined) {
        this.byHash.set(tokenHash, { tokenId, userId: opened, organisationId, roles, regionIds });
        if (keyId !== undefined) this.keyIdByHash.set(tokenHash, keyId);
      }
    }
    this.readVersion = event.streamVersion;
  }
}

/**
 * A grant names only what exists (domain.md: an actor's organisation is "a partner id or the programme office"):
 * every region in `regionIds` is registered; a partner representative acts for a registered partner; a programme
 * office or region coordinator token belongs to the programme office or a registered partner. A token of readers
 * only (analyst, auditor) may name an organisation outside the ledger (a court of audit, a statistics office): its
 * organisation grants it nothing. Throws `RuleViolation` (HTTP 422: `unknown_region`, `unknown_organisation`).
 */
export async function checkGrant(store: EventStore, grant: TokenGrant): Promise<void> {
  for (const regionId of grant.regionIds) {
    const region = await store.readStream(`region-${regionId}`, { toVersion: 0 });
    if (region.length === 0) throw new RuleViolation('unknown_region', `No region with id ${regionId} is registered.`);
  }
  const roles = grant.roles as readonly string[];
  const actsForPartner = roles.includes('partner_representative');
  const actsInLedger = actsForPartner || roles.includes('programme_office') || roles.includes('region_coordinator');
  if (!actsInLedger) return;
  if (!actsForPartner && grant.organisationId === PROGRAMME_OFFICE) return;
  const partner = await store.readStream(`partner-${grant.organisationId}`, { toVersion: 0 });
  if (partner.length === 0) {
    throw new RuleViolation(
      'unknown_organisation',
      actsForPartner
        ? `A partner representative acts for a registered partner; no partner with id ${grant.organisationId} is registered.`
        : `The organisation must be ${PROGRAMME_OFFICE} or a registered partner; no partner with id ${grant.organisationId} is registered.`,
    );
  }
}
