import { createHash } from 'node:crypto';
import type { AgreementKind, Signatory } from '@akkoord/domain';
import { addDays, after, dateOf, officeHours } from './calendar.js';
import type { Random } from './random.js';
import { representativeOf, type DemoPartner, type DemoRegion, type StepLog } from './steps.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface AgreementDraft {
  id: string;
  kind: AgreementKind;
  title: string;
  parties: DemoPartner[];
  activities: { id: string; title: string }[];
  purpose: string;
  validFrom: string;
  validUntil?: string;
  draftedAt: number;
}

export interface SignRound {
  /** Signing starts this many days after the version is drafted, and ends by `maxDays`. */
  minDays: number;
  maxDays: number;
  /** Parties that do not sign (yet): the version is not in force. */
  missing?: number;
}

/** Writes an agreement's terms: who, what for, which activities, monitoring and term. */
export function termsOf(region: DemoRegion, draft: AgreementDraft): string {
  const lines = [
    draft.title,
    '',
    `Partijen: ${draft.parties.map((p) => p.name).join(', ')}.`,
    '',
    'Artikel 1 – Doel',
    draft.purpose,
    '',
    'Artikel 2 – Activiteiten',
    ...(draft.activities.length > 0
      ? draft.activities.map((a) => `- ${a.title}`)
      : ['- De activiteiten uit de doe-agenda van de regio.']),
    '',
    'Artikel 3 – Rollen',
    `${region.central.name} is trekker en aanjager. Iedere partij levert de bijdragen die zij per activiteit toezegt en ` +
      'spreekt partners aan die afspraken niet nakomen.',
    '',
    'Artikel 4 – Monitoring',
    'Partijen rapporteren ieder kwartaal per activiteit de voortgang en de realisatie aan het programmabureau, en ' +
      'bespreken de samenwerking zelf twee keer per jaar in de regiegroep.',
    '',
    'Artikel 5 – Looptijd',
    draft.validUntil
      ? `Deze afspraken gelden van ${draft.validFrom} tot en met ${draft.validUntil}.`
      : `Deze afspraken gelden vanaf ${draft.validFrom}.`,
  ];
  return lines.join('\n');
}

export const CORONA_ADDENDUM = [
  '',
  'Addendum 2020 – Coronacrisis',
  'Partijen passen de planning van de doe-agenda aan de coronamaatregelen aan: bijeenkomsten en matching gaan waar ' +
    'mogelijk online door, leerwerktrajecten hervatten zodra werkplekken weer beschikbaar zijn, en de ambities worden ' +
    'na de monitorronde van het tweede kwartaal opnieuw bezien.',
].join('\n');

/**
 * Drafts an agreement (by the region's coordinator) and lets every party sign it; answers the moment the last
 * signature put it in force, or undefined when a party has not signed.
 */
export function draftAndSign(
  log: StepLog,
  random: Random,
  region: DemoRegion,
  draft: AgreementDraft,
  round: SignRound,
  signatory: (partner: DemoPartner) => Signatory,
): { terms: string; termsHash: string; inForceAt: number | undefined } {
  const terms = termsOf(region, draft);
  const termsHash = sha256(terms);
  log.add(draft.draftedAt, region.coordinator, {
    type: 'DraftAgreement',
    data: {
      agreementId: draft.id,
      regionId: region.id,
      kind: draft.kind,
      title: draft.title,
      terms,
      termsHash,
      parties: draft.parties.map((p) => p.id),
      activityIds: draft.activities.map((a) => a.id),
      validFrom: draft.validFrom,
      ...(draft.validUntil !== undefined && { validUntil: draft.validUntil }),
    },
  });
  const inForceAt = signAll(log, random, draft.id, draft.parties, termsHash, draft.draftedAt, round, signatory);
  return { terms, termsHash, inForceAt };
}

/** Amends the terms (every party signs again); answers when the new version came in force, if it did. */
export function amendAndSign(
  log: StepLog,
  random: Random,
  region: DemoRegion,
  agreement: { id: string; parties: DemoPartner[]; terms: string },
  amendment: { at: number; addendum: string; reason: string },
  round: SignRound,
  signatory: (partner: DemoPartner) => Signatory,
): { terms: string; termsHash: string; inForceAt: number | undefined } {
  const terms = agreement.terms + '\n' + amendment.addendum;
  const termsHash = sha256(terms);
  log.add(amendment.at, region.coordinator, {
    type: 'AmendAgreement',
    data: { agreementId: agreement.id, terms, termsHash, reason: amendment.reason },
  });
  const inForceAt = signAll(log, random, agreement.id, agreement.parties, termsHash, amendment.at, round, signatory);
  return { terms, termsHash, inForceAt };
}

function signAll(
  log: StepLog,
  random: Random,
  agreementId: string,
  parties: DemoPartner[],
  termsHash: string,
  from: number,
  round: SignRound,
  signatory: (partner: DemoPartner) => Signatory,
): number | undefined {
  const fromDate = dateOf(from);
  const signing = random.sample(parties, parties.length - (round.missing ?? 0));
  const moments = signing
    .map((partner) => {
      const at = Math.max(
        officeHours(addDays(fromDate, random.int(round.minDays, round.maxDays)), random),
        after(from, 20),
      );
      return { partner, at };
    })
    .sort((a, b) => a.at - b.at);
  // distinct moments, so that "the last signature" is one step
  for (let i = 1; i < moments.length; i++) moments[i].at = Math.max(moments[i].at, after(moments[i - 1].at, 1));
  const complete = signing.length === parties.length;
  moments.forEach(({ partner, at }, i) => {
    const signedOnDay = addDays(dateOf(at), -random.int(0, 3));
    const signedOn = signedOnDay < fromDate ? fromDate : signedOnDay;
    const last = complete && i === moments.length - 1;
    log.add(
      at,
      representativeOf(partner.id),
      {
        type: 'SignAgreement',
        data: { agreementId, partnerId: partner.id, signatory: signatory(partner), termsHash, signedOn },
      },
      last ? 2 : 1,
    );
  });
  return complete ? moments[moments.length - 1]?.at : undefined;
}
