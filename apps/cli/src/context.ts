import type { Command } from 'commander';
import { openEventStore, type EventStore, type OpenStoreOptions } from '@akkoord/event-store';
import { readConfig, type AppConfig } from '../../api/src/config.js';
import { openReadSide, type ReadSide } from '../../api/src/runtime.js';

/** The configuration a subcommand runs with: the environment, overridden by --store / --read-store. */
export function cliConfig(command: Command): AppConfig {
  const config = readConfig();
  const global = command.optsWithGlobals<{ store?: string; readStore?: string }>();
  return {
    ...config,
    storeUrl: global.store ?? config.storeUrl,
    readStoreUrl: global.readStore ?? config.readStoreUrl,
  };
}

/**
 * The SQLite page cache (KiB) for runs that read the log once or append one batch (export, import, the notary's fold
 * after them): 16 MB instead of the server's 128 MB, which such a run would fill with pages it never reads again.
 */
export const ONE_PASS_CACHE_KIB = 16_384;

/** Opens the ledger for a subcommand; `close()` when done. */
export function openStore(config: AppConfig, options?: OpenStoreOptions): Promise<EventStore> {
  return openEventStore(config.storeUrl, options);
}

/** Opens the ledger and its read side (projections prepared, not following). */
export async function openLedger(
  config: AppConfig,
  options?: OpenStoreOptions,
): Promise<{ store: EventStore; read: ReadSide; close(): Promise<void> }> {
  const store = await openStore(config, options);
  try {
    const read = await openReadSide(store, {
      storeUrl: config.storeUrl,
      readStoreUrl: config.readStoreUrl,
      follow: false,
    });
    return {
      store,
      read,
      close: async () => {
        await read.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** True when stderr is a terminal: progress bars there, plain lines otherwise. */
export const interactive = () => Boolean(process.stderr.isTTY);
