import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { LedgerIntegrity, Notary } from '@akkoord/notary';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { AppModule, type AppDependencies } from './app.module.js';
import { DEFAULTS } from './config.js';
import { openReadSide } from './runtime.js';
import { sealingStore } from '@akkoord/application';
import { vaultFor } from './people/vault.js';
import { Metrics } from './metrics/metrics.js';
import { WriteHealth } from './health/write-health.js';
import { setupDocs } from './platform/api-docs.js';
import { registerLeadershipMetrics } from './scale/leadership.js';
import { requireJsonBody } from './platform/content-type.js';
import {
  answerOptions,
  corsOptions,
  rejectDuplicateAuthorization,
  securityHeaders,
} from './platform/http-hardening.js';
import { HttpErrorFilter } from './platform/http-errors.js';
import { NestPinoLogger } from './platform/logger.js';
import { rateLimit } from './platform/rate-limit.js';
import { requestLogging, requestMetrics } from './platform/request-logging.js';
import { TimedExpressAdapter } from './platform/server-adapter.js';
import { AppValidationPipe } from './platform/validation.js';
import { flushTracing, requestSpans, startTracing } from './platform/tracing.js';
import { defaultWebDir, serveWebApp } from './platform/web-app.js';

/** Builds the HTTP app around an opened store; `main.ts` and the e2e tests both use it. */
export async function createApp(deps: AppDependencies): Promise<NestExpressApplication> {
  const readSide = await openReadSide(deps.store, {
    storeUrl: deps.config.storeUrl,
    readStoreUrl: deps.config.readStoreUrl,
    logger: deps.logger,
    role: deps.config.role,
    readReplicaUrl: deps.config.readReplicaUrl,
  });
  // What is new since the last verified position is checked before the app serves anything; the whole log is
  // checked again in the background. A finding makes the app read-only (see LedgerIntegrity).
  const integrity = new LedgerIntegrity(deps.store, readSide.primary, {
    log: (level, message, fields) => deps.logger[level](fields ?? {}, message),
    clock: deps.clock,
  });
  try {
    await integrity.checkSinceCheckpoint();
  } catch (error) {
    await readSide.close();
    throw error;
  }
  const writes = new WriteHealth();
  // personal fields are sealed on every append this app makes (see the README, "AVG / privacy")
  const vault = vaultFor(deps.config);
  const store = sealingStore(
    integrity.guard(deps.store, (error) => writes.record(error)),
    vault,
  );
  const timeouts = { ...DEFAULTS.timeouts, ...deps.config.timeouts };
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({
      ...deps,
      store,
      integrity,
      writes,
      readStore: readSide.readStore,
      runner: readSide.runner,
      vault,
    }),
    new TimedExpressAdapter(timeouts),
    { logger: new NestPinoLogger(deps.logger), bodyParser: false, forceCloseConnections: true },
  );
  // The read side closes with the app (close() or a signal); the ledger itself belongs to whoever opened it.
  afterShutdown(app, async () => {
    await integrity.stop();
    await readSide.close();
    await vault.close();
    await flushTracing();
  });
  // Several processes on PostgreSQL: the notary folds and signs only where it is elected; an API node never is.
  const notary = app.get(Notary);
  if (deps.config.role === 'api') notary.electedOnly();
  if (readSide.leadership) {
    readSide.leadership.electNotary(notary);
    registerLeadershipMetrics(app.get(Metrics).registry, readSide.leadership);
    await readSide.leadership.start();
  }
  app.disable('x-powered-by');
  if (startTracing()) app.use(requestSpans);
  app.use(requestLogging(deps.logger));
  const metrics = app.get(Metrics);
  app.use(requestMetrics(metrics));
  integrity.onChange((status) => {
    metrics.ledgerReadOnly.set(status.readOnly ? 1 : 0);
    metrics.ledgerBadPosition.set(status.problem?.position ?? 0);
    metrics.ledgerCheckedTo.set(status.fullCheck.checkedTo);
  });
  app.use(securityHeaders());
  const origins = deps.config.corsOrigins ?? [];
  if (origins.length > 0) app.enableCors(corsOptions(origins));
  app.use(answerOptions);
  app.use(rejectDuplicateAuthorization);
  app.use(rateLimit(deps.config.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute));
  app.use(cookieParser());
  serveWebApp(app, deps.config.webDir ?? defaultWebDir());
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(deps.logger));
  setupDocs(app);
  app.enableShutdownHooks();
  void integrity.startFullCheck();
  return app;
}

type Shutdown = (this: unknown, signal?: string) => Promise<void>;

/**
 * Runs `work` once after the app's shutdown (`app.close()` or a signal with shutdown hooks on). Nest 12's application
 * proxy ignores assignments — `app.close = …` does nothing — so the app's own `shutdown` step is wrapped on the
 * instance behind the proxy (Object.defineProperty reaches it).
 */
export function afterShutdown(app: object, work: () => Promise<void>): void {
  const own = Object.getOwnPropertyDescriptor(app, 'shutdown')?.value as Shutdown | undefined;
  const previous = own ?? (Object.getPrototypeOf(app) as { shutdown: Shutdown }).shutdown;
  let done: Promise<void> | undefined;
  Object.defineProperty(app, 'shutdown', {
    configurable: true,
    writable: true,
    value: async function (this: unknown, signal?: string) {
      await previous.call(this, signal);
      await (done ??= work());
    },
  });
}
