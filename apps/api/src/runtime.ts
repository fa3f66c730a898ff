import { upcastRecorded } from '@akkoord/application';
import type { EventStore } from '@akkoord/event-store';
import { ProjectionRunner, openReadStore, type ReadStore } from '@akkoord/projections';
import type { Logger } from 'pino';
import { allProjections } from '../../../projections/index.js';

/** The read side of a running Akkoord: the read models' database and the runner that keeps them up to date. */
export interface ReadSide {
  readStore: ReadStore;
  runner: ProjectionRunner;
  close(): Promise<void>;
}

/**
 * Opens the read store beside the ledger (or in `readStoreUrl`), prepares every projection (rebuilding those whose
 * code version changed) and, with `follow`, keeps them following the log.
 */
export async function openReadSide(
  store: EventStore,
  options: { storeUrl: string; readStoreUrl?: string; logger?: Logger; follow?: boolean },
): Promise<ReadSide> {
  const readStore = await openReadStore(options.storeUrl, options.readStoreUrl);
  const runner = new ProjectionRunner(store, readStore, allProjections, {
    log: (message, fields) => options.logger?.info(fields ?? {}, message),
    upcast: upcastRecorded,
  });
  try {
    if (options.follow === false) await runner.prepare();
    else await runner.start();
  } catch (error) {
    await readStore.close();
    throw error;
  }
  return {
    readStore,
    runner,
    close: async () => {
      await runner.stop();
      await readStore.close();
    },
  };
}
