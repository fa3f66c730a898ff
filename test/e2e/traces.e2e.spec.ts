/**
 * Traces: `akkoord serve` (the built binary, a real process) with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP
 * receiver in this test. A command sent with a W3C `traceparent` gives spans for the request, the command, the append
 * and each projection that applied its event, all in the caller's trace, and its events record that trace. On SQLite
 * and on PostgreSQL.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { exited, freePort, startAkkoord, waitForOutput } from '../../apps/cli/test/cli-harness.js';
import { STORE_KINDS, testLedger, type TestLedger } from '../support/stores.js';

const ADMIN = 'traces-e2e-admin-token-0123456789';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** OTLP/JSON carries ids as hex (the spec) or, from some encoders, base64: answer hex either way. */
function hex(id: unknown): string {
  const text = String(id ?? '');
  return /^[0-9a-f]*$/i.test(text) ? text.toLowerCase() : Buffer.from(text, 'base64').toString('hex');
}

/** An OTLP/HTTP JSON receiver on a free port that keeps every span it is sent. */
async function receiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(body) as {
          resourceSpans?: { scopeSpans?: { spans?: Record<string, unknown>[] }[] }[];
        };
        for (const resource of payload.resourceSpans ?? []) {
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                traceId: hex(span.traceId),
                spanId: hex(span.spanId),
                parentSpanId: span.parentSpanId ? hex(span.parentSpanId) : undefined,
                name: String(span.name),
              });
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}`, spans };
}

describe.each(STORE_KINDS)('traces on %s', (kind) => {
  let ledger: TestLedger;
  let otlp: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    ledger = testLedger(kind);
    otlp = await receiver();
  });
  afterAll(async () => {
    await new Promise((done) => otlp.server.close(done));
    await ledger.destroy();
  });

  it('links the request, the command, the append and each projection in the caller’s trace, recorded with the events', async () => {
    const port = await freePort();
    const traceId = randomBytes(16).toString('hex');
    const child = startAkkoord(['--store', ledger.url, 'serve', '--port', String(port)], {
      AKKOORD_ADMIN_TOKEN: ADMIN,
      AKKOORD_DEMO: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      await waitForOutput(child.stdout, (text) => /^Open http:\/\/.*\n/m.test(text), 90_000);
      const callerSpan = randomBytes(8).toString('hex');
      const send = (path: string, body: unknown, traceparent?: string) =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ADMIN}`,
            'content-type': 'application/json',
            ...(traceparent && { traceparent }),
          },
          body: JSON.stringify(body),
        });
      const launched = await send(
        '/api/programmes',
        { id: 'pow', name: 'Perspectief op Werk', owner: 'SZW', startDate: '2019-07-01', endDate: '2021-12-31' },
        `00-${traceId}-${callerSpan}-01`,
      );
      expect(launched.status).toBe(201);
      // without a traceparent: a trace of its own
      expect((await send('/api/regions', { id: 'twente', name: 'Twente' })).status).toBe(201);

      const wanted = [
        'POST /api/programmes',
        'akkoord.command LaunchProgramme',
        'akkoord.append',
        'akkoord.project catalogue',
        'akkoord.project audit',
      ];
      const inTrace = () => otlp.spans.filter((s) => s.traceId === traceId);
      const regionSpan = () => otlp.spans.find((s) => s.name === 'POST /api/regions');
      // the exporter sends in batches: wait for both requests' spans, not only the traced one's
      const complete = () => wanted.every((name) => inTrace().some((s) => s.name === name)) && regionSpan();
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !complete()) {
        await new Promise((done) => setTimeout(done, 200));
      }
      const names = inTrace().map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(wanted));
      const byName = new Map(inTrace().map((s) => [s.name, s]));
      const request = byName.get('POST /api/programmes')!;
      const command = byName.get('akkoord.command LaunchProgramme')!;
      expect(request.parentSpanId).toBe(callerSpan);
      expect(command.parentSpanId).toBe(request.spanId);
      expect(byName.get('akkoord.append')!.parentSpanId).toBe(command.spanId);
      expect(byName.get('akkoord.project catalogue')!.parentSpanId).toBe(command.spanId);
      // the other request is a trace of its own, not this one
      const region = regionSpan();
      expect(region?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(region?.traceId).not.toBe(traceId);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }

    const store = await ledger.open();
    try {
      const events = await store.readAll();
      const programme = events.find((e) => e.type === 'ProgrammeLaunched')!;
      expect(String(programme.metadata.traceparent)).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      const region = events.find((e) => e.type === 'RegionRegistered')!;
      expect(String(region.metadata.traceparent)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      expect(String(region.metadata.traceparent)).not.toContain(traceId);
    } finally {
      await store.close();
    }
  }, 150_000);
});
