import type { ServerResponse } from 'node:http';
import type { AppRequest } from './auth.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;
/** Routes that take a file upload (multipart/form-data) instead of JSON. */
const UPLOAD_ROUTE = /^\/api\/imports\//;

/**
 * A command's body must be JSON (an upload route's: multipart/form-data): any other content type is a 415, before
 * anything tries to parse it.
 */
export function requireJsonBody(request: AppRequest, response: ServerResponse, next: () => void): void {
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  const type = request.headers['content-type'];
  const upload = UPLOAD_ROUTE.test(request.originalUrl ?? request.url ?? '');
  const accepted = upload ? MULTIPART_TYPE : JSON_TYPE;
  if (BODY_METHODS.has(request.method) && hasBody && (type === undefined || !accepted.test(type))) {
    response.statusCode = 415;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    const message = upload
      ? 'Send the file as Content-Type: multipart/form-data, in the field file.'
      : 'Send the body as Content-Type: application/json.';
    response.end(JSON.stringify({ error: 'unsupported_media_type', message }));
    return;
  }
  next();
}
