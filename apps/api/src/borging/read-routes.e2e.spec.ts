import { startTestApp, tokenFor, type TestApp } from '../../../../test/support/app.js';
import { commitFte, openWorld, planActivity, seedRegion, type World } from '../../../../test/support/world.js';
import { STORE_KINDS } from '../../../../test/support/stores.js';

/**
 * The borging and involvement routes over real HTTP on the whole app, with real tokens, on a small world whose clock
 * the test moves: parameters, answers, 400s and 404s (who may read what is the read matrix's: test/e2e/read-matrix*).
 */
describe.each(STORE_KINDS)('the borging and involvement routes on %s', (kind) => {
  let world: World;
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const get = (path: string, role = 'analyst') => app.http.get(path).set('Authorization', `Bearer ${tokens[role]}`);

  beforeAll(async () => {
    world = await openWorld(kind);
    world.now = new Date('2020-01-10T09:00:00Z');
    await seedRegion(world, 'twente');
    await world.run(planActivity('a1', 'twente', 'supply'));
    await commitFte(world, 'a1', 'uwv-twente', 1);
    world.now = new Date('2021-03-01T09:00:00Z');
    await world.run({
      type: 'RecordBorging',
      data: { activityId: 'a1', state: 'in_preparation', effectiveFrom: '2021-03-01' },
    });
    app = await startTestApp(kind, { storeUrl: world.ledger.url });
    for (const role of ['analyst', 'auditor'])
      tokens[role] = await tokenFor(app, { userId: role, organisationId: 'programme-office', roles: [role] });
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  it('answers an activity’s borging history, and 404 for an activity unknown then', async () => {
    // the auditor sees who recorded each step (actor details); an analyst gets the steps without user ids
    const response = await get('/api/activities/a1/borging-history', 'auditor');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      activityId: 'a1',
      current: { state: 'in_preparation', mechanism: null },
      steps: [{ state: 'in_preparation', previousState: 'not_started', actor: { userId: 'po' } }],
    });
    const before = await get('/api/activities/a1/borging-history?asOf=2020-06-01T00:00:00%2B02:00');
    expect(before.body).toMatchObject({ current: { state: 'not_started' }, steps: [] });
    expect((await get('/api/activities/nope/borging-history')).status).toBe(404);
    expect((await get('/api/activities/a1/borging-history?asOf=2019-01-01T00:00:00Z')).status).toBe(404);
  });

  it('answers the borging overview with totals', async () => {
    const response = await get('/api/borging?regionId=twente&programmeId=pow&validAt=2021-02-01');
    expect(response.status).toBe(200);
    expect(response.body.totals).toEqual({ not_started: 1, in_preparation: 0, secured: 0, not_secured: 0 });
    expect((await get('/api/borging')).body.byRegion).toEqual([
      { regionId: 'twente', totals: { not_started: 0, in_preparation: 1, secured: 0, not_secured: 0 } },
    ]);
  });

  it('answers partner involvement with a window', async () => {
    const response = await get('/api/involvement?regionId=twente&asOf=2020-12-31T00:00:00Z&window=6');
    expect(response.status).toBe(200);
    expect(response.body.window).toEqual({
      from: '2020-06-30T00:00:00.000Z',
      to: '2020-12-31T00:00:00.000Z',
      months: 6,
      basis: 'asOf',
    });
    expect(response.body.rows.map((r: { partnerId: string }) => r.partnerId)).toEqual([
      'gemeente-twente',
      'roc-twente',
      'uwv-twente',
    ]);
    const year = await get('/api/involvement?partnerId=uwv-twente&asOf=2020-12-31T00:00:00Z');
    expect(year.body.rows).toEqual([expect.objectContaining({ regionId: 'twente', signal: 'signing_only' })]);
  });

  it.each([
    ['/api/involvement?window=0', 'window'],
    ['/api/involvement?window=121', 'window'],
    ['/api/involvement?window=1.5', 'window'],
    ['/api/involvement?regionId=Twente!', 'regionId'],
    ['/api/involvement?partnerId=a&partnerId=b', 'partnerId'],
    ['/api/involvement?asOf=yesterday', 'asOf'],
    ['/api/borging?validAt=2021-02-30', 'validAt'],
    ['/api/borging?programmeId=', 'programmeId'],
    ['/api/activities/a1/borging-history?asOf=2021-02-30', 'asOf'],
    ['/api/borging?minPosition=-1', 'minPosition'],
  ])('refuses %s with a validation error on %s', async (path, field) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'validation', details: [expect.objectContaining({ field })] });
  });

  it('sees a command once the read models include the position it answered (read-your-writes)', async () => {
    world.now = new Date('2021-09-01T09:00:00Z');
    const result = await world.run({
      type: 'RecordBorging',
      data: { activityId: 'a1', state: 'secured', mechanism: 'regular_service', effectiveFrom: '2021-09-01' },
    });
    const response = await get(`/api/activities/a1/borging-history?minPosition=${result.globalPosition}`);
    expect(response.body.current).toEqual({
      state: 'secured',
      mechanism: 'regular_service',
      effectiveFrom: '2021-09-01',
    });
    expect(response.body.steps).toHaveLength(2);
  });
});
