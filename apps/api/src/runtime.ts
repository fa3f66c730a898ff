import { upcastRecorded } from '@akkoord/application';
import type { EventStore } from '@akkoord/event-store';
import {
  ProjectionRunner,
  RoutedReadStore,
  openReadStore,
  openReplicaReadStore,
  type ReadStore,
} from '@akkoord/projections';
import type { Logger } from 'pino';
import { allProjections } from '../../../projections/index.js';
import { Leadership } from './scale/leadership.js';

/**
 * What a process does (`akkoord serve --role`): `all` (one machine: API, projection runner and notary), `api`
 * (commands and reads; the read models are written elsewhere) or `worker` (projection runner and notary, elected; only
 * /health and /metrics over HTTP). `api` and `worker` need PostgreSQL read models.
 */
export type Role = 'all' | 'api' | 'worker';
export const ROLES: readonly Role[] = ['all', 'api', 'worker'];

/** The read side of a running Akkoord: the read models' database and the runner that keeps them up to date. */
export interface ReadSide {
  /** Where reads go (a replica when one is configured; writes always go to the primary). */
  readStore: ReadStore;
  /** The read models' primary database (what `readStore` writes to; the integrity check's checkpoint lives here). */
  primary: ReadStore;
  runner: ProjectionRunner;
  /** The elections this process stands in (PostgreSQL, role all or worker); undefined otherwise. */
  leadership?: Leadership;
  close(): Promise<void>;
}

export interface ReadSideOptions {
  storeUrl: string;
  readStoreUrl?: string;
  logger?: Logger;
  follow?: boolean;
  role?: Role;
  /** A hot standby of the read models' database for reads (`AKKOORD_READ_REPLICA_URL`, role api only). */
  readReplicaUrl?: string;
}

/**
 * Opens the read store beside the ledger (or in `readStoreUrl`), prepares every projection (rebuilding those whose
 * code version changed) and, with `follow`, keeps them following the log. On PostgreSQL, several processes may do so:
 * the runner then writes only while this process is the elected leader of the `projections` job (the rest of the
 * time `waitFor` reads the stored checkpoints); an `api` process never writes them.
 */
export async function openReadSide(store: EventStore, options: ReadSideOptions): Promise<ReadSide> {
  const role = options.role ?? 'all';
  const primary = await openReadStore(options.storeUrl, options.readStoreUrl);
  const closing: (() => Promise<unknown>)[] = [() => primary.close()];
  const closeAll = async () => {
    for (const close of closing.reverse()) await close().catch(() => undefined);
  };
  try {
    let readStore: ReadStore = primary;
    if (options.readReplicaUrl) {
      const replica = await openReplicaReadStore(options.readReplicaUrl);
      closing.push(() => replica.close());
      readStore = new RoutedReadStore(primary, replica);
    }
    const log = (message: string, fields?: Record<string, unknown>) => options.logger?.info(fields ?? {}, message);
    const runner = new ProjectionRunner(store, readStore, allProjections, { log, upcast: upcastRecorded });
    const elected = primary.dialect === 'postgres' && options.follow !== false;
    if (role === 'api') {
      // tables a fresh schema lacks are created (under the set-up lock); a rebuild is the leader's
      await runner.prepare({ reset: false });
      return { readStore, primary, runner, close: closeAll };
    }
    if (!elected) {
      if (options.follow === false) await runner.prepare();
      else await runner.start();
      closing.push(() => runner.stop());
      return { readStore, primary, runner, close: closeAll };
    }
    const url = options.readStoreUrl || options.storeUrl;
    const leadership = new Leadership(primary, url, options.logger);
    const leader = new ProjectionRunner(store, primary, allProjections, {
      log,
      upcast: upcastRecorded,
      onFenced: (error) => onFenced(error),
    });
    const onFenced = leadership.electRunner(leader);
    await leader.prepare({ reset: false });
    closing.push(() => leadership.stop());
    // while this process leads, waiters see the leader's own positions; otherwise the stored checkpoints
    return { readStore, primary, runner: leader, leadership, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
