import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { openEventStore, type EventStore } from '@akkoord/event-store';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import type { AppConfig } from '../../apps/api/src/config.js';
import { createApp } from '../../apps/api/src/create-app.js';

export type StoreKind = 'sqlite' | 'postgres';

/** The PostgreSQL server the e2e tests use; each app gets a fresh schema in it, dropped on close. */
export const TEST_PG_URL = process.env.AKKOORD_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** What a test holds of a running app: real HTTP on 127.0.0.1, the admin token and the store behind it. */
export interface TestApp {
  kind: StoreKind;
  app: NestExpressApplication;
  /** Supertest against the app's base URL: `http.post('/api/programmes')…`. */
  http: ReturnType<typeof request>;
  baseUrl: string;
  /** A programme-office token (the `AKKOORD_ADMIN_TOKEN` of this app). */
  adminToken: string;
  store: EventStore;
  storeUrl: string;
  /** Closes the app and the store, then deletes the data (temp file or schema). */
  close(): Promise<void>;
  /** Closes the app and the store but keeps the data, and starts a new app on the same data. */
  restart(): Promise<TestApp>;
  /** Closes the app and the store but keeps the data (then `restart` or `close`). */
  stop(): Promise<void>;
}

export interface TokenGrantInput {
  userId: string;
  organisationId: string;
  roles: string[];
  regionIds?: string[];
}

/** What a test may change about the app it starts. */
export interface TestAppOptions {
  /** The AKKOORD_ADMIN_TOKEN; `null` starts without one. Default: a random test token. */
  adminToken?: string | null;
  /** Overrides of the configuration (rate limits, session hours, CORS origins, web dir, timeouts…). */
  config?: Partial<AppConfig>;
  /** The server clock. */
  clock?: () => Date;
  /** Where the app's pino log goes (default: nowhere, or stdout with LOG_LEVEL). */
  log?: { write(line: string): void };
  /** Runs on the fresh store's URL before the app starts (e.g. `writeDemo`). */
  prepare?: (storeUrl: string) => Promise<unknown>;
  /** Starts on this ledger instead of a fresh one (e.g. a test world's); `close()` keeps it for its owner. */
  storeUrl?: string;
}

/**
 * Starts the API on a fresh SQLite file or PostgreSQL schema, listening on an ephemeral port. Rate limits are off
 * unless `options.config` sets them (suites that send thousands of requests from one address would trip them).
 */
export async function startTestApp(kind: StoreKind, options: TestAppOptions = {}): Promise<TestApp> {
  if (options.storeUrl) return startOn(kind, options.storeUrl, options, async () => undefined);
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'akkoord-e2e-'));
    const url = `sqlite:${join(dir, 'ledger.db')}`;
    await options.prepare?.(url);
    return startOn(kind, url, options, async () => rmSync(dir, { recursive: true, force: true }));
  }
  const schema = `akk_e2e_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('schema', schema);
  await options.prepare?.(url.toString());
  return startOn(kind, url.toString(), options, () => dropSchema(schema));
}

/** Issues a token through `POST /api/tokens` with the admin token and answers it. */
export async function tokenFor(app: TestApp, grant: TokenGrantInput): Promise<string> {
  const response = await app.http
    .post('/api/tokens')
    .set('Authorization', `Bearer ${app.adminToken}`)
    .send({ regionIds: [], ...grant });
  if (response.status !== 201) {
    throw new Error(`POST /api/tokens answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return (response.body as { token: string }).token;
}

/** What a command route answers with its 201. */
export interface Appended {
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  eventIds: string[];
}

/** POSTs a command with a bearer token (the admin token unless given) and answers its 201's body; throws on any other. */
export async function postCommand(
  app: TestApp,
  path: string,
  body: object,
  token = app.adminToken,
  headers: Record<string, string> = {},
): Promise<Appended> {
  const response = await app.http.post(path).set('Authorization', `Bearer ${token}`).set(headers).send(body);
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Appended;
}

const ADMIN_TOKEN = `test-admin-${randomBytes(16).toString('hex')}`;

async function startOn(
  kind: StoreKind,
  storeUrl: string,
  options: TestAppOptions,
  dropData: () => Promise<void>,
): Promise<TestApp> {
  const store = await openEventStore(storeUrl);
  const adminToken = options.adminToken === undefined ? ADMIN_TOKEN : (options.adminToken ?? undefined);
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    storeUrl,
    adminToken,
    logLevel: process.env.LOG_LEVEL ?? (options.log ? 'info' : 'silent'),
    rateLimitPerMinute: 0,
    signInFailuresPerMinute: 0,
    ...options.config,
  };
  const logger = options.log ? pino({ level: config.logLevel }, options.log) : pino({ level: config.logLevel });
  const app = await createApp({ config, store, logger, ...(options.clock && { clock: options.clock }) });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  let down: Promise<void> | undefined;
  const shutdown = () =>
    (down ??= (async () => {
      await app.close();
      await store.close();
    })());
  return {
    kind,
    app,
    http: request(baseUrl),
    baseUrl,
    adminToken: adminToken ?? '',
    store,
    storeUrl,
    async close() {
      await shutdown();
      await dropData();
    },
    async restart() {
      await shutdown();
      return startOn(kind, storeUrl, options, dropData);
    },
    stop: shutdown,
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
