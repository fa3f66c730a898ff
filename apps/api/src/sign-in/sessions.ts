import { randomBytes } from 'node:crypto';
import type { Actor } from '@akkoord/event-store';

/** The cookie that carries a browser session. */
export const SESSION_COOKIE = 'akkoord_session';

export interface Session {
  actor: Actor;
  expiresAt: Date;
}

/** At most this many live sessions; the oldest is dropped beyond it (a flood of sign-ins cannot exhaust memory). */
const MAX_SESSIONS = 100_000;

/**
 * Browser sessions, held in this process's memory: a session id is 32 random bytes, known only to the browser
 * (HttpOnly cookie) and to this map. A restart ends every session; the browser then signs in again.
 */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly hours: number,
    private readonly clock: () => Date,
  ) {}

  start(actor: Actor): { id: string; session: Session } {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    const session = { actor, expiresAt: new Date(this.clock().getTime() + this.hours * 3_600_000) };
    this.byId.set(id, session);
    if (this.byId.size > MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value as string);
    return { id, session };
  }

  /** The live session of an id, or undefined (unknown, ended or expired). */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.byId.get(id);
    if (!session) return undefined;
    if (session.expiresAt.getTime() <= this.clock().getTime()) {
      this.byId.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.byId.delete(id);
  }

  private sweep(): void {
    const now = this.clock().getTime();
    for (const [id, session] of this.byId) if (session.expiresAt.getTime() <= now) this.byId.delete(id);
  }
}
