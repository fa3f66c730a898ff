import fc from 'fast-check';
import { recordedEvents, generateLedger } from '../../../test/bench/ledger-generator.js';
import { canonicalJson } from '../src/canonical.js';
import { canonicalize, referenceCanonicalize } from '../src/jcs.js';

/** What canonicalize answers, or the message of what it throws. */
const outcome = (run: () => string | undefined) => {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('the fast JCS canonicaliser', () => {
  it('writes exactly what canonicalize writes for every JSON value, lone surrogates and all', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 6 }),
        fc.dictionary(text, tie('value'), { maxKeys: 8 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(outcome(() => canonicalize(value))).toEqual(outcome(() => referenceCanonicalize(value)));
      }),
      { numRuns: 3_000 },
    );
  });

  it('agrees with canonicalize on what JSON.parse never gives: undefined, holes, toJSON, NaN, functions', () => {
    const odd: unknown[] = [
      { a: undefined, b: 1 },
      { b: Symbol('s'), a: [undefined, Symbol('t'), 2] },
      [, 1], // eslint-disable-line no-sparse-arrays
      new Date(0),
      { when: new Date(86_400_000), n: -0 },
      NaN,
      [Infinity],
      { f: () => 1 },
      [() => 1],
      undefined,
      '\ud800',
      { '\udc00x': 'é\u2028\u0000"\\' },
      { 10: 'a', 2: 'b', B: 'c', a: 'd', '': 'e' },
      1e21,
      5e-324,
    ];
    for (const value of odd) {
      expect(outcome(() => canonicalize(value))).toEqual(outcome(() => referenceCanonicalize(value)));
    }
  });

  it('gives every envelope of a generated ledger the bytes canonicalize gives it', () => {
    let checked = 0;
    for (const event of recordedEvents(generateLedger({ events: 10_000 }))) {
      const envelope = JSON.parse(JSON.stringify(event));
      const expected = referenceCanonicalize({
        globalPosition: envelope.globalPosition,
        streamId: envelope.streamId,
        streamVersion: envelope.streamVersion,
        eventId: envelope.eventId,
        type: envelope.type,
        data: envelope.data,
        metadata: envelope.metadata,
      });
      if (canonicalJson(envelope) !== expected) expect(canonicalJson(envelope)).toBe(expected);
      checked += 1;
    }
    expect(checked).toBe(10_000);
  });
});
