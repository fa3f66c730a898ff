import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { bearerToken, clientIp, sessionId, type AppRequest } from './auth.js';
import { WindowLimiter } from './window-limiter.js';

/** The credential a request is counted under: its bearer token, its session, or its address. */
export function rateLimitKey(request: AppRequest): string {
  const token = bearerToken(request);
  if (token !== undefined) return `token:${createHash('sha256').update(token).digest('base64url')}`;
  const session = sessionId(request);
  if (session !== undefined) return `session:${createHash('sha256').update(session).digest('base64url')}`;
  return `ip:${clientIp(request)}`;
}

/**
 * Requests per minute per token (per session for the web dashboard, per address without either) on `/api`: one too
 * many is a 429 with `Retry-After`, before the body is read. `limit` 0 turns it off.
 */
export function rateLimit(limitPerMinute: number) {
  const limiter = new WindowLimiter(limitPerMinute, 60_000);
  return (request: AppRequest, response: ServerResponse, next: () => void): void => {
    if (limitPerMinute === 0 || !(request.url ?? '').startsWith('/api')) return next();
    const hit = limiter.hit(rateLimitKey(request));
    if (!hit.blocked) return next();
    response.statusCode = 429;
    response.setHeader('Retry-After', String(hit.retryAfterSeconds));
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(
      JSON.stringify({
        error: 'too_many_requests',
        message: `More than ${limitPerMinute} requests in a minute; try again in ${hit.retryAfterSeconds} s.`,
      }),
    );
  };
}
