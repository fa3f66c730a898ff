import { createParamDecorator, type ArgumentMetadata, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { ID_PATTERN, isInstant, isRealDate, LIMITS, ValidationFailed } from '../platform/validation.js';

/**
 * Query parameters of the log-reading routes (`/api/events`, `/api/audit`, `/api/regions/:id/timeline`). Each pipe
 * answers 400 in api.md's shape for anything that is not exactly what the route takes.
 */

/**
 * `@RawQuery('limit', pipe)`: a query parameter exactly as the client sent it. The global ValidationPipe converts a
 * `@Query()` parameter typed `number` with `+value` before any pipe of ours sees it (so `1e3`, ` 5` or `0x10` would
 * pass); it leaves custom decorators alone, so the pipe judges the text itself.
 */
export const RawQuery = createParamDecorator(
  (name: string, context: ExecutionContext): unknown =>
    context.switchToHttp().getRequest<{ query?: Record<string, unknown> }>().query?.[name],
);

function fail(metadata: ArgumentMetadata, fallback: string, message: string): never {
  const field = metadata.data ?? fallback;
  throw new ValidationFailed([{ field, message: `${field} ${message}` }]);
}

/** A whole number written in digits; undefined when absent, null when it is anything else. */
function wholeNumber(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
}

/** `?fromPosition=<n>`: a global position ≥ 1; the default when absent. */
export class PositionPipe implements PipeTransform<unknown, number> {
  constructor(private readonly defaultValue = 1) {}

  transform(value: unknown, metadata: ArgumentMetadata): number {
    const n = wholeNumber(value);
    if (n === undefined) return this.defaultValue;
    if (n === null || n < 1) fail(metadata, 'fromPosition', 'must be a whole number ≥ 1');
    return n;
  }
}

/** `?limit=<n>`: 1 … max; the default when absent. */
export class LimitPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly defaultValue = 100,
    private readonly max = 1000,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): number {
    const n = wholeNumber(value);
    if (n === undefined) return this.defaultValue;
    if (n === null || n < 1 || n > this.max) fail(metadata, 'limit', `must be a whole number from 1 to ${this.max}`);
    return n;
  }
}

/**
 * `?from=` / `?to=`: an ISO 8601 instant with a zone, or a date `YYYY-MM-DD` meaning the start of that day (from) or
 * its end (to), in UTC. Answers the instant in the ledger's own form (`toISOString()`), so it compares as text with
 * `recordedAt`.
 */
export class TimeBoundPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly end: 'from' | 'to') {}

  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined) return undefined;
    if (isRealDate(value)) {
      return this.end === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
    }
    if (!isInstant(value)) fail(metadata, this.end, 'must be an ISO 8601 instant with a zone, or a date YYYY-MM-DD');
    return new Date(value).toISOString();
  }
}

/** An optional stream id: `<aggregate>-<id>` or `access-tokens`. */
export class StreamIdPipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length > LIMITS.id + 20 || !ID_PATTERN.test(value)) {
      fail(metadata, 'streamId', 'must be a stream id such as activity-<id>');
    }
    return value;
  }
}

/** An optional event type: PascalCase, as the log stores it (`PartnerCommitted`). */
export class EventTypePipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^[A-Z][A-Za-z0-9]{0,99}$/.test(value)) {
      fail(metadata, 'type', 'must be an event type such as PartnerCommitted');
    }
    return value;
  }
}
