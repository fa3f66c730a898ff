import type { Decider } from '../shared/decider.js';
import type { RegionCommand, RegionContext } from './region.commands.js';
import { decideRegion } from './region.decide.js';
import type { RegionEvent } from './region.events.js';
import { evolveRegion, initialRegionState } from './region.state.js';
import type { RegionState } from './region.state.js';

/** The region stream (`region-{id}`) and its membership; `JoinRegion` needs `{ partnerRegistered }`. */
export const regionDecider: Decider<RegionCommand, RegionEvent, RegionState, RegionContext> = {
  decide: decideRegion,
  evolve: evolveRegion,
  initialState: initialRegionState,
  streamPrefix: 'region',
};
