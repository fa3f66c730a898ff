/** An Akkoord app on a SQLite file the test owns: stop it, edit the file, start it again on the same file. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { openEventStore, type EventStore } from '@akkoord/event-store';
import type { LedgerStatus } from '@akkoord/notary';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../../apps/api/src/create-app.js';

export interface LedgerApp {
  file: string;
  dir: string;
  adminToken: string;
  baseUrl: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the app (when running) and deletes the folder. */
  remove(): Promise<void>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<request.Response>;
  get(path: string, headers?: Record<string, string>): Promise<request.Response>;
  /** Polls `GET /api/ledger/status` until the background full check has ended. */
  waitForFullCheck(timeoutMs?: number): Promise<LedgerStatus>;
}

/** `dir`: a folder the caller owns (kept on remove); `started: false` leaves the app stopped. */
export async function startLedgerApp(env: { dir?: string; started?: boolean } = {}): Promise<LedgerApp> {
  const dir = env.dir ?? mkdtempSync(join(tmpdir(), 'akkoord-rel-'));
  const file = join(dir, 'ledger.db');
  const adminToken = `rel-admin-${randomBytes(12).toString('hex')}`;
  let running: { app: NestExpressApplication; store: EventStore } | undefined;
  const self: LedgerApp = {
    file,
    dir,
    adminToken,
    baseUrl: '',
    async start() {
      const storeUrl = `sqlite:${file}`;
      const store = await openEventStore(storeUrl);
      const config = { port: 0, host: '127.0.0.1', storeUrl, adminToken, logLevel: process.env.LOG_LEVEL ?? 'silent' };
      const app = await createApp({ config, store, logger: pino({ level: config.logLevel }) });
      await app.listen(0, '127.0.0.1');
      self.baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
      running = { app, store };
    },
    async stop() {
      if (!running) return;
      const { app, store } = running;
      running = undefined;
      await app.close();
      await store.close();
    },
    async remove() {
      await self.stop();
      if (!env.dir) rmSync(dir, { recursive: true, force: true });
    },
    post(path, body, headers = {}) {
      return request(self.baseUrl)
        .post(path)
        .set('Authorization', `Bearer ${adminToken}`)
        .set(headers)
        .send(body as object);
    },
    get(path, headers = {}) {
      return request(self.baseUrl).get(path).set('Authorization', `Bearer ${adminToken}`).set(headers);
    },
    async waitForFullCheck(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const response = await self.get('/api/ledger/status');
        const status = response.body as LedgerStatus;
        if (['done', 'failed'].includes(status.fullCheck?.state)) return status;
        if (Date.now() > deadline) throw new Error(`the full check did not end: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  if (env.started !== false) await self.start();
  return self;
}
