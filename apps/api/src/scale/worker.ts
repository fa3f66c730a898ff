import { openEventStore, type EventStore } from '@akkoord/event-store';
import { Notary, headPolicyFromEnv, notarisedSize, openSigningKey, signingKeyFile } from '@akkoord/notary';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AppConfig } from '../config.js';
import { openReadSide, type ReadSide } from '../runtime.js';
import { NODE_NAME, leaders, registerLeadershipMetrics } from './leadership.js';

/** A running worker: `close()` steps down (hands the leases back) and closes everything. */
export interface WorkerProcess {
  port: number;
  close(): Promise<void>;
}

/**
 * `akkoord serve --role worker`: stands for election as the projection runner and the notary (PostgreSQL), and serves
 * only GET /health (JSON: per job who leads, epoch, lease expiry, lag) and GET /metrics (Prometheus) on --port.
 */
export async function serveWorker(config: AppConfig, logger: Logger): Promise<WorkerProcess> {
  const store = await openEventStore(config.storeUrl);
  let readSide: ReadSide | undefined;
  let server: Server | undefined;
  let notary: Notary | undefined;
  const close = async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server?.closeAllConnections();
    await notary?.stop().catch(() => undefined);
    await readSide?.close();
    await store.close();
  };
  try {
    readSide = await openReadSide(store, {
      storeUrl: config.storeUrl,
      readStoreUrl: config.readStoreUrl,
      logger,
      role: 'worker',
    });
    const log = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) =>
      logger[level](fields, message);
    notary = new Notary({
      readStore: readSide.readStore,
      store,
      key: openSigningKey(signingKeyFile(config.storeUrl), log),
      policy: headPolicyFromEnv(),
      log,
      follow: { storeUrl: config.storeUrl, readStoreUrl: config.readStoreUrl },
    });
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'akkoord_' });
    registerLeadershipMetrics(registry, readSide.leadership);
    registerLagMetrics(registry, store, readSide);
    readSide.leadership!.electNotary(notary);
    await readSide.leadership!.start();
    server = createServer((request, response) => {
      void answer(request.url ?? '/', store, readSide!)
        .then((reply) => {
          if (reply === 'metrics') {
            return registry.metrics().then((text) => {
              response.writeHead(200, { 'Content-Type': registry.contentType });
              response.end(text);
            });
          }
          response.writeHead(reply.status, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify(reply.body));
        })
        .catch((error: Error) => {
          response.writeHead(503, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ status: 'down', error: error.message }));
        });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { port, node: NODE_NAME },
      `Akkoord worker serves /health and /metrics on http://${config.host}:${port}`,
    );
    return { port, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

type Reply = 'metrics' | { status: number; body: unknown };

async function answer(url: string, store: EventStore, readSide: ReadSide): Promise<Reply> {
  const path = url.split('?')[0];
  if (path === '/metrics') return 'metrics';
  if (path !== '/health' && path !== '/health/ready' && path !== '/health/live') {
    return { status: 404, body: { error: 'not_found', message: 'A worker serves only /health and /metrics.' } };
  }
  if (path === '/health/live') return { status: 200, body: { status: 'up' } };
  const head = await store.headPosition();
  const projections = await readSide.runner.status();
  const notarised = await notarisedSize(readSide.readStore).catch(() => 0);
  return {
    status: 200,
    body: {
      status: 'up',
      role: 'worker',
      node: NODE_NAME,
      headPosition: head,
      jobs: readSide.leadership?.status() ?? [],
      leases: await leaders(readSide.readStore),
      lag: {
        projections: Math.max(0, ...projections.map((p) => p.lag)),
        notary: Math.max(0, head - notarised),
      },
    },
  };
}

/** Per job, how far the stored read models and the notary's tree stand behind the ledger's head. */
function registerLagMetrics(registry: Registry, store: EventStore, readSide: ReadSide): void {
  new Gauge({
    name: 'akkoord_job_lag_events',
    help: 'Events the job (projections: the slowest read model; notary: the tree) stands behind the ledger head.',
    labelNames: ['job'] as const,
    registers: [registry],
    async collect() {
      const head = await store.headPosition();
      const projections = await readSide.runner.status();
      this.set({ job: 'projections' }, Math.max(0, ...projections.map((p) => p.lag)));
      this.set({ job: 'notary' }, Math.max(0, head - (await notarisedSize(readSide.readStore).catch(() => 0))));
    },
  });
}
