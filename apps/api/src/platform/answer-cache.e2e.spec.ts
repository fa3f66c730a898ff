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
});
