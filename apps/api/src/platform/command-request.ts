import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import {
  commandIdFor,
  newTraceparent,
  Unauthenticated,
  validTraceparent,
  type CommandEnvelope,
} from '@akkoord/application';
import type { AppRequest } from './auth.js';
import { unsafeJson, ValidationFailed } from './validation.js';

/** Everything of a command envelope that comes from the request rather than the body. */
export type CommandMeta = Omit<CommandEnvelope, 'command'>;

const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const MAX_IDEMPOTENCY_KEY = 200;

/**
 * `@CommandRequest()`: the actor (from the guard), the command id (from the Idempotency-Key), the request hash (to
 * spot a reused key), the expected version (If-Match), the correlation id (X-Correlation-Id) and the W3C trace
 * context (`traceparent`; a new trace when the request has none or an invalid one).
 */
export const CommandRequest = createParamDecorator((_data: unknown, context: ExecutionContext): CommandMeta => {
  return commandMetaOf(context.switchToHttp().getRequest<AppRequest>());
});

export function commandMetaOf(request: AppRequest): CommandMeta {
  const actor = request.actor;
  if (actor === undefined) throw new Unauthenticated('This route needs an Authorization: Bearer <token> header.');
  const idempotencyKey = idempotencyKeyOf(request);
  const expectedVersion = expectedVersionOf(request);
  const correlation = header(request, 'x-correlation-id');
  return {
    actor,
    commandId: commandIdFor(actor.userId, idempotencyKey),
    ...(idempotencyKey !== undefined && { requestHash: requestHash(request) }),
    ...(expectedVersion !== undefined && { expectedVersion }),
    ...(correlation !== undefined && CORRELATION_ID.test(correlation) && { correlationId: correlation }),
    traceparent: validTraceparent(header(request, 'traceparent')) ?? newTraceparent(),
  };
}

function header(request: AppRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function idempotencyKeyOf(request: AppRequest): string | undefined {
  const key = header(request, 'idempotency-key');
  if (key === undefined) return undefined;
  if (key.trim() === '' || key.length > MAX_IDEMPOTENCY_KEY) {
    throw new ValidationFailed([
      { field: 'Idempotency-Key', message: `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY} characters` },
    ]);
  }
  return key;
}

function expectedVersionOf(request: AppRequest): number | undefined {
  const value = header(request, 'if-match');
  if (value === undefined) return undefined;
  const match = IF_MATCH.exec(value);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(version)) {
    throw new ValidationFailed([{ field: 'If-Match', message: 'If-Match must be a stream version (an integer ≥ 0)' }]);
  }
  return version;
}

/** SHA-256 of method, path and the body as canonical JSON (keys sorted at every depth). */
export function requestHash(request: AppRequest): string {
  const problem = request.body !== null && typeof request.body === 'object' ? unsafeJson(request.body) : undefined;
  if (problem) throw new ValidationFailed([problem]);
  const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
  return createHash('sha256')
    .update(`${request.method}\n${path}\n${canonicalJson(request.body ?? null)}`, 'utf8')
    .digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
