import { tokenFor, type TestApp } from '../support/app.js';
import { post, seedWorld, sha256 } from './fixtures.js';
import { READERS } from './read-matrix.routes.js';

/**
 * Seeds the world of the matrix: fixtures.seedWorld, an activity and an agreement in region-b, a status report and a
 * borging step on act-1, uwv's signature on agr-1. Answers a token per reader.
 */
export async function seedReadWorld(app: TestApp): Promise<Map<string, string>> {
  const world = await seedWorld(app);
  const admin = app.adminToken;
  await post(app, admin, '/api/activities', {
    id: 'act-b',
    regionId: 'region-b',
    programmeId: 'pow',
    title: 'Leerwerkloket regio B',
    category: 'training',
    leadPartnerId: 'gemeente-b',
    targets: [{ indicator: 'placements', target: 10, unit: 'people', dueDate: '2021-12-31' }],
    startDate: '2020-01-01',
    endDate: '2021-12-31',
  });
  await post(app, admin, '/api/agreements', {
    id: 'agr-b',
    regionId: 'region-b',
    kind: 'letter_of_intent',
    title: 'Intentieverklaring regio B',
    terms: 'Wij werken samen.',
    parties: ['gemeente-b'],
    activityIds: ['act-b'],
    validFrom: '2021-01-01',
  });
  await post(app, admin, `/api/activities/${world.activityId}/status-reports`, {
    period: '2021-Q1',
    status: 'on_track',
    realised: [{ indicator: 'placements', value: 5 }],
    validFrom: '2021-03-31',
  });
  await post(app, admin, '/api/activities/act-1/borging', { state: 'in_preparation', effectiveFrom: '2021-06-01' });
  const agreement = (await app.http.get('/api/agreements/agr-1').set('Authorization', `Bearer ${admin}`)).body as {
    versions: { terms: string }[];
  };
  await post(app, world.tokens.partnerRep, '/api/agreements/agr-1/signatures', {
    partnerId: 'uwv',
    signatory: { name: 'J. de Vries', function: 'districtsmanager' },
    termsHash: sha256(agreement.versions[0].terms),
    signedOn: '2021-02-01',
  });
  const tokens = new Map<string, string>();
  for (const r of READERS) {
    const { userId, organisationId, roles, regionIds } = r.actor;
    tokens.set(r.label, await tokenFor(app, { userId, organisationId, roles: [...roles], regionIds }));
  }
  return tokens;
}
