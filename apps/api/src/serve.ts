import { openEventStore } from '@akkoord/event-store';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config.js';
import { afterShutdown, createApp } from './create-app.js';
import { createLogger } from './platform/logger.js';
import { SignInCode, signInLine } from './sign-in/sign-in-code.js';
import { AccessTokens } from '@akkoord/application';
import { serveMetrics } from './metrics/metrics-listener.js';
import type { WorkerProcess } from './scale/worker.js';
import { Notary, type LedgerIntegrity } from '@akkoord/notary';
import { LEDGER_INTEGRITY } from './platform/tokens.js';

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
): Promise<NestExpressApplication | WorkerProcess> {
  const logger = createLogger(config.logLevel);
  await hooks.beforeOpen?.(logger);
  if (config.role === 'worker') {
    const { serveWorker } = await import('./scale/worker.js');
    const worker = await serveWorker(config, logger);
    // like the app's shutdown hooks: hand the leases back (another worker takes over at once), then end
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void worker.close().finally(() => process.exit(0)));
    }
    return worker;
  }
  const store = await openEventStore(config.storeUrl);
  logger.info({ store: store.kind, url: redactUrl(config.storeUrl) }, 'ledger opened');
  const app = await createApp({ config, store, logger });
  afterShutdown(app, () => store.close());
  try {
    await listen(app, config.port, config.host);
    if (config.metricsAddr) await serveMetrics(app, config.metricsAddr, logger);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const baseUrl = `http://${urlHost(config.host)}:${port}`;
  logger.info({ port }, `Akkoord serves on ${baseUrl}`);
  await startUpSettled(app);
  const line = signInLine(baseUrl, app.get(SignInCode).prepare(), app.get(AccessTokens).hasAdminToken);
  logger.info({ dashboard: `${baseUrl}/` }, line);
  hooks.announce?.(line);
  return app;
}

/**
 * The start-up's own background work logs as it ends — the check of the whole log against its hashes, the notary
 * catching up and signing the head it owes. The sign-in line waits for both (at most 10 s: a large ledger's full check
 * goes on, with its progress in the log), so that it is the last line a person sees after `npm start`.
 */
async function startUpSettled(app: NestExpressApplication): Promise<void> {
  const integrity = app.get<LedgerIntegrity>(LEDGER_INTEGRITY);
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)));
  try {
    await Promise.race([Promise.all([integrity.startFullCheck(), app.get(Notary).settle()]), cap]);
  } catch {
    // a failed check or signing is logged where it happened; the line is printed all the same
  } finally {
    clearTimeout(timer);
  }
}

/** The port cannot be listened on (taken, or not allowed): one sentence, exit code 1. */
export class CannotListen extends Error {}

/** `app.listen`, but a server 'error' (EADDRINUSE …) rejects instead of leaving a process that serves nothing. */
async function listen(app: NestExpressApplication, port: number, host: string): Promise<void> {
  const server = app.getHttpServer();
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      server.off('error', fail);
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') {
        reject(new CannotListen(`Port ${port} on ${host} is already in use; choose another with --port or PORT.`));
      } else if (error.code === 'EACCES') {
        reject(new CannotListen(`Akkoord may not listen on ${where} (EACCES); choose a port above 1023.`));
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new CannotListen(`${host} is not an address of this machine (EADDRNOTAVAIL); check HOST or --host.`));
      } else reject(error);
    };
    server.once('error', fail);
    app.listen(port, host).then(() => {
      server.off('error', fail);
      resolve();
    }, fail);
  });
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** The host as a browser reaches it: a wildcard address becomes localhost, an IPv6 address gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
