import { InvalidArgumentError } from 'commander';

/** Commander argument parsers; a bad value is a usage error (exit 2) with commander's one-line message. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('Not a whole number of 1 or more.');
  }
  return n;
}

export function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('Not a port number (0–65535).');
  return n;
}

/** Ids as the API accepts them: 1–100 characters `[a-z0-9][a-z0-9._-]*`. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
