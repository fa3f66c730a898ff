/**
 * The small world that the API benchmarks and the scale tests write through the real command routes before their
 * load: the programme pow, the region Twente with its lead partner, and one supply activity per id.
 */
export type Post = (path: string, body: unknown) => Promise<void>;

export async function seedActivitiesOverHttp(post: Post, ids: string[], inParallel = 1): Promise<void> {
  await post('/api/programmes', {
    id: 'pow',
    name: 'Perspectief op Werk',
    owner: 'SZW',
    startDate: '2019-07-01',
    endDate: '2021-12-31',
  });
  await post('/api/regions', { id: 'twente', name: 'Twente' });
  await post('/api/partners', { id: 'gemeente-enschede', name: 'Gemeente Enschede', kind: 'central_municipality' });
  await post('/api/regions/twente/members', { partnerId: 'gemeente-enschede', role: 'lead' });
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
