import { DomainError } from './errors.js';
import { stateFrom } from './decider.js';
import type { Decider, Message } from './decider.js';

type ErrorClass = abstract new (...args: never[]) => DomainError;

/**
 * Given/when/then for deciders, for tests:
 * `spec(decider).given([...events]).when(command, context).then([...events])` or `.thenThrows('rule_code' | NotFound)`.
 */
export function spec<C extends Message, E extends Message, S, X>(decider: Decider<C, E, S, X>) {
  return {
    given(events: readonly E[] = []) {
      return {
        when(command: C, context?: X) {
          const run = () => decider.decide(command, stateFrom(decider, events), context);
          return {
            then(expected: readonly E[]): void {
              const produced = run();
              expect(produced).toEqual(expected);
              // The produced events must fold without error, and survive a JSON round trip unchanged.
              stateFrom(decider, [...events, ...produced]);
              expect(JSON.parse(JSON.stringify(produced))).toEqual(produced);
            },
            thenThrows(expected: string | ErrorClass): void {
              const error = catchError(run);
              if (typeof expected === 'string') {
                expect((error as { rule?: unknown }).rule).toBe(expected);
              } else {
                expect(error).toBeInstanceOf(expected);
              }
            },
          };
        },
      };
    },
  };
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error;
  }
  throw new Error('Expected the command to be refused, but it was accepted.');
}
