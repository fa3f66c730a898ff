import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokens, Unauthenticated } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import type { IncomingMessage } from 'node:http';

/** A request after the guard: the authenticated actor, when there is one. */
export type AppRequest = IncomingMessage & {
  actor?: Actor;
  body?: unknown;
  method: string;
  originalUrl?: string;
  route?: { path?: string };
  baseUrl?: string;
  id?: unknown;
};

const PUBLIC = Symbol('public');

/** Marks a route that needs no token (`/health`, `/metrics`). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The bearer token of a request, or undefined. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** The global guard: every route not marked `@Public()` needs a valid bearer token; the actor goes on the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AppRequest>();
    const token = bearerToken(request);
    if (token === undefined) throw new Unauthenticated('This route needs an Authorization: Bearer <token> header.');
    const actor = await this.tokens.authenticate(token);
    if (actor === undefined) throw new Unauthenticated('The bearer token is not known.');
    request.actor = actor;
    return true;
  }
}

/** The authenticated actor of the request (the guard ran before). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AppRequest>().actor;
  if (actor === undefined) throw new Unauthenticated('This route needs an Authorization: Bearer <token> header.');
  return actor;
});
