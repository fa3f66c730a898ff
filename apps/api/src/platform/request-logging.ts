import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppRequest } from './auth.js';
import type { Metrics } from '../metrics/metrics.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Query parameters whose values are secrets by their name. */
const SECRET_PARAM = /token|secret|password|passwd|code|key|signature|session|auth|cookie|credential/i;
/** Values that look like a secret whatever their name: Akkoord tokens, long mixed-case random strings (ids are lowercase). */
function looksSecret(value: string): boolean {
  if (/^akk_/.test(value)) return true;
  return /^[A-Za-z0-9_+/=.-]{24,}$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);
}

/**
 * The URL as it may be logged: every query value that is secret by its name or looks like a token is replaced by
 * `[redacted]` (tokens never belong in URLs, but a client may still put one there).
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const hash = url.indexOf('#', query);
  const search = url.slice(query + 1, hash < 0 ? undefined : hash);
  const redacted = search
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      let value = pair.slice(eq + 1);
      try {
        value = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        // keep it as sent
      }
      return SECRET_PARAM.test(name) || looksSecret(value) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, query)}?${redacted}`;
}

/**
 * One log line per request (pino-http) with a request id (`X-Request-Id`, or a new uuid, echoed back), the actor
 * when known, and no tokens: only method, url and a few harmless headers are logged.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(request: IncomingMessage, response: ServerResponse) {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    customProps(request: IncomingMessage) {
      const actor = (request as AppRequest).actor;
      return actor ? { userId: actor.userId, organisationId: actor.organisationId } : {};
    },
    customLogLevel(_request, response, error) {
      if (error || response.statusCode >= 500) return 'error';
      return response.statusCode >= 400 ? 'warn' : 'info';
    },
    serializers: {
      req: (request: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: request.id,
        method: request.method,
        url: redactUrl(request.url),
        userAgent: request.headers['user-agent'],
        correlationId: request.headers['x-correlation-id'],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  });
}

/** Counts and times every request by the route it matched (`unmatched` for a 404 of no route). */
export function requestMetrics(metrics: Metrics) {
  return (request: AppRequest, response: ServerResponse, next: () => void) => {
    const stop = metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const route = request.route?.path ? `${request.baseUrl ?? ''}${request.route.path}` : 'unmatched';
      const labels = { method: request.method, route, status: String(response.statusCode) };
      metrics.httpRequests.inc(labels);
      stop(labels);
    });
    next();
  };
}
