import {
  applyDecorators,
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationError,
} from 'class-validator';

/** One wrong field of a request: `field` is a dotted path (`targets.0.dueDate`, `body`, `If-Match`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Bad input (HTTP 400 `{"error":"validation","details":[…]}`). */
export class ValidationFailed extends BadRequestException {
  constructor(readonly details: FieldProblem[]) {
    super({ error: 'validation', details });
  }
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
export const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;
export const PERIOD_PATTERN = /^\d{4}-(?:Q[1-4]|0[1-9]|1[0-2])$/;
export const TERMS_HASH_PATTERN = /^[0-9a-f]{64}$/;

export const LIMITS = { id: 100, name: 300, note: 10_000, terms: 200_000 } as const;

/** A real calendar date `YYYY-MM-DD` (2021-02-30 is not one). */
export function isRealDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  return isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** An ISO 8601 instant with a zone (`Z` or `±hh:mm`) that names a real moment. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT_PATTERN.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi, s, zh, zm] = match;
  if (!isCalendarDay(Number(y), Number(mo), Number(d))) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return false;
  if (zh !== undefined && (Number(zh) > 23 || Number(zm) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function custom(name: string, test: (value: unknown) => boolean, message: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property ${message}` },
      validator: { validate: test },
    });
}

/** An id: 1–100 characters `[a-z0-9][a-z0-9._-]*`. */
export function IsId(description?: string, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ pattern: ID_PATTERN.source, minLength: 1, maxLength: LIMITS.id, description, example }),
    IsString(),
    MinLength(1),
    MaxLength(LIMITS.id),
    Matches(ID_PATTERN, { message: '$property must be an id: lowercase letters, digits, ".", "_" or "-"' }),
  );
}

/** Free text with a maximum length that is not blank (a name, title, reason or note). */
export function IsText(max: number, options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ minLength: 1, maxLength: max, ...options } as ApiPropertyOptions),
    IsString(),
    MaxLength(max),
    Matches(/\S/, { message: '$property must not be blank' }),
  );
}

/** A date `YYYY-MM-DD` that exists in the calendar. */
export function IsDateOnly(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date', example: '2021-03-31', ...options } as ApiPropertyOptions),
    custom('isDateOnly', isRealDate, 'must be a real date YYYY-MM-DD'),
  );
}

/** A reporting period `YYYY-Qn` or `YYYY-MM`. */
export function IsPeriod(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, pattern: PERIOD_PATTERN.source, example: '2021-Q1', ...options } as ApiPropertyOptions),
    custom('isPeriod', (v) => typeof v === 'string' && PERIOD_PATTERN.test(v), 'must be a period YYYY-Qn or YYYY-MM'),
  );
}

/** Flattens class-validator's error tree into `{field, message}` with dotted paths. */
export function flattenErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenErrors(error.children ?? [], field)];
  });
}

/**
 * The one global ValidationPipe: strips nothing silently (unknown fields are refused), turns bodies into DTO
 * instances, and answers api.md's validation shape. A body that is not a JSON object is refused as `body`.
 */
export class AppValidationPipe extends ValidationPipe implements PipeTransform {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailed(flattenErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ValidationFailed([{ field: 'body', message: 'the body must be a JSON object' }]);
      }
      const problem = unsafeJson(value);
      if (problem) throw new ValidationFailed([problem]);
    }
    // A single query or path parameter reaches its own pipe as the text the client sent: converting `'1e3'` to a
    // number here would let the route's pipe accept what it should refuse.
    if ((metadata.type === 'query' || metadata.type === 'param') && metadata.data !== undefined) return value;
    return super.transform(value, metadata);
  }
}

/** `@Param('id', IdPipe)`: a path id must be an id too (else 400, never a lookup of junk). */
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || value.length > LIMITS.id || !ID_PATTERN.test(value)) {
      throw new ValidationFailed([
        {
          field: metadata.data ?? 'id',
          message: `${metadata.data ?? 'id'} must be an id: 1–100 characters [a-z0-9._-]`,
        },
      ]);
    }
    return value;
  }
}

/** One of the domain's codes. */
export function IsOneOf(values: readonly string[], options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: [...values], ...options } as ApiPropertyOptions),
    IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` }),
  );
}

/** An amount: a finite number ≥ 0. */
export function IsAmount(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: Number, minimum: 0, ...options } as ApiPropertyOptions),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0),
  );
}

/** An optional field: absent is fine, but `null` or a wrong value is not. */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** An array of ids (unique checks are the domain's). */
export function IsIdArray(max: number, options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [String], maxItems: max, ...options } as ApiPropertyOptions),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(LIMITS.id, { each: true }),
    Matches(ID_PATTERN, { each: true, message: 'each value in $property must be an id: [a-z0-9][a-z0-9._-]*' }),
  );
}

/** An array of nested DTOs, each validated. */
export function IsNestedArray(type: () => new () => object, max: number, options: ApiPropertyOptions = {}) {
  return applyDecorators(
    ApiProperty({ type: () => [type()], maxItems: max, ...options } as ApiPropertyOptions),
    IsArray(),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    IsObject({ each: true, message: 'each value in $property must be an object' }),
    Type(type),
  );
}

/** One nested DTO. */
export function IsNested(type: () => new () => object, options: ApiPropertyOptions = {}) {
  return applyDecorators(
    ApiProperty({ type: () => type(), ...options } as ApiPropertyOptions),
    IsObject(),
    ValidateNested(),
    Type(type),
  );
}

const MAX_DEPTH = 16;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What no DTO can hold and the stores cannot keep, found before class-transformer recurses into it: nesting deeper
 * than 16, keys that name prototypes, NUL characters and lone surrogates (PostgreSQL's jsonb refuses both).
 * Iterative, so a body nested 100,000 deep cannot overflow the stack.
 */
export function unsafeJson(body: object): FieldProblem | undefined {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: body, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    const field = path.join('.') || 'body';
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field, message: `${field} must not contain NUL characters` };
      if (LONE_SURROGATE.test(value)) return { field, message: `${field} must be valid Unicode (a lone surrogate)` };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_DEPTH) return { field, message: `${field} is nested deeper than ${MAX_DEPTH} levels` };
    for (const key of Object.keys(value)) {
      const keyPath = [...path, key];
      if (FORBIDDEN_KEYS.has(key)) return { field: keyPath.join('.'), message: `property ${key} should not exist` };
      if (key.includes('\u0000') || LONE_SURROGATE.test(key)) {
        return { field: keyPath.join('.'), message: 'property names must be valid Unicode without NUL' };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: keyPath });
    }
  }
  return undefined;
}
