import { ArgumentsHost, Catch, HttpException, HttpStatus, Inject, type ExceptionFilter } from '@nestjs/common';
import { Forbidden, IdempotencyKeyReused, TooMuchContention, Unauthenticated } from '@akkoord/application';
import { NotFound, RuleViolation } from '@akkoord/domain';
import {
  CorruptEvent,
  DuplicateEventId,
  LedgerReadOnly,
  InvalidAppend,
  InvalidQuery,
  isConnectionError,
  isStorageFull,
  StoreUnavailable,
  WrongExpectedVersion,
} from '@akkoord/event-store';
import type { Logger } from 'pino';
import type { ServerResponse } from 'node:http';
import type { AppRequest } from './auth.js';
import { LOGGER } from './tokens.js';
import { ValidationFailed } from './validation.js';
import { redactUrl } from './request-logging.js';
import { setRetryAfter, TooManyRequests } from '../sign-in/sign-in-limiter.js';

/** An error as the API answers it: the status, api.md's body, and an outcome label for the metrics. */
export interface HttpError {
  status: number;
  body: Record<string, unknown>;
  outcome: string;
}

/** Errors body-parser raises (they carry a `type` such as `entity.parse.failed`). */
interface BodyParserError {
  type: string;
  status?: number;
  expose?: boolean;
  message: string;
}

/** Maps every error to one shape of api.md. Anything unknown is a 500: a bug of ours, never the client's. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof ValidationFailed) {
    return { status: 400, body: { error: 'validation', details: error.details }, outcome: 'validation' };
  }
  // Nest's express adapter wraps body-parser's and express's own errors in an HttpException, keeping the `cause`.
  const cause = error instanceof HttpException ? error.cause : error;
  if (isBodyParserError(cause)) return fromBodyParser(cause);
  if (cause instanceof URIError) return validation('path', 'the path is not a valid URI');
  if (error instanceof HttpException) return fromHttpException(error);
  if (error instanceof Unauthenticated) {
    return { status: 401, body: { error: 'unauthenticated', message: error.message }, outcome: 'unauthenticated' };
  }
  if (error instanceof Forbidden) {
    return { status: 403, body: { error: 'forbidden', reason: error.reason }, outcome: 'forbidden' };
  }
  if (error instanceof NotFound) {
    return { status: 404, body: { error: 'not_found', message: error.message }, outcome: 'not_found' };
  }
  if (error instanceof WrongExpectedVersion) {
    const { expectedVersion, actualVersion } = error;
    return {
      status: 409,
      body: { error: 'conflict', expectedVersion, actualVersion, message: error.message },
      outcome: 'conflict',
    };
  }
  if (error instanceof TooMuchContention) {
    return { status: 409, body: { error: 'conflict', message: error.message }, outcome: 'conflict' };
  }
  if (error instanceof RuleViolation) return rule(error.rule, error.message);
  if (error instanceof IdempotencyKeyReused) return rule(error.rule, error.message);
  if (error instanceof DuplicateEventId) {
    return rule('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
  }
  if (error instanceof InvalidAppend || error instanceof InvalidQuery) {
    return validation('request', error.message);
  }
  if (error instanceof StoreUnavailable) {
    return { status: 503, body: { error: 'unavailable', message: error.message }, outcome: 'unavailable' };
  }
  if (isStorageFull(error)) {
    const message = 'The ledger cannot take writes right now: its disk is full. Nothing of this request was stored.';
    return { status: 503, body: { error: 'unavailable', message }, outcome: 'unavailable' };
  }
  // the read models' database went away (restart, a killed connection): the same answer, try again shortly
  if (isConnectionError(error)) {
    const message = `The database is not reachable right now: ${(error as Error).message.split('\n')[0]}.`;
    return { status: 503, body: { error: 'unavailable', message }, outcome: 'unavailable' };
  }
  if (error instanceof LedgerReadOnly) {
    const { position, reason, message } = error;
    return { status: 503, body: { error: 'read_only', position, reason, message }, outcome: 'read_only' };
  }
  if (error instanceof CorruptEvent) {
    const { position, reason, message } = error;
    return { status: 503, body: { error: 'integrity', position, reason, message }, outcome: 'integrity' };
  }
  return { status: 500, body: { error: 'internal' }, outcome: 'error' };
}

const BODY_TOO_LARGE = 'The body is larger than the limit of 1 MB.';
const UPLOAD_TOO_LARGE = 'The request is too large: an upload may be at most 50 MB, a JSON body 1 MB.';

function rule(code: string, message: string): HttpError {
  return { status: 422, body: { error: 'rule', rule: code, message }, outcome: 'rule' };
}

function validation(field: string, message: string): HttpError {
  return { status: 400, body: { error: 'validation', details: [{ field, message }] }, outcome: 'validation' };
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error &&
    typeof (error as Partial<BodyParserError>).type === 'string' &&
    typeof (error as Partial<BodyParserError>).status === 'number'
  );
}

function fromBodyParser(error: BodyParserError): HttpError {
  switch (error.type) {
    case 'entity.parse.failed':
      return validation('body', 'the body is not valid JSON');
    case 'entity.too.large':
      return { status: 413, body: { error: 'payload_too_large', message: BODY_TOO_LARGE }, outcome: 'validation' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: 415,
        body: { error: 'unsupported_media_type', message: error.message },
        outcome: 'validation',
      };
    default: {
      const status = error.status ?? 500;
      if (status >= 400 && status < 500) return validation('body', error.message);
      return { status: 500, body: { error: 'internal' }, outcome: 'error' };
    }
  }
}

const SLUGS: Record<number, string> = {
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'method_not_allowed',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payload_too_large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'unsupported_media_type',
  [HttpStatus.UNAUTHORIZED]: 'unauthenticated',
  [HttpStatus.FORBIDDEN]: 'forbidden',
  [HttpStatus.CONFLICT]: 'conflict',
  [HttpStatus.TOO_MANY_REQUESTS]: 'too_many_requests',
};

function fromHttpException(error: HttpException): HttpError {
  const status = error.getStatus();
  if (status === HttpStatus.BAD_REQUEST) return validation('request', error.message);
  if (status === HttpStatus.FORBIDDEN) {
    return { status, body: { error: 'forbidden', reason: error.message }, outcome: 'forbidden' };
  }
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return { status, body: { error: 'payload_too_large', message: UPLOAD_TOO_LARGE }, outcome: 'validation' };
  }
  if (status >= 500) return { status: 500, body: { error: 'internal' }, outcome: 'error' };
  const slug = SLUGS[status] ?? 'request';
  return { status, body: { error: slug, message: error.message }, outcome: slug };
}

const RETRY_AFTER_SECONDS = 2;

/** The one exception filter: every error leaves as one of api.md's shapes; a 500 is logged with its stack. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<AppRequest>();
    const response = http.getResponse<ServerResponse & { status(code: number): { json(body: unknown): void } }>();
    const mapped = toHttpError(error);
    if (mapped.status >= 500) {
      this.logger.error(
        {
          err: error,
          reqId: request.id,
          method: request.method,
          url: redactUrl(request.originalUrl ?? request.url ?? ''),
        },
        mapped.status === 500 ? 'unexpected error (a bug)' : 'store unavailable',
      );
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof TooManyRequests) setRetryAfter(response, error.retryAfterSeconds);
    // the database is away for a while: clients may retry (an Idempotency-Key makes a retried command safe)
    if (mapped.body.error === 'unavailable') response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(mapped.status).json(mapped.body);
  }
}
