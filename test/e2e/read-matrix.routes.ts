import { mayRead, readScopeOf, type Concerns, type ReadKind, type Role } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';

/**
 * The read matrix's table: every read route of the OpenAPI document (by its template path) with the cases that walk
 * it (own and other region or organisation) and the readers; read-matrix.world.ts seeds what they read, and
 * read-matrix.e2e.spec.ts runs it.
 */

/** The seeded world (fixtures.seedWorld) plus an activity and an agreement in region-b. */
export const ACT_A: Concerns = { regionId: 'region-a', organisationIds: ['gemeente-a', 'uwv'] };
export const ACT_B: Concerns = { regionId: 'region-b', organisationIds: ['gemeente-b'] };
const REGION_A: Concerns = { regionId: 'region-a', organisationIds: ['gemeente-a', 'uwv', 'werkgevers'] };
const REGION_B: Concerns = { regionId: 'region-b', organisationIds: ['gemeente-b'] };
const AGR_A: Concerns = { regionId: 'region-a', organisationIds: ['gemeente-a', 'uwv'] };
const AGR_B: Concerns = { regionId: 'region-b', organisationIds: ['gemeente-b'] };
/** What changed in a region is read by its coordinators (and those who see all), not by its partners. */
const CHANGES_A: Concerns = { regionId: 'region-a', organisationIds: [] };
const CHANGES_B: Concerns = { regionId: 'region-b', organisationIds: [] };

export interface Reader {
  label: string;
  actor: Actor;
}

const reader = (label: string, role: Role, organisationId: string, regionIds: string[] = []): Reader => ({
  label,
  actor: { userId: `reader-${label.replace(/\W+/g, '-')}`, organisationId, roles: [role], regionIds },
});

export const READERS: Reader[] = [
  reader('programme_office', 'programme_office', 'programme-office'),
  reader('auditor', 'auditor', 'programme-office'),
  reader('analyst', 'analyst', 'uwv'),
  reader('region_coordinator of region-a', 'region_coordinator', 'gemeente-a', ['region-a']),
  reader('region_coordinator of region-b', 'region_coordinator', 'gemeente-b', ['region-b']),
  reader('partner_representative of uwv (committed in region-a)', 'partner_representative', 'uwv'),
  reader('partner_representative of werkgevers (member of region-a)', 'partner_representative', 'werkgevers'),
  reader('partner_representative of gemeente-b (region-b)', 'partner_representative', 'gemeente-b'),
];

export type Body = Record<string, unknown>;

export interface ReadCase {
  path: string;
  kind: ReadKind;
  /** The object the route reads, or undefined for a list (filtered row by row). */
  concerns?: Concerns;
  /** Extra checks on an allowed answer: nothing out of scope in it. */
  check?(body: Body, actor: Actor): void;
  /** Whether the route needs more than its kind (exports). */
  allowed?(actor: Actor): boolean;
  /** A Server-Sent Events feed: read its frames up to the head, then close. */
  feed?: boolean;
}

/** Rows of a list must each be in scope. */
const rowsInScope =
  (field: string, concerns: (row: Body) => Concerns, kind: ReadKind) => (body: Body, actor: Actor) => {
    const rows = body[field] as Body[];
    expect(rows.filter((row) => !mayRead(actor, kind, concerns(row)))).toEqual([]);
  };

export const activityConcerns = (row: Body): Concerns =>
  row.activityId === 'act-b' || row.id === 'act-b' || row.regionId === 'region-b' ? ACT_B : ACT_A;

export const agreementConcerns = (row: Body): Concerns => ({
  regionId: row.regionId as string,
  organisationIds: row.parties as string[],
});

/** A partner representative sees only its own organisation's commitments. */
function ownCommitmentsOnly(body: Body, actor: Actor): void {
  if (mayRead(actor, 'activities', { regionId: 'region-a' })) return;
  const commitments = (body.commitments ?? []) as { partnerId: string }[];
  expect(commitments.filter((c) => c.partnerId !== actor.organisationId)).toEqual([]);
}

/**
 * The parties see who signed for which organisation (the user id only for those who see actor details, and sealed as
 * stored: the history gives the bytes Merkle leaves are computed from; README, "AVG / privacy").
 */
function signerOrganisationVisible(body: Body, actor: Actor): void {
  const events = body.events as { type: string; data: { partnerId: string }; metadata: { actor: Body } }[];
  const signed = events.filter((e) => e.type === 'AgreementSigned');
  expect(signed.map((e) => [e.data.partnerId, e.metadata.actor.organisationId])).toEqual([['uwv', 'uwv']]);
  const details = readScopeOf(actor, 'actorDetails') === 'all';
  expect(signed.map((e) => e.metadata.actor.userId)).toEqual([details ? expect.stringMatching(/^pd1:/) : undefined]);
}

/** What a stream of the world is about, for the feed's check (undefined: nothing a scoped reader may read). */
const STREAMS: Record<string, [ReadKind, Concerns]> = {
  'region-region-a': ['regions', REGION_A],
  'region-region-b': ['regions', REGION_B],
  'activity-act-1': ['activities', ACT_A],
  'activity-act-b': ['activities', ACT_B],
  'agreement-agr-1': ['agreements', AGR_A],
  'agreement-agr-b': ['agreements', AGR_B],
};

/**
 * The live feed: a frame per position; an envelope only of what the reader may read (the whole log for those who may
 * read raw events), else only the position.
 */
function feedInScope(body: Body, actor: Actor): void {
  const frames = body.frames as { id: string; event?: string; data: string }[];
  expect(frames.map((f) => Number(f.id))).toEqual(frames.map((_, i) => i + 1));
  const whole = readScopeOf(actor, 'rawEvents') === 'all';
  const outOfScope = frames.filter((frame) => {
    if (frame.event === undefined) return whole || frame.data !== JSON.stringify({ globalPosition: Number(frame.id) });
    if (whole) return false;
    const envelope = JSON.parse(frame.data) as { streamId: string; type: string; data: { partnerId?: string } };
    if (/^(programme|partner)-/.test(envelope.streamId)) return false;
    const about = STREAMS[envelope.streamId];
    if (about === undefined || !mayRead(actor, about[0], about[1])) return true;
    const ownOnly = about[0] === 'activities' && !mayRead(actor, 'activities', { regionId: about[1].regionId });
    return ownOnly && envelope.type === 'PartnerCommitted' && envelope.data.partnerId !== actor.organisationId;
  });
  expect(outOfScope).toEqual([]);
  expect(frames.filter((f) => f.event === 'ProgrammeLaunched')).toHaveLength(1);
}

const regionCoordinatorOf = (a: Actor, regionId: string) =>
  readScopeOf(a, 'activities') === 'all' || (a.regionIds ?? []).includes(regionId);

/** Every GET route of the OpenAPI document that needs a token, by template path, with its cases. */
export const ROUTES: Record<string, ReadCase[]> = {
  '/api/programmes': [{ path: '/api/programmes', kind: 'catalogue' }],
  '/api/regions': [{ path: '/api/regions', kind: 'catalogue' }],
  '/api/partners': [{ path: '/api/partners?regionId=region-a', kind: 'catalogue' }],
  '/api/monitor': [
    { path: '/api/monitor?programmeId=pow&period=2021-Q1', kind: 'aggregates' },
    { path: '/api/monitor?programmeId=pow&period=2021-Q1&round=current', kind: 'aggregates' },
  ],
  '/api/programmes/{id}/monitoring-rounds': [{ path: '/api/programmes/pow/monitoring-rounds', kind: 'aggregates' }],
  '/api/monitor/regions': [{ path: '/api/monitor/regions?programmeId=pow&period=2021-Q1', kind: 'aggregates' }],
  '/api/monitor/activities': [
    {
      path: '/api/monitor/activities?programmeId=pow&period=2021-Q1',
      kind: 'activities',
      check: rowsInScope('activities', activityConcerns, 'activities'),
    },
  ],
  '/api/timeseries/status': [{ path: '/api/timeseries/status?programmeId=pow&interval=quarter', kind: 'aggregates' }],
  '/api/projections': [{ path: '/api/projections', kind: 'aggregates' }],
  '/api/activities': [
    {
      path: '/api/activities',
      kind: 'activities',
      check: (body, actor) => {
        rowsInScope('activities', activityConcerns, 'activities')(body, actor);
        for (const activity of body.activities as Body[]) ownCommitmentsOnly(activity, actor);
      },
    },
  ],
  '/api/activities/{id}': [
    { path: '/api/activities/act-1', kind: 'activities', concerns: ACT_A, check: ownCommitmentsOnly },
    { path: '/api/activities/act-b', kind: 'activities', concerns: ACT_B },
  ],
  '/api/activities/{id}/history': [
    {
      path: '/api/activities/act-1/history',
      kind: 'activities',
      concerns: ACT_A,
      check: (body, actor) => {
        const events = body as unknown as { type: string; data: { partnerId?: string } }[];
        if (!mayRead(actor, 'activities', { regionId: 'region-a' })) {
          const others = events.filter(
            (e) => e.type === 'PartnerCommitted' && e.data.partnerId !== actor.organisationId,
          );
          expect(others).toEqual([]);
        }
      },
    },
    { path: '/api/activities/act-b/history', kind: 'activities', concerns: ACT_B },
  ],
  '/api/activities/{id}/status-history': [
    { path: '/api/activities/act-1/status-history', kind: 'activities', concerns: ACT_A },
    { path: '/api/activities/act-b/status-history', kind: 'activities', concerns: ACT_B },
  ],
  '/api/activities/{id}/borging-history': [
    { path: '/api/activities/act-1/borging-history', kind: 'activities', concerns: ACT_A },
    { path: '/api/activities/act-b/borging-history', kind: 'activities', concerns: ACT_B },
  ],
  '/api/borging': [
    { path: '/api/borging', kind: 'activities', check: rowsInScope('activities', activityConcerns, 'activities') },
  ],
  '/api/regions/{id}': [
    { path: '/api/regions/region-a', kind: 'regions', concerns: REGION_A },
    { path: '/api/regions/region-b', kind: 'regions', concerns: REGION_B },
  ],
  '/api/regions/{id}/timeline': [
    { path: '/api/regions/region-a/timeline', kind: 'regions', concerns: REGION_A },
    { path: '/api/regions/region-b/timeline', kind: 'regions', concerns: REGION_B },
  ],
  '/api/regions/{id}/changes': [
    { path: '/api/regions/region-a/changes?from=2000-01-01', kind: 'regions', concerns: CHANGES_A },
    { path: '/api/regions/region-b/changes?from=2000-01-01', kind: 'regions', concerns: CHANGES_B },
  ],
  '/api/involvement': [
    {
      path: '/api/involvement',
      kind: 'involvement',
      check: rowsInScope(
        'rows',
        (row) => ({ regionId: row.regionId as string, organisationIds: [row.partnerId as string] }),
        'involvement',
      ),
    },
  ],
  '/api/involvement/evidence': [
    {
      path: '/api/involvement/evidence?partnerId=uwv&regionId=region-a',
      kind: 'involvement',
      concerns: { regionId: 'region-a', organisationIds: ['uwv'] },
    },
    {
      path: '/api/involvement/evidence?partnerId=gemeente-b&regionId=region-b',
      kind: 'involvement',
      concerns: { regionId: 'region-b', organisationIds: ['gemeente-b'] },
    },
  ],
  '/api/agreements': [
    { path: '/api/agreements', kind: 'agreements', check: rowsInScope('agreements', agreementConcerns, 'agreements') },
  ],
  '/api/agreements/{id}': [
    { path: '/api/agreements/agr-1', kind: 'agreements', concerns: AGR_A },
    { path: '/api/agreements/agr-b', kind: 'agreements', concerns: AGR_B },
  ],
  '/api/agreements/{id}/history': [
    { path: '/api/agreements/agr-1/history', kind: 'agreements', concerns: AGR_A, check: signerOrganisationVisible },
    { path: '/api/agreements/agr-b/history', kind: 'agreements', concerns: AGR_B },
  ],
  '/api/audit': [
    { path: '/api/audit', kind: 'audit' },
    { path: '/api/audit?limit=3&order=asc', kind: 'audit' },
  ],
  '/api/events': [{ path: '/api/events?fromPosition=1&limit=1000', kind: 'rawEvents' }],
  '/api/events/stream': [
    { path: '/api/events/stream?fromPosition=1', kind: 'catalogue', feed: true, check: feedInScope },
  ],
  '/api/ledger/head': [{ path: '/api/ledger/head', kind: 'ledgerProofs' }],
  '/api/ledger/heads': [{ path: '/api/ledger/heads', kind: 'ledgerProofs' }],
  '/api/ledger/proofs/inclusion': [{ path: '/api/ledger/proofs/inclusion?position=1', kind: 'ledgerProofs' }],
  '/api/ledger/proofs/consistency': [{ path: '/api/ledger/proofs/consistency?from=1', kind: 'ledgerProofs' }],
  '/api/ledger/status': [{ path: '/api/ledger/status', kind: 'operations' }],
};

/** One case per export the OpenAPI document names (`/api/exports/{name}`, its `name` enum). */
export const EXPORTS: Record<string, ReadCase[]> = {
  monitor: [{ path: '/api/exports/monitor?programmeId=pow&period=2021-Q1', kind: 'aggregates' }],
  timeseries: [{ path: '/api/exports/timeseries?programmeId=pow&interval=quarter', kind: 'aggregates' }],
  activities: [
    {
      path: '/api/exports/activities?regionId=region-a',
      kind: 'activities',
      allowed: (a) => regionCoordinatorOf(a, 'region-a'),
    },
    {
      path: '/api/exports/activities?regionId=region-b',
      kind: 'activities',
      allowed: (a) => regionCoordinatorOf(a, 'region-b'),
    },
  ],
  'status-reports': [
    {
      path: '/api/exports/status-reports?regionId=region-a',
      kind: 'activities',
      allowed: (a) => regionCoordinatorOf(a, 'region-a'),
    },
  ],
  borging: [
    {
      path: '/api/exports/borging?regionId=region-b',
      kind: 'activities',
      allowed: (a) => regionCoordinatorOf(a, 'region-b'),
    },
  ],
  involvement: [
    {
      path: '/api/exports/involvement?partnerId=uwv',
      kind: 'involvement',
      allowed: (a) => readScopeOf(a, 'involvement') === 'all' || a.organisationId === 'uwv',
    },
  ],
  audit: [{ path: '/api/exports/audit', kind: 'audit' }],
  events: [
    {
      path: '/api/exports/events',
      kind: 'rawEvents',
      allowed: (a) => readScopeOf(a, 'rawEvents') === 'all' && readScopeOf(a, 'actorDetails') === 'all',
    },
  ],
};

/**
 * GET routes of the OpenAPI document that the matrix does not walk, and why: they need no token, or answer the caller
 * about itself. read-scopes.e2e.spec.ts checks the health details by role.
 */
export const NOT_SCOPED: Record<string, string> = {
  '/health': 'public: up/degraded/down; details by role (read-scopes.e2e.spec.ts)',
  '/health/ready': 'public: the same as /health',
  '/health/live': 'public: always up',
  '/api/session': "the caller's own session",
};
