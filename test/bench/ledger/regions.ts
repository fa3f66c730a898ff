/** Partners and the 35 regions: registrations, joins, role changes, a leaver, renames. */
import type { Actor } from '../../../libs/event-store/src/index.js';
import type { Draft } from './draft.js';
import {
  DAY,
  HOUR,
  K,
  PROVINCES,
  REGION_IDS,
  REGION_PROVINCE,
  dayOf,
  titleCase,
  type Member,
  type PartnerInfo,
  type RegionInfo,
} from './vocabulary.js';

export interface PartnersAndRegions {
  partners: PartnerInfo[];
  members: Member[];
  regions: RegionInfo[];
}

export function planPartnersAndRegions(d: Draft): PartnersAndRegions {
  const { random, chance, officeHours, add } = d;
  const partners: PartnerInfo[] = [];
  const partnerIndex = new Map<string, number>();
  const partner = (id: string, name: string, kind: string) => {
    let index = partnerIndex.get(id);
    if (index === undefined) {
      index = partners.push({ id, name, kind }) - 1;
      partnerIndex.set(id, index);
      add(officeHours(dayOf('2019-07-03') + Math.floor(random() * 25) * DAY), K.Partner, index);
    }
    return index;
  };
  const sbb = partner('sbb', 'SBB', 'sbb');
  const provinces = PROVINCES.map((p) => partner(`provincie-${p}`, `Provincie ${titleCase(p)}`, 'province'));
  const members: Member[] = [];
  const regions: RegionInfo[] = REGION_IDS.map((id, r) => {
    const name = titleCase(id);
    add(dayOf('2019-07-02') + 9 * HOUR + r * 60_000, K.Region, r);
    const own = (suffix: string, label: string, kind: string) => partner(`${suffix}-${id}`, `${label} ${name}`, kind);
    const central = own('gemeente', 'Gemeente', 'central_municipality');
    const municipalities = [own('gemeente2', 'Gemeente Oost', 'municipality')];
    if (chance(0.6)) municipalities.push(own('gemeente3', 'Gemeente West', 'municipality'));
    const uwv = own('uwv', 'UWV', 'uwv');
    const employers = own('werkgevers', 'Werkgeversservicepunt', 'employer_organisation');
    const roc = own('roc', 'ROC', 'education');
    const firms = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) =>
      own(`werkgever${i + 1}`, `Werkgever ${i + 1}`, 'employer'),
    );
    const extra: number[] = [];
    if (chance(0.5)) extra.push(own('zorg', 'Zorggroep', 'care_provider'));
    if (chance(0.3)) extra.push(own('vakbond', 'Vakbond', 'union'));
    const tourist = own('netwerk', 'Netwerkorganisatie', 'other');
    const coordinator: Actor = {
      userId: `coordinator-${id}`,
      organisationId: partners[central].id,
      roles: ['region_coordinator'],
      regionIds: [id],
    };
    const joined = [
      [central, 'lead'],
      ...[...municipalities, uwv, employers, roc, ...firms, ...extra, sbb, provinces[REGION_PROVINCE[r]], tourist].map(
        (p) => [p, 'participant'] as const,
      ),
    ] as const;
    for (const [p, role] of joined) {
      const m = members.push({ region: r, partner: p, role }) - 1;
      add(officeHours(dayOf('2019-08-01') + Math.floor(random() * 28) * DAY), K.Join, m);
      if (p === employers && chance(0.4)) {
        members.push({ region: r, partner: p, role: 'project_leader', previousRole: 'participant' });
        add(officeHours(dayOf('2020-03-02') + Math.floor(random() * 180) * DAY), K.RoleChange, members.length - 1);
      }
    }
    if (chance(0.25)) {
      const adviser = own('adviseur', 'Adviesbureau', 'other');
      const m = members.push({ region: r, partner: adviser, role: 'participant' }) - 1;
      add(officeHours(dayOf('2019-08-01') + Math.floor(random() * 28) * DAY), K.Join, m);
      add(officeHours(dayOf('2021-02-01') + Math.floor(random() * 200) * DAY), K.Leave, m);
    }
    if (chance(0.15)) add(officeHours(dayOf('2021-01-04') + Math.floor(random() * 300) * DAY), K.Rename, central);
    const committers = [central, ...municipalities, uwv, employers, roc, ...firms, ...extra, sbb, tourist];
    return {
      id,
      name,
      central,
      committers,
      tourists: new Set([tourist]),
      leads: [central, central, central, ...municipalities, employers, uwv],
      covenant: [central, uwv, employers, roc, sbb, provinces[REGION_PROVINCE[r]], tourist],
      coordinator,
    };
  });
  return { partners, members, regions };
}
