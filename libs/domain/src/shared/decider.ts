/** Anything a decider consumes or produces: a plain, serialisable `{type, data}` object. */
export interface Message<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

/**
 * One aggregate's behaviour as pure functions (Emmett's decider pattern).
 *
 * - `decide(command, state, context)` returns the events the command causes, or throws a `RuleViolation` / `NotFound`.
 *   `context` carries what the application read from other streams (membership, registration, the actor's
 *   organisation); the decider never reads anything itself.
 * - `evolve(state, event)` folds one event into the state; it never throws for an event it has produced.
 * - `initialState()` is the state of a stream without events.
 * - `streamPrefix` names the stream: `${streamPrefix}-${id}`.
 */
export interface Decider<Command extends Message, Event extends Message, State, Context = undefined> {
  decide(command: Command, state: State, context?: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  streamPrefix: string;
}

/** The stream id of an aggregate: `activity-42`. */
export function streamIdOf(prefix: string, id: string): string {
  return `${prefix}-${id}`;
}

/** Folds a stream's events into the decider's state. */
export function stateFrom<C extends Message, E extends Message, S, X>(
  decider: Decider<C, E, S, X>,
  events: readonly E[],
): S {
  return events.reduce(decider.evolve, decider.initialState());
}
