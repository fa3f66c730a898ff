/** Agreements: covenants, cooperation agreements, letters of intent and execution agendas, signed and amended. */
import { createHash } from 'node:crypto';
import type { Draft, PlannedActivities } from './draft.js';
import { K, DAY, dateOf, dayOf, type AgreementInfo, type PartnerInfo, type RegionInfo } from './vocabulary.js';

export function planAgreements(
  d: Draft,
  partners: PartnerInfo[],
  regions: RegionInfo[],
  { activities, byRegion }: PlannedActivities,
): AgreementInfo[] {
  const { random, between, chance, officeHours, add } = d;
  const agreements: AgreementInfo[] = [];
  const addAgreement = (
    region: number,
    kind: string,
    title: string,
    parties: number[],
    activityIndexes: number[],
    draftedAt: number,
    validFrom: string,
    validUntil?: string,
  ) => {
    const info: AgreementInfo = {
      id: `agr-${regions[region].id}-${agreements.filter((x) => x.region === region).length + 1}`,
      region,
      kind,
      title,
      parties,
      activities: activityIndexes,
      validFrom,
      validUntil,
      terms: [],
      hashes: [],
      draftedAt,
    };
    const index = agreements.push(info) - 1;
    addVersion(info, 'Eerste versie.');
    add(draftedAt, K.Draft, index);
    return index;
  };
  const addVersion = (info: AgreementInfo, change: string) => {
    const lines = [
      info.title,
      '',
      `Partijen: ${info.parties.map((p) => partners[p].name).join(', ')}.`,
      '',
      'Artikel 1 – Doel',
      'Meer mensen die kunnen en willen werken vinden duurzaam werk in de regio.',
      '',
      'Artikel 2 – Activiteiten',
      ...(info.activities.length > 0
        ? info.activities.map((a) => `- ${activities[a].id}: activiteit ${a + 1}`)
        : ['- De activiteiten uit de doe-agenda van de regio.']),
      '',
      'Artikel 3 – Monitoring',
      'Partijen rapporteren ieder kwartaal per activiteit de voortgang en de realisatie.',
      '',
      `Artikel 4 – Looptijd: van ${info.validFrom}${info.validUntil ? ` tot en met ${info.validUntil}` : ''}.`,
      '',
      `Versie ${info.terms.length + 1}. ${change}`,
    ];
    const terms = lines.join('\n');
    info.terms.push(terms);
    info.hashes.push(createHash('sha256').update(terms, 'utf8').digest('hex'));
  };
  /** Every party signs `version` from `after`, one by one; answers when the last signed (undefined: one never did). */
  const signRound = (index: number, version: number, after: number, maxDays: number, missing = 0) => {
    const { parties } = agreements[index];
    const order = [...parties].sort(() => random() - 0.5).slice(0, parties.length - missing);
    const times = order.map(() => officeHours(after + Math.floor(between(1, maxDays)) * DAY)).sort((x, y) => x - y);
    times.forEach((at, i) => add(at + i * 1000, K.Sign, index, version, order[i], i === parties.length - 1 ? 1 : 0));
    return missing > 0 ? undefined : times[times.length - 1] + times.length * 1000;
  };
  for (const [r, region] of regions.entries()) {
    const own = byRegion[r].map((a) => activities[a]);
    // the covenant for the action plan: in force, amended once or twice, signed again each time
    const covenantAt = officeHours(dayOf('2019-10-07') + Math.floor(random() * 40) * DAY);
    const agenda = byRegion[r].filter((a) => activities[a].plannedAt < covenantAt - 7 * DAY).slice(0, 12);
    const covenant = addAgreement(
      r,
      'covenant',
      `Convenant regionaal actieplan ${region.name}`,
      region.covenant,
      agenda,
      covenantAt,
      '2019-10-01',
      '2021-12-31',
    );
    let inForce = signRound(covenant, 1, covenantAt, 60) ?? covenantAt;
    for (let v = 2; v <= (chance(0.3) ? 3 : 2); v++) {
      const at = officeHours(Math.max(inForce, dayOf(v === 2 ? '2020-06-01' : '2021-03-01')) + random() * 90 * DAY);
      addVersion(agreements[covenant], v === 2 ? 'Aanvulling na de eerste monitorronde.' : 'Verlenging tot 2022.');
      add(at, K.Amend, covenant, v);
      inForce = signRound(covenant, v, at, 45) ?? at;
    }
    // cooperation agreements for groups of activities
    for (let i = 0; i + 4 <= own.length; i += 8) {
      const group = byRegion[r].slice(i, i + Math.min(8, own.length - i));
      const latest = Math.max(...group.map((a) => activities[a].plannedAt));
      const at = officeHours(latest + Math.floor(between(7, 60)) * DAY);
      const lead = activities[group[0]].lead;
      const parties = [
        lead,
        ...region.committers
          .filter((p) => p !== lead)
          .sort(() => random() - 0.5)
          .slice(0, 2),
      ];
      const index = addAgreement(
        r,
        'cooperation_agreement',
        `Samenwerkingsovereenkomst ${region.name} ${i / 8 + 1}`,
        parties,
        group,
        at,
        dateOf(at),
        activities[group[0]].end,
      );
      const done = signRound(index, 1, at, 30, chance(0.05) ? 1 : 0);
      if (done !== undefined && chance(0.2)) {
        const amendedAt = officeHours(done + Math.floor(between(60, 300)) * DAY);
        addVersion(agreements[index], 'Bijdragen bijgesteld.');
        add(amendedAt, K.Amend, index, 2);
        signRound(index, 2, amendedAt, 40);
      }
      if (done !== undefined && chance(0.04)) add(officeHours(done + 400 * DAY), K.Terminate, index, 0, lead);
    }
    // a letter of intent with the tourist, not always signed by everyone
    if (chance(0.5)) {
      const at = officeHours(dayOf('2020-02-03') + Math.floor(random() * 200) * DAY);
      const tourist = [...region.tourists][0];
      const index = addAgreement(
        r,
        'letter_of_intent',
        `Intentieverklaring ${region.name}`,
        [region.central, tourist],
        [],
        at,
        dateOf(at),
      );
      signRound(index, 1, at, 30, chance(0.4) ? 1 : 0);
    }
    // the execution agenda for 2022: borging
    const at = officeHours(dayOf('2021-10-04') + Math.floor(random() * 50) * DAY);
    const secured = byRegion[r].filter((a) => activities[a].programme === 0).slice(0, 10);
    const index = addAgreement(
      r,
      'execution_agenda',
      `Uitvoeringsagenda ${region.name} 2022`,
      [region.central, region.committers[region.committers.length - 2], region.committers[1]],
      secured,
      at,
      '2022-01-01',
      '2022-12-31',
    );
    signRound(index, 1, at, 40);
  }
  return agreements;
}
