import type { RecordedEvent } from '@akkoord/event-store';
import type { Projection, Sql } from '@akkoord/projections';
import { eventLeafHash } from './canonical.js';
import { NotaryFold, insertNodes, type NodeRow } from './notary-fold.js';
import { createNotaryTables } from './notary-tables.js';

/**
 * The notary projection: folds every event, in global order, into the ledger's RFC 6962 Merkle tree. Leaf i is
 * SHA-256(0x00 || JCS(envelope of the event at position i + 1)); appending it completes at most log2(n) perfect
 * subtrees, stored in `notary_nodes`. The fold's frontier is kept per connection the runner hands in and read again
 * from the table whenever the next event is not the one it expects (a rolled-back batch, a rebuild, another process's
 * progress), so one instance serves any number of read stores.
 *
 * It holds no key and signs nothing: rebuilding it gives the same table from the same log. The running app folds the
 * log with the same code in a thread of its own (`followNotary`, started by `Notary`), so appends do not wait for
 * hashing; this projection is what a runner uses to build or rebuild the table (`akkoord projections rebuild notary`).
 */
export class NotaryProjection implements Projection {
  readonly name = 'notary';
  readonly version = 1;
  readonly tables = ['notary_nodes'];
  private readonly folds = new WeakMap<Sql, NotaryFold>();

  async setup(sql: Sql): Promise<void> {
    await createNotaryTables(sql);
    this.folds.delete(sql);
  }

  async apply(sql: Sql, event: RecordedEvent): Promise<void> {
    await this.applyBatch(sql, [event]);
  }

  /** A batch folds in memory and goes to the table in a few multi-row INSERTs. */
  async applyBatch(sql: Sql, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    let fold = this.folds.get(sql);
    if (!fold) this.folds.set(sql, (fold = new NotaryFold()));
    const rows: NodeRow[] = [];
    try {
      await fold.standAt(sql, events[0].globalPosition - 1);
      for (const event of events) {
        if (event.globalPosition !== fold.size + 1) await fold.standAt(sql, event.globalPosition - 1);
        fold.add(eventLeafHash(event), rows);
      }
    } catch (error) {
      this.folds.delete(sql);
      throw error;
    }
    await insertNodes(sql, rows);
  }
}

/** The notary projection (one instance serves every runner). */
export const notaryProjection = new NotaryProjection();
