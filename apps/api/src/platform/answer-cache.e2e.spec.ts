import Database from 'better-sqlite3';
import { ERASED } from '@akkoord/domain';
import { postCommand, startTestApp, tokenFor, type StoreKind, type TestApp } from '../../../../test/support/app.js';
import { writeDemoLedger } from '../../../../test/support/demo-ledger.js';
import { AnswerCache } from './answer-cache.js';

interface Activity {
  id: string;
  regionId: string;
  programmeId: string;
  category: string;
  leadPartnerId: string;
  targets: unknown[];
  startDate: string;
  endDate: string;
}

/**
 * The activity list is answered from memory while the activity read model is unchanged — and never once it changed,
 * nor to another reader: real HTTP on the demo ledger (two regions of it), on SQLite and PostgreSQL.
 */
describe.each<StoreKind>(['sqlite', 'postgres'])('answers kept while their read model is unchanged, on %s', (kind) => {
  let app: TestApp;
  let cache: AnswerCache;
  const page = async (token = app.adminToken) => {
    const answer = await app.http.get('/api/activities?limit=5').set('Authorization', `Bearer ${token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    return answer.body as { activities: Activity[]; nextCursor: string | null };
  };

  beforeAll(async () => {
    app = await startTestApp(kind, { prepare: (url) => writeDemoLedger(url, ['drenthe', 'twente']) });
    cache = app.app.get(AnswerCache);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('answers the same page from memory until an event changes the activities, then from the database', async () => {
    const first = await page();
    expect(first.activities).toHaveLength(5);
    const hits = cache.hits;
    expect(await page()).toEqual(first);
    expect(cache.hits).toBe(hits + 1);

    // an event for another read model (a partner registered) leaves the kept page as it is
    await postCommand(app, '/api/partners', { id: 'cache-test-partner', name: 'Cachetest BV', kind: 'employer' });
    expect(await page()).toEqual(first);
    expect(cache.hits).toBe(hits + 2);

    // a new activity that sorts first: the next answer has it (the kept page is not served)
    const model = first.activities[0];
    await postCommand(app, '/api/activities', {
      id: '000-cache-test',
      regionId: model.regionId,
      programmeId: model.programmeId,
      title: 'Nieuwe activiteit',
      category: model.category,
      leadPartnerId: model.leadPartnerId,
      targets: model.targets,
      startDate: model.startDate,
      endDate: model.endDate,
    });
    const after = await page();
    expect(after.activities.map((a) => a.id)).toEqual([
      '000-cache-test',
      ...first.activities.slice(0, 4).map((a) => a.id),
    ]);
    expect(cache.hits).toBe(hits + 2);
    expect(await page()).toEqual(after);
    expect(cache.hits).toBe(hits + 3);
    // and operators see it
    const metrics = await app.http.get('/metrics').set('Authorization', `Bearer ${app.adminToken}`);
    expect(metrics.text).toMatch(new RegExp(`^akkoord_answer_cache_total\\{result="hit"\\} ${cache.hits}$`, 'm'));
    expect(metrics.text).toMatch(new RegExp(`^akkoord_answer_cache_total\\{result="miss"\\} ${cache.misses}$`, 'm'));
    expect(metrics.text).toMatch(/^akkoord_answer_cache_chars [1-9]\d*$/m);
  });

  it('keeps an answer per reader: a coordinator of one region gets its own page, not the one kept for the office', async () => {
    const office = await page();
    expect(new Set(office.activities.map((a) => a.regionId)).size).toBeGreaterThan(0);
    const coordinator = await tokenFor(app, {
      userId: 'cora',
      organisationId: 'gemeente-emmen',
      roles: ['region_coordinator'],
      regionIds: ['twente'],
    });
    const own = await page(coordinator);
    expect(own.activities.length).toBeGreaterThan(0);
    expect(own.activities.every((a) => a.regionId === 'twente')).toBe(true);
    expect(office.activities.some((a) => a.regionId === 'drenthe')).toBe(true);
  });

  it('keeps a full page of the log and opens it for every answer: a person forgotten since shows as [verwijderd]', async () => {
    // a person with a key: their user id is sealed in the events they cause
    const person = await tokenFor(app, {
      userId: 'pia-cache',
      organisationId: 'programme-office',
      roles: ['programme_office'],
    });
    const { globalPosition } = await postCommand(
      app,
      '/api/partners',
      { id: 'pia-partner', name: 'Pia BV', kind: 'employer' },
      person,
    );
    const path = `/api/events?fromPosition=${globalPosition - 4}&limit=5`;
    const events = async () => {
      const answer = await app.http.get(path).set('Authorization', `Bearer ${app.adminToken}`);
      expect(answer.status).toBe(200);
      return answer.body as { events: { globalPosition: number; metadata: { actor: { userId: string } } }[] };
    };
    const first = await events();
    expect(first.events).toHaveLength(5);
    expect(first.events[4].metadata.actor.userId).toBe('pia-cache');
    const hits = cache.hits;
    expect(await events()).toEqual(first);
    expect(cache.hits).toBe(hits + 1);
    const forgotten = await app.http
      .post('/api/people/pia-cache/forget')
      .set('Authorization', `Bearer ${app.adminToken}`)
      .send({ reason: 'AVG-verzoek (test)' });
    expect(forgotten.status).toBe(201);
    const after = await events();
    expect(cache.hits).toBe(hits + 2); // the kept page, opened anew
    expect(after.events.map((e) => e.globalPosition)).toEqual(first.events.map((e) => e.globalPosition));
    expect(after.events[4].metadata.actor.userId).toBe(ERASED);
    expect(JSON.stringify(after)).not.toContain('pia-cache');
  });
});

describe('a kept page of the log on SQLite', () => {
  it('is not served once an event in it is found bad: the read fails with the position, as without the cache', async () => {
    const app = await startTestApp('sqlite', { prepare: (url) => writeDemoLedger(url, ['drenthe']) });
    try {
      const get = (path: string) => app.http.get(path).set('Authorization', `Bearer ${app.adminToken}`);
      const page = await get('/api/events?fromPosition=1&limit=5');
      expect(page.status).toBe(200);
      expect((await get('/api/events?fromPosition=1&limit=5')).body).toEqual(page.body);
      // a row of that page turns to junk on disk; a read of it finds it out
      const db = new Database(app.storeUrl.slice('sqlite:'.length));
      db.prepare(`UPDATE events SET data = '{"name":' WHERE global_position = 3`).run();
      db.close();
      const bad = await get('/api/events?fromPosition=3&limit=1');
      expect(bad.status).toBe(503);
      expect(bad.body).toMatchObject({ error: 'integrity', position: 3 });
      const again = await get('/api/events?fromPosition=1&limit=5');
      expect(again.status).toBe(503);
      expect(again.body).toMatchObject({ error: 'integrity', position: 3 });
      // pages without it are still served
      expect((await get('/api/events?fromPosition=4&limit=2')).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);
});
