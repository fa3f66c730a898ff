import { createServer } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { ServerTimeouts } from '../config.js';
import { answerClientError } from './http-hardening.js';

/**
 * Nest's Express adapter with the server's timeouts set where Node takes them: at creation, so that a request that
 * never finishes is cut within `requestTimeout` (and not at the next of Node's 30-second connection checks).
 */
export class TimedExpressAdapter extends ExpressAdapter {
  constructor(private readonly timeouts: ServerTimeouts) {
    super();
  }

  override initHttpServer(options: { forceCloseConnections?: boolean; httpsOptions?: unknown }): void {
    if (options?.httpsOptions) return super.initHttpServer(options as never);
    const { headersTimeout, requestTimeout, keepAliveTimeout } = this.timeouts;
    const server = createServer(
      {
        headersTimeout,
        requestTimeout,
        keepAliveTimeout,
        connectionsCheckingInterval: Math.max(
          50,
          Math.min(5_000, Math.floor(Math.min(headersTimeout, requestTimeout) / 4)),
        ),
      },
      this.getInstance(),
    );
    server.on('clientError', answerClientError);
    this.setHttpServer(server);
    if (options?.forceCloseConnections) (this as unknown as { trackOpenConnections(): void }).trackOpenConnections();
  }
}
