/** Options every adapter's `open` takes (its own file, so open-store.ts and the adapters do not import each other). */
export interface OpenStoreOptions {
  /** The store's clock for `recordedAt` (default: the system clock). Tests and the demo inject their own. */
  clock?: () => Date;
  /**
   * SQLite only: the page cache in KiB (default 131,072: 128 MB, which keeps the indexes of a large ledger in memory
   * for a long-running server). A one-off run that reads the log once from start to end (an export) or appends a
   * batch (an import) gains little from it, and it counts against the process's memory: such runs pass less.
   */
  cacheKib?: number;
}
