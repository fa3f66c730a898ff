import type { Decider } from '../shared/decider.js';
import type { PartnerCommand } from './partner.commands.js';
import { decidePartner } from './partner.decide.js';
import type { PartnerEvent } from './partner.events.js';
import { evolvePartner, initialPartnerState } from './partner.state.js';
import type { PartnerState } from './partner.state.js';

/** The partner stream (`partner-{id}`); its commands need no context. */
export const partnerDecider: Decider<PartnerCommand, PartnerEvent, PartnerState> = {
  decide: (command, state) => decidePartner(command, state),
  evolve: evolvePartner,
  initialState: initialPartnerState,
  streamPrefix: 'partner',
};
