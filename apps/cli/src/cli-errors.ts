/** Bad usage or bad input: exit code 2, one sentence. */
export class UsageError extends Error {}

/** A check that failed (verify, a dry run that found bad rows): exit code 1. */
export class CheckFailed extends Error {}

/**
 * The exit codes (README, "The command line"): 0 ok; 1 Akkoord could not do the work — a check failed, or the
 * ledger cannot be opened (unreachable, not a ledger, written by a newer Akkoord) or the port is taken; 2 bad usage
 * or input on the command line (an unknown option, a value that is not valid, a file named that is not there).
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (error instanceof CheckFailed) return 1;
  return 1;
}
