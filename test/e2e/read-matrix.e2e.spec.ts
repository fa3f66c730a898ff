import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mayRead, readScopeOf, readScopes, ROLES } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import { startTestApp, type StoreKind, type TestApp } from '../support/app.js';
import {
  ACT_A,
  ACT_B,
  agreementConcerns,
  EXPORTS,
  NOT_SCOPED,
  READERS,
  ROUTES,
  type Body,
  type ReadCase,
} from './read-matrix.routes.js';
import { seedReadWorld } from './read-matrix.world.js';

/**
 * The read matrix, generated from the one read table (`readScopes`): every read route of the OpenAPI document × every
 * kind of reader, with readers inside and outside the region (and organisation) concerned. Refused → 403
 * `{error:'forbidden', reason}`; allowed → 200 and nothing outside the reader's scope in the body (rows of other
 * regions or organisations, other partners' commitments, user ids for those who may not see actor details). A GET
 * route of the document without an entry in the table fails the first test, so a new route cannot slip past.
 */

const CASES: ReadCase[] = [...Object.values(ROUTES).flat(), ...Object.values(EXPORTS).flat()];

function expectedAllowed(route: ReadCase, actor: Actor): boolean {
  if (readScopeOf(actor, route.kind) === 'none') return false;
  if (route.allowed) return route.allowed(actor);
  return route.concerns === undefined || mayRead(actor, route.kind, route.concerns);
}

const MATRIX = CASES.flatMap((route) =>
  READERS.map((r) => {
    const allowed = expectedAllowed(route, r.actor);
    return { route, reader: r, allowed, title: `GET ${route.path} by ${r.label} → ${allowed ? 200 : 403}` };
  }),
);

interface Answer {
  status: number;
  text: string;
  contentType: string;
}

/** Reads a Server-Sent Events feed until it has sent the whole frame of `head` (or answered otherwise), then closes it. */
function readFeed(app: TestApp, path: string, token: string, head: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${app.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    request.on('response', (response: IncomingMessage) => {
      let text = '';
      const done = () => {
        resolve({ status: response.statusCode ?? 0, text, contentType: String(response.headers['content-type']) });
        request.destroy();
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        const last = text.indexOf(`\nid: ${head}\n`);
        if (response.statusCode === 200 && last >= 0 && text.indexOf('\n\n', last + 1) >= 0) done();
      });
      response.on('end', done);
    });
    request.on('error', reject);
    request.end();
  });
}

/** The event frames of an SSE body (comments and `retry:` skipped). */
function framesOf(text: string): { id?: string; event?: string; data?: string }[] {
  return text
    .split('\n\n')
    .map((block) => {
      const frame: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const match = /^(id|event|data): ?(.*)$/.exec(line);
        if (match) frame[match[1]] = match[2];
      }
      return frame;
    })
    .filter((frame) => frame.data !== undefined);
}

describe('read matrix', () => {
  it('covers every kind of the read table and every role, with allowed and refused readers', () => {
    expect(new Set(CASES.map((r) => r.kind))).toEqual(
      new Set(Object.keys(readScopes).filter((k) => k !== 'actorDetails')),
    );
    expect(new Set(READERS.flatMap((r) => r.actor.roles))).toEqual(new Set(ROLES));
    expect(MATRIX.some((m) => m.allowed) && MATRIX.some((m) => !m.allowed)).toBe(true);
  });

  it('walks every GET route and every export of the OpenAPI document', async () => {
    const app = await startTestApp('sqlite');
    try {
      const doc = (await app.http.get('/docs-json')).body as {
        paths: Record<string, { get?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }>;
      };
      const reads = Object.keys(doc.paths).filter((p) => doc.paths[p].get !== undefined);
      const exportRoute = '/api/exports/{name}';
      const walked = [...Object.keys(ROUTES), ...Object.keys(NOT_SCOPED), exportRoute];
      expect(reads.filter((p) => !walked.includes(p))).toEqual([]);
      expect(walked.filter((p) => !reads.includes(p))).toEqual([]);
      const names = doc.paths[exportRoute].get?.parameters?.find((p) => p.name === 'name')?.schema?.enum ?? [];
      expect([...names].sort()).toEqual(Object.keys(EXPORTS).sort());
      expect(names.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  describe.each<StoreKind>(['sqlite', 'postgres'])('on %s', (kind) => {
    let app: TestApp;
    let tokens = new Map<string, string>();
    let head = 0;

    beforeAll(async () => {
      app = await startTestApp(kind);
      tokens = await seedReadWorld(app);
      head = await app.store.headPosition();
    });
    afterAll(async () => {
      await app?.close();
    });

    const get = async (path: string, token: string, feed?: boolean): Promise<Answer & { body: unknown }> => {
      if (feed) {
        const answer = await readFeed(app, path, token, head);
        if (answer.contentType.startsWith('application/json')) return { ...answer, body: JSON.parse(answer.text) };
        return { ...answer, contentType: 'application/json', body: { frames: framesOf(answer.text) } };
      }
      const response = await app.http.get(path).set('Authorization', `Bearer ${token}`);
      const contentType = String(response.headers['content-type'] ?? '');
      return { status: response.status, text: response.text ?? '', contentType, body: response.body };
    };

    it.each(MATRIX)('$title', async ({ route, reader: r, allowed }) => {
      const answer = await get(route.path, tokens.get(r.label)!, route.feed);
      if (!allowed) {
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 403,
          body: { error: 'forbidden', reason: expect.stringMatching(/\S/) },
        });
        return;
      }
      expect(answer.status).toBe(200);
      if (route.feed) expect(answer.text).toContain(`\nid: ${head}\n`);
      if (readScopeOf(r.actor, 'actorDetails') !== 'all') {
        // no user ids (nor token ids and hashes) anywhere in what a reader without actor details gets
        expect(answer.text).not.toMatch(/"userId"|"tokenId"|"tokenHash"/);
        expect(answer.text).not.toContain('rep-uwv');
      }
      if (route.check && answer.contentType.startsWith('application/json')) {
        route.check(answer.body as Body, r.actor);
      }
    });

    /** Walks a paged list with `limit=1` by its cursors: the pages and their ids. */
    async function walk(path: string, field: string, token: string): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const url: string = `${path}?limit=1${cursor === null ? '' : `&cursor=${cursor}`}`;
        const response = await app.http.get(url).set('Authorization', `Bearer ${token}`);
        expect(response.status).toBe(200);
        const body = response.body as Record<string, unknown> & { nextCursor: string | null };
        pages.push((body[field] as { id: string }[]).map((row) => row.id));
        cursor = body.nextCursor;
      } while (cursor !== null && pages.length < 10);
      return pages;
    }

    it.each(READERS)('pages the activities and agreements of $label full, by the scope in the query', async (r) => {
      const token = tokens.get(r.label)!;
      const activities = [
        ['act-1', ACT_A],
        ['act-b', ACT_B],
      ] as const;
      const seenActivities = activities.filter(([, c]) => mayRead(r.actor, 'activities', c)).map(([id]) => [id]);
      // one activity per page, no page left short; a reader who sees nothing gets one empty page without a cursor
      expect(await walk('/api/activities', 'activities', token)).toEqual(
        seenActivities.length === 0 ? [[]] : seenActivities,
      );
      const agreements = [
        { id: 'agr-1', regionId: 'region-a', parties: ['gemeente-a', 'uwv'] },
        { id: 'agr-b', regionId: 'region-b', parties: ['gemeente-b'] },
      ];
      const seenAgreements = agreements
        .filter((a) => mayRead(r.actor, 'agreements', agreementConcerns(a)))
        .map((a) => [a.id]);
      const expected = seenAgreements.length === 0 ? [[]] : seenAgreements;
      expect(await walk('/api/agreements', 'agreements', token)).toEqual(expected);
    });
  });
});
