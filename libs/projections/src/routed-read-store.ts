import type { ReadStore, Row, Sql } from './read-store.js';

/**
 * Reads on a replica, writes on the primary (`AKKOORD_READ_REPLICA_URL`): a statement outside a transaction that only
 * reads (`all`, `get`) goes to the standby; `run`, `exec` and transactions go to the primary. A read that must see a
 * position waits on the replica's own checkpoints (ProjectionRunner.waitFor over this store), so what it answers is
 * never older than what it waited for.
 */
export class RoutedReadStore implements ReadStore {
  readonly dialect;
  constructor(
    readonly primary: ReadStore,
    readonly replica: ReadStore,
  ) {
    this.dialect = primary.dialect;
  }
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.replica.all<T>(sql, params);
  }
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return this.replica.get<T>(sql, params);
  }
  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.primary.run(sql, params);
  }
  exec(sql: string): Promise<void> {
    return this.primary.exec(sql);
  }
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.primary.transaction(work);
  }
  async close(): Promise<void> {
    await this.replica.close();
    await this.primary.close();
  }
}
