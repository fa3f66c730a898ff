/**
 * POST /api/imports/:kind over real HTTP on a real SQLite ledger: the role matrix (who may import which kind follows
 * the permissions of its command), row problems as api.md's validation details, dry runs, the token's actor in the
 * events, and uploads that are not tables (empty, binary, too large, not multipart) never answering 500.
 */
import { openedWith } from '../../../test/support/personal-data.js';
import { commandPermissions, type Role } from '@akkoord/application';
import { startTestApp, tokenFor, type TestApp } from '../../../test/support/app.js';
import { seedWorld, type World } from '../../../test/e2e/fixtures.js';

interface Caller {
  label: string;
  role: Role;
  organisationId: string;
  regionIds: string[];
}

const CALLERS: Caller[] = [
  { label: 'programme office', role: 'programme_office', organisationId: 'programme-office', regionIds: [] },
  {
    label: 'coordinator of the region',
    role: 'region_coordinator',
    organisationId: 'gemeente-a',
    regionIds: ['region-a'],
  },
  {
    label: 'coordinator of another region',
    role: 'region_coordinator',
    organisationId: 'gemeente-b',
    regionIds: ['region-b'],
  },
  { label: 'representative of the partner', role: 'partner_representative', organisationId: 'uwv', regionIds: [] },
  {
    label: 'representative of another partner',
    role: 'partner_representative',
    organisationId: 'gemeente-b',
    regionIds: [],
  },
  { label: 'analyst', role: 'analyst', organisationId: 'programme-office', regionIds: [] },
  { label: 'auditor', role: 'auditor', organisationId: 'programme-office', regionIds: [] },
];

type Kind = 'activities' | 'commitments' | 'status-reports';
const COMMAND: Record<Kind, keyof typeof commandPermissions> = {
  activities: 'PlanActivity',
  commitments: 'CommitPartner',
  'status-reports': 'ReportStatus',
};

/** Allowed by the permissions table in the rows' scope (region-a, partner uwv); the office imports commitments for partners. */
function allowed(kind: Kind, caller: Caller): boolean {
  if (caller.role === 'programme_office') return true;
  if (!commandPermissions[COMMAND[kind]].includes(caller.role)) return false;
  if (caller.role === 'region_coordinator') return caller.regionIds.includes('region-a');
  return caller.organisationId === 'uwv';
}

describe('POST /api/imports/:kind', () => {
  let app: TestApp;
  let world: World;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    world = await seedWorld(app);
    for (const caller of CALLERS) {
      tokens.set(
        caller.label,
        await tokenFor(app, {
          userId: caller.label.replace(/\s+/g, '-'),
          organisationId: caller.organisationId,
          roles: [caller.role],
          regionIds: caller.regionIds,
        }),
      );
    }
  });

  afterAll(async () => app.close());

  const upload = (kind: string, token: string, content: string | Buffer, name = 'bestand.csv') =>
    app.http
      .post(`/api/imports/${kind}`)
      .set('Authorization', `Bearer ${token}`)
      .attach('file', Buffer.from(content), name);

  function fileFor(kind: Kind): string {
    switch (kind) {
      case 'activities':
        return `activiteit;regio;programma;titel;categorie;trekker;startdatum;einddatum\n${world.fresh('imp-act')};region-a;pow;Titel;vraag;gemeente-a;01-01-2020;31-12-2021\n`;
      case 'commitments':
        return `activiteit;toezegging;partner;soort;omvang;eenheid\nact-1;${world.fresh('imp-c')};uwv;budget;1.250,50;EUR\n`;
      case 'status-reports':
        return `activiteit;periode;status;geldig vanaf\nact-1;${world.freshPeriod()};loopt naar wens;31-03-2021\n`;
    }
  }

  describe('the role matrix', () => {
    for (const kind of ['activities', 'commitments', 'status-reports'] as Kind[]) {
      for (const caller of CALLERS) {
        const expected = allowed(kind, caller) ? 201 : 403;
        it(`${kind} by the ${caller.label}: ${expected}`, async () => {
          const before = await app.store.headPosition();
          const response = await upload(kind, tokens.get(caller.label)!, fileFor(kind));
          expect([response.status, response.status === expected ? 'as expected' : response.body]).toEqual([
            expected,
            'as expected',
          ]);
          if (expected === 403) {
            expect(response.body).toMatchObject({ error: 'forbidden', reason: expect.any(String) });
            expect(await app.store.headPosition()).toBe(before);
          } else {
            expect(response.body).toMatchObject({ kind, rows: 1, fresh: 1, appended: 1, events: 1 });
            const [event] = await openedWith(
              app.storeUrl,
              await app.store.readAll({ fromPosition: before + 1, limit: 1 }),
            );
            expect(event.metadata.actor.userId).toBe(caller.label.replace(/\s+/g, '-'));
          }
        });
      }
    }
  });

  describe('row problems, locale and dry run', () => {
    const file =
      'activiteit;toezegging;partner;soort;omvang;eenheid\nact-1;ct-1;uwv;budget;1.250;EUR\nact-1;ct-2;uwv;fte;twee;fte\n';

    it('answers 400 with every bad row as a validation detail, and appends nothing', async () => {
      const before = await app.store.headPosition();
      const response = await upload('commitments', world.tokens.partnerRep, file).field('dryRun', 'true');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'validation',
        details: [
          { field: 'row 2, column omvang', message: '"1.250" kan 1250 of 1,25 zijn; geef locale nl of en' },
          { field: 'row 3, column omvang', message: expect.stringMatching(/^"twee" is not a number/) },
        ],
      });
      expect(await app.store.headPosition()).toBe(before);
    });

    it('checks a good file with dryRun (200, nothing appended), then imports it with the token’s actor (201)', async () => {
      const good = file.split('\n').slice(0, 2).join('\n');
      const before = await app.store.headPosition();
      const dry = await upload('commitments', world.tokens.partnerRep, good)
        .field('locale', 'nl')
        .field('dryRun', 'true');
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ dryRun: true, rows: 1, fresh: 1, appended: 0, events: 0 });
      expect(await app.store.headPosition()).toBe(before);
      const done = await upload('commitments', world.tokens.partnerRep, good).field('locale', 'nl');
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ rows: 1, appended: 1, events: 1, firstPosition: before + 1 });
      const [event] = await openedWith(app.storeUrl, await app.store.readAll({ fromPosition: before + 1, limit: 1 }));
      expect(event.data).toMatchObject({ commitmentId: 'ct-1', amount: 1250 });
      expect(event.metadata.actor).toMatchObject({ userId: 'rep-uwv', organisationId: 'uwv' });
      const again = await upload('commitments', world.tokens.partnerRep, good).field('locale', 'nl');
      expect(again.body).toMatchObject({ alreadyImported: 1, appended: 0, events: 0 });
    });

    it('refuses a bad locale, a bad dryRun and unknown fields', async () => {
      const response = await upload('commitments', world.tokens.partnerRep, file)
        .field('locale', 'de')
        .field('dryRun', 'misschien')
        .field('regio', 'x');
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'dryRun',
        'locale',
        'regio',
      ]);
    });
  });

  describe('uploads that are not tables never answer 500', () => {
    const admin = () => app.adminToken;

    it('refuses an empty file, binary junk, a broken workbook and an old .xls in one sentence (400)', async () => {
      const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
      const cases: [Buffer | string, string, string][] = [
        ['', 'leeg.csv', 'leeg.csv is empty.'],
        [
          junk,
          'rommel.csv',
          'rommel.csv is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.',
        ],
        [
          Buffer.concat([Buffer.from('PK\x03\x04'), junk]),
          'kapot.xlsx',
          'kapot.xlsx is not an Excel workbook Akkoord can read (.xlsx); save it again, or as CSV UTF-8.',
        ],
        [
          Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), junk]),
          'oud.xls',
          'oud.xls is an old Excel (.xls) file; save it as .xlsx or as CSV UTF-8.',
        ],
        [
          Buffer.from('\x89PNG\r\n\x1a\n'),
          'foto.png',
          'foto.png is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.',
        ],
      ];
      for (const [content, name, message] of cases) {
        const response = await upload('activities', admin(), content, name);
        expect([response.status, response.body]).toEqual([
          400,
          { error: 'validation', details: [{ field: 'file', message }] },
        ]);
      }
    });

    it('answers 413 for a file over 50 MB', async () => {
      const response = await upload('activities', admin(), Buffer.alloc(51 * 1024 * 1024, 0x61), 'groot.csv');
      expect(response.status).toBe(413);
      expect(response.body).toEqual({ error: 'payload_too_large', message: expect.stringContaining('50 MB') });
    });

    it('answers 400 without a file, 415 for JSON, 404 for an unknown kind, 401 without a token', async () => {
      const none = await app.http
        .post('/api/imports/activities')
        .set('Authorization', `Bearer ${admin()}`)
        .field('dryRun', 'true');
      expect(none.status).toBe(400);
      expect(none.body.details).toEqual([{ field: 'file', message: 'send the file in the field file' }]);
      const json = await app.http
        .post('/api/imports/activities')
        .set('Authorization', `Bearer ${admin()}`)
        .send({ file: 'x' });
      expect(json.status).toBe(415);
      expect((await upload('agreements', admin(), 'a\n1\n')).status).toBe(404);
      expect((await app.http.post('/api/imports/activities').attach('file', Buffer.from('a'), 'a.csv')).status).toBe(
        401,
      );
      const twoFiles = await upload('activities', admin(), 'a\n1\n').attach('file', Buffer.from('b'), 'b.csv');
      expect(twoFiles.status).toBe(400);
      const broken = await app.http
        .post('/api/imports/activities')
        .set('Authorization', `Bearer ${admin()}`)
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc');
      expect(broken.status).toBe(400);
    });
  });
});
