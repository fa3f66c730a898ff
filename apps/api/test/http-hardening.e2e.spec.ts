import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@akkoord/event-store';
import { startTestApp, type TestApp } from '../../../test/support/app.js';

/** A built web app in a temp folder, as Vite leaves it in dist/web. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Akkoord</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log("monitor")');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // files named like the API's paths: never served (and never looked up) for /api, /docs, /health, /metrics
  mkdirSync(join(dir, 'api'));
  writeFileSync(join(dir, 'api', 'programmes'), 'from the build');
  writeFileSync(join(dir, 'health'), 'from the build');
  return dir;
}

/** Sends raw bytes and answers what the server said and whether (and when) it closed the socket. */
function rawExchange(port: number, bytes: string, waitMs: number): Promise<{ reply: string; closedAfterMs?: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString()));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply });
    }, waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, closedAfterMs: Date.now() - started });
    });
    socket.on('error', () => undefined);
  });
}

describe('the web dashboard served by the API', () => {
  let t: TestApp;
  let web: string;
  beforeAll(async () => {
    web = fakeBuild();
    t = await startTestApp('sqlite', { config: { webDir: web } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves hashed assets with a year of immutable cache', async () => {
    const asset = await t.http.get('/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await t.http.get('/assets/missing-00000000.js')).status).toBe(404);
  });

  it('answers index.html (no-cache) for every other GET outside the API, so links into the app work', async () => {
    for (const path of ['/', '/aanmelden', '/monitor?programma=pow&periode=2020-Q4', '/regio/twente', '/afspraken/x']) {
      const page = await t.http.get(path);
      expect({ path, status: page.status, cache: page.headers['cache-control'], body: page.text }).toEqual({
        path,
        status: 200,
        cache: 'no-cache',
        body: expect.stringContaining('<div id="root"></div>'),
      });
    }
    const favicon = await t.http.get('/favicon.svg');
    expect({ cache: favicon.headers['cache-control'], body: favicon.body.toString() }).toEqual({
      cache: 'no-cache',
      body: '<svg xmlns="http://www.w3.org/2000/svg"/>',
    });
    expect((await t.http.get('/no-such-file.txt')).text).toContain('<div id="root"></div>');
  });

  it('never looks in the build for the API’s paths, not even for a file of that name', async () => {
    const programmes = await t.http.get('/api/programmes');
    expect({ status: programmes.status, body: programmes.body }).toMatchObject({
      status: 401,
      body: { error: expect.any(String) },
    });
    const health = await t.http.get('/health');
    expect(health.body).toMatchObject({ status: 'up' });
  });

  it('leaves /api, /docs and /health to the API: an unknown API path is a JSON 404, not the app', async () => {
    const unknown = await t.http.get('/api/nothing-here').set('Authorization', `Bearer ${t.adminToken}`);
    expect({ status: unknown.status, type: unknown.headers['content-type'] }).toEqual({
      status: 404,
      type: expect.stringMatching(/^application\/json/),
    });
    expect((await t.http.get('/health')).body).toMatchObject({ status: 'up' });
    expect((await t.http.get('/docs-json')).body).toMatchObject({ openapi: expect.any(String) });
  });

  it('sends helmet headers with a CSP that loads nothing from elsewhere', async () => {
    const page = await t.http.get('/');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp.split(';').map((d) => d.trim())).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-powered-by']).toBeUndefined();
    // Swagger UI loads under the same policy: its scripts are files of /docs, not inline.
    const docs = await t.http.get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).not.toMatch(/<script>[^<]/);
  });

  it('answers OPTIONS, and keeps CORS closed: no Access-Control-Allow-Origin for a foreign origin', async () => {
    const preflight = await t.http
      .options('/api/monitor')
      .set('Origin', 'https://elsewhere.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.allow).toMatch(/GET/);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('the dashboard without a build', () => {
  it('still starts, and / says in Dutch that the dashboard is not built', async () => {
    const t = await startTestApp('sqlite', { config: { webDir: join(tmpdir(), 'akkoord-no-such-build') } });
    try {
      const page = await t.http.get('/');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('Het dashboard is nog niet gebouwd');
      expect(page.text).toContain('npm run build');
    } finally {
      await t.close();
    }
  });
});

describe('CORS opened by AKKOORD_CORS_ORIGINS', () => {
  it('allows the listed origins with credentials and no others', async () => {
    const t = await startTestApp('sqlite', { config: { corsOrigins: ['https://dashboard.example.nl'] } });
    try {
      const preflight = await t.http
        .options('/api/programmes')
        .set('Origin', 'https://dashboard.example.nl')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,x-requested-with');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://dashboard.example.nl');
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Requested-With/);
      const foreign = await t.http
        .get('/api/projections')
        .set('Origin', 'https://elsewhere.example')
        .set('Authorization', `Bearer ${t.adminToken}`);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('HTTP hardening', () => {
  it('refuses two Authorization headers with 400', async () => {
    const t = await startTestApp('sqlite');
    try {
      const request =
        'GET /api/projections HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: Bearer ${t.adminToken}\r\nAuthorization: Bearer akk_other\r\nConnection: close\r\n\r\n`;
      const { reply } = await rawExchange(Number(new URL(t.baseUrl).port), request, 5000);
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
      expect(reply).toContain('"field":"Authorization"');
      const one = await t.http.get('/api/projections').set('Authorization', `Bearer ${t.adminToken}`);
      expect(one.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('cuts a client that sends half a body within the request timeout', async () => {
    const t = await startTestApp('sqlite', { config: { timeouts: { requestTimeout: 1000, headersTimeout: 1000 } } });
    try {
      const half =
        'POST /api/programmes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${t.adminToken}\r\nContent-Length: 100\r\n\r\n{"id":"p`;
      const { reply, closedAfterMs } = await rawExchange(Number(new URL(t.baseUrl).port), half, 8000);
      expect(closedAfterMs).toBeDefined();
      expect(closedAfterMs!).toBeLessThan(8000);
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      const headersOnly = await rawExchange(
        Number(new URL(t.baseUrl).port),
        'GET /health HTTP/1.1\r\nHost: x\r\n',
        8000,
      );
      expect(headersOnly.closedAfterMs).toBeDefined();
    } finally {
      await t.close();
    }
  });

  it('keeps the body size limit: more than 1 MB is a 413', async () => {
    const t = await startTestApp('sqlite');
    try {
      const big = await t.http
        .post('/api/programmes')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ id: 'x', name: 'n'.repeat(1_100_000) }));
      expect(big.status).toBe(413);
    } finally {
      await t.close();
    }
  });

  it('rate-limits requests per token with 429 and Retry-After', async () => {
    const t = await startTestApp('sqlite', { config: { rateLimitPerMinute: 5 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await t.http.get('/api/projections').set('Authorization', `Bearer ${t.adminToken}`)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = await t.http.get('/api/projections').set('Authorization', `Bearer ${t.adminToken}`);
      expect(limited.body).toEqual({ error: 'too_many_requests', message: expect.stringMatching(/try again/) });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Another credential has its own allowance.
      const session = await t.http.get('/api/session').set('Cookie', 'akkoord_session=someone-else');
      expect(session.status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('rate-limits failed sign-ins per address: then even a good token waits, with Retry-After', async () => {
    const t = await startTestApp('sqlite', { config: { signInFailuresPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await t.http.get('/api/projections').set('Authorization', `Bearer akk_guess${i}`)).status);
      }
      statuses.push((await t.http.post('/api/session').send({ token: 'akk_guess-again' })).status);
      statuses.push((await t.http.post('/api/session').send({ token: t.adminToken })).status);
      statuses.push((await t.http.get('/api/projections').set('Authorization', `Bearer ${t.adminToken}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
      const limited = await t.http.get('/api/projections').set('Authorization', `Bearer ${t.adminToken}`);
      expect(limited.body).toEqual({ error: 'too_many_requests', message: expect.stringMatching(/failed sign-ins/) });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(50);
    } finally {
      await t.close();
    }
  });

  it('answers an unknown token from memory, without reading the store', async () => {
    const t = await startTestApp('sqlite');
    try {
      const store = t.store as EventStore & { readStream: EventStore['readStream'] };
      const original = store.readStream.bind(store);
      const reads: string[] = [];
      store.readStream = (streamId, options) => {
        reads.push(streamId);
        return original(streamId, options);
      };
      try {
        for (let i = 0; i < 20; i++) {
          expect((await t.http.get('/api/projections').set('Authorization', `Bearer akk_unknown${i}`)).status).toBe(
            401,
          );
        }
        expect(reads.filter((s) => s === 'access-tokens')).toEqual([]);
      } finally {
        store.readStream = original;
      }
    } finally {
      await t.close();
    }
  });

  it('knows a token that another process issued while it runs, without a restart', async () => {
    const t = await startTestApp('sqlite');
    try {
      const { AccessTokens } = await import('@akkoord/application');
      const { openEventStore } = await import('@akkoord/event-store');
      const other = await openEventStore(t.storeUrl);
      try {
        const { token } = await new AccessTokens(other, undefined).issue(
          { userId: 'cli-user', organisationId: 'programme-office', roles: ['auditor'], regionIds: [] },
          { userId: 'cli', organisationId: 'programme-office', roles: ['programme_office'], regionIds: [] },
        );
        let status = 0;
        for (let i = 0; i < 50 && status !== 200; i++) {
          status = (await t.http.get('/api/projections').set('Authorization', `Bearer ${token}`)).status;
          if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(status).toBe(200);
      } finally {
        await other.close();
      }
    } finally {
      await t.close();
    }
  });

  it('describes the bearer token as opaque (not a JWT) and the session cookie in OpenAPI', async () => {
    const t = await startTestApp('sqlite');
    try {
      const doc = (await t.http.get('/docs-json')).body as { components: { securitySchemes: Record<string, unknown> } };
      expect(doc.components.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' }),
        session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'akkoord_session' }),
      });
    } finally {
      await t.close();
    }
  });

  it('redacts secret-looking query values in the request log', async () => {
    const lines: string[] = [];
    const t = await startTestApp('sqlite', { log: { write: (line: string) => lines.push(line) } });
    try {
      await t.http
        .get('/api/events/stream?access_token=akk_SECRET123&fromPosition=1&key=k&x=Ab3dEf6hIj9kLm2nOp5qRs8tUv')
        .set('Authorization', 'Bearer akk_nope');
      const logged = lines.map((l) => JSON.parse(l) as { req?: { url: string } }).find((l) => l.req)?.req?.url;
      expect(logged).toBe('/api/events/stream?access_token=[redacted]&fromPosition=1&key=[redacted]&x=[redacted]');
      expect(lines.join('\n')).not.toContain('SECRET123');
    } finally {
      await t.close();
    }
  });
});
