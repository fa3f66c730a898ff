import { Inject, Injectable } from '@nestjs/common';
import { StoreUnavailable, type EventStore } from '@akkoord/event-store';
import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { EVENT_STORE, PROJECTION_RUNNER, READ_STORE } from './tokens.js';

/** How long a query waits for the read models to reach the ledger's head before answering anyway. */
const FRESHNESS_TIMEOUT_MS = 3000;

/**
 * The read side for query controllers: the read store's SQL, and read-your-writes. `fresh()` waits until every
 * projection has applied what the ledger held when the query arrived (or `minPosition`, when a client passes the
 * `globalPosition` a command answered), so a query sent after a command's 201 sees that command.
 */
@Injectable()
export class ReadModels {
  constructor(
    @Inject(READ_STORE) readonly sql: ReadStore,
    @Inject(PROJECTION_RUNNER) readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Resolves once the read models include `minPosition` (default: the ledger's head now). A `minPosition` the read
   * models (on this node, or the replica it reads) have not reached in time is a 503 with Retry-After rather than
   * an answer that lacks the client's own write; without one, the query answers after the wait as it stands.
   */
  async fresh(minPosition?: number): Promise<void> {
    const position = minPosition ?? (await this.store.headPosition());
    const reached = await this.runner.waitFor(position, FRESHNESS_TIMEOUT_MS);
    if (!reached && minPosition !== undefined) {
      throw new StoreUnavailable(
        `The read models have not reached position ${minPosition} yet; try again shortly (Retry-After).`,
      );
    }
  }
}
