/**
 * The served OpenAPI document's operations, and fast-check arbitraries for what they take: values that fit a schema
 * (so a request gets past validation and into the handlers), mixed with values that do not (junk of every JSON type,
 * odd strings, huge numbers, prototype keys) at every level.
 */
import fc from 'fast-check';

export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, with `{name}` placeholders. */
  path: string;
  parameters: Parameter[];
  /** The body's media type and schema, when the operation takes one. */
  body?: { type: string; schema: Schema };
}

interface Document {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

export function operationsOf(document: Document): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0];
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(type ? { body: { type, schema: content[type].schema } } : {}),
      });
    }
  }
  return operations;
}

/** Strings a parser may choke on: unicode of every plane, controls, lone surrogates, formats that almost fit. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e308',
    '9999999999999999999999',
    '0x10',
    '2024-02-30',
    '2024-13-01T25:61:00Z',
    '+275760-09-13T00:00:00.001Z',
    '../../etc/passwd',
    '%',
    '%E0%A4%A',
    "' OR 1=1 --",
    '__proto__',
    'constructor',
    'a'.repeat(5000),
    'é'.repeat(300),
  ),
);

export const junk: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -0, 2 ** 53 + 1),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}')),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), {
    maxKeys: 3,
  }),
);

/** A value for `schema`: fitting it most of the time, junk now and then (at any depth). */
export function valueFor(
  schema: Schema | undefined,
  schemas: Record<string, Schema>,
  depth = 0,
): fc.Arbitrary<unknown> {
  const fitting = fittingValue(schema, schemas, depth);
  return fc.oneof({ weight: 15, arbitrary: fitting }, { weight: 1, arbitrary: junk });
}

const ISO_DATE = fc
  .date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString());

function fittingValue(
  schema: Schema | undefined,
  schemas: Record<string, Schema>,
  depth: number,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return junk;
  if (schema.$ref) return fittingValue(schemas[schema.$ref.split('/').pop()!], schemas, depth + 1);
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return fc.oneof(...choices.map((s) => valueFor(s, schemas, depth + 1)));
  if (schema.allOf) {
    const merged = schema.allOf.map((s) => (s.$ref ? schemas[s.$ref.split('/').pop()!] : s));
    return fittingValue(
      {
        type: 'object',
        properties: Object.assign({}, ...merged.map((s) => s.properties ?? {})),
        required: merged.flatMap((s) => s.required ?? []),
      },
      schemas,
      depth,
    );
  }
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return ISO_DATE;
      if (schema.format === 'date') return ISO_DATE.map((s) => s.slice(0, 10));
      if (schema.format === 'uuid') return fc.uuid();
      return fc.oneof(
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 300) }),
        fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/),
        oddString,
      );
    case 'integer':
      return fc.oneof(fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 }), fc.integer());
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 1000 }));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(schema.items, schemas, depth + 1), { maxLength: 4 });
    case 'object':
    default: {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) model[name] = valueFor(property, schemas, depth + 1);
      const requiredKeys = Object.keys(properties).filter((name) => required.has(name));
      return fc.record(model, { requiredKeys });
    }
  }
}
