import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ValidationFailed } from './validation.js';

/** Paged lists: `limit` 1–1000, default 100. */
export const PAGE_LIMIT = { default: 100, max: 1000 } as const;

/** An opaque cursor: base64url of the JSON of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * `?cursor=<opaque>`: optional; when given it must be one this API handed out as `nextCursor` (a JSON array of
 * `arity` strings or numbers, base64url-encoded). Answers the sort key it holds.
 */
export class CursorPipe implements PipeTransform<unknown, (string | number)[] | undefined> {
  constructor(private readonly arity = 1) {}

  transform(value: unknown, metadata: ArgumentMetadata): (string | number)[] | undefined {
    if (value === undefined) return undefined;
    const field = metadata.data ?? 'cursor';
    const key = typeof value === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(value) ? decode(value) : undefined;
    if (key === undefined || key.length !== this.arity) {
      throw new ValidationFailed([{ field, message: `${field} must be a nextCursor this API answered` }]);
    }
    return key;
  }
}

function decode(value: string): (string | number)[] | undefined {
  try {
    const key: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    const ok =
      Array.isArray(key) &&
      key.every(
        (k) => (typeof k === 'string' && k.length <= 200) || (typeof k === 'number' && Number.isSafeInteger(k)),
      );
    return ok ? (key as (string | number)[]) : undefined;
  } catch {
    return undefined;
  }
}

/** A page from `limit + 1` rows: the first `limit`, and the cursor after the last of them when there were more. */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => (string | number)[],
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1])) };
}
