import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PROGRAMME_OFFICE, type AccessTokens, type KnownToken } from '@akkoord/application';

/** Who issues the programme-office token that the one-time sign-in code is traded for (as the ledger records it). */
const SIGN_IN_LINK_ACTOR = {
  userId: 'sign-in-link',
  organisationId: PROGRAMME_OFFICE,
  roles: ['programme_office'],
  regionIds: [],
};

/**
 * The one-time sign-in code: on a ledger without any programme-office token and without `AKKOORD_ADMIN_TOKEN`, the
 * first start prints `Open http://…/aanmelden#code=…`. The code lives only in this process's memory and works once:
 * trading it issues a real programme-office token (an `AccessTokenIssued` event, so the grant is on record).
 */
export class SignInCode {
  private code: Buffer | undefined;

  constructor(private readonly tokens: AccessTokens) {}

  /** Makes a code when nobody can sign in otherwise; answers it (or undefined). */
  prepare(): string | undefined {
    if (this.tokens.hasProgrammeOfficeToken()) return undefined;
    const code = randomBytes(24).toString('base64url');
    this.code = Buffer.from(code, 'utf8');
    return code;
  }

  /** Trades the code for a new programme-office token's grant; undefined for a wrong or used code. */
  async trade(code: string): Promise<KnownToken | undefined> {
    const expected = this.code;
    const given = Buffer.from(code, 'utf8');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    this.code = undefined;
    const grant = {
      userId: 'programme-office',
      organisationId: PROGRAMME_OFFICE,
      roles: ['programme_office' as const],
      regionIds: [],
    };
    try {
      const { tokenId } = await this.tokens.issue(grant, SIGN_IN_LINK_ACTOR);
      return { ...grant, tokenId };
    } catch (error) {
      this.code = expected; // nothing was issued: the code still works
      throw error;
    }
  }
}

/** The start-up line that says where to open the dashboard and how to sign in. */
export function signInLine(baseUrl: string, code: string | undefined, hasAdminToken: boolean): string {
  if (code !== undefined) return `Open ${baseUrl}/aanmelden#code=${code}`;
  if (hasAdminToken) return `Open ${baseUrl}/aanmelden and sign in with the token in AKKOORD_ADMIN_TOKEN`;
  return `Open ${baseUrl}/aanmelden and sign in with your access token (akkoord tokens create issues one)`;
}
