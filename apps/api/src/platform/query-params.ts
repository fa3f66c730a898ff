import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { IdPipe, isRealDate, ValidationFailed } from './validation.js';

/** `?regionId=<id>`: optional; when given it must be an id (a repeated parameter is not one). */
export class OptionalIdPipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    return value === undefined ? undefined : new IdPipe().transform(value, metadata);
  }
}

/** `?ids=a,b,c`: optional; when given, 1 to `max` ids separated by commas (no repeats of the parameter). */
export class OptionalIdListPipe implements PipeTransform<unknown, string[] | undefined> {
  constructor(private readonly max: number) {}

  transform(value: unknown, metadata: ArgumentMetadata): string[] | undefined {
    if (value === undefined) return undefined;
    const field = metadata.data ?? 'ids';
    const ids = typeof value === 'string' ? value.split(',') : [];
    if (ids.length === 0 || ids.length > this.max) {
      throw new ValidationFailed([{ field, message: `${field} must be 1 to ${this.max} ids separated by commas` }]);
    }
    const id = new IdPipe();
    return [...new Set(ids.map((one) => id.transform(one, metadata)))];
  }
}

/** `?validAt=<date>`: optional; when given it must be a real date `YYYY-MM-DD`. */
export class OptionalDatePipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined) return undefined;
    if (isRealDate(value)) return value;
    const field = metadata.data ?? 'date';
    throw new ValidationFailed([{ field, message: `${field} must be a real date YYYY-MM-DD` }]);
  }
}

/** `?window=<n>`: optional; a whole number from `min` to `max` written in digits. */
export class OptionalIntPipe implements PipeTransform<unknown, number | undefined> {
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    if (value === undefined) return undefined;
    const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (n >= this.min && n <= this.max) return n;
    const field = metadata.data ?? 'value';
    throw new ValidationFailed([{ field, message: `${field} must be a whole number from ${this.min} to ${this.max}` }]);
  }
}

/** `?personalData=sealed`: optional; when given it must be one of the values. */
export class OneOfPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly values: readonly string[]) {}

  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && this.values.includes(value)) return value;
    const field = metadata.data ?? 'value';
    throw new ValidationFailed([{ field, message: `${field} must be one of: ${this.values.join(', ')}` }]);
  }
}
