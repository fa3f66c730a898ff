import type { BorgingState } from './activity.events.js';

/** Where borging may go from each state; `secured` and `not_secured` are final. */
const nextStates: Readonly<Record<BorgingState, readonly BorgingState[]>> = {
  not_started: ['in_preparation', 'not_secured'],
  in_preparation: ['secured', 'not_secured'],
  secured: [],
  not_secured: [],
};

/**
 * Whether borging may move from `current` (undefined: nothing recorded yet, which counts as `not_started`) to `next`.
 * `not_started` may be recorded once, explicitly, as the first step.
 */
export function borgingMayMove(current: BorgingState | undefined, next: BorgingState): boolean {
  if (current === undefined) return next === 'not_started' || nextStates.not_started.includes(next);
  return nextStates[current].includes(next);
}
