import type { Decider } from './decider.js';
import { spec } from './decider-specification.js';
import { NotFound, RuleViolation } from './errors.js';

type Command = { type: 'Count'; data: { by: number } };
type Event = { type: 'Counted'; data: { by: number } };
const counter: Decider<Command, Event, number> = {
  decide: (command, total) => {
    if (command.data.by === 0) throw new RuleViolation('zero', 'Counting by zero changes nothing.');
    if (total > 10) throw new NotFound('counter', 'c');
    return [{ type: 'Counted', data: command.data }];
  },
  evolve: (total, event) => total + event.data.by,
  initialState: () => 0,
  streamPrefix: 'counter',
};
const count = (by: number): Command => ({ type: 'Count', data: { by } });

describe('the decider specification', () => {
  it('passes when the decider produces the expected events', () => {
    spec(counter)
      .given([])
      .when(count(1))
      .then([{ type: 'Counted', data: { by: 1 } }]);
  });

  it('fails when the decider produces other events', () => {
    expect(() => spec(counter).given([]).when(count(1)).then([])).toThrow();
  });

  it('matches a refusal by its rule code or error class', () => {
    spec(counter).given([]).when(count(0)).thenThrows('zero');
    spec(counter).given([]).when(count(0)).thenThrows(RuleViolation);
    spec(counter)
      .given([{ type: 'Counted', data: { by: 11 } }])
      .when(count(1))
      .thenThrows(NotFound);
  });

  it('fails when a refusal was expected but the command was accepted', () => {
    expect(() => spec(counter).given([]).when(count(1)).thenThrows('zero')).toThrow(/accepted/);
  });

  it('fails when the command is refused for another rule', () => {
    expect(() => spec(counter).given([]).when(count(0)).thenThrows('other')).toThrow();
  });
});
