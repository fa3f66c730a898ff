import { isConnectionError, isStorageFull, StoreUnavailable } from '@akkoord/event-store';

/**
 * Whether the ledger takes writes, as the last appends said: a full disk or an unreachable database makes the next
 * health check say so until an append succeeds again. A rejected command (a conflict, a broken rule) says nothing
 * about the store.
 */
export class WriteHealth {
  private failure: { at: string; message: string } | undefined;

  record(error?: unknown): void {
    if (error === undefined) this.failure = undefined;
    else if (isStorageFull(error) || isConnectionError(error) || error instanceof StoreUnavailable) {
      this.failure = { at: new Date().toISOString(), message: (error as Error).message.split('\n')[0] };
    }
  }

  /** The last failed append that no later append made good, or undefined. */
  get lastFailure(): { at: string; message: string } | undefined {
    return this.failure;
  }
}
