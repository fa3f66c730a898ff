/** Options every adapter's `open` takes (its own file, so open-store.ts and the adapters do not import each other). */
export interface OpenStoreOptions {
  /** The store's clock for `recordedAt` (default: the system clock). Tests and the demo inject their own. */
  clock?: () => Date;
}
