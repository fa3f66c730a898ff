import { commandPermissions, ROLES, tokenIssuers, type Role } from '@akkoord/application';
import type { CommandType } from '@akkoord/domain';
import { startTestApp, tokenFor, type StoreKind, type TestApp } from '../support/app.js';
import { ROUTES, seedWorld, type RouteSpec, type World } from './fixtures.js';

/**
 * The role matrix, generated from the one permissions table (`commandPermissions`, and `tokenIssuers` for
 * POST /api/tokens): every command route × every kind of actor. Not allowed → 403 `{error:'forbidden', reason}` and
 * nothing appended; allowed → 201 (the fixtures arrange a fresh request per case, so an allowed call really succeeds).
 */

/** Command types of the table that api.md gives no route (yet); the test below fails when one gets a route here. */
const WITHOUT_ROUTE: CommandType[] = [
  'EndProgramme',
  'RenamePartner',
  'ChangePartnerRole',
  'LeaveRegion',
  'ChangeActivityLead',
];

/** Who calls, relative to the request: the world's region (`region-a`) and partner (`uwv`) are the ones concerned. */
interface ActorKind {
  label: string;
  role: Role;
  /** region_coordinator: coordinates the region the request is about. */
  inScope?: boolean;
  /** partner_representative: represents the partner the request is about. */
  ownOrganisation?: boolean;
  grant(world: World): { organisationId: string; regionIds: string[] };
}

const ACTORS: ActorKind[] = [
  {
    label: 'programme_office',
    role: 'programme_office',
    grant: () => ({ organisationId: 'programme-office', regionIds: [] }),
  },
  {
    label: 'region_coordinator of the region',
    role: 'region_coordinator',
    inScope: true,
    grant: (w) => ({ organisationId: w.leadPartnerId, regionIds: [w.regionId] }),
  },
  {
    label: 'region_coordinator of another region',
    role: 'region_coordinator',
    inScope: false,
    grant: (w) => ({ organisationId: w.otherPartnerId, regionIds: [w.otherRegionId] }),
  },
  {
    label: 'partner_representative of the partner concerned',
    role: 'partner_representative',
    ownOrganisation: true,
    grant: (w) => ({ organisationId: w.partnerId, regionIds: [] }),
  },
  {
    label: 'partner_representative of another partner',
    role: 'partner_representative',
    ownOrganisation: false,
    grant: (w) => ({ organisationId: w.otherPartnerId, regionIds: [] }),
  },
  { label: 'analyst', role: 'analyst', grant: (w) => ({ organisationId: w.partnerId, regionIds: [w.regionId] }) },
  {
    label: 'auditor',
    role: 'auditor',
    grant: () => ({ organisationId: 'programme-office', regionIds: [] }),
  },
];

/** The roles the table allows for a route. */
function allowedRoles(route: RouteSpec): readonly Role[] {
  return route.command === 'IssueToken' ? tokenIssuers : commandPermissions[route.command];
}

/** Whether the actor may send the route's request, by the table and authorizeCommand's scope rules. */
function mayCall(route: RouteSpec, actor: ActorKind): boolean {
  if (!allowedRoles(route).includes(actor.role)) return false;
  switch (actor.role) {
    case 'programme_office':
      return true;
    case 'region_coordinator':
      return actor.inScope === true && ['region', 'activity', 'agreement'].includes(route.aggregate);
    case 'partner_representative':
      return actor.ownOrganisation === true && route.concernsPartner;
    default:
      return false;
  }
}

const MATRIX = ROUTES.flatMap((route) =>
  ACTORS.map((actor) => ({
    route,
    actor,
    allowed: mayCall(route, actor),
    title: `${route.name} (${route.command}) by ${actor.label} → ${mayCall(route, actor) ? '201' : '403'}`,
  })),
);

describe('role matrix', () => {
  it('is generated from the whole permissions table', () => {
    const routed = ROUTES.map((r) => r.command).filter((c) => c !== 'IssueToken');
    expect([...routed, ...WITHOUT_ROUTE].sort()).toEqual(Object.keys(commandPermissions).sort());
    expect(new Set(ACTORS.map((a) => a.role))).toEqual(new Set(ROLES));
    // Every role of the table is allowed somewhere, and every row has an allowed and a refused actor.
    for (const row of ROUTES) {
      const cells = MATRIX.filter((m) => m.route === row);
      expect({
        route: row.name,
        someAllowed: cells.some((c) => c.allowed),
        someRefused: cells.some((c) => !c.allowed),
      }).toEqual({ route: row.name, someAllowed: true, someRefused: true });
    }
  });

  describe.each<StoreKind>(['sqlite', 'postgres'])('on %s', (kind) => {
    let app: TestApp;
    let world: World;
    const tokens = new Map<string, string>();
    const outcomes: { title: string; allowed: boolean; status: number }[] = [];

    beforeAll(async () => {
      app = await startTestApp(kind);
      world = await seedWorld(app);
      for (const [i, actor] of ACTORS.entries()) {
        tokens.set(
          actor.label,
          await tokenFor(app, { userId: `matrix-${i}`, roles: [actor.role], ...actor.grant(world) }),
        );
      }
    });
    afterAll(async () => {
      await app?.close();
    });

    it.each(MATRIX)('$title', async ({ route, actor, allowed, title }) => {
      const arranged = await route.arrange(world);
      const before = await app.store.headPosition();
      const response = await app.http
        .post(arranged.path)
        .set('Authorization', `Bearer ${tokens.get(actor.label)}`)
        .send(arranged.body);
      const after = await app.store.headPosition();
      outcomes.push({ title, allowed, status: response.status });
      if (allowed) {
        expect({ status: response.status, body: response.body }).toEqual({
          status: 201,
          body:
            route.command === 'IssueToken'
              ? expect.objectContaining({ token: expect.any(String) })
              : expect.objectContaining({ streamId: expect.any(String), globalPosition: expect.any(Number) }),
        });
        expect(after).toBeGreaterThan(before);
      } else {
        expect({ status: response.status, body: response.body }).toEqual({
          status: 403,
          body: { error: 'forbidden', reason: expect.stringMatching(/\S/) },
        });
        expect(after).toBe(before);
      }
    });

    it('refused no allowed call and allowed no refused one', () => {
      expect(outcomes).toHaveLength(MATRIX.length);
      const wrong = outcomes.filter((o) => (o.allowed ? o.status !== 201 : o.status !== 403));
      expect(wrong).toEqual([]);
      expect(outcomes.filter((o) => o.allowed).length).toBe(MATRIX.filter((m) => m.allowed).length);
    });
  });
});
