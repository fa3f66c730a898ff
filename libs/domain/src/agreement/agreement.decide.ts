import { CommonRule, MissingContext, NotFound, ensure } from '../shared/errors.js';
import { defined } from '../shared/records.js';
import type { AgreementCommand, AgreementContext, DraftAgreement, SignAgreement } from './agreement.commands.js';
import type { AgreementEvent } from './agreement.events.js';
import type { AgreementFacts, AgreementState } from './agreement.state.js';

export const AgreementRule = {
  InvalidTermsHash: 'invalid_terms_hash',
  NoParties: 'no_parties',
  DuplicateParty: 'duplicate_party',
  NotAParty: 'not_a_party',
  WrongOrganisation: 'wrong_organisation',
  TermsHashMismatch: 'terms_hash_mismatch',
  AlreadySigned: 'already_signed',
  TermsUnchanged: 'terms_unchanged',
  AgreementTerminated: 'agreement_terminated',
} as const;

export function decideAgreement(
  command: AgreementCommand,
  state: AgreementState,
  context?: AgreementContext,
): AgreementEvent[] {
  if (command.type === 'DraftAgreement') return draft(command, state);
  if (state.status === 'none') throw new NotFound('agreement', command.data.agreementId);
  ensure(state.status !== 'terminated', AgreementRule.AgreementTerminated, `${state.agreementId} is terminated.`);
  const { agreementId } = state;
  switch (command.type) {
    case 'SignAgreement':
      return sign(command, state, context);
    case 'AmendAgreement': {
      const { terms, termsHash, reason } = command.data;
      ensureHashFormat(termsHash);
      ensure(termsHash !== state.termsHash, AgreementRule.TermsUnchanged, 'The amendment does not change the terms.');
      const version = state.currentVersion + 1;
      return [{ type: 'AgreementAmended', data: { agreementId, terms, termsHash, version, reason } }];
    }
    case 'TerminateAgreement': {
      const { by, reason } = command.data;
      return [{ type: 'AgreementTerminated', data: { agreementId, by, reason } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function draft(command: DraftAgreement, state: AgreementState): AgreementEvent[] {
  const { agreementId, regionId, kind, title, parties, activityIds, terms, termsHash, validFrom, validUntil } =
    command.data;
  ensure(state.status === 'none', CommonRule.AlreadyExists, `Agreement ${agreementId} already exists.`);
  ensureHashFormat(termsHash);
  ensure(parties.length > 0, AgreementRule.NoParties, 'An agreement names at least one party.');
  ensure(new Set(parties).size === parties.length, AgreementRule.DuplicateParty, 'A party is listed twice.');
  ensure(!validUntil || validUntil >= validFrom, CommonRule.EndBeforeStart, 'validUntil is before validFrom.');
  const fact = { agreementId, regionId, kind, title, parties, activityIds, terms, termsHash, version: 1 as const };
  return [{ type: 'AgreementDrafted', data: defined({ ...fact, validFrom, validUntil }) }];
}

function sign(command: SignAgreement, state: AgreementFacts, context?: AgreementContext): AgreementEvent[] {
  const { agreementId, partnerId, signatory, termsHash, signedOn } = command.data;
  ensure(state.parties.includes(partnerId), AgreementRule.NotAParty, `${partnerId} is not a party to ${agreementId}.`);
  if (context?.actorOrganisationId === undefined) throw new MissingContext(command.type, 'actorOrganisationId');
  const { actorOrganisationId } = context;
  ensure(actorOrganisationId === partnerId, AgreementRule.WrongOrganisation, `You cannot sign for ${partnerId}.`);
  ensure(termsHash === state.termsHash, AgreementRule.TermsHashMismatch, 'Sign the current version of the terms.');
  ensure(!state.signedBy.includes(partnerId), AgreementRule.AlreadySigned, `${partnerId} already signed this version.`);
  const version = state.currentVersion;
  const signed: AgreementEvent = {
    type: 'AgreementSigned',
    data: {
      agreementId,
      partnerId,
      signatory: { name: signatory.name, function: signatory.function },
      termsHash,
      version,
      signedOn,
    },
  };
  const signers = new Set([...state.signedBy, partnerId]);
  const complete = state.parties.every((party) => signers.has(party));
  return complete ? [signed, { type: 'AgreementInForce', data: { agreementId, version } }] : [signed];
}

function ensureHashFormat(termsHash: string): void {
  ensure(/^[0-9a-f]{64}$/.test(termsHash), AgreementRule.InvalidTermsHash, 'termsHash is not a SHA-256 hex digest.');
}
