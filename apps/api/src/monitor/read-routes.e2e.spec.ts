import { startTestApp, tokenFor, type TestApp } from '../../../../test/support/app.js';
import { openWorld, planActivity, reportStatus, seedRegion, type World } from '../../../../test/support/world.js';
import { STORE_KINDS } from '../../../../test/support/stores.js';

/**
 * The monitor and time series routes over real HTTP on the whole app, with real tokens, on a small world whose clock
 * the test moves: parameters, answers, 400s and 404s (who may read what is the read matrix's: test/e2e/read-matrix*).
 */
describe.each(STORE_KINDS)('the monitor and time series routes on %s', (kind) => {
  let world: World;
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const get = (path: string, role = 'analyst') => app.http.get(path).set('Authorization', `Bearer ${tokens[role]}`);

  beforeAll(async () => {
    world = await openWorld(kind);
    world.now = new Date('2019-09-01T09:00:00Z');
    await seedRegion(world, 'twente');
    await world.run(planActivity('a1', 'twente', 'supply'));
    await world.run(planActivity('a2', 'twente', 'demand'));
    world.now = new Date('2020-10-05T09:00:00Z');
    await world.run(reportStatus('a1', '2020-Q3', 'on_track', '2020-12-31'));
    world.now = new Date('2021-02-20T09:00:00Z');
    await world.run(reportStatus('a1', '2020-Q4', 'at_risk', '2020-12-31'));
    app = await startTestApp(kind, { storeUrl: world.ledger.url });
    for (const role of ['analyst', 'auditor'])
      tokens[role] = await tokenFor(app, { userId: role, organisationId: 'programme-office', roles: [role] });
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  it('answers the monitor table, now and as the ledger knew it', async () => {
    const response = await get('/api/monitor?programmeId=pow&period=2020-Q4');
    expect(response.status).toBe(200);
    expect(response.body.rows.map((r: { category: string }) => r.category)).toEqual([
      'supply',
      'demand',
      'route',
      'training',
      'collaboration',
    ]);
    expect(response.body.rows[0]).toEqual({
      category: 'supply',
      counts: { on_track: 0, at_risk: 1, needs_adjustment: 0 },
      percents: { on_track: 0, at_risk: 100, needs_adjustment: 0 },
      reported: 1,
      unreported: 0,
    });
    expect(response.body.total).toMatchObject({ reported: 1, unreported: 1 });
    const before = await get('/api/monitor?programmeId=pow&period=2020-Q4&asOf=2021-01-01T00:00:00%2B01:00');
    expect(before.body.rows[0].counts).toEqual({ on_track: 1, at_risk: 0, needs_adjustment: 0 });
  });

  it('answers the time series over the programme’s span by default', async () => {
    const response = await get('/api/timeseries/status?programmeId=pow');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ interval: 'quarter', from: '2019-07-01', to: '2021-12-31' });
    expect(response.body.buckets).toHaveLength(10);
    expect(response.body.buckets[5]).toEqual({
      period: '2020-Q4',
      on_track: 0,
      at_risk: 1,
      needs_adjustment: 0,
      unreported: 1,
      open: 2,
      reported: 1,
    });
    const months = await get(
      '/api/timeseries/status?interval=month&from=2020-09-01&to=2020-10-31&regionId=twente&category=supply&asOf=2021-01-01T00:00:00Z',
    );
    expect(months.body).toEqual({
      interval: 'month',
      from: '2020-09-01',
      to: '2020-10-31',
      buckets: [
        { period: '2020-09', on_track: 1, at_risk: 0, needs_adjustment: 0, unreported: 0, open: 1, reported: 1 },
        { period: '2020-10', on_track: 1, at_risk: 0, needs_adjustment: 0, unreported: 1, open: 1, reported: 0 },
      ],
    });
    // without a programme: the span of the activities in scope
    const all = await get('/api/timeseries/status?interval=quarter');
    expect(all.body).toMatchObject({ from: '2019-10-01', to: '2021-12-31' });
    expect(all.body.buckets).toHaveLength(9);
    const nothing = await get('/api/timeseries/status?category=route');
    expect(nothing.body).toEqual({ interval: 'quarter', from: null, to: null, buckets: [] });
  });

  it.each([
    ['/api/monitor?period=2020-Q4', 'programmeId'],
    ['/api/monitor?programmeId=pow', 'period'],
    ['/api/monitor?programmeId=pow&period=2020-Q5', 'period'],
    ['/api/monitor?programmeId=POW!&period=2020-Q4', 'programmeId'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&asOf=yesterday', 'asOf'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&asOf=2021-01-01T00:00:00', 'asOf'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&programmeId=rmt', 'programmeId'],
    ['/api/monitor?programmeId=pow&period=2020-Q4&colour=red', 'colour'],
    ['/api/timeseries/status?interval=week', 'interval'],
    ['/api/timeseries/status?from=2021-02-30', 'from'],
    ['/api/timeseries/status?from=2021-03-01&to=2021-01-01', 'to'],
    ['/api/timeseries/status?category=housing', 'category'],
    ['/api/timeseries/status?interval=month&from=2000-01-01&to=2020-12-31', 'to'],
    ['/api/timeseries/status?programmeId=pow&from=2022-01-01', 'from'],
  ])('answers 400 for %s', async (path, field) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('validation');
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it.each([
    '/api/monitor?programmeId=nope&period=2020-Q4',
    '/api/monitor?programmeId=pow&period=2020-Q4&asOf=2019-01-01T00:00:00Z',
    '/api/timeseries/status?programmeId=nope',
    '/api/timeseries/status?regionId=nowhere',
  ])('answers 404 for %s', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('not_found');
  });

  it('describes both routes in OpenAPI, with their query parameters', async () => {
    const document = (await app.http.get('/docs-json')).body as {
      paths: Record<string, { get?: { parameters?: { name: string; required?: boolean }[] } }>;
    };
    const names = (path: string) => (document.paths[path].get?.parameters ?? []).map((p) => p.name).sort();
    expect(names('/api/monitor')).toEqual(['asOf', 'period', 'programmeId', 'round']);
    expect(names('/api/timeseries/status')).toEqual([
      'asOf',
      'category',
      'from',
      'interval',
      'programmeId',
      'regionId',
      'to',
    ]);
    const required = (path: string) =>
      (document.paths[path].get?.parameters ?? []).flatMap((p) => (p.required ? [p.name] : [])).sort();
    expect(required('/api/monitor')).toEqual(['period', 'programmeId']);
    expect(required('/api/timeseries/status')).toEqual([]);
  });
});
