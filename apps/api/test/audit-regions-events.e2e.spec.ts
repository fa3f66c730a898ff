import { postCommand, startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../test/support/app.js';
import { ENSCHEDE, UWV_TWENTE, WSP, seedTwente } from '../../../test/support/seed-over-http.js';

/** GET /api/audit, /api/regions/:id, /api/regions/:id/timeline and /api/events over real HTTP. */
describe.each<StoreKind>(['sqlite', 'postgres'])('the audit trail, region view and raw events on %s', (kind) => {
  let t: TestApp;
  const tokens = { auditor: '', analyst: '', coordinator: '', uwv: '' };
  let committedAt = 0;

  const get = (path: string, token: string) => t.http.get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object, token?: string) => postCommand(t, path, body, token);

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedTwente(post, [ENSCHEDE, UWV_TWENTE]);
    tokens.auditor = await tokenFor(t, { userId: 'auditor', organisationId: 'programme-office', roles: ['auditor'] });
    tokens.analyst = await tokenFor(t, { userId: 'analyst', organisationId: 'programme-office', roles: ['analyst'] });
    tokens.coordinator = await tokenFor(t, {
      userId: 'coordinator',
      organisationId: 'gemeente-enschede',
      roles: ['region_coordinator'],
      regionIds: ['twente'],
    });
    tokens.uwv = await tokenFor(t, {
      userId: 'rep-uwv',
      organisationId: 'uwv-twente',
      roles: ['partner_representative'],
    });
    await post('/api/activities', WSP, tokens.coordinator);
    committedAt = (
      await post(
        '/api/activities/wsp/commitments',
        { commitmentId: 'c1', partnerId: 'uwv-twente', kind: 'fte', amount: 2, unit: 'fte' },
        tokens.uwv,
      )
    ).globalPosition;
    await post(
      '/api/activities/wsp/status-reports',
      {
        period: '2020-Q4',
        status: 'at_risk',
        realised: [{ indicator: 'placements', value: 35 }],
        validFrom: '2020-12-31',
      },
      tokens.coordinator,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/audit', () => {
    it('answers who did what when, for the auditor', async () => {
      const response = await get('/api/audit?organisationId=uwv-twente', tokens.auditor);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        entries: [
          {
            position: committedAt,
            recordedAt: expect.any(String),
            actor: { userId: 'rep-uwv', organisationId: 'uwv-twente', roles: ['partner_representative'] },
            type: 'PartnerCommitted',
            streamId: 'activity-wsp',
            summary: 'uwv-twente committed 2 fte to activity wsp (commitment c1)',
            samenvatting: 'uwv-twente zegde 2 fte toe aan activiteit wsp (toezegging c1)',
          },
        ],
        nextPosition: committedAt + 1,
        nextCursor: null,
      });
      const tokensIssued = await get('/api/audit?type=AccessTokenIssued&limit=2&order=asc', t.adminToken);
      expect(tokensIssued.body.entries).toHaveLength(2);
      expect(tokensIssued.body.entries[0].samenvatting).toMatch(/^Toegangstoken uitgegeven aan gebruiker auditor/);
      const window = await get(
        '/api/audit?streamId=activity-wsp&from=2000-01-01&to=2100-01-01&order=asc',
        tokens.auditor,
      );
      expect(window.body.entries.map((e: { type: string }) => e.type)).toEqual([
        'ActivityPlanned',
        'PartnerCommitted',
        'ActivityStatusReported',
      ]);
    });

    it('is closed to analysts and partners, and refuses bad filters', async () => {
      expect((await get('/api/audit', tokens.analyst)).status).toBe(403);
      expect((await get('/api/audit', tokens.uwv)).body).toMatchObject({ error: 'forbidden' });
      for (const query of [
        'limit=0',
        'limit=1001',
        'fromPosition=-1',
        'from=yesterday',
        'type=drop table',
        'userId=A B',
      ]) {
        const response = await get(`/api/audit?${query}`, tokens.auditor);
        expect([query, response.status, response.body.error]).toEqual([query, 400, 'validation']);
      }
    });
  });

  describe('GET /api/regions/:id and /timeline', () => {
    it('shows the members and activity counts', async () => {
      const response = await get('/api/regions/twente', tokens.uwv);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: 'twente',
        name: 'Twente',
        members: [
          { partnerId: 'gemeente-enschede', name: 'Gemeente Enschede', role: 'lead' },
          { partnerId: 'uwv-twente', name: 'UWV Twente', role: 'participant' },
        ],
        activities: {
          total: 1,
          byCategory: { demand: 1, supply: 0 },
          byStatus: { at_risk: 1, on_track: 0, unreported: 0 },
          closed: 0,
        },
      });
      const before = await get('/api/regions/twente?asOf=2000-01-01T00:00:00Z', tokens.uwv);
      expect(before.status).toBe(404);
      expect((await get('/api/regions/atlantis', tokens.uwv)).status).toBe(404);
      expect((await get('/api/regions/twente?asOf=gisteren', tokens.uwv)).status).toBe(400);
    });

    it('tells the region’s story in both languages', async () => {
      // the auditor sees actor details (user ids); an analyst gets the same story without them
      const response = await get('/api/regions/twente/timeline', tokens.auditor);
      expect(response.status).toBe(200);
      const committed = response.body.events.find((e: { type: string }) => e.type === 'PartnerCommitted');
      expect(committed).toMatchObject({
        position: committedAt,
        streamId: 'activity-wsp',
        validFrom: null,
        actor: { userId: 'rep-uwv', organisationId: 'uwv-twente' },
        description: {
          en: "UWV Twente committed 2 fte to 'Werkgeversservicepunt' (commitment c1)",
          nl: "UWV Twente zegde 2 fte toe aan 'Werkgeversservicepunt' (toezegging c1)",
        },
      });
      const page = await get(`/api/regions/twente/timeline?fromPosition=${committedAt}&limit=1`, tokens.analyst);
      expect(page.body).toMatchObject({ regionId: 'twente', events: [{ position: committedAt }] });
      expect(page.body.nextPosition).toBe(committedAt + 1);
      expect((await get('/api/regions/atlantis/timeline', tokens.analyst)).status).toBe(404);
      expect((await get('/api/regions/twente/timeline?to=31-12-2020', tokens.analyst)).status).toBe(400);
    });
  });

  describe('GET /api/events', () => {
    it('pages through the raw envelopes for the analyst', async () => {
      const first = await get('/api/events?limit=2', tokens.analyst);
      expect(first.status).toBe(200);
      expect(first.body.events.map((e: { globalPosition: number }) => e.globalPosition)).toEqual([1, 2]);
      expect(first.body.events[0]).toMatchObject({ type: 'ProgrammeLaunched', streamId: 'programme-pow' });
      expect(first.body.nextPosition).toBe(3);
      const rest = await get(`/api/events?fromPosition=${committedAt}`, tokens.auditor);
      expect(rest.body.events[0]).toMatchObject({ globalPosition: committedAt, type: 'PartnerCommitted' });
      const past = await get('/api/events?fromPosition=100000', tokens.analyst);
      expect(past.body).toEqual({ events: [], nextPosition: 100000 });
    });

    it('is closed to partners and coordinators, and refuses bad paging', async () => {
      expect((await get('/api/events', tokens.uwv)).status).toBe(403);
      expect((await get('/api/events', tokens.coordinator)).status).toBe(403);
      expect((await get('/api/events?limit=5000', tokens.analyst)).status).toBe(400);
      expect((await get('/api/events?fromPosition=0', tokens.analyst)).status).toBe(400);
      for (const junk of ['fromPosition=1.5', 'fromPosition=1e3', 'limit=%205', 'limit=0x10', 'limit=1&limit=2']) {
        const response = await get(`/api/events?${junk}`, tokens.analyst);
        expect([junk, response.status, response.body.error]).toEqual([junk, 400, 'validation']);
      }
    });
  });
});
