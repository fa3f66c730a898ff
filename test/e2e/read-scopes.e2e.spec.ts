import { startTestApp, tokenFor, type StoreKind, type TestApp } from '../support/app.js';
import { post, seedWorld } from './fixtures.js';

/**
 * The edges of the read table beside the matrix: token grants name what exists, and the health details follow the
 * `operations` scope whether the reader signs in by bearer token or by the dashboard's session cookie.
 */

/** The `akkoord_session` cookie of a sign-in, ready to send back. */
async function signIn(app: TestApp, token: string): Promise<string> {
  const response = await app.http.post('/api/session').send({ token });
  expect(response.status).toBe(201);
  const line = [response.headers['set-cookie'] ?? []].flat().find((c: string) => c.startsWith('akkoord_session='));
  if (!line) throw new Error('no akkoord_session cookie');
  return line.split(';')[0];
}

describe('read scopes beside the matrix', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    await seedWorld(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  const issue = (body: Record<string, unknown>) =>
    app.http.post('/api/tokens').set('Authorization', `Bearer ${app.adminToken}`).send(body);

  it('answers 422 for a grant naming a region or an organisation that does not exist, and issues nothing', async () => {
    const before = (await app.store.readStream('access-tokens')).length;
    const grant = { userId: 'anna', organisationId: 'uwv', roles: ['region_coordinator'], regionIds: ['region-a'] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...grant, regionIds: ['region-a', 'atlantis'] }, 'unknown_region'],
      // a partner representative acts for a registered partner (domain.md: an organisation is a partner id)
      [
        { ...grant, organisationId: 'uwv-atlantis', roles: ['partner_representative'], regionIds: [] },
        'unknown_organisation',
      ],
      // … and not for the programme office, which is not a partner
      [
        { ...grant, organisationId: 'programme-office', roles: ['partner_representative'], regionIds: [] },
        'unknown_organisation',
      ],
      // a coordinator or office token belongs to the programme office or a registered partner
      [{ ...grant, organisationId: 'gemeente-atlantis' }, 'unknown_organisation'],
      [{ ...grant, organisationId: 'bureau', roles: ['programme_office'], regionIds: [] }, 'unknown_organisation'],
      // a mixed grant is checked for its acting role
      [
        { ...grant, organisationId: 'rekenkamer', roles: ['auditor', 'partner_representative'], regionIds: [] },
        'unknown_organisation',
      ],
    ];
    for (const [body, rule] of cases) {
      const response = await issue(body);
      expect({ body, status: response.status, answer: response.body }).toEqual({
        body,
        status: 422,
        answer: { error: 'rule', rule, message: expect.stringMatching(/\S/) },
      });
    }
    expect(await app.store.readStream('access-tokens')).toHaveLength(before);
  });

  it('issues grants for registered partners, the programme office, and readers from outside the ledger', async () => {
    const grants = [
      { userId: 'anna', organisationId: 'uwv', roles: ['region_coordinator'], regionIds: ['region-a'] },
      { userId: 'piet', organisationId: 'werkgevers', roles: ['partner_representative'], regionIds: [] },
      {
        userId: 'ola',
        organisationId: 'programme-office',
        roles: ['programme_office', 'region_coordinator'],
        regionIds: [],
      },
      // an auditor or analyst may come from an organisation outside the ledger: its organisation grants it nothing
      { userId: 'kees', organisationId: 'rekenkamer', roles: ['auditor'], regionIds: [] },
      { userId: 'cbs', organisationId: 'cbs', roles: ['analyst'], regionIds: [] },
    ];
    for (const grant of grants) {
      const response = await issue(grant);
      expect({ grant, status: response.status }).toEqual({ grant, status: 201 });
    }
  });

  it('shows the health details to the programme office and auditors by token or session cookie, to others the word', async () => {
    const auditor = await tokenFor(app, { userId: 'kim', organisationId: 'programme-office', roles: ['auditor'] });
    const rep = await tokenFor(app, { userId: 'rep', organisationId: 'uwv', roles: ['partner_representative'] });
    const detailed = (body: unknown) => Object.keys(body as object).includes('checks');
    const asks: [string, Record<string, string>, boolean][] = [
      ['nobody', {}, false],
      ['the office by token', { Authorization: `Bearer ${app.adminToken}` }, true],
      ['the office by cookie', { Cookie: await signIn(app, app.adminToken) }, true],
      ['an auditor by cookie', { Cookie: await signIn(app, auditor) }, true],
      ['a partner by token', { Authorization: `Bearer ${rep}` }, false],
      ['a partner by cookie', { Cookie: await signIn(app, rep) }, false],
      ['an ended session', { Cookie: 'akkoord_session=made-up' }, false],
      [
        'an unknown token beside an office cookie',
        { Cookie: await signIn(app, app.adminToken), Authorization: 'Bearer akk_unknown' },
        false,
      ],
    ];
    for (const [who, headers, details] of asks) {
      for (const path of ['/health', '/health/ready']) {
        const response = await app.http.get(path).set(headers);
        expect({ who, path, status: response.status, details: detailed(response.body) }).toEqual({
          who,
          path,
          status: 200,
          details,
        });
      }
    }
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])('the agreements list by party on %s', (kind) => {
  it('finds a party by its exact id: `_` in an id is no wildcard', async () => {
    const app = await startTestApp(kind);
    try {
      const admin = app.adminToken;
      await post(app, admin, '/api/regions', { id: 'noord', name: 'Noord' });
      for (const id of ['wsp_a', 'wspxa', 'wsp']) {
        await post(app, admin, '/api/partners', { id, name: `Partner ${id}`, kind: 'employer' });
        await post(app, admin, '/api/regions/noord/members', { partnerId: id, role: 'participant' });
      }
      const draft = (id: string, parties: string[]) =>
        post(app, admin, '/api/agreements', {
          id,
          regionId: 'noord',
          kind: 'letter_of_intent',
          title: `Intentie ${id}`,
          terms: 'Wij werken samen.',
          parties,
          activityIds: [],
          validFrom: '2021-01-01',
        });
      await draft('agr-x', ['wspxa']);
      await draft('agr-u', ['wsp_a', 'wsp']);
      const seen = async (organisationId: string) => {
        const token = await tokenFor(app, {
          userId: `rep-${organisationId}`,
          organisationId,
          roles: ['partner_representative'],
        });
        const response = await app.http.get('/api/agreements').set('Authorization', `Bearer ${token}`);
        expect(response.status).toBe(200);
        return (response.body as { agreements: { id: string }[] }).agreements.map((a) => a.id);
      };
      expect(await seen('wsp_a')).toEqual(['agr-u']);
      expect(await seen('wspxa')).toEqual(['agr-x']);
      expect(await seen('wsp')).toEqual(['agr-u']);
    } finally {
      await app.close();
    }
  });
});
