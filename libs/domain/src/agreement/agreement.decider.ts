import type { Decider } from '../shared/decider.js';
import type { AgreementCommand, AgreementContext } from './agreement.commands.js';
import { decideAgreement } from './agreement.decide.js';
import type { AgreementEvent } from './agreement.events.js';
import { evolveAgreement, initialAgreementState } from './agreement.state.js';
import type { AgreementState } from './agreement.state.js';

/** The agreement stream (`agreement-{id}`): versions, signatures, force, termination. `SignAgreement` needs `{ actorOrganisationId }`. */
export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState, AgreementContext> = {
  decide: decideAgreement,
  evolve: evolveAgreement,
  initialState: initialAgreementState,
  streamPrefix: 'agreement',
};
