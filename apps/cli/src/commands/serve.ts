import type { Command } from 'commander';
import type { Logger } from 'pino';
import { openEventStore } from '@akkoord/event-store';
import type { AppConfig } from '../../../api/src/config.js';
import { cliConfig } from '../context.js';
import { portNumber } from '../options.js';

interface ServeOptions {
  port?: number;
  host?: string;
}

/** `akkoord serve`: the HTTP API, as `npm start` runs it; an empty SQLite ledger first gets the demo. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the HTTP API (OpenAPI at /docs); an empty SQLite ledger first gets the Perspectief op Werk demo',
    )
    .option('--port <port>', 'port to listen on (default: $PORT or 3000)', portNumber)
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .addHelpText(
      'after',
      `
When the ledger is SQLite (the default) and empty, serve first writes the demo into it (see akkoord demo);
AKKOORD_DEMO=0 turns that off. AKKOORD_ADMIN_TOKEN is a programme-office token; akkoord tokens create makes others.
The last line says where to open the dashboard and how to sign in: on a ledger without a programme-office token
and without AKKOORD_ADMIN_TOKEN it is a one-time link (Open http://…/aanmelden#code=…).
Stop with Ctrl-C (SIGINT) or SIGTERM.

Examples:
  $ akkoord serve                                       http://127.0.0.1:3000, ./data/ledger.db
  $ akkoord serve --port 8080 --host 0.0.0.0
  $ AKKOORD_DEMO=0 akkoord --store sqlite:/tmp/empty.db serve
  $ AKKOORD_ADMIN_TOKEN=$(openssl rand -hex 24) akkoord serve`,
    )
    .action(async (options: ServeOptions, command: Command) => {
      const config: AppConfig = {
        ...cliConfig(command),
        ...(options.port !== undefined && { port: options.port }),
        ...(options.host !== undefined && { host: options.host }),
      };
      // Nest and the app load only here, so that the other subcommands start quickly
      const { serve } = await import('../../../api/src/serve.js');
      await serve(config, {
        beforeOpen: (logger) => loadDemoIfEmpty(config, logger),
        // The log is JSON lines; the way in is also said once as plain text, last.
        announce: (line) => process.stdout.write(`${line}\n`),
      });
    });
}

/** The demo goes only into an empty SQLite ledger, and only when AKKOORD_DEMO is not '0'. */
async function loadDemoIfEmpty(config: AppConfig, logger: Logger): Promise<void> {
  if (process.env.AKKOORD_DEMO === '0' || !config.storeUrl.startsWith('sqlite:')) return;
  const store = await openEventStore(config.storeUrl);
  let head: number;
  try {
    head = await store.headPosition();
  } finally {
    await store.close();
  }
  if (head > 0) return;
  logger.info('empty ledger: loading the Perspectief op Werk demo (AKKOORD_DEMO=0 turns this off)');
  const { writeDemo } = await import('@akkoord/demo');
  const result = await writeDemo(config.storeUrl);
  logger.info(
    { events: result.events, activities: result.activities, milliseconds: Math.round(result.milliseconds) },
    `demo loaded: ${result.events} events, ${result.activities} activities in ${result.regions} regions`,
  );
}
