import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
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

/** What Node answers a request its parser refuses (by the error's code), as api.md's JSON instead of an empty body. */
const CLIENT_ERRORS: Record<string, { status: number; text: string; body: Record<string, unknown> }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    text: 'Request Header Fields Too Large',
    body: { error: 'request', message: 'The request headers are too large (at most 16 KB).' },
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    text: 'Payload Too Large',
    body: { error: 'payload_too_large', message: 'The chunk extensions are too large.' },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    text: 'Request Timeout',
    body: { error: 'request', message: 'The request did not arrive in time.' },
  },
};
const BAD_REQUEST = {
  status: 400,
  text: 'Bad Request',
  body: { error: 'validation', details: [{ field: 'request', message: 'the request is not valid HTTP' }] },
};

/**
 * The server's `clientError` handler: a request Node's HTTP parser refuses (headers over 16 KB, a malformed request
 * line, a request that timed out) gets its status with a JSON body saying why, like every other 4xx.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // the parser stays in error and reports every later chunk of the same request again: answer once
  if (answered.has(socket)) return;
  // a keep-alive socket has answered earlier requests: only an answer in flight must not be cut into
  const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  answered.add(socket);
  const { status, text, body } = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
  const json = JSON.stringify(body);
  // an answer to HEAD has no body (the request line is at the start of the bytes the parser refused)
  const head = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${head ? '' : json}`,
  );
  // closing while the client still sends (the rest of a huge header) would reset the connection before the client
  // read the answer: the rest is read and dropped, and the socket closed a moment later
  setTimeout(() => socket.destroy(), 2_000).unref();
}

const answered = new WeakSet<Duplex>();
