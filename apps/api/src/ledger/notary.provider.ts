import type { FactoryProvider } from '@nestjs/common';
import type { EventStore } from '@akkoord/event-store';
import { Notary, headPolicyFromEnv, openSigningKey, signingKeyFile } from '@akkoord/notary';
import type { ReadStore } from '@akkoord/projections';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { APP_CONFIG, CLOCK, EVENT_STORE, LOGGER, READ_STORE } from '../platform/tokens.js';

/**
 * The app's notary. It folds the log into the Merkle tree in a thread of its own (so appends never wait for hashing:
 * do NOT also put `notaryProjection` in the app's runner), signs heads by the policy of `AKKOORD_HEAD_EVERY_EVENTS` /
 * `AKKOORD_HEAD_EVERY_SECONDS` while the app runs (Nest's onApplicationBootstrap), and a last head at shutdown.
 * The signing key is the file `AKKOORD_SIGNING_KEY` names, generated beside a SQLite ledger (or in ./data) on first
 * start.
 */
export const notaryProvider: FactoryProvider<Notary> = {
  provide: Notary,
  inject: [APP_CONFIG, READ_STORE, EVENT_STORE, LOGGER, CLOCK],
  useFactory: (config: AppConfig, readStore: ReadStore, store: EventStore, logger: Logger, clock: () => Date) => {
    const log = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) =>
      logger[level](fields, message);
    return new Notary({
      readStore,
      store,
      key: openSigningKey(signingKeyFile(config.storeUrl), log),
      policy: headPolicyFromEnv(),
      clock,
      log,
      follow: { storeUrl: config.storeUrl, readStoreUrl: config.readStoreUrl },
    });
  },
};
