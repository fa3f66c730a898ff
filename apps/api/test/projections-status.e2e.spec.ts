import { startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../test/support/app.js';

describe.each<StoreKind>(['sqlite', 'postgres'])('GET /api/projections on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows every read model at the ledger head after a command, with its version and lag', async () => {
    const created = await t.http
      .post('/api/regions')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ id: 'twente', name: 'Twente' });
    expect(created.status).toBe(201);
    const analyst = await tokenFor(t, { userId: 'ana', organisationId: 'programme-office', roles: ['analyst'] });
    // read-your-writes: the read models have applied the command before a query answers
    await t.http.get('/api/activities').set('Authorization', `Bearer ${analyst}`).expect(200);
    const answer = await t.http.get('/api/projections').set('Authorization', `Bearer ${analyst}`);
    expect(answer.status).toBe(200);
    const names = answer.body.projections.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'activity_status',
        'monitor',
        'partner_involvement',
        'borging',
        'audit',
        'region_timeline',
      ]),
    );
    for (const p of answer.body.projections) {
      expect(p.headPosition).toBe(await t.store.headPosition());
      expect(p.position).toBe(p.headPosition);
      expect(p.lag).toBe(0);
      expect(p.version).toBeGreaterThanOrEqual(1);
    }
  });

  it('needs a token', async () => {
    expect((await t.http.get('/api/projections')).status).toBe(401);
  });
});
