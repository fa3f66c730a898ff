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

/** Opens the ledger for a subcommand; `close()` when done. */
export function openStore(config: AppConfig, options?: OpenStoreOptions): Promise<EventStore> {
  return openEventStore(config.storeUrl, options);
}

/** Opens the ledger and its read side (projections prepared, not following). */
export async function openLedger(
  config: AppConfig,
): Promise<{ store: EventStore; read: ReadSide; close(): Promise<void> }> {
  const store = await openStore(config);
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
