import { openEventStore } from '@akkoord/event-store';
import { readConfig } from './config.js';
import { createApp } from './create-app.js';
import { createLogger } from './platform/logger.js';

/** Starts Akkoord: opens the ledger, then serves the API. Any start-up failure is one sentence and exit 1. */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const store = await openEventStore(config.storeUrl);
  logger.info({ store: store.kind, url: redactUrl(config.storeUrl) }, 'ledger opened');
  const app = await createApp({ config, store, logger });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.info(`Akkoord serves on http://${config.host}:${config.port}`);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

main().catch((error: Error) => {
  process.stderr.write(`akkoord: cannot start: ${error.message}\n`);
  process.exit(1);
});
