import { openedWith } from '../../../test/support/personal-data.js';
import { startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../test/support/app.js';
import { SignInCode } from '../src/sign-in/sign-in-code.js';

/** The `akkoord_session` cookie pair of a Set-Cookie answer, ready to send back. */
function sessionCookie(setCookie: string[] | string | undefined): string {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith('akkoord_session='));
  if (!line) throw new Error(`no akkoord_session cookie in ${JSON.stringify(setCookie)}`);
  return line.split(';')[0];
}

const WEB = { 'X-Requested-With': 'akkoord-web' };

describe('sessions for the web dashboard (sign in, cookie, sign out)', () => {
  let t: TestApp;
  let now = Date.now();
  const clock = () => new Date(now);

  beforeAll(async () => {
    t = await startTestApp('sqlite', { clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('trades a token for an HttpOnly, SameSite=Strict cookie that stands in for the bearer token', async () => {
    const signIn = await t.http.post('/api/session').send({ token: t.adminToken });
    expect(signIn.status).toBe(201);
    expect(signIn.body).toEqual({
      userId: 'admin',
      organisationId: 'programme-office',
      roles: ['programme_office'],
      regionIds: [],
      expiresAt: new Date(now + 12 * 3_600_000).toISOString(),
    });
    const setCookie = [signIn.headers['set-cookie']].flat().join('\n');
    expect(setCookie).toMatch(/^akkoord_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/m);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = sessionCookie(signIn.headers['set-cookie']);

    const session = await t.http.get('/api/session').set('Cookie', cookie);
    expect({ status: session.status, body: session.body }).toEqual({ status: 200, body: signIn.body });
    expect((await t.http.get('/api/projections').set('Cookie', cookie)).status).toBe(200);
    expect((await t.http.get('/api/projections').set('Cookie', 'akkoord_session=made-up')).status).toBe(401);
  });

  it('asks cookie-authenticated writes for X-Requested-With: akkoord-web (403 without), bearer writes not', async () => {
    const cookie = sessionCookie(
      (await t.http.post('/api/session').send({ token: t.adminToken })).headers['set-cookie'],
    );
    const body = {
      id: 'rmt',
      name: 'Regionale mobiliteitsteams',
      owner: 'SZW',
      startDate: '2021-03-01',
      endDate: '2023-12-31',
    };
    const bare = await t.http.post('/api/programmes').set('Cookie', cookie).send(body);
    expect({ status: bare.status, body: bare.body }).toEqual({
      status: 403,
      body: { error: 'forbidden', reason: expect.stringContaining('X-Requested-With: akkoord-web') },
    });
    expect(await t.store.readStream('programme-rmt')).toHaveLength(0);
    const web = await t.http.post('/api/programmes').set('Cookie', cookie).set(WEB).send(body);
    expect(web.status).toBe(201);
    const bearer = await t.http
      .post('/api/programmes')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ ...body, id: 'rmt-2' });
    expect(bearer.status).toBe(201);
  });

  it('answers 401 for a wrong token and 400 unless exactly one of token and code is sent', async () => {
    const wrong = await t.http.post('/api/session').send({ token: 'akk_not-a-real-token' });
    expect({ status: wrong.status, body: wrong.body }).toEqual({
      status: 401,
      body: { error: 'unauthenticated', message: 'The token is not known.' },
    });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    for (const body of [{}, { token: t.adminToken, code: 'x' }, { token: 42 }, { token: t.adminToken, extra: 1 }]) {
      const response = await t.http.post('/api/session').send(body);
      expect({ body, status: response.status, error: response.body.error }).toEqual({
        body,
        status: 400,
        error: 'validation',
      });
    }
    expect((await t.http.get('/api/session')).status).toBe(401);
  });

  it('ends the session on Afmelden (DELETE, 204, cookie cleared), and only with X-Requested-With', async () => {
    const cookie = sessionCookie(
      (await t.http.post('/api/session').send({ token: t.adminToken })).headers['set-cookie'],
    );
    expect((await t.http.delete('/api/session').set('Cookie', cookie)).status).toBe(403);
    expect((await t.http.get('/api/session').set('Cookie', cookie)).status).toBe(200);
    const out = await t.http.delete('/api/session').set('Cookie', cookie).set(WEB);
    expect(out.status).toBe(204);
    expect([out.headers['set-cookie']].flat().join('\n')).toMatch(
      /^akkoord_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/m,
    );
    // The server forgot the session: the old cookie no longer works, even if the browser kept it.
    expect((await t.http.get('/api/session').set('Cookie', cookie)).status).toBe(401);
    expect((await t.http.get('/api/projections').set('Cookie', cookie)).status).toBe(401);
  });

  it('lets a session expire after 12 hours', async () => {
    const cookie = sessionCookie(
      (await t.http.post('/api/session').send({ token: t.adminToken })).headers['set-cookie'],
    );
    now += 12 * 3_600_000 - 1000;
    expect((await t.http.get('/api/projections').set('Cookie', cookie)).status).toBe(200);
    now += 2000;
    const expired = await t.http.get('/api/projections').set('Cookie', cookie);
    expect({ status: expired.status, body: expired.body }).toEqual({
      status: 401,
      body: { error: 'unauthenticated', message: expect.stringMatching(/expired/) },
    });
  });

  it('signs in any issued token with its own grant, and feeds SSE over the cookie', async () => {
    const token = await tokenFor(t, { userId: 'kim', organisationId: 'programme-office', roles: ['auditor'] });
    const signIn = await t.http.post('/api/session').send({ token });
    expect(signIn.body).toMatchObject({ userId: 'kim', roles: ['auditor'], regionIds: [] });
    const cookie = sessionCookie(signIn.headers['set-cookie']);
    const feed = new AbortController();
    const response = await fetch(`${t.baseUrl}/api/events/stream?fromPosition=1`, {
      headers: { cookie },
      signal: feed.signal,
    });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body!.getReader();
      let text = '';
      while (!/event: AccessTokenIssued/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toMatch(/^retry: 3000\n/);
    } finally {
      feed.abort();
    }
  });
});

describe('sessions last AKKOORD_SESSION_HOURS', () => {
  it('gives a session the configured lifetime', async () => {
    const t = await startTestApp('sqlite', { config: { sessionHours: 0.5 } });
    try {
      const before = Date.now();
      const signIn = await t.http.post('/api/session').send({ token: t.adminToken });
      const expiresAt = Date.parse(signIn.body.expiresAt as string);
      expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 60_000);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    } finally {
      await t.close();
    }
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])('the one-time sign-in code on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { adminToken: null });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is made on a ledger without a programme-office token and trades once for a recorded programme-office grant', async () => {
    const code = t.app.get(SignInCode).prepare();
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await t.http.post('/api/session').send({ code: `${code}x` })).status).toBe(401);

    const signIn = await t.http.post('/api/session').send({ code });
    expect({ status: signIn.status, body: signIn.body }).toEqual({
      status: 201,
      body: {
        userId: 'programme-office',
        organisationId: 'programme-office',
        roles: ['programme_office'],
        regionIds: [],
        expiresAt: expect.any(String),
      },
    });
    // user ids are sealed at rest (README, "AVG / privacy"): opened with the ledger's keys
    const issued = await openedWith(t.storeUrl, await t.store.readStream('access-tokens'));
    expect(issued.map((e) => ({ type: e.type, actor: e.metadata.actor, roles: e.data.roles }))).toEqual([
      {
        type: 'AccessTokenIssued',
        actor: {
          userId: 'sign-in-link',
          organisationId: 'programme-office',
          roles: ['programme_office'],
          regionIds: [],
        },
        roles: ['programme_office'],
      },
    ]);
    const cookie = sessionCookie(signIn.headers['set-cookie']);
    const partner = await t.http
      .post('/api/partners')
      .set('Cookie', cookie)
      .set(WEB)
      .send({ id: 'uwv', name: 'UWV', kind: 'uwv' });
    expect(partner.status).toBe(201);

    const again = await t.http.post('/api/session').send({ code });
    expect({ status: again.status, body: again.body }).toEqual({
      status: 401,
      body: { error: 'unauthenticated', message: 'The sign-in code is not known or was already used.' },
    });
  });

  it('is not made again once a programme-office token exists, also after a restart', async () => {
    expect(t.app.get(SignInCode).prepare()).toBeUndefined();
    t = await t.restart();
    expect(t.app.get(SignInCode).prepare()).toBeUndefined();
    expect((await t.http.post('/api/session').send({ code: 'anything' })).status).toBe(401);
  });
});
