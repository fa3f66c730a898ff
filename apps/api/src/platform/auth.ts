import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokens, Forbidden, Unauthenticated } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, Sessions } from '../sign-in/sessions.js';
import { SignInLimiter } from '../sign-in/sign-in-limiter.js';

/** A request after the guard: the authenticated actor, when there is one. */
export type AppRequest = IncomingMessage & {
  actor?: Actor;
  /** How the actor signed in: a bearer token or the session cookie. */
  authMethod?: 'bearer' | 'cookie';
  body?: unknown;
  method: string;
  originalUrl?: string;
  route?: { path?: string };
  baseUrl?: string;
  id?: unknown;
  ip?: string;
  secure?: boolean;
  cookies?: Record<string, string | undefined>;
};

const PUBLIC = Symbol('public');

/** Marks a route that needs no token (`/health`, `/metrics`, `/api/session`). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The value the web client sends in `X-Requested-With`; cookie-authenticated unsafe methods need it. */
export const WEB_CLIENT_HEADER = 'akkoord-web';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The bearer token of a request, or undefined. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** The session id the request's cookie carries, or undefined. */
export function sessionId(request: AppRequest): string | undefined {
  const value = request.cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The client's address as the socket sees it (no proxy headers are trusted). */
export function clientIp(request: AppRequest): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}

/**
 * Who a request is: a bearer token (`Authorization: Bearer`, for API clients) or the session cookie (for the web
 * dashboard). Unknown bearer tokens count as failed sign-ins of the client's address.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(Sessions) private readonly sessions: Sessions,
    @Inject(SignInLimiter) private readonly limiter: SignInLimiter,
  ) {}

  /** The actor of the request, or throws 401 (no or unknown credentials), 403 (CSRF) or 429 (too many failures). */
  async authenticate(request: AppRequest): Promise<Actor> {
    if (request.headers.authorization !== undefined) {
      const ip = clientIp(request);
      this.limiter.check(ip);
      const token = bearerToken(request);
      const actor = token === undefined ? undefined : await this.tokens.authenticate(token);
      if (actor === undefined) {
        this.limiter.fail(ip);
        throw new Unauthenticated(
          token === undefined ? 'The Authorization header must be "Bearer <token>".' : 'The bearer token is not known.',
        );
      }
      request.authMethod = 'bearer';
      return actor;
    }
    const session = this.sessions.get(sessionId(request));
    if (session === undefined) {
      throw new Unauthenticated(
        sessionId(request) === undefined
          ? 'This route needs an Authorization: Bearer <token> header or a session (POST /api/session).'
          : 'The session has ended or expired; sign in again (POST /api/session).',
      );
    }
    if (UNSAFE_METHODS.has(request.method) && request.headers['x-requested-with'] !== WEB_CLIENT_HEADER) {
      throw new Forbidden(
        `A ${request.method} with the session cookie needs the header X-Requested-With: ${WEB_CLIENT_HEADER}.`,
      );
    }
    request.authMethod = 'cookie';
    return session.actor;
  }
}

/** The global guard: every route not marked `@Public()` needs a valid bearer token or session; the actor goes on the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AppRequest>();
    request.actor = await this.authenticator.authenticate(request);
    return true;
  }
}

/** The authenticated actor of the request (the guard ran before). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AppRequest>().actor;
  if (actor === undefined) throw new Unauthenticated('This route needs an Authorization: Bearer <token> header.');
  return actor;
});
