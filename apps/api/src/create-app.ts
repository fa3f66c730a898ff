import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, type AppDependencies } from './app.module.js';
import { openReadSide } from './runtime.js';
import { Metrics } from './metrics/metrics.js';
import { setupDocs } from './platform/api-docs.js';
import { requireJsonBody } from './platform/content-type.js';
import { HttpErrorFilter } from './platform/http-errors.js';
import { NestPinoLogger } from './platform/logger.js';
import { requestLogging, requestMetrics } from './platform/request-logging.js';
import { AppValidationPipe } from './platform/validation.js';

/** Builds the HTTP app around an opened store; `main.ts` and the e2e tests both use it. */
export async function createApp(deps: AppDependencies): Promise<NestExpressApplication> {
  const readSide = await openReadSide(deps.store, {
    storeUrl: deps.config.storeUrl,
    readStoreUrl: deps.config.readStoreUrl,
    logger: deps.logger,
  });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ ...deps, readStore: readSide.readStore, runner: readSide.runner }),
    { logger: new NestPinoLogger(deps.logger), bodyParser: false, forceCloseConnections: true },
  );
  // The read side closes with the app; the ledger itself belongs to whoever opened it.
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await readSide.close();
  };
  app.disable('x-powered-by');
  app.use(requestLogging(deps.logger));
  app.use(requestMetrics(app.get(Metrics)));
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(deps.logger));
  setupDocs(app);
  app.enableShutdownHooks();
  return app;
}
