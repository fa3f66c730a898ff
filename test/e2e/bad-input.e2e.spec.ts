import { startTestApp, type StoreKind, type TestApp } from '../support/app.js';
import { ROUTES, seedWorld, segment, type Arranged, type FieldSpec, type RouteSpec, type World } from './fixtures.js';

/**
 * Bad input against every command route (and POST /api/tokens): every kind of bad input that applies to a route is
 * sent to it, and every answer is asserted exactly. The hard rules: never a 500, and bad input changes nothing (the
 * ledger's head position is the same before and after).
 */

/** What a case sends: a path, headers, and a body as a JS value or as raw text (for what JSON.stringify cannot say). */
interface Outgoing {
  path: string;
  headers: Record<string, string>;
  auth: 'actor' | 'none' | string;
  body?: { json: unknown } | { raw: string; contentType: string } | { none: true };
}

type Expected =
  /** 400 `{error:'validation', details}`, with a detail naming each field (or a field inside it). */
  | { status: 400; fields: string[] }
  | { status: 401 | 413 | 415; error: string }
  /**
   * What a server may take or refuse (NUL or a lone surrogate in free text, an odd Idempotency-Key): 201, or a 400
   * naming the field; never anything else.
   */
  | { status: 'tolerant'; fields: string[] };

interface BadCase {
  title: string;
  /** The kind of bad input, for counting kinds. */
  kind: string;
  route: RouteSpec;
  /** Also run on PostgreSQL. */
  pg: boolean;
  /** Needs a freshly arranged request (the case may succeed, so it must not consume the shared one). */
  fresh: boolean;
  make(base: Arranged): Outgoing;
  expected: Expected;
}

// ---------------------------------------------------------------------------------------------------------------
// Raw JSON: values that JSON.stringify cannot produce (1e400, lone surrogates, duplicate keys, __proto__ keys).

const RAW_MARK = /"@@raw:(\d+)@@"/g;
const rawSnippets: string[] = [];
/** A placeholder that serialises to the given raw JSON text. */
function raw(snippet: string): string {
  rawSnippets.push(snippet);
  return `@@raw:${rawSnippets.length - 1}@@`;
}
function serialise(value: unknown): string {
  return JSON.stringify(value).replace(RAW_MARK, (_, i: string) => rawSnippets[Number(i)]);
}
/** The body with extra raw members appended to its top-level object (duplicate keys, `__proto__`). */
function withRawMembers(body: unknown, members: string): string {
  const text = serialise(body);
  return `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${members}}`;
}

const DEPTH = 10_000;
const DEEP_JSON = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
const DEEP = raw(DEEP_JSON);
const DEEP_ARRAYS_JSON = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

// ---------------------------------------------------------------------------------------------------------------
// Paths in bodies.

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
function containerOf(body: Record<string, unknown>, path: string): [Record<string, unknown>, string] {
  const keys = path.split('.');
  let node = body as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  return [node, keys[keys.length - 1]];
}
function setAt(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = clone(body);
  const [node, key] = containerOf(copy, path);
  node[key] = value;
  return copy;
}
function deleteAt(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = clone(body);
  const [node, key] = containerOf(copy, path);
  delete node[key];
  return copy;
}
/** Inserts a raw `"key":value` member into the object at `path` ('' = the body). */
function rawMemberAt(body: Record<string, unknown>, path: string, member: string): string {
  if (path === '') return withRawMembers(body, member);
  return serialise(setAt(body, path, raw(withRawMembers(getAt(body, path), member))));
}
function getAt(body: Record<string, unknown>, path: string): unknown {
  let node: unknown = body;
  for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// The kinds of bad value per field kind.

interface Mutation {
  kind: string;
  label: string;
  /** The new value (use `raw()` for raw JSON); `undefined` with `remove` deletes the field. */
  value?: unknown;
  remove?: boolean;
  tolerant?: boolean;
}

const STRINGISH = new Set(['id', 'name', 'text', 'terms', 'label', 'date', 'period', 'enum', 'hash']);
const LIMIT: Record<string, number> = { id: 100, name: 300, text: 10_000, terms: 200_000 };

const BAD_IDS: [string, string][] = [
  ['id with uppercase', 'Region-A'],
  ['id with a slash', 'region/a'],
  ['id with path traversal', '../../etc/passwd'],
  ['id ".."', '..'],
  ['id with NUL', 'act\u0000-1'],
  ['id with RTL override', 'act\u202e1-'],
  ['id with emoji', 'act-\u{1f600}'],
  ['id with zero-width space', 'act\u200b-1'],
  ['id starting with a dash', '-act'],
  ['id with a space', 'act 1'],
  ['id with a trailing newline', 'act-1\n'],
  ['id of 101 characters', 'a'.repeat(101)],
];
const BAD_DATES = ['2021-02-30', '21-1-1', 'yesterday', '2021-13-01', '2021-01-01T00:00:00Z', '2021-1-1', '0000-01-01'];
const BAD_PERIODS = ['2021-Q5', '2021-Q0', '2021-13', '21-Q1', 'Q1-2021', '2021-q1', '2021-00', '2021-Q1 '];

function mutationsFor(field: FieldSpec): Mutation[] {
  const out: Mutation[] = [];
  if (field.required) out.push({ kind: 'missing required field', label: 'missing', remove: true });
  out.push({ kind: 'null', label: 'null', value: null });
  out.push({ kind: 'boolean', label: 'boolean', value: true });
  const k = field.kind;
  if (STRINGISH.has(k)) {
    out.push({ kind: 'number for string', label: 'number for string', value: 42 });
    out.push({ kind: 'array for scalar', label: 'array for string', value: ['a'] });
    out.push({ kind: 'object for scalar', label: 'object for string', value: { a: 'b' } });
    out.push({ kind: 'empty string', label: 'empty string', value: '' });
    out.push({ kind: 'deeply nested object', label: `object nested ${DEPTH} deep`, value: DEEP });
    if (k !== 'terms')
      out.push({ kind: '100k-character string', label: '100k characters', value: 'x'.repeat(100_000) });
  }
  if (k in LIMIT && k !== 'id') {
    out.push({ kind: 'over the length limit', label: `${LIMIT[k] + 1} characters`, value: 'x'.repeat(LIMIT[k] + 1) });
  }
  if (k === 'name' || k === 'text' || k === 'terms') {
    out.push({ kind: 'blank text', label: 'blank', value: '  \t ' });
  }
  if (k === 'name' || k === 'text' || k === 'terms' || k === 'label') {
    out.push({ kind: 'NUL in text', label: 'NUL inside text', value: 'Tekst\u0000met NUL', tolerant: true });
    out.push({
      kind: 'lone surrogate in text',
      label: 'lone surrogate',
      value: raw('"Tekst \\ud800"'),
      tolerant: true,
    });
  }
  if (k === 'id') {
    for (const [label, value] of BAD_IDS) out.push({ kind: label, label, value });
    out.push({ kind: 'id with a lone surrogate', label: 'lone surrogate \\ud800', value: raw('"act\\ud800"') });
  }
  if (k === 'date') {
    for (const value of BAD_DATES)
      out.push({ kind: `bad date ${value}`, label: `date ${JSON.stringify(value)}`, value });
  }
  if (k === 'period') {
    for (const value of BAD_PERIODS) out.push({ kind: 'bad period', label: `period ${JSON.stringify(value)}`, value });
  }
  if (k === 'enum') {
    const valid = field.values?.[0] ?? 'x';
    out.push({ kind: 'bad enum value', label: 'unknown code', value: 'bogus' });
    out.push({ kind: 'bad enum value', label: 'code in uppercase', value: valid.toUpperCase() });
    out.push({ kind: 'bad enum value', label: 'code with a leading space', value: ` ${valid}` });
    out.push({ kind: 'bad enum value', label: 'code with a zero-width space', value: `${valid}\u200b` });
  }
  if (k === 'hash') {
    out.push({ kind: 'bad hash', label: 'not hex', value: 'not-a-hash' });
    out.push({ kind: 'bad hash', label: 'uppercase hex', value: 'A'.repeat(64) });
    out.push({ kind: 'bad hash', label: '63 hex digits', value: 'a'.repeat(63) });
  }
  if (k === 'amount') {
    out.push({ kind: 'string for number', label: 'string "150"', value: '150' });
    out.push({ kind: 'negative amount', label: '-1', value: -1 });
    out.push({ kind: 'negative amount', label: '-0.01', value: -0.01 });
    out.push({ kind: 'huge exponent (Infinity)', label: '1e400', value: raw('1e400') });
    out.push({ kind: 'huge exponent (Infinity)', label: '-1e400', value: raw('-1e400') });
    out.push({ kind: 'NaN/Infinity as string', label: '"NaN"', value: 'NaN' });
    out.push({ kind: 'NaN/Infinity as string', label: '"Infinity"', value: 'Infinity' });
    out.push({ kind: 'array for scalar', label: 'array for number', value: [1] });
    out.push({ kind: 'object for scalar', label: 'object for number', value: { value: 1 } });
  }
  if (k === 'idList' || k === 'enumList' || k === 'array') {
    out.push({ kind: 'object for array', label: 'object for array', value: { 0: 'a' } });
    out.push({ kind: 'string for array', label: 'string for array', value: k === 'enumList' ? 'analyst' : 'a' });
    out.push({ kind: 'number for string', label: 'array of numbers', value: [42] });
    out.push({ kind: 'null', label: 'array holding null', value: [null] });
  }
  if (k === 'idList') {
    out.push({ kind: 'id with uppercase', label: 'array holding an uppercase id', value: ['Region-A'] });
    out.push({ kind: 'id with path traversal', label: 'array holding ../x', value: ['../x'] });
  }
  if (k === 'enumList') out.push({ kind: 'bad enum value', label: 'unknown role', value: ['superuser'] });
  if (k === 'array') out.push({ kind: 'string for object', label: 'array of strings', value: ['x'] });
  if (k === 'object') {
    out.push({ kind: 'array for object', label: 'array for object', value: [] });
    out.push({ kind: 'string for object', label: 'string for object', value: 'x' });
    out.push({ kind: 'number for object', label: 'number for object', value: 42 });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Cases.

/** The path parameter values of an arranged request (by position in the route's template). */
function paramsOf(route: RouteSpec, path: string): string[] {
  const template = route.path(...route.params.map((p) => `:${p}`)).split('/');
  const actual = path.split('/');
  return route.params.map((p) => actual[template.indexOf(`:${p}`)]);
}

/** [kind, encoded segment, field the 400 names (default: the parameter)] */
const BAD_PATH_IDS: [string, string, string?][] = [
  ['id with uppercase', 'Act-1'],
  ['id with a slash', segment('act/1')],
  ['id with path traversal', segment('../../etc/passwd')],
  ['id ".."', segment('..')],
  ['id with NUL', '%00'],
  ['id with RTL override', segment('act\u202e1')],
  ['id with emoji', segment('act-\u{1f600}')],
  ['id with zero-width space', segment('act\u200b1')],
  ['id with a lone surrogate', '%ED%A0%80', 'path'],
  ['malformed percent-encoding', '%E0%A4%A', 'path'],
  ['id starting with a dash', '-act'],
  ['id with a space', '%20act'],
  ['id of 101 characters', 'a'.repeat(101)],
];

/** Kinds that also run on PostgreSQL (where storage meets text and numbers). */
const PG_KINDS = new Set([
  'NUL in text',
  'lone surrogate in text',
  'id with NUL',
  'id with emoji',
  'id with a lone surrogate',
  'huge exponent (Infinity)',
  'over the length limit',
  'empty body',
  'broken JSON',
  '__proto__ key',
  'body over 1 MB',
  'If-Match junk',
  'no bearer token',
]);

function casesFor(route: RouteSpec): BadCase[] {
  const cases: BadCase[] = [];
  const pgSeen = new Set<string>();
  const add = (kind: string, label: string, make: BadCase['make'], expected: Expected, fresh = false) => {
    const pg = PG_KINDS.has(kind) && !pgSeen.has(kind);
    if (pg) pgSeen.add(kind);
    cases.push({ title: `${route.name} ← ${label}`, kind, route, pg, fresh, make, expected });
  };
  const json = (base: Arranged, body: unknown): Outgoing => ({
    path: base.path,
    headers: {},
    auth: 'actor',
    body: { json: body },
  });
  const rawBody = (base: Arranged, text: string, contentType = 'application/json'): Outgoing => ({
    path: base.path,
    headers: {},
    auth: 'actor',
    body: { raw: text, contentType },
  });
  const body400 = (...fields: string[]): Expected => ({ status: 400, fields });
  const unsupported: Expected = { status: 415, error: 'unsupported_media_type' };

  // Field by field.
  for (const field of route.fields) {
    for (const m of mutationsFor(field)) {
      const make = (base: Arranged) =>
        m.remove
          ? json(base, deleteAt(base.body, field.path))
          : rawBody(base, serialise(setAt(base.body, field.path, m.value)));
      const expected: Expected = m.tolerant ? { status: 'tolerant', fields: [field.path] } : body400(field.path);
      add(m.kind, `${field.path}: ${m.label}`, make, expected, m.tolerant);
    }
  }

  // The body as a whole.
  const required = route.fields.filter((f) => f.required && !f.path.includes('.')).map((f) => f.path);
  // a route whose body has no required field takes {} (POST …/monitoring-rounds/:period/fix)
  if (required.length > 0) add('empty body', 'empty object {}', (b) => json(b, {}), body400(...required));
  add(
    'no body',
    'no body at all',
    (b) => ({ path: b.path, headers: {}, auth: 'actor', body: { none: true } }),
    body400('body'),
  );
  add('broken JSON', 'broken JSON {"a":', (b) => rawBody(b, '{"a":'), body400('body'));
  add('broken JSON', 'truncated valid body', (b) => rawBody(b, serialise(b.body).slice(0, -1)), body400('body'));
  add('JSON array as body', 'empty array', (b) => rawBody(b, '[]'), body400('body'));
  add(
    'JSON array as body',
    'array holding the valid body',
    (b) => rawBody(b, `[${serialise(b.body)}]`),
    body400('body'),
  );
  add('JSON scalar as body', 'a JSON string', (b) => rawBody(b, '"hello"'), body400('body'));
  add('JSON scalar as body', 'a JSON number', (b) => rawBody(b, '42'), body400('body'));
  add('JSON scalar as body', 'JSON null', (b) => rawBody(b, 'null'), body400('body'));
  add('JSON scalar as body', 'JSON true', (b) => rawBody(b, 'true'), body400('body'));
  add(
    'wrong content type',
    'valid JSON sent as text/plain',
    (b) => rawBody(b, serialise(b.body), 'text/plain'),
    unsupported,
  );
  add(
    'wrong content type',
    'form-encoded body',
    (b) => rawBody(b, 'id=x&name=y', 'application/x-www-form-urlencoded'),
    unsupported,
  );
  add(
    'unsupported charset',
    'JSON in latin1',
    (b) => rawBody(b, serialise(b.body), 'application/json; charset=latin1'),
    { status: 415, error: 'unsupported_media_type' },
  );
  add(
    'body over 1 MB',
    'valid body padded past 1 MB',
    (b) => rawBody(b, withRawMembers(b.body, `"padding":${JSON.stringify('x'.repeat(1_100_000))}`)),
    { status: 413, error: 'payload_too_large' },
  );
  add('unknown extra field', 'unknown field', (b) => json(b, { ...b.body, extra: 'x' }), body400('extra'));
  add(
    '__proto__ key',
    '"__proto__" key',
    (b) => rawBody(b, withRawMembers(b.body, '"__proto__":{"polluted":"yes"}')),
    body400('__proto__'),
    true,
  );
  add(
    'constructor key',
    '"constructor" key',
    (b) => rawBody(b, withRawMembers(b.body, '"constructor":{"prototype":{"polluted":"yes"}}')),
    body400('constructor'),
    true,
  );
  add(
    'prototype key',
    '"prototype" key',
    (b) => rawBody(b, withRawMembers(b.body, '"prototype":{"polluted":"yes"}')),
    body400('prototype'),
    true,
  );
  add(
    'deeply nested object',
    `unknown field nested ${DEPTH} deep`,
    (b) => rawBody(b, withRawMembers(b.body, `"deep":${DEEP_JSON}`)),
    body400('deep'),
  );
  add(
    'deeply nested array',
    `unknown field holding arrays nested ${DEPTH} deep`,
    (b) => rawBody(b, withRawMembers(b.body, `"deep":${DEEP_ARRAYS_JSON}`)),
    body400('deep'),
  );
  for (const path of route.objects.filter((p) => p !== '')) {
    add(
      'unknown extra field',
      `unknown field in ${path}`,
      (b) => json(b, setAt(b.body, `${path}.extra`, 'x')),
      body400(`${path}.extra`),
    );
    add(
      '__proto__ key',
      `"__proto__" key in ${path}`,
      (b) => rawBody(b, rawMemberAt(b.body, path, '"__proto__":{"polluted":"yes"}')),
      body400(`${path}.__proto__`),
      true,
    );
  }
  const dup = route.fields.find((f) => f.required && !f.path.includes('.') && STRINGISH.has(f.kind));
  if (dup) {
    add(
      'duplicate keys',
      `duplicate "${dup.path}", the last one a number`,
      (b) => rawBody(b, withRawMembers(b.body, `${JSON.stringify(dup.path)}:42`)),
      body400(dup.path),
    );
  }

  // Headers.
  const header = (name: string, value: string) => (b: Arranged) => ({ ...json(b, b.body), headers: { [name]: value } });
  const unauth: Expected = { status: 401, error: 'unauthenticated' };
  /** api.md lets a server take or refuse an odd Idempotency-Key; refused, it is a 400 naming the header. */
  const keyRefusedOrAccepted: Expected = { status: 'tolerant', fields: ['Idempotency-Key'] };
  add('no bearer token', 'no Authorization header', (b) => ({ ...json(b, b.body), auth: 'none' }), unauth);
  add(
    'garbage bearer token',
    'unknown bearer token',
    (b) => ({ ...json(b, b.body), auth: 'Bearer not-a-token' }),
    unauth,
  );
  add(
    'garbage bearer token',
    'bearer token of 10,000 characters',
    (b) => ({ ...json(b, b.body), auth: `Bearer ${'t'.repeat(10_000)}` }),
    unauth,
  );
  add('garbage bearer token', 'Basic credentials', (b) => ({ ...json(b, b.body), auth: 'Basic dXNlcjpwYXNz' }), unauth);
  add('garbage bearer token', '"Bearer" without a token', (b) => ({ ...json(b, b.body), auth: 'Bearer' }), unauth);
  add(
    'no bearer token',
    'no token and an empty body (401 before 400)',
    (b) => ({ ...json(b, {}), auth: 'none' }),
    unauth,
  );
  add(
    'long header value',
    'Idempotency-Key of 10,000 characters',
    header('Idempotency-Key', 'k'.repeat(10_000)),
    keyRefusedOrAccepted,
    true,
  );
  add('long header value', 'blank Idempotency-Key', header('Idempotency-Key', ' '), keyRefusedOrAccepted, true);
  for (const value of ['abc', '-1', '1.5', '1e3', '99999999999999999999', '"']) {
    add('If-Match junk', `If-Match: ${value}`, header('If-Match', value), body400('If-Match'));
  }

  // Path ids.
  route.params.forEach((param, index) => {
    for (const [kind, bad, field] of BAD_PATH_IDS) {
      add(
        kind,
        `path :${param} ${kind} (${bad.length > 30 ? `${bad.slice(0, 12)}…` : bad})`,
        (b) => {
          const values = paramsOf(route, b.path);
          values[index] = bad;
          return { ...json(b, b.body), path: route.path(...values) };
        },
        body400(field ?? param),
      );
    }
  });
  return cases;
}

const ALL_CASES = ROUTES.flatMap(casesFor);
const PG_CASES = ALL_CASES.filter((c) => c.pg);

// ---------------------------------------------------------------------------------------------------------------
// Sending and asserting.

async function send(world: World, base: Arranged, out: Outgoing) {
  let request = world.app.http.post(out.path);
  if (out.auth === 'actor') request = request.set('Authorization', `Bearer ${world.tokens[base.actor]}`);
  else if (out.auth !== 'none') request = request.set('Authorization', out.auth);
  for (const [name, value] of Object.entries(out.headers)) request = request.set(name, value);
  const body = out.body ?? { none: true };
  if ('json' in body) return request.send(body.json as object);
  if ('raw' in body) return request.set('Content-Type', body.contentType).send(body.raw);
  return request;
}

interface Detail {
  field: string;
  message: string;
}

/** What the answer looks like, reduced to what a case asserts (so that a failure shows status, error and fields). */
function observed(response: { status: number; body: unknown }, fields: string[]) {
  const body = (response.body ?? {}) as { error?: unknown; details?: unknown };
  const details = Array.isArray(body.details) ? (body.details as Detail[]) : undefined;
  const wellFormed = details?.every((d) => typeof d.field === 'string' && typeof d.message === 'string') ?? false;
  return {
    status: response.status,
    error: body.error,
    ...(details !== undefined && { wellFormedDetails: wellFormed }),
    named: Object.fromEntries(
      fields.map((f) => [f, details?.some((d) => d.field === f || d.field.startsWith(`${f}.`)) ? 'named' : details]),
    ),
  };
}

function validation(fields: string[]) {
  return {
    status: 400,
    error: 'validation',
    wellFormedDetails: true,
    named: Object.fromEntries(fields.map((f) => [f, 'named'])),
  };
}

function runSuite(kind: StoreKind, cases: BadCase[]): void {
  describe(`bad input on ${kind}`, () => {
    let app: TestApp;
    let world: World;
    const bases = new Map<string, Arranged>();

    beforeAll(async () => {
      app = await startTestApp(kind);
      world = await seedWorld(app);
      for (const route of ROUTES) bases.set(route.name, await route.arrange(world));
    });
    afterAll(async () => {
      await app?.close();
    });

    it.each(ROUTES.map((route) => ({ title: route.name, route })))(
      'control: a valid $title answers 201',
      async ({ route }) => {
        const arranged = await route.arrange(world);
        const response = await send(world, arranged, {
          path: arranged.path,
          headers: {},
          auth: 'actor',
          body: { json: arranged.body },
        });
        expect({ status: response.status, body: response.body }).toEqual({ status: 201, body: expect.any(Object) });
      },
    );

    it.each(cases)('$title', async (c) => {
      const base = c.fresh ? await c.route.arrange(world) : bases.get(c.route.name)!;
      const before = await app.store.headPosition();
      const response = await send(world, base, c.make(base));
      const after = await app.store.headPosition();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const expected = c.expected;
      if (expected.status === 'tolerant' && response.status === 201) return;
      if (expected.status === 'tolerant' || expected.status === 400) {
        expect(observed(response, expected.fields)).toEqual(validation(expected.fields));
      } else {
        expect({ status: response.status, error: (response.body as { error?: unknown }).error }).toEqual(expected);
      }
      expect({ headPosition: after }).toEqual({ headPosition: before });
    });
  });
}

const KINDS_PER_ROUTE = new Map(
  ROUTES.map((route) => [route.name, new Set(ALL_CASES.filter((c) => c.route === route).map((c) => c.kind)).size]),
);
const ALL_KINDS = new Set(ALL_CASES.map((c) => c.kind)).size;

describe('bad input', () => {
  it(`covers every command route with at least 30 kinds of bad input (${ALL_KINDS} kinds, ${ALL_CASES.length} cases; ${PG_CASES.length} on PostgreSQL)`, () => {
    for (const route of ROUTES) {
      const kinds = KINDS_PER_ROUTE.get(route.name) ?? 0;
      expect({ route: route.name, kinds: kinds >= 30 ? 'at least 30' : kinds }).toEqual({
        route: route.name,
        kinds: 'at least 30',
      });
    }
    expect(ALL_KINDS).toBeGreaterThanOrEqual(30);
  });
  runSuite('sqlite', ALL_CASES);
  runSuite('postgres', PG_CASES);
});
