import { createHash } from 'node:crypto';
import {
  activityCategories,
  activityStatuses,
  agreementKinds,
  borgingMechanisms,
  borgingStates,
  closureOutcomes,
  commitmentKinds,
  partnerKinds,
  regionRoles,
  type CommandType,
} from '@akkoord/domain';
import { ROLES } from '@akkoord/application';
import { tokenFor, type TestApp } from '../support/app.js';

/**
 * The e2e fixtures of the command API: one entry per command route of api.md (and `POST /api/tokens`) with the shape of
 * its body (for the bad-input suite) and a way to arrange a fresh request that succeeds with 201 (for both suites), and
 * a seeded world to run them against.
 */

/** The kinds of value a body field holds, with api.md's limits. */
export type FieldKind =
  | 'id' // 1–100 characters [a-z0-9][a-z0-9._-]*
  | 'name' // names and titles, ≤ 300
  | 'text' // notes and reasons, ≤ 10,000
  | 'terms' // ≤ 200,000
  | 'label' // a short free string without a stated limit (unit, indicator, owner, signatory name…)
  | 'date' // YYYY-MM-DD
  | 'period' // YYYY-Qn or YYYY-MM
  | 'enum'
  | 'amount' // finite, ≥ 0
  | 'hash' // SHA-256 hex
  | 'idList'
  | 'enumList'
  | 'array' // an array of objects
  | 'object';

export interface FieldSpec {
  /** Dotted path in the body: `targets.0.dueDate`. */
  path: string;
  kind: FieldKind;
  required: boolean;
  values?: readonly string[];
}

/** The aggregate a route writes to: decides the scope a region coordinator or partner representative needs. */
export type Aggregate = 'programme' | 'partner' | 'region' | 'activity' | 'agreement' | 'tokens';

/** Which world token succeeds with the arranged request: the admin (programme office) or the UWV representative. */
export type ArrangedActor = 'admin' | 'partnerRep';

/** A request ready to send: the path, the body and who may send it. */
export interface Arranged {
  path: string;
  body: Record<string, unknown>;
  actor: ArrangedActor;
}

export interface RouteSpec {
  /** `POST /api/activities/:id/commitments` */
  name: string;
  /** The domain command the route sends; `IssueToken` for `POST /api/tokens`. */
  command: CommandType | 'IssueToken';
  aggregate: Aggregate;
  /** The partner whose representative may send it (the commitment's partner, the signing party), if any. */
  concernsPartner: boolean;
  /** The path parameters by name (as api.md names them), in order of appearance. */
  params: string[];
  /** The path with the given parameter values (already encoded). */
  path(...params: string[]): string;
  fields: FieldSpec[];
  /** Paths of the objects in the body where an unknown key can hide ('' is the body itself). */
  objects: string[];
  /** Makes a fresh request that answers 201 when sent by `actor` (creates what it needs first). */
  arrange(world: World): Promise<Arranged>;
}

/** What the seeded world holds: ids and tokens. */
export interface World {
  app: TestApp;
  programmeId: string;
  regionId: string;
  otherRegionId: string;
  /** Lead of `activityId`, member of `regionId`. */
  leadPartnerId: string;
  /** The partner that commits and signs; member of `regionId`. */
  partnerId: string;
  /** A partner of the other region. */
  otherPartnerId: string;
  activityId: string;
  commitmentId: string;
  agreementId: string;
  tokens: { admin: string; partnerRep: string };
  /** A fresh id with the prefix, unique in this world. */
  fresh(prefix: string): string;
  /** A fresh reporting period `YYYY-MM`, unique in this world. */
  freshPeriod(): string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Encodes one path segment, dots included (so that `..` reaches the server as a value, not a path step). */
export const segment = (value: string): string => encodeURIComponent(value).replace(/\./g, '%2E');

/** POSTs as the given token and answers the body; throws unless the answer is 201 (for arranging, not asserting). */
export async function post(app: TestApp, token: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await app.http
    .post(path)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
  if (response.status !== 201) {
    throw new Error(`arranging: POST ${path} answered ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as Record<string, unknown>;
}

const target = () => ({ indicator: 'placements', target: 150, unit: 'people', dueDate: '2021-12-31' });
const targetFields = (prefix: string): FieldSpec[] => [
  { path: prefix, kind: 'array', required: true },
  { path: `${prefix}.0.indicator`, kind: 'label', required: true },
  { path: `${prefix}.0.target`, kind: 'amount', required: true },
  { path: `${prefix}.0.unit`, kind: 'label', required: true },
  { path: `${prefix}.0.dueDate`, kind: 'date', required: true },
];

function activityBody(world: World, id: string): Record<string, unknown> {
  return {
    id,
    regionId: world.regionId,
    programmeId: world.programmeId,
    title: 'Werkgeversservicepunt: matching op vaardigheden',
    category: 'demand',
    leadPartnerId: world.leadPartnerId,
    targets: [target()],
    startDate: '2020-01-01',
    endDate: '2021-12-31',
  };
}

function agreementBody(world: World, id: string): Record<string, unknown> {
  return {
    id,
    regionId: world.regionId,
    kind: 'covenant',
    title: 'Regionaal convenant',
    terms: `Wij spreken af (${id}): samen 150 plaatsingen in 2021.`,
    parties: [world.leadPartnerId, world.partnerId],
    activityIds: [world.activityId],
    validFrom: '2021-01-01',
    validUntil: '2022-12-31',
  };
}

/** A fresh activity in the world's region (planned by the programme office). */
async function freshActivity(world: World): Promise<string> {
  const id = world.fresh('act');
  await post(world.app, world.tokens.admin, '/api/activities', activityBody(world, id));
  return id;
}

/** A fresh open commitment of the world's partner on the world's activity. */
async function freshCommitment(world: World): Promise<string> {
  const commitmentId = world.fresh('c');
  await post(world.app, world.tokens.partnerRep, `/api/activities/${world.activityId}/commitments`, {
    commitmentId,
    partnerId: world.partnerId,
    kind: 'fte',
    amount: 2,
    unit: 'fte',
  });
  return commitmentId;
}

/** A fresh draft agreement in the world's region; answers its id and terms. */
async function freshAgreement(world: World): Promise<{ id: string; terms: string }> {
  const id = world.fresh('agr');
  const body = agreementBody(world, id);
  await post(world.app, world.tokens.admin, '/api/agreements', body);
  return { id, terms: body.terms as string };
}

/** Every command route of api.md, plus `POST /api/tokens`. */
export const ROUTES: RouteSpec[] = [
  {
    name: 'POST /api/programmes',
    command: 'LaunchProgramme',
    aggregate: 'programme',
    concernsPartner: false,
    params: [],
    path: () => '/api/programmes',
    fields: [
      { path: 'id', kind: 'id', required: true },
      { path: 'name', kind: 'name', required: true },
      { path: 'owner', kind: 'label', required: true },
      { path: 'startDate', kind: 'date', required: true },
      { path: 'endDate', kind: 'date', required: true },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: '/api/programmes',
      body: {
        id: world.fresh('prog'),
        name: 'Perspectief op Werk',
        owner: 'szw',
        startDate: '2019-01-01',
        endDate: '2021-12-31',
      },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/programmes/:id/monitoring-rounds',
    command: 'OpenMonitoringRound',
    aggregate: 'programme',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/programmes/${id}/monitoring-rounds`,
    fields: [
      { path: 'period', kind: 'period', required: true },
      { path: 'dueDate', kind: 'date', required: true },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/programmes/${world.programmeId}/monitoring-rounds`,
      body: { period: world.freshPeriod(), dueDate: '2021-04-15' },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/programmes/:id/monitoring-rounds/:period/fix',
    command: 'FixMonitoringRound',
    aggregate: 'programme',
    concernsPartner: false,
    params: ['id', 'period'],
    path: (id, period) => `/api/programmes/${id}/monitoring-rounds/${period}/fix`,
    fields: [{ path: 'note', kind: 'text', required: false }],
    objects: [''],
    arrange: async (world) => {
      const period = world.freshPeriod();
      const opened = { period, dueDate: '2021-04-15' };
      await post(world.app, world.tokens.admin, `/api/programmes/${world.programmeId}/monitoring-rounds`, opened);
      return {
        path: `/api/programmes/${world.programmeId}/monitoring-rounds/${period}/fix`,
        body: { note: 'Zo gerapporteerd aan SZW.' },
        actor: 'admin',
      };
    },
  },
  {
    name: 'POST /api/partners',
    command: 'RegisterPartner',
    aggregate: 'partner',
    concernsPartner: false,
    params: [],
    path: () => '/api/partners',
    fields: [
      { path: 'id', kind: 'id', required: true },
      { path: 'name', kind: 'name', required: true },
      { path: 'kind', kind: 'enum', required: true, values: partnerKinds },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: '/api/partners',
      body: { id: world.fresh('partner'), name: 'ROC Midden', kind: 'education' },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/regions',
    command: 'RegisterRegion',
    aggregate: 'region',
    concernsPartner: false,
    params: [],
    path: () => '/api/regions',
    fields: [
      { path: 'id', kind: 'id', required: true },
      { path: 'name', kind: 'name', required: true },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: '/api/regions',
      body: { id: world.fresh('region'), name: 'Groot Amsterdam' },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/regions/:id/members',
    command: 'JoinRegion',
    aggregate: 'region',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/regions/${id}/members`,
    fields: [
      { path: 'partnerId', kind: 'id', required: true },
      { path: 'role', kind: 'enum', required: true, values: regionRoles },
    ],
    objects: [''],
    arrange: async (world) => {
      const partnerId = world.fresh('partner');
      await post(world.app, world.tokens.admin, '/api/partners', {
        id: partnerId,
        name: 'Zorggroep',
        kind: 'employer',
      });
      return {
        path: `/api/regions/${world.regionId}/members`,
        body: { partnerId, role: 'participant' },
        actor: 'admin',
      };
    },
  },
  {
    name: 'POST /api/activities',
    command: 'PlanActivity',
    aggregate: 'activity',
    concernsPartner: false,
    params: [],
    path: () => '/api/activities',
    fields: [
      { path: 'id', kind: 'id', required: true },
      { path: 'regionId', kind: 'id', required: true },
      { path: 'programmeId', kind: 'id', required: true },
      { path: 'title', kind: 'name', required: true },
      { path: 'category', kind: 'enum', required: true, values: activityCategories },
      { path: 'leadPartnerId', kind: 'id', required: true },
      ...targetFields('targets'),
      { path: 'startDate', kind: 'date', required: true },
      { path: 'endDate', kind: 'date', required: true },
    ],
    objects: ['', 'targets.0'],
    arrange: async (world) => ({
      path: '/api/activities',
      body: activityBody(world, world.fresh('act')),
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/activities/:id/ambition',
    command: 'AdjustAmbition',
    aggregate: 'activity',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/activities/${id}/ambition`,
    fields: [...targetFields('targets'), { path: 'reason', kind: 'text', required: true }],
    objects: ['', 'targets.0'],
    arrange: async (world) => ({
      path: `/api/activities/${world.activityId}/ambition`,
      body: { targets: [{ ...target(), target: 120 }], reason: 'Minder instroom door corona.' },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/activities/:id/commitments',
    command: 'CommitPartner',
    aggregate: 'activity',
    concernsPartner: true,
    params: ['id'],
    path: (id) => `/api/activities/${id}/commitments`,
    fields: [
      { path: 'commitmentId', kind: 'id', required: true },
      { path: 'partnerId', kind: 'id', required: true },
      { path: 'kind', kind: 'enum', required: true, values: commitmentKinds },
      { path: 'amount', kind: 'amount', required: true },
      { path: 'unit', kind: 'label', required: true },
      { path: 'period', kind: 'period', required: false },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/activities/${world.activityId}/commitments`,
      body: {
        commitmentId: world.fresh('c'),
        partnerId: world.partnerId,
        kind: 'budget_eur',
        amount: 25000,
        unit: 'EUR',
        period: '2021-Q1',
      },
      actor: 'partnerRep',
    }),
  },
  {
    name: 'POST /api/activities/:id/commitments/:cid/withdrawal',
    command: 'WithdrawCommitment',
    aggregate: 'activity',
    concernsPartner: true,
    params: ['id', 'cid'],
    path: (id, cid) => `/api/activities/${id}/commitments/${cid}/withdrawal`,
    fields: [{ path: 'reason', kind: 'text', required: true }],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/activities/${world.activityId}/commitments/${await freshCommitment(world)}/withdrawal`,
      body: { reason: 'Geen capaciteit meer.' },
      actor: 'partnerRep',
    }),
  },
  {
    name: 'POST /api/activities/:id/commitments/:cid/fulfilment',
    command: 'FulfilCommitment',
    aggregate: 'activity',
    concernsPartner: true,
    params: ['id', 'cid'],
    path: (id, cid) => `/api/activities/${id}/commitments/${cid}/fulfilment`,
    fields: [{ path: 'realisedAmount', kind: 'amount', required: true }],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/activities/${world.activityId}/commitments/${await freshCommitment(world)}/fulfilment`,
      body: { realisedAmount: 2 },
      actor: 'partnerRep',
    }),
  },
  {
    name: 'POST /api/activities/:id/status-reports',
    command: 'ReportStatus',
    aggregate: 'activity',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/activities/${id}/status-reports`,
    fields: [
      { path: 'period', kind: 'period', required: true },
      { path: 'status', kind: 'enum', required: true, values: activityStatuses },
      { path: 'realised', kind: 'array', required: true },
      { path: 'realised.0.indicator', kind: 'label', required: true },
      { path: 'realised.0.value', kind: 'amount', required: true },
      { path: 'note', kind: 'text', required: false },
      { path: 'validFrom', kind: 'date', required: true },
    ],
    objects: ['', 'realised.0'],
    arrange: async (world) => ({
      path: `/api/activities/${world.activityId}/status-reports`,
      body: {
        period: world.freshPeriod(),
        status: 'on_track',
        realised: [{ indicator: 'placements', value: 40 }],
        note: 'Loopt naar wens.',
        validFrom: '2021-03-31',
      },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/activities/:id/borging',
    command: 'RecordBorging',
    aggregate: 'activity',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/activities/${id}/borging`,
    fields: [
      { path: 'state', kind: 'enum', required: true, values: borgingStates },
      { path: 'mechanism', kind: 'enum', required: false, values: borgingMechanisms },
      { path: 'effectiveFrom', kind: 'date', required: true },
      { path: 'ownerPartnerId', kind: 'id', required: false },
      { path: 'note', kind: 'text', required: false },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/activities/${await freshActivity(world)}/borging`,
      body: {
        state: 'in_preparation',
        mechanism: 'covenant',
        effectiveFrom: '2021-06-01',
        ownerPartnerId: world.leadPartnerId,
        note: 'Convenant in voorbereiding.',
      },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/activities/:id/closure',
    command: 'CloseActivity',
    aggregate: 'activity',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/activities/${id}/closure`,
    fields: [
      { path: 'outcome', kind: 'enum', required: true, values: closureOutcomes },
      { path: 'reason', kind: 'text', required: true },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/activities/${await freshActivity(world)}/closure`,
      body: { outcome: 'completed', reason: 'Doel bereikt.' },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/agreements',
    command: 'DraftAgreement',
    aggregate: 'agreement',
    concernsPartner: false,
    params: [],
    path: () => '/api/agreements',
    fields: [
      { path: 'id', kind: 'id', required: true },
      { path: 'regionId', kind: 'id', required: true },
      { path: 'kind', kind: 'enum', required: true, values: agreementKinds },
      { path: 'title', kind: 'name', required: true },
      { path: 'terms', kind: 'terms', required: true },
      { path: 'parties', kind: 'idList', required: true },
      { path: 'activityIds', kind: 'idList', required: true },
      { path: 'validFrom', kind: 'date', required: true },
      { path: 'validUntil', kind: 'date', required: false },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: '/api/agreements',
      body: agreementBody(world, world.fresh('agr')),
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/agreements/:id/signatures',
    command: 'SignAgreement',
    aggregate: 'agreement',
    concernsPartner: true,
    params: ['id'],
    path: (id) => `/api/agreements/${id}/signatures`,
    fields: [
      { path: 'partnerId', kind: 'id', required: true },
      { path: 'signatory', kind: 'object', required: true },
      { path: 'signatory.name', kind: 'label', required: true },
      { path: 'signatory.function', kind: 'label', required: true },
      { path: 'termsHash', kind: 'hash', required: true },
      { path: 'signedOn', kind: 'date', required: false },
    ],
    objects: ['', 'signatory'],
    arrange: async (world) => {
      const { id, terms } = await freshAgreement(world);
      return {
        path: `/api/agreements/${id}/signatures`,
        body: {
          partnerId: world.partnerId,
          signatory: { name: 'J. de Vries', function: 'districtsmanager' },
          termsHash: sha256(terms),
          signedOn: '2021-02-01',
        },
        actor: 'partnerRep',
      };
    },
  },
  {
    name: 'POST /api/agreements/:id/amendments',
    command: 'AmendAgreement',
    aggregate: 'agreement',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/agreements/${id}/amendments`,
    fields: [
      { path: 'terms', kind: 'terms', required: true },
      { path: 'reason', kind: 'text', required: true },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/agreements/${world.agreementId}/amendments`,
      body: { terms: `Gewijzigde afspraken, versie ${world.fresh('v')}.`, reason: 'Ambitie bijgesteld.' },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/agreements/:id/termination',
    command: 'TerminateAgreement',
    aggregate: 'agreement',
    concernsPartner: false,
    params: ['id'],
    path: (id) => `/api/agreements/${id}/termination`,
    fields: [{ path: 'reason', kind: 'text', required: true }],
    objects: [''],
    arrange: async (world) => ({
      path: `/api/agreements/${(await freshAgreement(world)).id}/termination`,
      body: { reason: 'Opgevolgd door een nieuw convenant.' },
      actor: 'admin',
    }),
  },
  {
    name: 'POST /api/tokens',
    command: 'IssueToken',
    aggregate: 'tokens',
    concernsPartner: false,
    params: [],
    path: () => '/api/tokens',
    fields: [
      { path: 'userId', kind: 'id', required: true },
      { path: 'organisationId', kind: 'id', required: true },
      { path: 'roles', kind: 'enumList', required: true, values: ROLES },
      { path: 'regionIds', kind: 'idList', required: true },
    ],
    objects: [''],
    arrange: async (world) => ({
      path: '/api/tokens',
      body: { userId: world.fresh('user'), organisationId: world.partnerId, roles: ['analyst'], regionIds: [] },
      actor: 'admin',
    }),
  },
];

/**
 * Seeds a world through the API as the programme office: programme `pow`; partners; regions `region-a` (lead
 * `gemeente-a`, participants `uwv` and `werkgevers`) and `region-b` (lead `gemeente-b`); activity `act-1` in region-a;
 * commitment `c-1` of `uwv`; draft agreement `agr-1` between gemeente-a and uwv. Answers the ids and two tokens.
 */
export async function seedWorld(app: TestApp): Promise<World> {
  const admin = app.adminToken;
  let counter = 0;
  let partnerRep = '';
  const world: World = {
    app,
    programmeId: 'pow',
    regionId: 'region-a',
    otherRegionId: 'region-b',
    leadPartnerId: 'gemeente-a',
    partnerId: 'uwv',
    otherPartnerId: 'gemeente-b',
    activityId: 'act-1',
    commitmentId: 'c-1',
    agreementId: 'agr-1',
    tokens: { admin, partnerRep: '' },
    fresh: (prefix) => `${prefix}-${++counter}`,
    freshPeriod: () => {
      const n = ++counter;
      return `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    },
  };
  await post(app, admin, '/api/programmes', {
    id: 'pow',
    name: 'Perspectief op Werk',
    owner: 'szw',
    startDate: '2019-01-01',
    endDate: '2021-12-31',
  });
  const partners: [string, string, string][] = [
    ['gemeente-a', 'Gemeente A', 'central_municipality'],
    ['uwv', 'UWV', 'uwv'],
    ['werkgevers', 'Werkgeversservicepunt', 'employer_organisation'],
    ['gemeente-b', 'Gemeente B', 'central_municipality'],
  ];
  for (const [id, name, kind] of partners) await post(app, admin, '/api/partners', { id, name, kind });
  // a partner representative acts for a registered partner, so its token comes after the partners
  partnerRep = await tokenFor(app, {
    userId: 'rep-uwv',
    organisationId: 'uwv',
    roles: ['partner_representative'],
    regionIds: [],
  });
  world.tokens.partnerRep = partnerRep;
  await post(app, admin, '/api/regions', { id: 'region-a', name: 'Regio A' });
  await post(app, admin, '/api/regions', { id: 'region-b', name: 'Regio B' });
  const members: [string, string, string][] = [
    ['region-a', 'gemeente-a', 'lead'],
    ['region-a', 'uwv', 'participant'],
    ['region-a', 'werkgevers', 'participant'],
    ['region-b', 'gemeente-b', 'lead'],
  ];
  for (const [region, partnerId, role] of members) {
    await post(app, admin, `/api/regions/${region}/members`, { partnerId, role });
  }
  await post(app, admin, '/api/activities', activityBody(world, 'act-1'));
  await post(app, partnerRep, '/api/activities/act-1/commitments', {
    commitmentId: 'c-1',
    partnerId: 'uwv',
    kind: 'fte',
    amount: 1.5,
    unit: 'fte',
  });
  await post(app, admin, '/api/agreements', agreementBody(world, 'agr-1'));
  return world;
}
