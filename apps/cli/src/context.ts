import type { Command } from 'commander';
import { openEventStore, openKeyStore, type EventStore, type OpenStoreOptions } from '@akkoord/event-store';
import { PersonalDataVault, sealingStore } from '@akkoord/application';
import { openReadSide, readConfig, type AppConfig, type ReadSide } from '../../api/src/index.js';

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

/** The ledger as a subcommand uses it: personal fields sealed on append, and the vault that opens them. */
export type LedgerStore = EventStore & { readonly vault: PersonalDataVault };

/** Opens the ledger for a subcommand; `close()` when done (it closes the person keys' vault too). */
export async function openStore(config: AppConfig, options?: OpenStoreOptions): Promise<LedgerStore> {
  const raw = await openEventStore(config.storeUrl, options);
  const vault = new PersonalDataVault(() => openKeyStore(config.storeUrl, config.keyStore, config.readStoreUrl));
  const close = async () => {
    await raw.close();
    await vault.close();
  };
  return Object.assign(Object.create(sealingStore(raw, vault)) as EventStore, { vault, close });
}

/** Opens the ledger and its read side (projections prepared, not following). */
export async function openLedger(
  config: AppConfig,
  options?: OpenStoreOptions,
): Promise<{ store: LedgerStore; read: ReadSide; close(): Promise<void> }> {
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
