import { LedgerTooNew, NotALedger, StoreUnavailable } from '@akkoord/event-store';

/** Bad usage or bad input: exit code 2, one sentence. */
export class UsageError extends Error {}

/** A check that failed (verify, a dry run that found bad rows): exit code 1. */
export class CheckFailed extends Error {}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (error instanceof CheckFailed) return 1;
  if (error instanceof StoreUnavailable || error instanceof NotALedger || error instanceof LedgerTooNew) return 2;
  return 1;
}
