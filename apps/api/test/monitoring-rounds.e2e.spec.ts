import { randomUUID } from 'node:crypto';
import { postCommand, startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../test/support/app.js';
import { POW } from '../../../test/support/seed-over-http.js';

type Counts = { on_track: number; at_risk: number; needs_adjustment: number };

/**
 * Monitoring rounds over HTTP on both stores: open, report, fix (vaststellen), the refusal after fixing, corrections
 * after fixing (gecorrigeerd na vaststelling), the table as fixed (checked against its hash), the differences to now,
 * the rounds list with the regions still to report, and a fixed hash that does not match (never served).
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('monitoring rounds on %s', (kind) => {
  let t: TestApp;
  let twente = '';
  let analyst = '';
  const post = (path: string, token: string, body: object) =>
    t.http.post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token = t.adminToken) => t.http.get(path).set('Authorization', `Bearer ${token}`);
  const ok = (path: string, token: string, body: object) => postCommand(t, path, body, token);
  const report = (id: string, status: string, extra: object = {}) => ({
    period: '2021-Q1',
    status,
    realised: [],
    validFrom: '2021-03-31',
    ...extra,
  });
  const plan = (id: string, regionId: string, leadPartnerId: string, category: string) =>
    ok('/api/activities', t.adminToken, {
      id,
      regionId,
      programmeId: 'pow',
      title: `Activiteit ${id}`,
      category,
      leadPartnerId,
      targets: [],
      startDate: '2020-01-01',
      endDate: '2021-12-31',
    });
  const MONITOR = '/api/monitor?programmeId=pow&period=2021-Q1';

  beforeAll(async () => {
    t = await startTestApp(kind);
    const admin = t.adminToken;
    await ok('/api/programmes', admin, POW);
    for (const [id, name] of [
      ['gemeente-enschede', 'Gemeente Enschede'],
      ['gemeente-amsterdam', 'Gemeente Amsterdam'],
    ]) {
      await ok('/api/partners', admin, { id, name, kind: 'central_municipality' });
    }
    await ok('/api/regions', admin, { id: 'twente', name: 'Twente' });
    await ok('/api/regions', admin, { id: 'groot-amsterdam', name: 'Groot Amsterdam' });
    await ok('/api/regions/twente/members', admin, { partnerId: 'gemeente-enschede', role: 'lead' });
    await ok('/api/regions/groot-amsterdam/members', admin, { partnerId: 'gemeente-amsterdam', role: 'lead' });
    await plan('a1', 'twente', 'gemeente-enschede', 'supply');
    await plan('a2', 'twente', 'gemeente-enschede', 'demand');
    await plan('a3', 'groot-amsterdam', 'gemeente-amsterdam', 'supply');
    await ok('/api/programmes/pow/monitoring-rounds', admin, { period: '2021-Q1', dueDate: '2021-04-15' });
    twente = await tokenFor(t, {
      userId: 'coordinator-twente',
      organisationId: 'gemeente-enschede',
      roles: ['region_coordinator'],
      regionIds: ['twente'],
    });
    analyst = await tokenFor(t, { userId: 'analist', organisationId: 'szw', roles: ['analyst'], regionIds: [] });
    await ok('/api/activities/a1/status-reports', twente, report('a1', 'on_track'));
    await ok('/api/activities/a3/status-reports', admin, report('a3', 'at_risk'));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('stores the round in schema version 2 (deadline) and lists it with the regions that still have to report', async () => {
    const [, opened] = await t.store.readStream('programme-pow');
    expect(opened.type).toBe('MonitoringRoundOpened');
    expect(opened.data).toEqual({ programmeId: 'pow', period: '2021-Q1', deadline: '2021-04-15' });
    expect(opened.metadata.schemaVersion).toBe(2);

    const response = await get('/api/programmes/pow/monitoring-rounds', twente);
    expect(response.status).toBe(200);
    expect(response.body.rounds).toHaveLength(1);
    expect(response.body.rounds[0]).toMatchObject({
      period: '2021-Q1',
      deadline: '2021-04-15',
      status: 'open',
      fixed: null,
      expected: 3,
      reported: 2,
      outstanding: 1,
      outstandingRegions: ['twente'],
      regions: [
        { regionId: 'groot-amsterdam', regionName: 'Groot Amsterdam', expected: 1, reported: 1, outstanding: 0 },
        { regionId: 'twente', regionName: 'Twente', expected: 2, reported: 1, outstanding: 1 },
      ],
      afterFixing: [],
    });
  });

  it('lets only the programme office fix a round, once, and only an open one', async () => {
    const refused = await post('/api/programmes/pow/monitoring-rounds/2021-Q1/fix', twente, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('forbidden');
    const unopened = await post('/api/programmes/pow/monitoring-rounds/2021-Q2/fix', t.adminToken, {});
    expect(unopened.status).toBe(422);
    expect(unopened.body.rule).toBe('round_not_open');

    const fixed = await ok('/api/programmes/pow/monitoring-rounds/2021-Q1/fix', t.adminToken, {
      note: 'Zo gerapporteerd aan SZW.',
    });
    const [event] = await t.store.readAll({ fromPosition: fixed.globalPosition, limit: 1 });
    expect(event.type).toBe('MonitoringRoundFixed');
    expect(event.data).toMatchObject({ programmeId: 'pow', period: '2021-Q1', note: 'Zo gerapporteerd aan SZW.' });
    expect(event.data.tableHash).toMatch(/^[0-9a-f]{64}$/);

    const again = await post('/api/programmes/pow/monitoring-rounds/2021-Q1/fix', t.adminToken, {});
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('round_already_fixed');
    const badPeriod = await post('/api/programmes/pow/monitoring-rounds/2021-Q5/fix', t.adminToken, {});
    expect(badPeriod.status).toBe(400);
  });

  it('refuses a report for the fixed period without a reason, with a Dutch reason', async () => {
    const late = await post('/api/activities/a2/status-reports', twente, report('a2', 'on_track'));
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ error: 'rule', rule: 'round_fixed' });
    expect(late.body.message).toContain('De monitorronde 2021-Q1 is vastgesteld');
    const second = await post('/api/activities/a1/status-reports', twente, report('a1', 'needs_adjustment'));
    expect(second.status).toBe(422);
    expect(second.body.rule).toBe('round_fixed');
    // an imported report meets the same rule
    const csv = 'activiteit;periode;status;geldig vanaf\na2;2021-Q1;loopt naar wens;31-03-2021\n';
    const imported = await t.http
      .post('/api/imports/status-reports')
      .set('Authorization', `Bearer ${twente}`)
      .attach('file', Buffer.from(csv), 'rapportages.csv');
    expect(imported.status).toBe(400);
    expect(imported.body).toEqual({
      error: 'validation',
      details: [
        {
          field: 'row 2, column reden correctie',
          message: expect.stringMatching(/^de monitorronde 2021-Q1 is vastgesteld/),
        },
      ],
    });
    // the refusal appended nothing: the table as fixed and the current one are still the same
    const current = await get(`${MONITOR}&round=current`);
    expect(current.body.afterFixing).toEqual([]);
  });

  it('takes a correction with a reason, and shows it as gecorrigeerd na vaststelling', async () => {
    await ok(
      '/api/activities/a1/status-reports',
      twente,
      report('a1', 'needs_adjustment', { correctionReason: 'Telfout in de eerste rapportage' }),
    );
    await ok(
      '/api/activities/a2/status-reports',
      twente,
      report('a2', 'on_track', { correctionReason: 'Rapportage te laat aangeleverd' }),
    );

    const fixed = await get(`${MONITOR}&round=fixed`);
    expect(fixed.status).toBe(200);
    expect(fixed.body.hashVerified).toBe(true);
    expect(fixed.body.total).toMatchObject({
      counts: { on_track: 1, at_risk: 1, needs_adjustment: 0 },
      reported: 2,
      unreported: 1,
    });
    expect(fixed.body.round).toMatchObject({ period: '2021-Q1', deadline: '2021-04-15', status: 'fixed' });
    expect(typeof fixed.body.round.fixed.fixedBy).toBe('string');
    // exactly the table as the ledger knew it at the fixed moment
    const asOf = await get(`${MONITOR}&asOf=${encodeURIComponent(fixed.body.round.fixed.fixedAt)}`);
    expect({ rows: fixed.body.rows, total: fixed.body.total }).toEqual({
      rows: asOf.body.rows,
      total: asOf.body.total,
    });

    const zero: Counts = { on_track: 0, at_risk: 0, needs_adjustment: 0 };
    expect(fixed.body.differences.total).toEqual({
      counts: { ...zero, needs_adjustment: 1 },
      reported: 1,
      unreported: -1,
    });
    const byCategory = Object.fromEntries(
      fixed.body.differences.categories.map((c: { category: string }) => [c.category, c]),
    );
    expect(byCategory.supply.counts).toEqual({ on_track: -1, at_risk: 0, needs_adjustment: 1 });
    expect(byCategory.demand).toMatchObject({ counts: { ...zero, on_track: 1 }, reported: 1, unreported: -1 });
    expect(byCategory.route).toEqual({ category: 'route', counts: zero, reported: 0, unreported: 0 });
    expect(fixed.body.differences.regions).toEqual([
      {
        regionId: 'twente',
        regionName: 'Twente',
        counts: { on_track: 0, at_risk: 0, needs_adjustment: 1 },
        reported: 1,
        unreported: -1,
      },
    ]);
    expect(fixed.body.afterFixing.map((r: { activityId: string; kind: string }) => [r.activityId, r.kind])).toEqual([
      ['a1', 'corrected'],
      ['a2', 'late'],
    ]);

    const current = await get(`${MONITOR}&round=current`, analyst);
    expect(current.status).toBe(200);
    expect(current.body.total.counts).toEqual({ on_track: 1, at_risk: 1, needs_adjustment: 1 });
    expect(current.body.round.fixed.fixedBy).toBeNull(); // an analyst does not see user ids
    expect(current.body.afterFixing[0]).toMatchObject({
      activityId: 'a1',
      kind: 'corrected',
      status: 'needs_adjustment',
      previousStatus: 'on_track',
      reason: 'Telfout in de eerste rapportage',
    });

    const audit = await get('/api/audit?type=ActivityStatusCorrected');
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('gecorrigeerd na vaststelling');

    const rounds = await get('/api/programmes/pow/monitoring-rounds');
    expect(rounds.body.rounds[0]).toMatchObject({
      status: 'fixed',
      reported: 3,
      outstanding: 0,
      outstandingRegions: [],
    });
    expect(rounds.body.rounds[0].afterFixing).toHaveLength(2);
  });

  it('answers 404 for a round that is not fixed, and 400 for asOf with round=fixed or an unknown round', async () => {
    await ok('/api/programmes/pow/monitoring-rounds', t.adminToken, { period: '2021-Q2', dueDate: '2021-07-15' });
    const open = await get('/api/monitor?programmeId=pow&period=2021-Q2&round=fixed');
    expect(open.status).toBe(404);
    const current = await get('/api/monitor?programmeId=pow&period=2021-Q2&round=current');
    expect(current.status).toBe(200);
    expect(current.body.round).toMatchObject({ period: '2021-Q2', status: 'open', fixed: null });
    expect((await get(`${MONITOR}&round=fixed&asOf=2021-04-01`)).status).toBe(400);
    expect((await get(`${MONITOR}&round=later`)).status).toBe(400);
  });

  it('never serves a fixed table that does not match its hash', async () => {
    await ok('/api/programmes/pow/monitoring-rounds', t.adminToken, { period: '2021-Q3', dueDate: '2021-10-15' });
    const version = (await t.store.readStream('programme-pow')).length - 1;
    // a fix whose hash is not the table's (as a tampered or wrongly computed fix would be)
    await t.store.append(
      'programme-pow',
      [
        {
          eventId: randomUUID(),
          type: 'MonitoringRoundFixed',
          data: { programmeId: 'pow', period: '2021-Q3', fixedAt: new Date().toISOString(), tableHash: '0'.repeat(64) },
          metadata: { actor: { userId: 'someone', organisationId: 'programme-office', roles: ['programme_office'] } },
        },
      ],
      version,
    );
    const response = await get('/api/monitor?programmeId=pow&period=2021-Q3&round=fixed');
    expect(response.status).toBe(503);
    expect(response.body.error).toBe('integrity');
    expect(response.body.rows).toBeUndefined();
  });
});
