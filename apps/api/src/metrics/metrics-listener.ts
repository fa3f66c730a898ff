import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServer } from 'node:http';
import type { Logger } from 'pino';
import { HealthReporter } from '../health/health-report.js';
import { Metrics } from './metrics.js';

/**
 * AKKOORD_METRICS_ADDR: a second listener, meant for a private network, that answers `GET /metrics` and `GET /health`
 * (with every check) without a token. It closes with the app.
 */
export async function serveMetrics(app: NestExpressApplication, address: string, logger: Logger): Promise<void> {
  const metrics = app.get(Metrics);
  const reporter = app.get(HealthReporter);
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const answer = async () => {
      if (request.method !== 'GET') return [405, 'application/json', '{"error":"method_not_allowed"}'] as const;
      if (path === '/metrics') return [200, metrics.registry.contentType, await metrics.registry.metrics()] as const;
      if (path === '/health') {
        const report = await reporter.report();
        return [report.status === 'down' ? 503 : 200, 'application/json', JSON.stringify(report)] as const;
      }
      return [404, 'application/json', '{"error":"not_found"}'] as const;
    };
    answer().then(
      ([status, type, body]) => response.writeHead(status, { 'Content-Type': type }).end(body),
      (error: Error) => {
        logger.error({ err: error }, 'metrics listener failed');
        response.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"internal"}');
      },
    );
  });
  const split = address.lastIndexOf(':');
  const host = address.slice(0, split);
  const port = Number(address.slice(split + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`AKKOORD_METRICS_ADDR ${address} is already in use; choose another address.`)
          : error,
      ),
    );
    server.listen(port, host, resolve);
  });
  const bound = server.address();
  logger.info({ address: bound }, `metrics and health details on http://${address}/metrics (no token)`);
  const close = app.close.bind(app);
  app.close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await close();
  };
}
