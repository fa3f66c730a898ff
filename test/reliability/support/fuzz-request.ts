/**
 * One fuzzed HTTP request for an operation of the OpenAPI document — path params, query (repeated keys, brackets),
 * headers (odd Content-Type and charset, Content-Encoding, duplicate and huge headers), a body in one of several
 * encodings, with the programme office's token, a made-up one, or none — and the raw answer.
 */
import fc from 'fast-check';
import { request as httpRequest, type Agent } from 'node:http';
import { junk, oddString, valueFor, type Operation, type Parameter, type Schema } from './openapi-values.js';

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded as sent. */
  url: string;
  /** Header name → one value, or several (sent as several header lines). */
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

export interface FuzzAnswer {
  /** 0 when no answer came: `body` then says why (a reset, a timeout). */
  status: number;
  contentType: string;
  body: string;
}

export interface FuzzContext {
  token: string;
  /** Ids that exist in the ledger, so that path params reach the handlers. */
  ids: string[];
  schemas: Record<string, Schema>;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-16',
  'application/json; charset=latin1',
  'application/json; charset=x-klingon',
  'application/json;charset="utf-8"',
  'application/merge-patch+json',
  'application/vnd.akkoord+json; v=2',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/xml',
  ';;;',
  '',
];

const ENCODINGS = ['gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'];

function encodePath(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[^\w.~-]/g, '_'); // a lone surrogate cannot be encoded: keep it a valid request line
  }
}

const pathValue = (ids: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ids).map(encodePath) },
    { weight: 2, arbitrary: oddString.map(encodePath) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%00', '..', '.%2e', '%2F', '%FF%FE', 'a%20b') },
  );

/**
 * A query value. `minPosition` is mostly one the ledger holds: a position beyond the head makes the query wait (3 s)
 * for the read models before it answers, which would spend the run waiting; a few still go beyond.
 */
const queryValue = (parameter: Parameter, context: FuzzContext) =>
  (parameter.name === 'minPosition'
    ? fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: 500 }) },
        { weight: 1, arbitrary: valueFor(parameter.schema, context.schemas) },
      )
    : valueFor(parameter.schema, context.schemas)
  ).map((value) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)));

function queryPart(parameters: Parameter[], context: FuzzContext): fc.Arbitrary<string> {
  const single = parameters.map((p) =>
    fc.oneof(
      { weight: 6, arbitrary: queryValue(p, context).map((v) => `${p.name}=${encodePath(v)}`) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(queryValue(p, context), queryValue(p, context))
          .map(([a, b]) => `${p.name}=${encodePath(a)}&${p.name}=${encodePath(b)}`),
      },
      { weight: 1, arbitrary: queryValue(p, context).map((v) => `${p.name}[x]=${encodePath(v)}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(`${p.name}`, `${p.name}=`, `${p.name}[]=1&${p.name}[]=2`, `${p.name}=%`),
      },
    ),
  );
  const extra = fc.constantFrom('', 'unknown=1', '__proto__[x]=1', 'a[b][c][d][e][f][g]=1', '&&&', '=x');
  return fc
    .tuple(
      fc.subarray(single.length ? single : [fc.constant('')]).chain((a) => fc.tuple(...a)),
      extra,
    )
    .map(([parts, more]) => [...(parts as string[]), more].filter((p) => p !== '').join('&'));
}

function multipart(context: FuzzContext): fc.Arbitrary<{ type: string; body: Buffer }> {
  const csv = fc.oneof(
    fc.constant('titel;regio;programma\nTest;utrecht;pow\n'),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
  );
  return fc
    .record({ file: csv, locale: fc.constantFrom('nl', 'en', 'xx', ''), dryRun: fc.constantFrom('true', 'false', 'x') })
    .map(({ file, locale, dryRun }) => {
      const boundary = 'fuzzboundary' + context.ids.length;
      const part = (name: string, value: string, filename?: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
      const text =
        part('file', file, 'rijen.csv') + part('locale', locale) + part('dryRun', dryRun) + `--${boundary}--\r\n`;
      return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(text, 'latin1') };
    });
}

function bodyPart(
  op: Operation,
  context: FuzzContext,
): fc.Arbitrary<{ type?: string; body?: Buffer; encoding?: string }> {
  if (op.body?.type.startsWith('multipart/')) {
    return fc.oneof({ weight: 4, arbitrary: multipart(context) }, { weight: 1, arbitrary: rawBody(context) });
  }
  const json = valueFor(op.body?.schema, context.schemas).map((value) => JSON.stringify(value) ?? 'null');
  const asJson = fc
    .record({
      text: json,
      form: fc.constantFrom('plain', 'plain', 'plain', 'bom', 'truncated', 'utf16', 'nested'),
      type: fc.oneof(
        { weight: 5, arbitrary: fc.constant('application/json') },
        { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
      ),
    })
    .map(({ text, form, type }) => {
      let body: Buffer;
      if (form === 'bom') body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      else if (form === 'truncated') body = Buffer.from(text.slice(0, Math.floor(text.length / 2)));
      else if (form === 'utf16') body = Buffer.from(text, 'utf16le');
      else if (form === 'nested') body = Buffer.from('['.repeat(5000) + ']'.repeat(5000));
      else body = Buffer.from(text);
      return { type, body };
    });
  const none = fc.constant({});
  return op.body
    ? fc.oneof(
        { weight: 6, arbitrary: asJson },
        { weight: 1, arbitrary: rawBody(context) },
        { weight: 1, arbitrary: none },
      )
    : fc.oneof({ weight: 5, arbitrary: none }, { weight: 1, arbitrary: asJson });
}

function rawBody(_context: FuzzContext): fc.Arbitrary<{ type?: string; body?: Buffer; encoding?: string }> {
  return fc.record({
    type: fc.constantFrom(...CONTENT_TYPES),
    body: fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)),
    encoding: fc.option(fc.constantFrom(...ENCODINGS), { nil: undefined }),
  });
}

function headerValue(parameter: Parameter): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,60}$/),
      fc.constantFrom('"1"', 'W/"3"', '*', '-1', '0', '99999999999999999999', 'x'.repeat(300), ' ', '"abc'),
      fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e\t]/g, '')),
    )
    .map((v) => (parameter.name === 'Idempotency-Key' && v === '' ? 'k' : v));
}

const authorization = (token: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | string[] | undefined>(`Bearer ${token}`) },
    { weight: 3, arbitrary: fc.constant<string | string[] | undefined>(undefined) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | string[] | undefined>(
        'Bearer akk_unknown0000000000000000000000',
        'Bearer ',
        'Basic dXNlcjpwYXNz',
        'Bearer ' + 'x'.repeat(2000),
        `bearer ${token}`,
        [`Bearer ${token}`, `Bearer ${token}`],
        [`Bearer ${token}`, 'Bearer other'],
        'Bearer \u00e9\u00e9',
      ),
    },
  );

/** A request for one of `operations`, with everything an attacker or a broken client might vary. */
export function fuzzRequest(operations: Operation[], context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  // each operation's arbitrary is built once (building them per value cost more than sending the requests)
  return fc.oneof(...operations.map((op) => operationRequest(op, context)));
}

function operationRequest(op: Operation, context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const path = fc
    .tuple(...pathParams.map(() => pathValue(context.ids)))
    .map((values) => pathParams.reduce((p, param, i) => p.replace(`{${param.name}}`, values[i] as string), op.path));
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const headers = fc.tuple(...headerParams.map((p) => fc.option(headerValue(p), { nil: undefined })));
  return fc
    .record({
      method: fc.oneof(
        { weight: 12, arbitrary: fc.constant(op.method) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD') },
      ),
      path,
      query: queryPart(
        op.parameters.filter((p) => p.in === 'query'),
        context,
      ),
      headerValues: headers,
      body: bodyPart(op, context),
      auth: authorization(context.token),
      extra: fc.constantFrom<Record<string, string | string[]>>(
        {},
        {},
        {},
        { Accept: 'text/html' },
        { Accept: '*/*;q=0.1, application/x-unknown' },
        { 'Accept-Charset': 'utf-16' },
        { Cookie: 'akkoord_session=deadbeef; akkoord_session=other' },
        { 'X-Requested-With': 'akkoord-web', Cookie: 'akkoord_session=%' },
        { 'X-Forwarded-For': '1.2.3.4, ::1, junk' },
        { 'X-Big': 'x'.repeat(12_000) },
        { 'X-Huge': 'x'.repeat(70_000) },
        { 'Content-Length-Ignored': '1', 'X-Request-Id': ['a', 'b'] },
        { 'Idempotency-Key': ['a', 'b'] },
        { 'Content-Type': ['application/json', 'text/plain'] },
        { 'Last-Event-ID': 'not-a-number' },
        { Range: 'bytes=0-1' },
        { Expect: '100-continue' },
      ),
    })
    .map(({ method, path: p, query, headerValues, body, auth, extra }) => {
      const all: Record<string, string | string[]> = {};
      headerParams.forEach((param, i) => {
        if (headerValues[i] !== undefined) all[param.name] = headerValues[i] as string;
      });
      if (auth !== undefined) all.Authorization = auth;
      if (body.type !== undefined && body.type !== '') all['Content-Type'] = body.type;
      if (body.encoding !== undefined) all['Content-Encoding'] = body.encoding;
      Object.assign(all, extra);
      return { method, url: query ? `${p}?${query}` : p, headers: all, ...(body.body ? { body: body.body } : {}) };
    });
}

/**
 * Sends the request; an event stream that answers 200 is ended once its headers came (it would never end). A request
 * sent on a kept-alive socket that the server closed as idle meanwhile (its keep-alive timeout) is sent once more on a
 * new connection, as Node's documentation advises (`request.reusedSocket`): that race is the client's, not an answer.
 */
export async function send(baseUrl: string, fuzz: FuzzRequest, agent: Agent, timeoutMs = 60_000): Promise<FuzzAnswer> {
  const first = await sendOnce(baseUrl, fuzz, agent, timeoutMs);
  return first.reusedSocket && first.status === 0 ? sendOnce(baseUrl, fuzz, agent, timeoutMs) : first;
}

function sendOnce(
  baseUrl: string,
  fuzz: FuzzRequest,
  agent: Agent,
  timeoutMs: number,
): Promise<FuzzAnswer & { reusedSocket?: boolean }> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method: fuzz.method, path: fuzz.url, agent, timeout: timeoutMs },
      (response) => {
        const contentType = String(response.headers['content-type'] ?? '');
        const chunks: Buffer[] = [];
        if (contentType.startsWith('text/event-stream')) {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, contentType, body: '' });
          return;
        }
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', (error) => resolve({ status: 0, contentType: '', body: `cut off: ${error.message}` }));
      },
    );
    for (const [name, value] of Object.entries(fuzz.headers)) request.setHeader(name, value);
    if (fuzz.body) request.setHeader('Content-Length', fuzz.body.length);
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    request.on('error', (error) =>
      resolve({ status: 0, contentType: '', body: `no answer: ${error.message}`, reusedSocket: request.reusedSocket }),
    );
    request.end(fuzz.body);
  });
}

export { junk };
