import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Actor, EventStore } from '@akkoord/event-store';
import { PROGRAMME_OFFICE, type Role } from './permissions.js';

/** Every token ever issued is an event on this stream; only the SHA-256 of a token is stored. */
export const ACCESS_TOKENS_STREAM = 'access-tokens';

export interface TokenGrant {
  userId: string;
  organisationId: string;
  roles: Role[];
  regionIds: string[];
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Bearer tokens. `AKKOORD_ADMIN_TOKEN` is a programme-office token; other tokens are issued by the programme office
 * and recorded as `AccessTokenIssued` events (so who gave whom access is part of the audited record), holding the
 * token's hash, never the token.
 */
export class AccessTokens {
  private readonly byHash = new Map<string, TokenGrant>();
  private readVersion = -1;
  private readonly adminHash: Buffer | undefined;

  constructor(
    private readonly store: EventStore,
    adminToken: string | undefined,
  ) {
    this.adminHash = adminToken === undefined ? undefined : Buffer.from(hashToken(adminToken), 'hex');
  }

  /** The actor a bearer token stands for, or undefined when the token is unknown. */
  async authenticate(token: string): Promise<Actor | undefined> {
    if (!token) return undefined;
    const hash = hashToken(token);
    if (this.adminHash && timingSafeEqual(this.adminHash, Buffer.from(hash, 'hex'))) {
      return { userId: 'admin', organisationId: PROGRAMME_OFFICE, roles: ['programme_office'], regionIds: [] };
    }
    let grant = this.byHash.get(hash);
    if (!grant) {
      await this.catchUp();
      grant = this.byHash.get(hash);
    }
    return (
      grant && {
        userId: grant.userId,
        organisationId: grant.organisationId,
        roles: [...grant.roles],
        regionIds: [...grant.regionIds],
      }
    );
  }

  /** Issues a new token; the caller sees it once. */
  async issue(grant: TokenGrant, issuer: Actor): Promise<{ token: string; tokenId: string; globalPosition: number }> {
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
    this.byHash.set(hashToken(token), grant);
    return { token, tokenId, globalPosition: result.globalPosition };
  }

  private async catchUp(): Promise<void> {
    const events = await this.store.readStream(ACCESS_TOKENS_STREAM, { fromVersion: this.readVersion + 1 });
    for (const event of events) {
      if (event.type === 'AccessTokenIssued') {
        const { tokenHash, userId, organisationId, roles, regionIds } = event.data as unknown as TokenGrant & {
          tokenHash: string;
        };
        this.byHash.set(tokenHash, { userId, organisationId, roles, regionIds });
      }
      this.readVersion = event.streamVersion;
    }
  }
}
