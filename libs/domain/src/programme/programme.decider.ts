import type { Decider } from '../shared/decider.js';
import type { ProgrammeCommand } from './programme.commands.js';
import { decideProgramme } from './programme.decide.js';
import type { ProgrammeEvent } from './programme.events.js';
import { evolveProgramme, initialProgrammeState } from './programme.state.js';
import type { ProgrammeState } from './programme.state.js';

/** The programme stream (`programme-{id}`); its commands need no context. */
export const programmeDecider: Decider<ProgrammeCommand, ProgrammeEvent, ProgrammeState> = {
  decide: (command, state) => decideProgramme(command, state),
  evolve: evolveProgramme,
  initialState: initialProgrammeState,
  streamPrefix: 'programme',
};
