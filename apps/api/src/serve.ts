import { openEventStore } from '@akkoord/event-store';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config.js';
import { createApp } from './create-app.js';
import { createLogger } from './platform/logger.js';
import { SignInCode, signInLine } from './sign-in/sign-in-code.js';
import { AccessTokens } from '@akkoord/application';

/**
 * Opens the ledger and serves the API until the process is stopped. `before` runs on the opened ledger before the
 * app starts (the CLI uses it to load the demo into an empty ledger).
 */
export async function serve(
  config: AppConfig,
  hooks: {
    beforeOpen?: (logger: ReturnType<typeof createLogger>) => Promise<void>;
    /** Gets the start-up line that says where to open the dashboard and how to sign in (the CLI prints it). */
    announce?: (line: string) => void;
  } = {},
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
  const baseUrl = `http://${urlHost(config.host)}:${(app.getHttpServer().address() as { port: number }).port}`;
  logger.info(`Akkoord serves on ${baseUrl}`);
  const line = signInLine(baseUrl, app.get(SignInCode).prepare(), app.get(AccessTokens).hasAdminToken);
  logger.info({ dashboard: `${baseUrl}/` }, line);
  hooks.announce?.(line);
  return app;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** The host as a browser reaches it: a wildcard address becomes localhost, an IPv6 address gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
