import { createHash } from 'node:crypto';
import { postCommand, startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../test/support/app.js';
import { POW } from '../../../test/support/seed-over-http.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const TERMS_V1 = 'Artikel 1. Partijen richten samen één werkgeversservicepunt in.';
const TERMS_V2 = `${TERMS_V1}\nArtikel 2. UWV levert twee fte accountmanagers.`;

describe.each<StoreKind>(['sqlite', 'postgres'])('the command API on %s', (kind) => {
  let t: TestApp;
  const tokens: Record<'coordinator' | 'amsterdam' | 'uwv' | 'vno', string> = {
    coordinator: '',
    amsterdam: '',
    uwv: '',
    vno: '',
  };

  const post = (path: string, token: string, body: object, headers: Record<string, string> = {}) =>
    t.http.post(path).set('Authorization', `Bearer ${token}`).set(headers).send(body);
  const get = (path: string, token: string) => t.http.get(path).set('Authorization', `Bearer ${token}`);
  const ok = (path: string, token: string, body: object, headers: Record<string, string> = {}) =>
    postCommand(t, path, body, token, headers);

  beforeAll(async () => {
    t = await startTestApp(kind);
    const admin = t.adminToken;
    await ok('/api/programmes', admin, POW);
    await ok('/api/programmes/pow/monitoring-rounds', admin, { period: '2021-Q1', dueDate: '2021-04-15' });
    await ok('/api/partners', admin, {
      id: 'gemeente-amsterdam',
      name: 'Gemeente Amsterdam',
      kind: 'central_municipality',
    });
    await ok('/api/partners', admin, { id: 'uwv', name: 'UWV', kind: 'uwv' });
    await ok('/api/partners', admin, { id: 'vno-ncw', name: 'VNO-NCW', kind: 'employer_organisation' });
    await ok('/api/regions', admin, { id: 'groot-amsterdam', name: 'Groot Amsterdam' });
    await ok('/api/regions/groot-amsterdam/members', admin, { partnerId: 'gemeente-amsterdam', role: 'lead' });
    tokens.coordinator = await tokenFor(t, {
      userId: 'coordinator',
      organisationId: 'gemeente-amsterdam',
      roles: ['region_coordinator'],
      regionIds: ['groot-amsterdam'],
    });
    // A region coordinator may add members of its own region.
    await ok('/api/regions/groot-amsterdam/members', tokens.coordinator, { partnerId: 'uwv', role: 'participant' });
    await ok('/api/regions/groot-amsterdam/members', tokens.coordinator, { partnerId: 'vno-ncw', role: 'participant' });
    for (const [name, organisationId] of [
      ['amsterdam', 'gemeente-amsterdam'],
      ['uwv', 'uwv'],
      ['vno', 'vno-ncw'],
    ] as const) {
      tokens[name] = await tokenFor(t, {
        userId: `rep-${organisationId}`,
        organisationId,
        roles: ['partner_representative'],
      });
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('the life of an activity', () => {
    it('plans, commits, reports, corrects, secures and closes, and reads back what happened', async () => {
      const planned = await ok('/api/activities', tokens.coordinator, {
        id: 'wsp',
        regionId: 'groot-amsterdam',
        programmeId: 'pow',
        title: 'Werkgeversservicepunt',
        category: 'demand',
        leadPartnerId: 'gemeente-amsterdam',
        targets: [{ indicator: 'placements', target: 150, unit: 'people', dueDate: '2021-12-31' }],
        startDate: '2020-01-01',
        endDate: '2021-12-31',
      });
      expect(planned).toMatchObject({ streamId: 'activity-wsp', streamVersion: 0 });
      expect(planned.globalPosition).toBeGreaterThan(1);
      expect(planned.eventIds).toHaveLength(1);

      await ok('/api/activities/wsp/commitments', tokens.uwv, {
        commitmentId: 'uwv-budget',
        partnerId: 'uwv',
        kind: 'budget_eur',
        amount: 250000,
        unit: 'EUR',
        period: '2021-Q1',
      });
      await ok('/api/activities/wsp/commitments', tokens.vno, {
        commitmentId: 'vno-places',
        partnerId: 'vno-ncw',
        kind: 'placements',
        amount: 40,
        unit: 'people',
      });
      await ok('/api/activities/wsp/commitments/uwv-budget/fulfilment', tokens.uwv, { realisedAmount: 240000 });
      await ok('/api/activities/wsp/commitments/vno-places/withdrawal', tokens.vno, { reason: 'Geen capaciteit.' });

      await ok('/api/activities/wsp/status-reports', tokens.coordinator, {
        period: '2021-Q1',
        status: 'at_risk',
        realised: [{ indicator: 'placements', value: 20 }],
        validFrom: '2021-03-31',
      });
      await ok('/api/activities/wsp/status-reports', tokens.coordinator, {
        period: '2021-Q2',
        status: 'on_track',
        realised: [{ indicator: 'placements', value: 60 }],
        note: 'Loopt naar wens.',
        validFrom: '2021-06-30',
      });
      const noReason = await post('/api/activities/wsp/status-reports', tokens.coordinator, {
        period: '2021-Q2',
        status: 'needs_adjustment',
        realised: [{ indicator: 'placements', value: 45 }],
        validFrom: '2021-06-30',
      });
      expect(noReason.status).toBe(422);
      expect(noReason.body).toMatchObject({ error: 'rule', rule: 'correction_needs_reason' });
      await ok('/api/activities/wsp/status-reports', tokens.coordinator, {
        period: '2021-Q2',
        status: 'needs_adjustment',
        realised: [{ indicator: 'placements', value: 45 }],
        validFrom: '2021-06-30',
        correctionReason: 'Dubbel geteld.',
      });
      await ok('/api/activities/wsp/ambition', tokens.coordinator, {
        targets: [{ indicator: 'placements', target: 100, unit: 'people', dueDate: '2021-12-31' }],
        reason: 'Bijgesteld na de monitor.',
      });

      const skipped = await post('/api/activities/wsp/borging', tokens.coordinator, {
        state: 'secured',
        mechanism: 'regular_service',
        effectiveFrom: '2021-09-01',
      });
      expect(skipped.status).toBe(422);
      expect(skipped.body).toMatchObject({ error: 'rule', rule: 'borging_transition' });
      await ok('/api/activities/wsp/borging', tokens.coordinator, {
        state: 'in_preparation',
        effectiveFrom: '2021-06-01',
      });
      await ok('/api/activities/wsp/borging', tokens.coordinator, {
        state: 'secured',
        mechanism: 'regular_service',
        effectiveFrom: '2021-09-01',
        ownerPartnerId: 'gemeente-amsterdam',
      });
      const closed = await ok('/api/activities/wsp/closure', tokens.coordinator, {
        outcome: 'completed',
        reason: 'Opgenomen in de reguliere dienstverlening.',
      });
      expect(closed.streamVersion).toBe(11);

      // a partner representative sees only its own commitments (read scopes): vno-ncw sees its withdrawn one
      const own = await get('/api/activities/wsp', tokens.vno);
      expect(own.body.commitments.map((c: { commitmentId: string }) => c.commitmentId)).toEqual(['vno-places']);
      const response = await get('/api/activities/wsp', t.adminToken);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: 'wsp',
        regionId: 'groot-amsterdam',
        programmeId: 'pow',
        title: 'Werkgeversservicepunt',
        category: 'demand',
        leadPartnerId: 'gemeente-amsterdam',
        targets: [{ indicator: 'placements', target: 100, unit: 'people', dueDate: '2021-12-31' }],
        status: 'needs_adjustment',
        statusPeriod: '2021-Q2',
        realised: [{ indicator: 'placements', value: 45 }],
        borging: { state: 'secured', mechanism: 'regular_service' },
        closed: true,
        version: 11,
      });
      expect(response.body.commitments).toEqual([
        expect.objectContaining({
          commitmentId: 'uwv-budget',
          partnerId: 'uwv',
          status: 'fulfilled',
          realisedAmount: 240000,
        }),
        expect.objectContaining({ commitmentId: 'vno-places', partnerId: 'vno-ncw', status: 'withdrawn', amount: 40 }),
      ]);

      // actor details (user ids) are for the programme office and auditors; a coordinator gets them without
      const history = await get('/api/activities/wsp/history', t.adminToken);
      expect(history.status).toBe(200);
      expect(history.body.map((e: { type: string }) => e.type)).toEqual([
        'ActivityPlanned',
        'PartnerCommitted',
        'PartnerCommitted',
        'CommitmentFulfilled',
        'CommitmentWithdrawn',
        'ActivityStatusReported',
        'ActivityStatusReported',
        'ActivityStatusCorrected',
        'ActivityAmbitionAdjusted',
        'BorgingRecorded',
        'BorgingRecorded',
        'ActivityClosed',
      ]);
      expect(history.body[1].metadata.actor).toMatchObject({ userId: 'rep-uwv', organisationId: 'uwv' });

      const late = await post('/api/activities/wsp/commitments', tokens.uwv, {
        commitmentId: 'late',
        partnerId: 'uwv',
        kind: 'fte',
        amount: 1,
        unit: 'fte',
      });
      expect(late.status).toBe(422);
      expect(late.body).toMatchObject({ error: 'rule', rule: 'activity_closed' });
    });

    it('answers 404 for an activity that does not exist and 400 for an id that cannot be one', async () => {
      expect((await get('/api/activities/nope', tokens.uwv)).status).toBe(404);
      expect((await get('/api/activities/nope/history', tokens.uwv)).body).toMatchObject({ error: 'not_found' });
      expect((await get('/api/activities/NOT_AN_ID', tokens.uwv)).body).toMatchObject({ error: 'validation' });
      const missing = await post('/api/activities/nope/closure', tokens.coordinator, {
        outcome: 'stopped',
        reason: 'x',
      });
      expect(missing.status).toBe(404);
    });
  });

  describe('an agreement', () => {
    const parties = ['gemeente-amsterdam', 'uwv', 'vno-ncw'];
    const sign = (token: string, partnerId: string, termsHash: string) =>
      ok('/api/agreements/wsp-convenant/signatures', token, {
        partnerId,
        signatory: { name: `Directeur ${partnerId}`, function: 'directeur' },
        termsHash,
        signedOn: '2021-05-01',
      });

    it('is drafted, signed by every party into force, amended, signed again and terminated', async () => {
      await ok('/api/agreements', tokens.coordinator, {
        id: 'wsp-convenant',
        regionId: 'groot-amsterdam',
        kind: 'covenant',
        title: 'Convenant werkgeversservicepunt',
        terms: TERMS_V1,
        parties,
        activityIds: ['wsp'],
        validFrom: '2021-05-01',
        validUntil: '2024-12-31',
      });
      const wrongHash = await post('/api/agreements/wsp-convenant/signatures', tokens.uwv, {
        partnerId: 'uwv',
        signatory: { name: 'A', function: 'B' },
        termsHash: sha256('other terms'),
      });
      expect(wrongHash.status).toBe(422);
      expect(wrongHash.body).toMatchObject({ rule: 'terms_hash_mismatch' });
      const forOther = await post('/api/agreements/wsp-convenant/signatures', tokens.uwv, {
        partnerId: 'vno-ncw',
        signatory: { name: 'A', function: 'B' },
        termsHash: sha256(TERMS_V1),
      });
      expect(forOther.status).toBe(403);
      expect(forOther.body).toMatchObject({ error: 'forbidden' });

      await sign(tokens.amsterdam, 'gemeente-amsterdam', sha256(TERMS_V1));
      await sign(tokens.uwv, 'uwv', sha256(TERMS_V1));
      expect((await get('/api/agreements/wsp-convenant', tokens.uwv)).body).toMatchObject({ status: 'draft' });
      const last = await sign(tokens.vno, 'vno-ncw', sha256(TERMS_V1));
      expect(last.eventIds).toHaveLength(2);

      let agreement = (await get('/api/agreements/wsp-convenant', tokens.uwv)).body;
      expect(agreement).toMatchObject({
        id: 'wsp-convenant',
        regionId: 'groot-amsterdam',
        kind: 'covenant',
        title: 'Convenant werkgeversservicepunt',
        parties,
        activityIds: ['wsp'],
        status: 'in_force',
        currentVersion: 1,
        inForceVersion: 1,
        versions: [{ version: 1, termsHash: sha256(TERMS_V1), terms: TERMS_V1 }],
      });
      expect(agreement.signatures).toHaveLength(3);
      expect(agreement.signatures[2]).toMatchObject({
        partnerId: 'vno-ncw',
        signatory: { name: 'Directeur vno-ncw', function: 'directeur' },
        signedAt: '2021-05-01',
        version: 1,
        termsHash: sha256(TERMS_V1),
      });

      await ok('/api/agreements/wsp-convenant/amendments', tokens.coordinator, {
        terms: TERMS_V2,
        reason: 'UWV levert accountmanagers.',
      });
      await sign(tokens.amsterdam, 'gemeente-amsterdam', sha256(TERMS_V2));
      await sign(tokens.uwv, 'uwv', sha256(TERMS_V2));
      agreement = (await get('/api/agreements/wsp-convenant', tokens.uwv)).body;
      expect(agreement).toMatchObject({ status: 'in_force', currentVersion: 2, inForceVersion: 1 });
      await sign(tokens.vno, 'vno-ncw', sha256(TERMS_V2));
      agreement = (await get('/api/agreements/wsp-convenant', tokens.uwv)).body;
      expect(agreement).toMatchObject({ status: 'in_force', currentVersion: 2, inForceVersion: 2 });
      expect(agreement.versions.map((v: { termsHash: string }) => v.termsHash)).toEqual([
        sha256(TERMS_V1),
        sha256(TERMS_V2),
      ]);
      expect(agreement.signatures).toHaveLength(6);

      await ok('/api/agreements/wsp-convenant/termination', tokens.coordinator, {
        reason: 'Opgegaan in de regio-aanpak.',
      });
      agreement = (await get('/api/agreements/wsp-convenant', tokens.uwv)).body;
      expect(agreement).toMatchObject({
        status: 'terminated',
        termination: { by: 'gemeente-amsterdam', reason: 'Opgegaan in de regio-aanpak.' },
      });
      expect((await get('/api/agreements/unknown', tokens.uwv)).status).toBe(404);
    });
  });

  describe('concurrency and retries', () => {
    const planActivity = (id: string) =>
      ok('/api/activities', tokens.coordinator, {
        id,
        regionId: 'groot-amsterdam',
        programmeId: 'pow',
        title: `Activiteit ${id}`,
        category: 'training',
        leadPartnerId: 'gemeente-amsterdam',
        targets: [],
        startDate: '2021-01-01',
        endDate: '2021-12-31',
      });
    const commitment = (commitmentId: string, amount = 1) => ({
      commitmentId,
      partnerId: 'uwv',
      kind: 'training_places',
      amount,
      unit: 'places',
    });

    it('refuses a command whose If-Match is not the stream version, naming the actual version', async () => {
      await planActivity('scholing');
      await ok('/api/activities/scholing/commitments', tokens.uwv, commitment('a'));
      const stale = await post('/api/activities/scholing/commitments', tokens.uwv, commitment('b'), {
        'If-Match': '0',
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'conflict', expectedVersion: 0, actualVersion: 1 });
      const fresh = await post('/api/activities/scholing/commitments', tokens.uwv, commitment('b'), {
        'If-Match': '"1"',
      });
      expect(fresh.status).toBe(201);
      expect(fresh.body.streamVersion).toBe(2);
      const junk = await post('/api/activities/scholing/commitments', tokens.uwv, commitment('c'), {
        'If-Match': 'abc',
      });
      expect(junk.status).toBe(400);
      expect(junk.body).toMatchObject({ error: 'validation', details: [{ field: 'If-Match' }] });
    });

    it('answers a repeated Idempotency-Key with the first answer and appends nothing, also after a restart', async () => {
      await planActivity('retry');
      const key = { 'Idempotency-Key': 'commit-retry-1' };
      const first = await post('/api/activities/retry/commitments', tokens.uwv, commitment('once', 5), key);
      expect(first.status).toBe(201);
      const head = await t.store.headPosition();
      // The same body with its keys in another order is the same request.
      const again = await post(
        '/api/activities/retry/commitments',
        tokens.uwv,
        { unit: 'places', amount: 5, kind: 'training_places', partnerId: 'uwv', commitmentId: 'once' },
        key,
      );
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await t.store.headPosition()).toBe(head);

      t = await t.restart();
      const afterRestart = await post('/api/activities/retry/commitments', tokens.uwv, commitment('once', 5), key);
      expect(afterRestart.status).toBe(201);
      expect(afterRestart.body).toEqual(first.body);
      expect(await t.store.headPosition()).toBe(head);

      const other = await post('/api/activities/retry/commitments', tokens.uwv, commitment('once', 6), key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ error: 'rule', rule: 'idempotency_key_reused' });
      const elsewhere = await post('/api/activities/scholing/commitments', tokens.uwv, commitment('once', 5), key);
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body).toMatchObject({ error: 'rule', rule: 'idempotency_key_reused' });
      expect(await t.store.headPosition()).toBe(head);
      const activity = (await get('/api/activities/retry', tokens.uwv)).body;
      expect(activity.commitments).toHaveLength(1);
      expect(activity.version).toBe(1);
    });

    it('lands 20 parallel commitments on one activity without losing one', async () => {
      await planActivity('drukte');
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post('/api/activities/drukte/commitments', tokens.uwv, commitment(`c${i}`, i)),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const versions = responses.map((r) => r.body.streamVersion as number).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const activity = (await get('/api/activities/drukte', tokens.uwv)).body;
      expect(activity.commitments).toHaveLength(20);
      expect(activity.version).toBe(20);
      expect(new Set(activity.commitments.map((c: { commitmentId: string }) => c.commitmentId)).size).toBe(20);
    });
  });

  describe('the platform routes', () => {
    it('serves health (the word only) and docs without a token, metrics and health details with one', async () => {
      const detailed = await t.http.get('/health').set('Authorization', `Bearer ${t.adminToken}`);
      expect(detailed.body).toMatchObject({
        status: 'up',
        checks: {
          store: { status: 'up', kind },
          writable: { status: 'up' },
          disk: { status: 'up' },
          projections: { status: 'up' },
          notary: { status: 'up' },
          integrity: { status: 'up' },
        },
      });
      const health = await t.http.get('/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'up' });
      expect((await t.http.get('/health/live')).body).toEqual({ status: 'up' });
      expect((await t.http.get('/metrics')).status).toBe(401);
      const metrics = await t.http.get('/metrics').set('Authorization', `Bearer ${t.adminToken}`);
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('akkoord_commands_total{type="CommitPartner",outcome="ok"}');
      expect(metrics.text).toContain('akkoord_http_requests_total');
      const docs = await t.http.get('/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/activities/{id}/commitments']));
      const anonymous = await t.http.post('/api/partners').send({ id: 'x', name: 'X', kind: 'other' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ error: 'unauthenticated' });
      const badToken = await t.http.get('/api/activities/wsp').set('Authorization', 'Bearer nonsense');
      expect(badToken.status).toBe(401);
      const noRoute = await t.http.get('/api/nothing-here').set('Authorization', `Bearer ${t.adminToken}`);
      expect(noRoute.status).toBe(404);
      expect(noRoute.body).toMatchObject({ error: 'not_found' });
    });

    it('echoes the request id', async () => {
      const response = await t.http.get('/health').set('X-Request-Id', 'req-123');
      expect(response.headers['x-request-id']).toBe('req-123');
    });
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])('when the %s store is down', (kind) => {
  it('answers 503 from /health', async () => {
    const t = await startTestApp(kind);
    try {
      await t.store.close();
      const health = await t.http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'down' });
      const detailed = await t.http.get('/health').set('Authorization', `Bearer ${t.adminToken}`);
      expect(detailed.status).toBe(503);
      expect(detailed.body).toMatchObject({ status: 'down', checks: { store: { kind, status: 'down' } } });
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
