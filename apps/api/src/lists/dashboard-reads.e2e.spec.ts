import type { RecordedEvent } from '@akkoord/event-store';
import { startTestApp, type StoreKind, type TestApp } from '../../../../test/support/app.js';
import { writeDemoLedger } from '../../../../test/support/demo-ledger.js';

/** SQLite holds the whole demo (35 regions); PostgreSQL three regions of it (the whole takes minutes to append there). */
const LEDGERS: { kind: StoreKind; regionIds?: string[] }[] = [
  { kind: 'sqlite' },
  { kind: 'postgres', regionIds: ['drenthe', 'groningen', 'twente'] },
];

/** Every event of the ledger, read straight from the store: what the read models' answers are checked against. */
async function readLog(app: TestApp): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await app.store.readAll({ fromPosition: events.length + 1, limit: 5000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
}

/**
 * The dashboard's read routes over real HTTP on the demo ledger (written through the real commands): lists, paging,
 * the monitor per region and per cell, histories, the region diff and moment-relative involvement.
 */
describe.each(LEDGERS)('the dashboard read routes on the demo ledger on $kind', ({ kind, regionIds }) => {
  let app: TestApp;
  let log: RecordedEvent[];
  const regionCount = regionIds?.length ?? 35;
  const get = (path: string) => app.http.get(path).set('Authorization', `Bearer ${app.adminToken}`);

  beforeAll(async () => {
    app = await startTestApp(kind, { prepare: (url) => writeDemoLedger(url, regionIds) });
    log = await readLog(app);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  describe('lists', () => {
    it('lists the programme with its reported quarters and the latest one', async () => {
      const response = await get('/api/programmes');
      expect(response.status).toBe(200);
      const [pow] = response.body.programmes;
      expect(response.body.programmes).toHaveLength(1);
      expect(pow).toMatchObject({
        id: 'pow',
        name: 'Perspectief op Werk',
        startDate: '2019-07-01',
        endDate: '2021-12-31',
      });
      const reported = new Set(
        log.filter((e) => e.type === 'ActivityStatusReported').map((e) => (e.data as { period: string }).period),
      );
      expect(pow.periods).toEqual([...reported].sort());
      expect(pow.latestPeriod).toBe('2021-Q4');
      expect(pow.periods).toContain('2020-Q4');
      const early = await get('/api/programmes?asOf=2020-01-10');
      expect(early.body.programmes[0].periods.length).toBeLessThan(pow.periods.length);
      expect(early.body.programmes[0].latestPeriod).toBe('2019-Q4');
    });

    it('lists the regions by name with members and activities', async () => {
      const response = await get('/api/regions');
      expect(response.status).toBe(200);
      const regions = response.body.regions as { id: string; name: string; members: number; activities: number }[];
      expect(regions).toHaveLength(regionCount);
      expect(regions.map((r) => r.name)).toEqual(regions.map((r) => r.name).sort((a, b) => a.localeCompare(b, 'nl')));
      const planned = log.filter((e) => e.type === 'ActivityPlanned');
      expect(regions.reduce((n, r) => n + r.activities, 0)).toBe(planned.length);
      const twente = regions.find((r) => r.id === 'twente')!;
      const joined = log.filter((e) => e.streamId === 'region-twente' && e.type === 'PartnerJoinedRegion').length;
      const left = log.filter((e) => e.streamId === 'region-twente' && e.type === 'PartnerLeftRegion').length;
      expect(twente.members).toBe(joined - left);
      expect(twente.activities).toBe(
        planned.filter((e) => (e.data as { regionId: string }).regionId === 'twente').length,
      );
      const before = await get('/api/regions?asOf=2019-01-01');
      expect(before.body.regions).toEqual([]);
    });

    it('lists partners by name, all or of one region', async () => {
      const all = await get('/api/partners');
      expect(all.status).toBe(200);
      expect(all.body.partners).toHaveLength(log.filter((e) => e.type === 'PartnerRegistered').length);
      const twente = await get('/api/partners?regionId=twente');
      const regions = await get('/api/regions');
      const count = (regions.body.regions as { id: string; members: number }[]).find((r) => r.id === 'twente')!.members;
      expect(twente.body.partners).toHaveLength(count);
      for (const p of twente.body.partners) expect(p.regionIds).toContain('twente');
      // a region's list is the whole list's members of that region, each with all its regions, at any moment
      const inTwente = (list: { regionIds: string[] }[]) => list.filter((p) => p.regionIds.includes('twente'));
      expect(twente.body.partners).toEqual(inTwente(all.body.partners));
      const early = await get('/api/partners?asOf=2019-08-01');
      const earlyTwente = await get('/api/partners?regionId=twente&asOf=2019-08-01');
      expect(earlyTwente.body.partners.length).toBeGreaterThan(0);
      expect(earlyTwente.body.partners.length).toBeLessThan(twente.body.partners.length);
      expect(earlyTwente.body.partners).toEqual(inTwente(early.body.partners));
      // ids picks partners by id (the names for one page of the audit log), with or without a region
      const some = [all.body.partners[0].id, all.body.partners.at(-1).id, 'no-such-partner'];
      const picked = await get(`/api/partners?ids=${some.join(',')}`);
      expect(picked.status).toBe(200);
      expect(picked.body.partners).toEqual(all.body.partners.filter((p: { id: string }) => some.includes(p.id)));
      const sbb = await get('/api/partners?ids=sbb,sbb&regionId=twente');
      expect(sbb.body.partners).toEqual(twente.body.partners.filter((p: { id: string }) => p.id === 'sbb'));
      for (const bad of ['', 'A,b', 'a,,b', Array.from({ length: 101 }, (_, i) => `p${i}`).join(',')]) {
        const refused = await get(`/api/partners?ids=${bad}`);
        expect([bad, refused.status]).toEqual([bad, 400]);
        expect(refused.body).toMatchObject({ error: 'validation', details: [{ field: 'ids' }] });
      }
      expect((await get('/api/partners?ids=a&ids=b')).status).toBe(400);
      expect((await get('/api/partners?regionId=Twente!')).status).toBe(400);
    });
  });

  describe('agreements', () => {
    it('pages through every agreement exactly once, by id', async () => {
      const drafted = log
        .filter((e) => e.type === 'AgreementDrafted')
        .map((e) => e.streamId.slice('agreement-'.length));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await get(`/api/agreements?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        seen.push(...response.body.agreements.map((a: { id: string }) => a.id));
        cursor = response.body.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(seen).toEqual([...drafted].sort());
      expect(pages).toBe(Math.ceil(drafted.length / 7));
    });

    it('answers an agreement’s row as its own view does, and filters by region and status', async () => {
      const list = await get('/api/agreements?regionId=twente&limit=1000');
      expect(list.body.nextCursor).toBeNull();
      expect(list.body.agreements.length).toBeGreaterThan(0);
      for (const row of list.body.agreements) {
        const view = (await get(`/api/agreements/${row.id}`)).body;
        const onCurrent = view.signatures.filter((s: { version: number }) => s.version === view.currentVersion);
        expect(row).toEqual({
          id: view.id,
          regionId: 'twente',
          kind: view.kind,
          title: view.title,
          status: view.status,
          currentVersion: view.currentVersion,
          inForceVersion: view.inForceVersion,
          parties: view.parties,
          signatures: onCurrent.length,
        });
      }
      const inForce = await get('/api/agreements?status=in_force&limit=1000');
      expect(inForce.body.agreements.every((a: { status: string }) => a.status === 'in_force')).toBe(true);
      expect((await get('/api/agreements?status=signed')).status).toBe(400);
      expect((await get('/api/agreements?cursor=bm9wZQ')).status).toBe(400);
      expect((await get('/api/agreements?limit=1001')).status).toBe(400);
    });

    it('answers an agreement’s events as whole envelopes, oldest first', async () => {
      const first = log.find((e) => e.type === 'AgreementDrafted')!;
      const id = first.streamId.slice('agreement-'.length);
      const response = await get(`/api/agreements/${id}/history`);
      expect(response.status).toBe(200);
      expect(response.body.events).toEqual(
        JSON.parse(JSON.stringify(log.filter((e) => e.streamId === first.streamId))),
      );
      expect((await get('/api/agreements/nope/history')).status).toBe(404);
    });
  });

  describe('the monitor per region and per cell', () => {
    const scope = 'programmeId=pow&period=2020-Q4';

    it('answers one row per region whose counts add up to the monitor’s total (49/44/7 in the whole demo)', async () => {
      const total = (await get(`/api/monitor?${scope}`)).body.total;
      if (regionIds === undefined) expect(total.percents).toEqual({ on_track: 49, at_risk: 44, needs_adjustment: 7 });
      expect(total.reported).toBeGreaterThan(0);
      const response = await get(`/api/monitor/regions?${scope}`);
      expect(response.status).toBe(200);
      const rows = response.body.regions as {
        regionName: string;
        counts: Record<string, number>;
        reported: number;
        unreported: number;
      }[];
      expect(rows).toHaveLength(regionCount);
      expect(rows.map((r) => r.regionName)).toEqual(
        rows.map((r) => r.regionName).sort((a, b) => a.localeCompare(b, 'nl')),
      );
      for (const status of ['on_track', 'at_risk', 'needs_adjustment']) {
        expect(rows.reduce((n, r) => n + r.counts[status], 0)).toBe(total.counts[status]);
      }
      expect(rows.reduce((n, r) => n + r.unreported, 0)).toBe(total.unreported);
      expect((await get('/api/monitor/regions?programmeId=nope&period=2020-Q4')).status).toBe(404);
    });

    it('lists exactly as many activities for a cell as the cell counts', async () => {
      const table = (await get(`/api/monitor?${scope}`)).body;
      const supply = table.rows.find((r: { category: string }) => r.category === 'supply');
      const atRisk = await get(`/api/monitor/activities?${scope}&category=supply&status=at_risk`);
      expect(atRisk.status).toBe(200);
      expect(atRisk.body.activities).toHaveLength(supply.counts.at_risk);
      for (const a of atRisk.body.activities) {
        expect(a).toMatchObject({ category: 'supply', status: 'at_risk' });
        expect(a.title.length).toBeGreaterThan(0);
      }
      const all = await get(`/api/monitor/activities?${scope}`);
      expect(all.body.activities).toHaveLength(table.total.reported + table.total.unreported);
      const region = (await get(`/api/monitor/regions?${scope}`)).body.regions[0];
      const inRegion = await get(`/api/monitor/activities?${scope}&regionId=${region.regionId}&status=on_track`);
      expect(inRegion.body.activities).toHaveLength(region.counts.on_track);
      const bad = await get(`/api/monitor/activities?${scope}&status=late`);
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('status');
    });

    it('takes a plain date as asOf: the end of that day in Amsterdam', async () => {
      const byDate = await get(`/api/monitor/regions?${scope}&asOf=2021-01-10`);
      const byInstant = await get(`/api/monitor/regions?${scope}&asOf=2021-01-10T22:59:59.999Z`);
      expect(byDate.status).toBe(200);
      expect(byDate.body).toEqual(byInstant.body);
      expect((await get(`/api/monitor?${scope}&asOf=2021-02-30`)).status).toBe(400);
    });
  });

  describe('activities', () => {
    it('pages through every activity exactly once with the cursor, and offset still works', async () => {
      const planned = log.filter((e) => e.type === 'ActivityPlanned').map((e) => e.streamId.slice('activity-'.length));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await get(`/api/activities?limit=97${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        seen.push(...response.body.activities.map((a: { id: string }) => a.id));
        cursor = response.body.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual([...planned].sort());
      const first = await get('/api/activities');
      expect(first.body.activities).toHaveLength(Math.min(100, planned.length));
      const offset = await get('/api/activities?limit=5&offset=5');
      expect(offset.body.activities.map((a: { id: string }) => a.id)).toEqual(seen.slice(5, 10));
      const region = await get('/api/activities?regionId=twente&limit=3');
      const rest = await get(`/api/activities?regionId=twente&limit=1000&cursor=${region.body.nextCursor}`);
      const inTwente = log.filter(
        (e) => e.type === 'ActivityPlanned' && (e.data as { regionId: string }).regionId === 'twente',
      );
      expect([...region.body.activities, ...rest.body.activities].map((a: { id: string }) => a.id)).toEqual(
        inTwente.map((e) => e.streamId.slice('activity-'.length)).sort(),
      );
      expect(rest.body.nextCursor).toBeNull();
      expect((await get(`/api/activities?cursor=${region.body.nextCursor}&offset=3`)).status).toBe(400);
    });

    it('answers an activity’s reports, corrections and ambition changes as the log holds them', async () => {
      const corrected =
        log.find((e) => e.type === 'ActivityStatusCorrected') ?? log.find((e) => e.type === 'ActivityStatusReported')!;
      const id = (corrected.data as { activityId: string }).activityId;
      const stream = log.filter((e) => e.streamId === `activity-${id}`);
      const response = await get(`/api/activities/${id}/status-history`);
      expect(response.status).toBe(200);
      const reports = stream.filter((e) => e.type === 'ActivityStatusReported' || e.type === 'ActivityStatusCorrected');
      expect(response.body.reports).toEqual(
        reports.map((e) => {
          const d = e.data as Record<string, unknown>;
          return {
            period: d.period,
            status: d.status,
            realised: d.realised ?? [],
            note: d.note ?? null,
            validFrom: d.validFrom,
            recordedAt: e.metadata.recordedAt,
            correction: e.type === 'ActivityStatusCorrected',
            correctionReason: (d.reason as string | undefined) ?? null,
          };
        }),
      );
      const ambitions = stream.filter((e) => e.type === 'ActivityAmbitionAdjusted');
      expect(response.body.ambitions).toEqual(
        ambitions.map((e) => {
          const d = e.data as { targets: unknown[]; reason: string };
          return { targets: d.targets, reason: d.reason, recordedAt: e.metadata.recordedAt };
        }),
      );
      const adjusted = log.find((e) => e.type === 'ActivityAmbitionAdjusted');
      if (adjusted !== undefined) {
        const changes = await get(
          `/api/activities/${(adjusted.data as { activityId: string }).activityId}/status-history`,
        );
        expect(changes.body.ambitions).toContainEqual({
          targets: (adjusted.data as { targets: unknown[] }).targets,
          reason: (adjusted.data as { reason: string }).reason,
          recordedAt: adjusted.metadata.recordedAt,
        });
      }
      const middle = reports[Math.floor(reports.length / 2)].metadata.recordedAt;
      const before = await get(`/api/activities/${id}/status-history?asOf=${encodeURIComponent(middle)}`);
      expect(before.body.reports).toHaveLength(reports.filter((e) => e.metadata.recordedAt <= middle).length);
      expect((await get('/api/activities/nope/status-history')).status).toBe(404);
    });
  });

  describe('involvement', () => {
    it('ends the window at the programme’s end without asOf, so the demo’s partners are active', async () => {
      const response = await get('/api/involvement');
      expect(response.status).toBe(200);
      expect(response.body.window).toEqual({
        from: '2020-12-31T22:59:59.999Z',
        to: '2021-12-31T22:59:59.999Z',
        months: 12,
        basis: 'programme_end',
      });
      const active = response.body.rows.filter((r: { signal: string }) => r.signal === 'active');
      expect(active.length).toBeGreaterThan(regionCount);
      const same = await get('/api/involvement?programmeId=pow');
      expect(same.body.window).toEqual(response.body.window);
      expect((await get('/api/involvement?programmeId=nope')).status).toBe(404);
      const then = await get('/api/involvement?asOf=2020-12-31');
      expect(then.body.window).toMatchObject({ to: '2020-12-31T22:59:59.999Z', basis: 'asOf' });
      expect(then.body.rows.some((r: { signal: string }) => r.signal === 'active')).toBe(true);
    });

    it('ends the window at the latest event when that comes before the programme’s end', async () => {
      const launched = await app.http
        .post('/api/programmes')
        .set('Authorization', `Bearer ${app.adminToken}`)
        .send({ id: 'later', name: 'Later', owner: 'SZW', startDate: '2030-01-01', endDate: '2035-12-31' });
      expect(launched.status).toBe(201);
      const response = await get('/api/involvement?programmeId=later');
      const [head] = await app.store.readAll({ fromPosition: launched.body.globalPosition, limit: 1 });
      expect(response.body.window).toMatchObject({ to: head.metadata.recordedAt, basis: 'latest_event' });
    });

    it('answers the evidence behind a cell as the log holds it', async () => {
      const rows = (await get('/api/involvement?regionId=twente&asOf=2021-06-30')).body.rows as {
        partnerId: string;
        activitiesLed: number;
        commitments: { made: number; fulfilled: number; withdrawn: number };
        lastActive: string | null;
      }[];
      const row = rows.find((r) => r.commitments.made > 0 && r.activitiesLed > 0) ?? rows[0];
      const response = await get(
        `/api/involvement/evidence?partnerId=${row.partnerId}&regionId=twente&asOf=2021-06-30`,
      );
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body.led).toHaveLength(row.activitiesLed);
      expect(body.commitments).toHaveLength(row.commitments.made);
      const states = (state: string) => body.commitments.filter((c: { state: string }) => c.state === state).length;
      expect(states('fulfilled')).toBe(row.commitments.fulfilled);
      expect(states('withdrawn')).toBe(row.commitments.withdrawn);
      expect(body.lastActive).toBe(row.lastActive);
      const twenteAgreements = new Set(
        log
          .filter((e) => e.type === 'AgreementDrafted' && (e.data as { regionId: string }).regionId === 'twente')
          .map((e) => e.streamId),
      );
      const signed = log.filter(
        (e) =>
          e.type === 'AgreementSigned' &&
          twenteAgreements.has(e.streamId) &&
          (e.data as { partnerId: string }).partnerId === row.partnerId &&
          e.metadata.recordedAt <= '2021-06-30T21:59:59.999Z',
      );
      expect(body.signatures.map((s: { agreementId: string; version: number }) => [s.agreementId, s.version])).toEqual(
        signed.map((e) => [e.streamId.slice('agreement-'.length), (e.data as { version: number }).version]),
      );
      expect((await get('/api/involvement/evidence?partnerId=uwv')).status).toBe(400);
    });
  });

  describe('the region diff', () => {
    const post = (path: string, body: object) =>
      app.http.post(path).set('Authorization', `Bearer ${app.adminToken}`).send(body);

    it('lists a member who joined between two moments, and nothing before', async () => {
      const before = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await post('/api/partners', { id: 'vakbond-x', name: 'Vakbond X', kind: 'union' })).status).toBe(201);
      const joined = await post('/api/regions/twente/members', { partnerId: 'vakbond-x', role: 'participant' });
      expect(joined.status).toBe(201);
      const response = await get(`/api/regions/twente/changes?from=${encodeURIComponent(before)}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ regionId: 'twente', from: before, changed: [], ended: [] });
      expect(response.body.added).toEqual([
        { kind: 'member', id: 'vakbond-x', label: 'Vakbond X', after: 'participant' },
      ]);
      const [event] = await app.store.readAll({ fromPosition: joined.body.globalPosition, limit: 1 });
      const until = new Date(Date.parse(event.metadata.recordedAt) - 1).toISOString();
      const earlier = await get(
        `/api/regions/twente/changes?from=${encodeURIComponent(before)}&to=${encodeURIComponent(until)}`,
      );
      expect(earlier.body.added).toEqual([]);
    });

    it('lists the activities planned and the statuses reported between two dates of the demo', async () => {
      const response = await get('/api/regions/twente/changes?from=2020-06-30&to=2020-12-31');
      expect(response.status).toBe(200);
      const from = '2020-06-30T21:59:59.999Z';
      const to = '2020-12-31T22:59:59.999Z';
      expect(response.body).toMatchObject({ from, to });
      const inTwente = new Set(
        log
          .filter((e) => e.type === 'ActivityPlanned' && (e.data as { regionId: string }).regionId === 'twente')
          .map((e) => e.streamId),
      );
      const planned = log.filter(
        (e) =>
          e.type === 'ActivityPlanned' &&
          inTwente.has(e.streamId) &&
          e.metadata.recordedAt > from &&
          e.metadata.recordedAt <= to,
      );
      const added = response.body.added.filter((c: { kind: string }) => c.kind === 'activity');
      expect(added.map((c: { id: string }) => `activity-${c.id}`).sort()).toEqual(
        planned.map((e) => e.streamId).sort(),
      );
      const committed = log.filter(
        (e) =>
          e.type === 'PartnerCommitted' &&
          inTwente.has(e.streamId) &&
          e.metadata.recordedAt > from &&
          e.metadata.recordedAt <= to,
      );
      expect(response.body.added.filter((c: { kind: string }) => c.kind === 'commitment')).toHaveLength(
        committed.length,
      );
      const reported = new Set(
        log
          .filter(
            (e) =>
              e.type === 'ActivityStatusReported' &&
              inTwente.has(e.streamId) &&
              e.metadata.recordedAt > from &&
              e.metadata.recordedAt <= to,
          )
          .map((e) => e.streamId),
      );
      for (const c of response.body.changed.filter((x: { kind: string }) => x.kind === 'status')) {
        expect(reported.has(`activity-${c.id}`)).toBe(true);
        expect(c.before).not.toBe(c.after);
      }
      expect((await get('/api/regions/twente/changes?from=2021-01-01&to=2020-01-01')).status).toBe(400);
      expect((await get('/api/regions/twente/changes')).status).toBe(400);
      expect((await get('/api/regions/atlantis/changes?from=2021-01-01')).status).toBe(404);
    });
  });

  describe('audit paging and the API description', () => {
    it('pages the audit trail newest first with the cursor, every position exactly once', async () => {
      const head = await app.store.headPosition();
      const positions: number[] = [];
      let cursor: string | null = null;
      do {
        const response = await get(`/api/audit?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        positions.push(...response.body.entries.map((e: { position: number }) => e.position));
        cursor = response.body.nextCursor;
      } while (cursor !== null);
      expect(positions).toEqual(Array.from({ length: head }, (_, i) => head - i));
      const oldest = await get('/api/audit?limit=2&order=asc');
      expect(oldest.body.entries.map((e: { position: number }) => e.position)).toEqual([1, 2]);
      const next = await get(`/api/audit?limit=2&order=asc&cursor=${oldest.body.nextCursor}`);
      expect(next.body.entries.map((e: { position: number }) => e.position)).toEqual([3, 4]);
      const legacy = await get('/api/audit?fromPosition=3&limit=2');
      expect(legacy.body.entries.map((e: { position: number }) => e.position)).toEqual([3, 4]);
      expect(legacy.body.nextPosition).toBe(5);
      expect((await get('/api/audit?order=newest')).status).toBe(400);
    });

    it('gives every operation a summary, and the new ones a description in English and Dutch', async () => {
      const docs = await app.http.get('/docs-json');
      expect(docs.status).toBe(200);
      const operations = Object.entries(
        docs.body.paths as Record<string, Record<string, { summary?: string }>>,
      ).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, ...op })));
      expect(operations.filter((op) => !op.summary).map((op) => `${op.method} ${op.path}`)).toEqual([]);
      for (const path of [
        '/api/programmes',
        '/api/regions',
        '/api/partners',
        '/api/agreements',
        '/api/agreements/{id}/history',
        '/api/activities/{id}/status-history',
        '/api/monitor/regions',
        '/api/monitor/activities',
        '/api/regions/{id}/changes',
        '/api/involvement/evidence',
      ]) {
        expect([path, docs.body.paths[path].get.description]).toEqual([path, expect.stringContaining('NL: ')]);
      }
    });
  });
});
