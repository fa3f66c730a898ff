import { mayRead, readScopeOf, readScopes, ROLES, type Concerns, type ReadKind, type Role } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import { startTestApp, tokenFor, type StoreKind, type TestApp } from '../support/app.js';
import { post, seedWorld } from './fixtures.js';

/**
 * The read matrix, generated from the one read table (`readScopes`): every read route × every kind of reader, with
 * readers inside and outside the region (and organisation) concerned. Refused → 403 `{error:'forbidden', reason}`;
 * allowed → 200 and nothing outside the reader's scope in the body (rows of other regions or organisations, other
 * partners' commitments, user ids for those who may not see actor details).
 */

/** The seeded world (fixtures.seedWorld) plus an activity and an agreement in region-b. */
const ACT_A: Concerns = { regionId: 'region-a', organisationIds: ['gemeente-a', 'uwv'] };
const ACT_B: Concerns = { regionId: 'region-b', organisationIds: ['gemeente-b'] };
const REGION_A: Concerns = { regionId: 'region-a', organisationIds: ['gemeente-a', 'uwv', 'werkgevers'] };
const REGION_B: Concerns = { regionId: 'region-b', organisationIds: ['gemeente-b'] };
const AGR_A: Concerns = { regionId: 'region-a', organisationIds: ['gemeente-a', 'uwv'] };
const AGR_B: Concerns = { regionId: 'region-b', organisationIds: ['gemeente-b'] };

interface Reader {
  label: string;
  actor: Actor;
}

const reader = (label: string, role: Role, organisationId: string, regionIds: string[] = []): Reader => ({
  label,
  actor: { userId: `reader-${label.replace(/\W+/g, '-')}`, organisationId, roles: [role], regionIds },
});

const READERS: Reader[] = [
  reader('programme_office', 'programme_office', 'programme-office'),
  reader('auditor', 'auditor', 'programme-office'),
  reader('analyst', 'analyst', 'uwv'),
  reader('region_coordinator of region-a', 'region_coordinator', 'gemeente-a', ['region-a']),
  reader('region_coordinator of region-b', 'region_coordinator', 'gemeente-b', ['region-b']),
  reader('partner_representative of uwv (committed in region-a)', 'partner_representative', 'uwv'),
  reader('partner_representative of werkgevers (member of region-a)', 'partner_representative', 'werkgevers'),
  reader('partner_representative of gemeente-b (region-b)', 'partner_representative', 'gemeente-b'),
];

type Body = Record<string, unknown>;

interface ReadRoute {
  path: string;
  kind: ReadKind;
  /** The object the route reads, or undefined for a list (filtered row by row). */
  concerns?: Concerns;
  /** Extra checks on an allowed answer: nothing out of scope in it. */
  check?(body: Body, actor: Actor): void;
  /** Whether the route needs more than its kind (exports). */
  allowed?(actor: Actor): boolean;
}

/** Rows of a list must each be in scope. */
const rowsInScope =
  (field: string, concerns: (row: Body) => Concerns, kind: ReadKind) => (body: Body, actor: Actor) => {
    const rows = body[field] as Body[];
    expect(rows.filter((row) => !mayRead(actor, kind, concerns(row)))).toEqual([]);
  };

const activityConcerns = (row: Body): Concerns =>
  row.activityId === 'act-b' || row.id === 'act-b' || row.regionId === 'region-b' ? ACT_B : ACT_A;

/** A partner representative sees only its own organisation's commitments. */
function ownCommitmentsOnly(body: Body, actor: Actor): void {
  if (mayRead(actor, 'activities', { regionId: 'region-a' })) return;
  const commitments = (body.commitments ?? []) as { partnerId: string }[];
  expect(commitments.filter((c) => c.partnerId !== actor.organisationId)).toEqual([]);
}

const ROUTES: ReadRoute[] = [
  { path: '/api/monitor?programmeId=pow&period=2021-Q1', kind: 'aggregates' },
  { path: '/api/monitor?programmeId=pow&period=2021-Q1&round=current', kind: 'aggregates' },
  { path: '/api/programmes/pow/monitoring-rounds', kind: 'aggregates' },
  { path: '/api/timeseries/status?programmeId=pow&interval=quarter', kind: 'aggregates' },
  { path: '/api/projections', kind: 'aggregates' },
  {
    path: '/api/activities',
    kind: 'activities',
    check: (body, actor) => {
      rowsInScope('activities', activityConcerns, 'activities')(body, actor);
      for (const activity of body.activities as Body[]) ownCommitmentsOnly(activity, actor);
    },
  },
  { path: '/api/activities/act-1', kind: 'activities', concerns: ACT_A, check: ownCommitmentsOnly },
  { path: '/api/activities/act-b', kind: 'activities', concerns: ACT_B },
  {
    path: '/api/activities/act-1/history',
    kind: 'activities',
    concerns: ACT_A,
    check: (body, actor) => {
      const events = body as unknown as { type: string; data: { partnerId?: string } }[];
      if (!mayRead(actor, 'activities', { regionId: 'region-a' })) {
        const others = events.filter((e) => e.type === 'PartnerCommitted' && e.data.partnerId !== actor.organisationId);
        expect(others).toEqual([]);
      }
    },
  },
  { path: '/api/activities/act-b/history', kind: 'activities', concerns: ACT_B },
  { path: '/api/activities/act-1/borging-history', kind: 'activities', concerns: ACT_A },
  { path: '/api/borging', kind: 'activities', check: rowsInScope('activities', activityConcerns, 'activities') },
  { path: '/api/regions/region-a', kind: 'regions', concerns: REGION_A },
  { path: '/api/regions/region-b', kind: 'regions', concerns: REGION_B },
  { path: '/api/regions/region-a/timeline', kind: 'regions', concerns: REGION_A },
  { path: '/api/regions/region-b/timeline', kind: 'regions', concerns: REGION_B },
  {
    path: '/api/involvement',
    kind: 'involvement',
    check: rowsInScope(
      'rows',
      (row) => ({ regionId: row.regionId as string, organisationIds: [row.partnerId as string] }),
      'involvement',
    ),
  },
  { path: '/api/agreements/agr-1', kind: 'agreements', concerns: AGR_A },
  { path: '/api/agreements/agr-b', kind: 'agreements', concerns: AGR_B },
  { path: '/api/audit', kind: 'audit' },
  { path: '/api/events?fromPosition=1&limit=1000', kind: 'rawEvents' },
  { path: '/api/ledger/heads', kind: 'ledgerProofs' },
  { path: '/api/exports/monitor?programmeId=pow&period=2021-Q1', kind: 'aggregates' },
  {
    path: '/api/exports/activities?regionId=region-a',
    kind: 'activities',
    allowed: (a) => readScopeOf(a, 'activities') === 'all' || (a.regionIds ?? []).includes('region-a'),
  },
  {
    path: '/api/exports/involvement?partnerId=uwv',
    kind: 'involvement',
    allowed: (a) => readScopeOf(a, 'involvement') === 'all' || a.organisationId === 'uwv',
  },
  {
    path: '/api/exports/events',
    kind: 'rawEvents',
    allowed: (a) => readScopeOf(a, 'rawEvents') === 'all' && readScopeOf(a, 'actorDetails') === 'all',
  },
];

function expectedAllowed(route: ReadRoute, actor: Actor): boolean {
  if (readScopeOf(actor, route.kind) === 'none') return false;
  if (route.allowed) return route.allowed(actor);
  return route.concerns === undefined || mayRead(actor, route.kind, route.concerns);
}

const MATRIX = ROUTES.flatMap((route) =>
  READERS.map((r) => {
    const allowed = expectedAllowed(route, r.actor);
    return { route, reader: r, allowed, title: `GET ${route.path} by ${r.label} → ${allowed ? 200 : 403}` };
  }),
);

describe('read matrix', () => {
  it('covers every kind of the read table and every role, with allowed and refused readers', () => {
    expect(new Set(ROUTES.map((r) => r.kind))).toEqual(
      new Set(Object.keys(readScopes).filter((k) => k !== 'actorDetails')),
    );
    expect(new Set(READERS.flatMap((r) => r.actor.roles))).toEqual(new Set(ROLES));
    expect(MATRIX.some((m) => m.allowed) && MATRIX.some((m) => !m.allowed)).toBe(true);
  });

  describe.each<StoreKind>(['sqlite', 'postgres'])('on %s', (kind) => {
    let app: TestApp;
    const tokens = new Map<string, string>();

    beforeAll(async () => {
      app = await startTestApp(kind);
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
      await post(app, admin, '/api/activities/act-1/borging', {
        state: 'in_preparation',
        effectiveFrom: '2021-06-01',
      });
      for (const r of READERS) {
        const { userId, organisationId, roles, regionIds } = r.actor;
        tokens.set(r.label, await tokenFor(app, { userId, organisationId, roles: [...roles], regionIds }));
      }
    });
    afterAll(async () => {
      await app?.close();
    });

    it.each(MATRIX)('$title', async ({ route, reader: r, allowed }) => {
      const response = await app.http.get(route.path).set('Authorization', `Bearer ${tokens.get(r.label)}`);
      if (!allowed) {
        expect({ status: response.status, body: response.body }).toEqual({
          status: 403,
          body: { error: 'forbidden', reason: expect.stringMatching(/\S/) },
        });
        return;
      }
      expect(response.status).toBe(200);
      const text = response.text;
      if (readScopeOf(r.actor, 'actorDetails') !== 'all') {
        // no user ids (nor token ids and hashes) anywhere in what a reader without actor details gets
        expect(text).not.toMatch(/"userId"|"tokenId"|"tokenHash"/);
        expect(text).not.toContain('rep-uwv');
      }
      if (route.check && response.headers['content-type']?.startsWith('application/json')) {
        route.check(response.body as Body, r.actor);
      }
    });
  });
});

describe('token grants name what exists', () => {
  it('answers 422 for a region that is not registered, and issues nothing', async () => {
    const app = await startTestApp('sqlite');
    try {
      await seedWorld(app);
      const before = (await app.store.readStream('access-tokens')).length;
      const grant = { userId: 'anna', organisationId: 'uwv', roles: ['region_coordinator'], regionIds: ['region-a'] };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...grant, regionIds: ['region-a', 'atlantis'] }, 'unknown_region'],
      ];
      for (const [body, rule] of cases) {
        const response = await app.http.post('/api/tokens').set('Authorization', `Bearer ${app.adminToken}`).send(body);
        expect({ status: response.status, body: response.body }).toEqual({
          status: 422,
          body: { error: 'rule', rule, message: expect.stringMatching(/\S/) },
        });
      }
      expect(await app.store.readStream('access-tokens')).toHaveLength(before);
      const ok = await app.http.post('/api/tokens').set('Authorization', `Bearer ${app.adminToken}`).send(grant);
      expect(ok.status).toBe(201);
      // an auditor may come from an organisation outside the ledger
      const auditor = await app.http
        .post('/api/tokens')
        .set('Authorization', `Bearer ${app.adminToken}`)
        .send({ userId: 'kees', organisationId: 'rekenkamer', roles: ['auditor'], regionIds: [] });
      expect(auditor.status).toBe(201);
    } finally {
      await app.close();
    }
  });
});
