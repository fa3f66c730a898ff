import type { Command } from 'commander';
import type { Logger } from 'pino';
import { openEventStore } from '@akkoord/event-store';
import { serve, type AppConfig } from '../../../api/src/index.js';
import { cliConfig } from '../context.js';
import { portNumber } from '../options.js';
import { UsageError } from '../cli-errors.js';

interface ServeOptions {
  port?: number;
  host?: string;
  role?: string;
}

const ROLES = ['all', 'api', 'worker'] as const;

/** `akkoord serve`: the HTTP API, as `npm start` runs it; an empty SQLite ledger first gets the demo. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the HTTP API (OpenAPI at /docs); an empty SQLite ledger first gets the Perspectief op Werk demo',
    )
    .option('--port <port>', 'port to listen on (default: $PORT or 3000)', portNumber)
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option(
      '--role <role>',
      'all (API, projections and notary: one machine), api (commands and reads) or worker (projections and notary, elected; only /health and /metrics on --port); api and worker need PostgreSQL',
      'all',
    )
    .addHelpText(
      'after',
      `
When the ledger is SQLite (the default) and empty, serve first writes the demo into it (see akkoord demo);
AKKOORD_DEMO=0 turns that off. AKKOORD_ADMIN_TOKEN is a programme-office token; akkoord tokens create makes others.
The last line says where to open the dashboard and how to sign in: on a ledger without a programme-office token
and without AKKOORD_ADMIN_TOKEN it is a one-time link (Open http://…/aanmelden#code=…).
Stop with Ctrl-C (SIGINT) or SIGTERM.

Several processes on one PostgreSQL ledger (README, "Running at scale"): any number of --role api nodes behind a
load balancer and of --role worker processes; one worker at a time (elected, with a fencing lease) runs the projection
runner and one the notary. AKKOORD_READ_REPLICA_URL (role api) sends reads to a hot standby.

Examples:
  $ akkoord serve                                       http://127.0.0.1:3000, ./data/ledger.db
  $ akkoord serve --port 8080 --host 0.0.0.0
  $ AKKOORD_DEMO=0 akkoord --store sqlite:/tmp/empty.db serve
  $ AKKOORD_ADMIN_TOKEN=$(openssl rand -hex 24) akkoord serve
  $ akkoord --store postgres://db/akkoord serve --role api --port 3000
  $ akkoord --store postgres://db/akkoord serve --role worker --port 9464`,
    )
    .action(async (options: ServeOptions, command: Command) => {
      const config: AppConfig = {
        ...cliConfig(command),
        ...(options.port !== undefined && { port: options.port }),
        ...(options.host !== undefined && { host: options.host }),
        role: checkRole(options.role ?? 'all'),
      };
      checkScaleConfig(config);
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

function checkRole(role: string): AppConfig['role'] {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role ${role} is not a role: choose all, api or worker.`);
  }
  return role as AppConfig['role'];
}

/** Roles split a ledger over processes that share PostgreSQL read models; SQLite is one process's. */
function checkScaleConfig(config: AppConfig): void {
  const readModels = config.readStoreUrl || config.storeUrl;
  const postgres = /^postgres(ql)?:\/\//.test(readModels);
  if (config.role !== 'all' && !postgres) {
    throw new UsageError(
      `--role ${config.role} needs the read models in PostgreSQL (--store postgres://… or AKKOORD_READ_STORE); with SQLite only --role all (the default) runs.`,
    );
  }
  if (config.readReplicaUrl && config.role !== 'api') {
    throw new UsageError('AKKOORD_READ_REPLICA_URL is for --role api nodes: workers and --role all read the primary.');
  }
}
