/**
 * The small world that tests and benchmarks write through the real command routes (with a programme-office token)
 * before they start: the programme pow, the region Twente with members, and activities.
 */
export type Post = (path: string, body: object) => Promise<unknown>;

export interface Member {
  id: string;
  name: string;
  kind: string;
  role: 'lead' | 'project_leader' | 'participant';
}

export const ENSCHEDE: Member = {
  id: 'gemeente-enschede',
  name: 'Gemeente Enschede',
  kind: 'central_municipality',
  role: 'lead',
};
export const UWV_TWENTE: Member = { id: 'uwv-twente', name: 'UWV Twente', kind: 'uwv', role: 'participant' };

/** The body of POST /api/programmes for the programme pow, Perspectief op Werk (2019-07-01 – 2021-12-31). */
export const POW = {
  id: 'pow',
  name: 'Perspectief op Werk',
  owner: 'SZW',
  startDate: '2019-07-01',
  endDate: '2021-12-31',
};

/** The body of POST /api/activities for the Werkgeversservicepunt in Twente, led by Enschede (after seedTwente). */
export const WSP = {
  id: 'wsp',
  regionId: 'twente',
  programmeId: 'pow',
  title: 'Werkgeversservicepunt',
  category: 'demand',
  leadPartnerId: 'gemeente-enschede',
  targets: [{ indicator: 'placements', target: 150, unit: 'people', dueDate: '2021-12-31' }],
  startDate: '2020-01-01',
  endDate: '2021-12-31',
};

/** The programme pow (2019-07-01 – 2021-12-31) and the region Twente with these partners as members. */
export async function seedTwente(post: Post, members: Member[] = [ENSCHEDE]): Promise<void> {
  await post('/api/programmes', POW);
  await post('/api/regions', { id: 'twente', name: 'Twente' });
  for (const { id, name, kind } of members) await post('/api/partners', { id, name, kind });
  for (const { id, role } of members) await post('/api/regions/twente/members', { partnerId: id, role });
}

/** Twente with Enschede as its lead, and one supply activity per id (`inParallel` at a time). */
export async function seedActivitiesOverHttp(post: Post, ids: string[], inParallel = 1): Promise<void> {
  await seedTwente(post);
  for (let i = 0; i < ids.length; i += inParallel) {
    await Promise.all(
      ids.slice(i, i + inParallel).map((id) =>
        post('/api/activities', {
          id,
          regionId: 'twente',
          programmeId: 'pow',
          title: `Activiteit ${id}`,
          category: 'supply',
          leadPartnerId: 'gemeente-enschede',
          targets: [{ indicator: 'placements', target: 100, unit: 'people', dueDate: '2021-12-31' }],
          startDate: '2019-07-01',
          endDate: '2021-12-31',
        }),
      ),
    );
  }
}
