/**
 * Property-based fuzzing (fast-check) of every operation in the OpenAPI document the real `akkoord serve` process
 * serves at /docs-json: generated path params, query strings, headers and bodies in several encodings, with the
 * programme office's token, a made-up one, or none. No answer may be a 5xx, and every 4xx carries a JSON body with
 * `error` and a reason (`message`, `details`, `reason` or `rule`). The demo ledger is loaded so that ids exist.
 */
import fc from 'fast-check';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzRequest, send, type FuzzAnswer, type FuzzRequest } from './support/fuzz-request.js';
import { operationsOf, type Operation } from './support/openapi-values.js';
import { startServer, stopServe, type ServerProcess } from './support/server.js';

const REQUESTS = Number(process.env.AKKOORD_RELIAB_FUZZ_REQUESTS ?? 500);
const BATCH = 32;

/** What is wrong with an answer, or undefined. */
function problem(request: FuzzRequest, answer: FuzzAnswer): string | undefined {
  if (answer.status === 0) return `${answer.body} (headers ${JSON.stringify(request.headers).slice(0, 300)})`;
  if (answer.status >= 500) return `a ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400 || request.method === 'HEAD') return undefined;
  if (!/^application\/json/.test(answer.contentType)) return `a ${answer.status} as ${answer.contentType || 'no type'}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return `a ${answer.status} whose body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  if (typeof body.error !== 'string' || body.error === '') return `a ${answer.status} without error: ${answer.body}`;
  const reasons = ['message', 'details', 'reason', 'rule'].filter((k) => body[k] !== undefined && body[k] !== '');
  if (reasons.length === 0) return `a ${answer.status} without a reason: ${answer.body.slice(0, 300)}`;
  return undefined;
}

/** Requests that once got a 5xx or a 4xx without a reason; each is sent before the generated ones. */
function regressions(token: string): FuzzRequest[] {
  const auth = { Authorization: `Bearer ${token}` };
  return [
    { method: 'GET', url: '/api/regions', headers: auth },
    // a header block over Node's 16 KB limit: Node answered 431 with an empty body; on a keep-alive socket that had
    // answered a request before (the one above), the connection was reset without an answer
    { method: 'GET', url: '/api/regions', headers: { ...auth, 'X-Huge': 'x'.repeat(70_000) } },
    // the same to HEAD: the JSON body after the headers broke the client's parser
    { method: 'HEAD', url: '/api/regions', headers: { ...auth, 'X-Huge': 'x'.repeat(70_000) } },
    // HEAD on the live feed: no answer at all (a body-less response sends its headers when it ends, and a feed never
    // ends)
    { method: 'HEAD', url: '/api/events/stream?__proto__[x]=1', headers: auth },
    // a body over the 1 MB limit: 413 with only { error } and no reason
    {
      method: 'POST',
      url: '/api/partners',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ name: 'x'.repeat(1_100_000) })),
    },
  ];
}

describe('fuzzing every route of the OpenAPI document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'akkoord-fuzz-'));
  const agent = new Agent({ keepAlive: true, maxSockets: BATCH });
  let server: ServerProcess;
  let operations: Operation[];
  let schemas: Record<string, never>;
  const ids = new Set<string>();

  beforeAll(async () => {
    // the demo gives ids that exist; the limits of failed sign-ins and requests per minute would otherwise turn
    // most of the run into 429s (they have tests of their own)
    server = await startServer(`sqlite:${join(dir, 'ledger.db')}`, {
      AKKOORD_DEMO: '1',
      AKKOORD_SIGNIN_FAILURES: '0',
      AKKOORD_RATE_LIMIT: '0',
    });
    const document = (await (await fetch(`${server.baseUrl}/docs-json`)).json()) as Parameters<typeof operationsOf>[0];
    operations = operationsOf(document);
    schemas = (document.components?.schemas ?? {}) as Record<string, never>;
    for (const list of ['programmes', 'regions', 'partners', 'activities', 'agreements']) {
      const response = await fetch(`${server.baseUrl}/api/${list}`, {
        headers: { Authorization: `Bearer ${server.token}` },
      });
      collectIds(await response.json(), ids);
    }
  }, 180_000);
  afterAll(async () => {
    agent.destroy();
    await stopServe(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the routes and ids it fuzzes', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.some((op) => op.method === 'POST' && op.path === '/api/activities')).toBe(true);
    expect(ids.size).toBeGreaterThan(10);
  });

  it('answers the regression examples without a 5xx and with a reason', async () => {
    for (const request of regressions(server.token)) {
      const answer = await send(server.baseUrl, request, agent, 10_000);
      expect({ url: request.url, problem: problem(request, answer) }).toEqual({ url: request.url, problem: undefined });
    }
  });

  it('answers bytes that are not HTTP with a 400 and a JSON reason (Node sent a bare 400)', async () => {
    const url = new URL(server.baseUrl);
    for (const raw of ['GARBAGE\r\n\r\n', 'GET /api/regions HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => socket.end(raw));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 .*content-type: application\/json/is);
      expect(JSON.parse(body)).toEqual({
        error: 'validation',
        details: [{ field: 'request', message: expect.any(String) }],
      });
    }
  });

  it(`answers ${REQUESTS} generated requests without a 5xx, each 4xx with a reason`, async () => {
    const statuses = new Map<number, number>();
    const context = { token: server.token, ids: [...ids].slice(0, 60), schemas };
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fuzzRequest(operations, context), { minLength: BATCH, maxLength: BATCH }),
        async (batch) => {
          const answers = await Promise.all(batch.map((request) => send(server.baseUrl, request, agent)));
          sent += batch.length;
          const found: string[] = [];
          answers.forEach((answer, i) => {
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            const wrong = problem(batch[i], answer);
            if (wrong) found.push(`${batch[i].method} ${batch[i].url.slice(0, 200)}: ${wrong}`);
          });
          if (found.length > 0) {
            const state = server.alive() ? 'the server is alive' : `the server ended:\n${server.output().slice(-2000)}`;
            throw new Error(`${found.join('\n')}\n(${state})`);
          }
        },
      ),
      { numRuns: Math.ceil(REQUESTS / BATCH), endOnFailure: true },
    );
    expect(server.alive()).toBe(true);
    expect(server.output()).not.toMatch(/unexpected error \(a bug\)|uncaughtException|Unhandled/);
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBeLessThan(500);
    process.stdout.write(
      `fuzz: ${sent} requests over ${operations.length} operations, no 5xx; answers ` +
        `${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`,
    );
  }, 3_600_000);
});

function collectIds(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectIds(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'id' || key.endsWith('Id')) && typeof v === 'string') into.add(v);
      else collectIds(v, into);
    }
  }
}
