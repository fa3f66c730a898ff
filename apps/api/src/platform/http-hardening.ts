import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { ServerTimeouts } from '../config.js';

type Next = (error?: unknown) => void;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

/**
 * Two `Authorization` headers are a 400: Node keeps only the first, so a proxy and the server could otherwise
 * disagree on who the request is.
 */
export function rejectDuplicateAuthorization(request: IncomingMessage, response: ServerResponse, next: Next): void {
  let count = 0;
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i].toLowerCase() === 'authorization') count++;
  }
  if (count > 1) {
    sendJson(response, 400, {
      error: 'validation',
      details: [{ field: 'Authorization', message: 'send one Authorization header, not several' }],
    });
    return;
  }
  next();
}

const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** `OPTIONS` on any path: 204 with `Allow` (CORS preflights of allowed origins are answered by the CORS middleware). */
export function answerOptions(request: IncomingMessage, response: ServerResponse, next: Next): void {
  if (request.method !== 'OPTIONS') return next();
  response.statusCode = 204;
  response.setHeader('Allow', ALLOW);
  response.end();
}

/** The CSP of the web dashboard (nothing from elsewhere; ECharts sets inline styles) and of Swagger UI at /docs. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** helmet's security headers with the dashboard's CSP; HSTS only matters behind https and is left to the proxy. */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}

/** The CORS options for `AKKOORD_CORS_ORIGINS`: only those origins, with cookies. */
export function corsOptions(origins: string[]) {
  return {
    origin: origins,
    credentials: true,
    methods: ALLOW,
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'If-Match',
      'X-Correlation-Id',
      'X-Request-Id',
      'X-Requested-With',
      'Last-Event-ID',
    ],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location'],
    maxAge: 600,
  };
}

/** Server timeouts, so a client that sends half a request cannot hold a socket. */
export function applyTimeouts(server: Server, timeouts: ServerTimeouts): void {
  server.headersTimeout = timeouts.headersTimeout;
  server.requestTimeout = timeouts.requestTimeout;
  server.keepAliveTimeout = timeouts.keepAliveTimeout;
}
