import type { ServerResponse } from 'node:http';
import type { AppRequest } from './auth.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** A command's body must be JSON: any other content type is a 415, before anything tries to parse it. */
export function requireJsonBody(request: AppRequest, response: ServerResponse, next: () => void): void {
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  const type = request.headers['content-type'];
  if (BODY_METHODS.has(request.method) && hasBody && (type === undefined || !JSON_TYPE.test(type))) {
    response.statusCode = 415;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(
      JSON.stringify({ error: 'unsupported_media_type', message: 'Send the body as Content-Type: application/json.' }),
    );
    return;
  }
  next();
}
