import { openEventStore } from '@akkoord/event-store';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config.js';
import { createApp } from './create-app.js';
import { createLogger } from './platform/logger.js';

/**
 * Opens the ledger and serves the API until the process is stopped. `before` runs on the opened ledger before the
 * app starts (the CLI uses it to load the demo into an empty ledger).
 */
export async function serve(
  config: AppConfig,
  hooks: { beforeOpen?: (logger: ReturnType<typeof createLogger>) => Promise<void> } = {},
): Promise<NestExpressApplication> {
  const logger = createLogger(config.logLevel);
  await hooks.beforeOpen?.(logger);
  const store = await openEventStore(config.storeUrl);
  logger.info({ store: store.kind, url: redactUrl(config.storeUrl) }, 'ledger opened');
  const app = await createApp({ config, store, logger });
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await store.close();
  };
  await app.listen(config.port, config.host);
  logger.info(`Akkoord serves on http://${config.host}:${config.port}`);
  return app;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
