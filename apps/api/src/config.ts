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
  /** How long a browser session lasts (`AKKOORD_SESSION_HOURS`, default 12). */
  sessionHours?: number;
  /** Origins allowed to call the API from a browser (`AKKOORD_CORS_ORIGINS`); empty or absent: CORS closed. */
  corsOrigins?: string[];
  /** Requests per minute per token (or per IP without one); 0 turns the limit off (`AKKOORD_RATE_LIMIT`). */
  rateLimitPerMinute?: number;
  /** Failed sign-ins per minute per IP before that IP must wait a minute (`AKKOORD_SIGNIN_FAILURES`). */
  signInFailuresPerMinute?: number;
  /** Where the built web dashboard lives (`AKKOORD_WEB_DIR`, default `dist/web` of this checkout). */
  webDir?: string;
  /** Server timeouts in milliseconds (tests shorten them). */
  timeouts?: Partial<ServerTimeouts>;
  /** `host:port` of a second listener for /metrics and the health details without a token (AKKOORD_METRICS_ADDR). */
  metricsAddr?: string;
  /** What this process does: `all` (default), `api` or `worker` (akkoord serve --role; see README "Running at scale"). */
  role?: 'all' | 'api' | 'worker';
  /** A PostgreSQL hot standby of the read models that API nodes read from (`AKKOORD_READ_REPLICA_URL`). */
  readReplicaUrl?: string;
  /** Where the person keys live (`AKKOORD_KEY_STORE`: `dir:/path`, `sqlite:<file>`, `postgres://…`); default the ledger. */
  keyStore?: string;
}

export interface ServerTimeouts {
  /** The whole request head must arrive within this time. */
  headersTimeout: number;
  /** The whole request, body included, must arrive within this time. */
  requestTimeout: number;
  /** An idle kept-alive connection closes after this time. */
  keepAliveTimeout: number;
}

export const DEFAULTS = {
  sessionHours: 12,
  rateLimitPerMinute: 20_000,
  signInFailuresPerMinute: 20,
  timeouts: { headersTimeout: 20_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 } satisfies ServerTimeouts,
} as const;

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
    sessionHours: positive(env, 'AKKOORD_SESSION_HOURS', DEFAULTS.sessionHours, false),
    corsOrigins: corsOrigins(env.AKKOORD_CORS_ORIGINS),
    rateLimitPerMinute: positive(env, 'AKKOORD_RATE_LIMIT', DEFAULTS.rateLimitPerMinute, true),
    signInFailuresPerMinute: positive(env, 'AKKOORD_SIGNIN_FAILURES', DEFAULTS.signInFailuresPerMinute, true),
    ...(env.AKKOORD_WEB_DIR ? { webDir: env.AKKOORD_WEB_DIR } : {}),
    metricsAddr: metricsAddress(env.AKKOORD_METRICS_ADDR),
    readReplicaUrl: env.AKKOORD_READ_REPLICA_URL || undefined,
    keyStore: env.AKKOORD_KEY_STORE || undefined,
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, integer: boolean): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const ok = Number.isFinite(value) && (integer ? Number.isInteger(value) && value >= 0 : value > 0);
  if (!ok) {
    const what = integer ? 'a whole number ≥ 0 (0 turns it off)' : 'a number > 0';
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not ${what}.`);
  }
  return value;
}

function corsOrigins(raw: string | undefined): string[] {
  if (!raw) return [];
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
      throw new ConfigError(
        `AKKOORD_CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin like https://dashboard.example.nl (scheme, host and port only).`,
      );
    }
  }
  return origins;
}

function metricsAddress(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match || Number(match[2]) > 65535) {
    throw new ConfigError(`AKKOORD_METRICS_ADDR=${JSON.stringify(value)} is not host:port (e.g. 127.0.0.1:9464).`);
  }
  return value;
}
