import { DEFAULT_STORE_URL } from '@akkoord/event-store';

/** Everything Akkoord reads from the environment, in one place (see README, "Configuration"). */
export interface AppConfig {
  port: number;
  host: string;
  storeUrl: string;
  /** Where read models live when the store cannot hold them (EventStoreDB): a PostgreSQL URL. */
  readStoreUrl?: string;
  adminToken: string | undefined;
  logLevel: string;
  /** `host:port` of a second listener for /metrics and the health details without a token (AKKOORD_METRICS_ADDR). */
  metricsAddr?: string;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT=${JSON.stringify(env.PORT)} is not a port number (0–65535).`);
  }
  const adminToken = env.AKKOORD_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('AKKOORD_ADMIN_TOKEN must be at least 16 characters long.');
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    storeUrl: env.AKKOORD_STORE ?? DEFAULT_STORE_URL,
    readStoreUrl: env.AKKOORD_READ_STORE || undefined,
    adminToken,
    logLevel: env.LOG_LEVEL ?? 'info',
    metricsAddr: metricsAddress(env.AKKOORD_METRICS_ADDR),
  };
}

function metricsAddress(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match || Number(match[2]) > 65535) {
    throw new ConfigError(`AKKOORD_METRICS_ADDR=${JSON.stringify(value)} is not host:port (e.g. 127.0.0.1:9464).`);
  }
  return value;
}
