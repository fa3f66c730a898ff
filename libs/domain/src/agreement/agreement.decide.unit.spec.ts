import { spec } from '../shared/decider-specification.js';
import { MissingContext, NotFound } from '../shared/errors.js';
import type { AgreementCommand } from './agreement.commands.js';
import { agreementDecider } from './agreement.decider.js';
import type { AgreementEvent } from './agreement.events.js';

const agreementId = 'convenant-2021';
const hash1 = 'a'.repeat(64);
const hash2 = 'b'.repeat(64);
const draftData = {
  agreementId,
  regionId: 'groot-amsterdam',
  kind: 'covenant' as const,
  title: 'Convenant Perspectief op Werk',
  parties: ['gemeente-amsterdam', 'uwv'],
  activityIds: ['a1'],
  terms: 'We werken samen.',
  termsHash: hash1,
  validFrom: '2021-01-01',
};
const drafted: AgreementEvent = { type: 'AgreementDrafted', data: { ...draftData, version: 1 } };
const signatory = { name: 'J. Jansen', function: 'wethouder' };
const signCommand = (partnerId: string, termsHash = hash1): AgreementCommand => ({
  type: 'SignAgreement',
  data: { agreementId, partnerId, signatory, termsHash, signedOn: '2021-02-01' },
});
const signed = (partnerId: string, version = 1, termsHash = hash1): AgreementEvent => ({
  type: 'AgreementSigned',
  data: { agreementId, partnerId, signatory, termsHash, version, signedOn: '2021-02-01' },
});
const inForce = (version: number): AgreementEvent => ({ type: 'AgreementInForce', data: { agreementId, version } });
const amended: AgreementEvent = {
  type: 'AgreementAmended',
  data: { agreementId, terms: 'We werken nauwer samen.', termsHash: hash2, version: 2, reason: 'new year' },
};
const terminated: AgreementEvent = { type: 'AgreementTerminated', data: { agreementId, by: 'uwv', reason: 'ended' } };
const asUwv = { actorOrganisationId: 'uwv' };
const asGemeente = { actorOrganisationId: 'gemeente-amsterdam' };
const given = (events: AgreementEvent[]) => spec(agreementDecider).given(events);
const inForceV1 = [drafted, signed('gemeente-amsterdam'), signed('uwv'), inForce(1)];

describe('agreement', () => {
  describe('drafting', () => {
    const draft = (extra: object = {}): AgreementCommand => ({
      type: 'DraftAgreement',
      data: { ...draftData, ...extra },
    });

    it('drafts version 1 of the terms', () => {
      given([]).when(draft()).then([drafted]);
    });

    it('keeps validUntil when one is given', () => {
      given([])
        .when(draft({ validUntil: '2022-12-31' }))
        .then([{ type: 'AgreementDrafted', data: { ...draftData, version: 1, validUntil: '2022-12-31' } }]);
    });

    it('refuses to draft an agreement that already exists', () => {
      given([drafted]).when(draft()).thenThrows('already_exists');
    });

    it('refuses a terms hash that is not 64 lowercase hex characters', () => {
      given([])
        .when(draft({ termsHash: 'A'.repeat(64) }))
        .thenThrows('invalid_terms_hash');
      given([])
        .when(draft({ termsHash: 'a'.repeat(63) }))
        .thenThrows('invalid_terms_hash');
    });

    it('refuses an agreement without parties', () => {
      given([])
        .when(draft({ parties: [] }))
        .thenThrows('no_parties');
    });

    it('refuses a party listed twice', () => {
      given([])
        .when(draft({ parties: ['uwv', 'uwv'] }))
        .thenThrows('duplicate_party');
    });

    it('refuses validUntil before validFrom', () => {
      given([])
        .when(draft({ validUntil: '2020-12-31' }))
        .thenThrows('end_before_start');
    });
  });

  describe('signing', () => {
    it('records the signature of a listed party for its own organisation', () => {
      given([drafted])
        .when(signCommand('uwv'), asUwv)
        .then([signed('uwv')]);
    });

    it('puts the agreement in force with the last signature of the version', () => {
      given([drafted, signed('gemeente-amsterdam')])
        .when(signCommand('uwv'), asUwv)
        .then([signed('uwv'), inForce(1)]);
    });

    it('refuses a signature by an organisation that is not a party', () => {
      given([drafted]).when(signCommand('vno-ncw'), { actorOrganisationId: 'vno-ncw' }).thenThrows('not_a_party');
    });

    it('refuses a signature on behalf of another organisation', () => {
      given([drafted]).when(signCommand('uwv'), asGemeente).thenThrows('wrong_organisation');
    });

    it('refuses a signature of terms other than the current version', () => {
      given([drafted]).when(signCommand('uwv', hash2), asUwv).thenThrows('terms_hash_mismatch');
    });

    it('refuses a second signature by the same party', () => {
      given([drafted, signed('uwv')])
        .when(signCommand('uwv'), asUwv)
        .thenThrows('already_signed');
    });

    it('refuses a signature on an unknown agreement', () => {
      given([]).when(signCommand('uwv'), asUwv).thenThrows(NotFound);
    });

    it('needs the organisation of the actor', () => {
      given([drafted]).when(signCommand('uwv')).thenThrows(MissingContext);
    });
  });

  describe('amending', () => {
    const amend: AgreementCommand = {
      type: 'AmendAgreement',
      data: { agreementId, terms: amended.data.terms, termsHash: hash2, reason: 'new year' },
    };

    it('bumps the version with new terms', () => {
      given(inForceV1).when(amend).then([amended]);
    });

    it('amends a draft that is not yet in force', () => {
      given([drafted]).when(amend).then([amended]);
    });

    it('refuses an amendment with the same terms hash', () => {
      given(inForceV1)
        .when({ ...amend, data: { ...amend.data, termsHash: hash1 } })
        .thenThrows('terms_unchanged');
    });

    it('refuses an amendment with a malformed hash', () => {
      given(inForceV1)
        .when({ ...amend, data: { ...amend.data, termsHash: 'xyz' } })
        .thenThrows('invalid_terms_hash');
    });

    describe('when the agreement has been amended', () => {
      it('asks every party to sign again, even those that signed the earlier version', () => {
        given([...inForceV1, amended])
          .when(signCommand('uwv', hash2), asUwv)
          .then([signed('uwv', 2, hash2)]);
      });

      it('refuses a signature of the earlier version', () => {
        given([...inForceV1, amended])
          .when(signCommand('uwv', hash1), asUwv)
          .thenThrows('terms_hash_mismatch');
      });

      it('keeps the earlier version in force until the last party signs the new one', () => {
        const history = [...inForceV1, amended, signed('uwv', 2, hash2)];
        const state = history.reduce(agreementDecider.evolve, agreementDecider.initialState());
        expect(state).toMatchObject({ status: 'in_force', inForceVersion: 1, currentVersion: 2 });
      });

      it('puts the new version in force with its last signature', () => {
        given([...inForceV1, amended, signed('uwv', 2, hash2)])
          .when(signCommand('gemeente-amsterdam', hash2), asGemeente)
          .then([signed('gemeente-amsterdam', 2, hash2), inForce(2)]);
      });
    });
  });

  describe('when the agreement is terminated', () => {
    const terminate: AgreementCommand = { type: 'TerminateAgreement', data: terminated.data };

    it('terminates an agreement in force', () => {
      given(inForceV1).when(terminate).then([terminated]);
    });

    it('terminates a draft', () => {
      given([drafted]).when(terminate).then([terminated]);
    });

    it('refuses a signature', () => {
      given([drafted, terminated]).when(signCommand('uwv'), asUwv).thenThrows('agreement_terminated');
    });

    it('refuses an amendment', () => {
      given([...inForceV1, terminated])
        .when({ type: 'AmendAgreement', data: { agreementId, terms: 't', termsHash: hash2, reason: 'r' } })
        .thenThrows('agreement_terminated');
    });

    it('refuses a second termination', () => {
      given([drafted, terminated]).when(terminate).thenThrows('agreement_terminated');
    });
  });
});
