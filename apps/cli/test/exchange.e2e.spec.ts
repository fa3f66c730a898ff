/**
 * Data exchange through the real binary (`node dist/apps/cli/src/main.js`, built by `npm test`'s pretest) on temp
 * SQLite ledgers: import CSV/XLSX all-or-nothing, re-import appending nothing, refusals of huge and binary files, and
 * exports read back independently (csv-parse, hyparquet). The read models the CLI does not keep yet are exported
 * in-process over a runner with every projection; the HTTP route is exercised over a real server.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, truncateSync, closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import request from 'supertest';
import { CommandRunner, commandIdFor } from '@akkoord/application';
import { openEventStore, type EventStore, type RecordedEvent } from '@akkoord/event-store';
import { openReadStore, ProjectionRunner, type ReadStore } from '@akkoord/projections';
import { activityStatusProjection } from '../../../projections/activity-status/activity-status.projection.js';
import { auditProjection } from '../../../projections/audit/audit.projection.js';
import { borgingProjection } from '../../../projections/borging/borging.projection.js';
import { monitorProjection } from '../../../projections/monitor/monitor.projection.js';
import { partnerInvolvementProjection } from '../../../projections/partner-involvement/partner-involvement.projection.js';
import { timeseriesProjection } from '../../../projections/timeseries/timeseries.projection.js';
import { streamSink, writeDataset, type ExportName, type ExportParams } from '@akkoord/exchange';
import { openDataset } from '../../../projections/exports/index.js';
import { openWorld, rep, seedRegion, type World } from '../../../test/support/world.js';
import { openedWith } from '../../../test/support/personal-data.js';

/** stderr without the one-time line of the first import that generates the ledger's signing key. */
const withoutKeyNotice = (stderr: string) => stderr.replace(/^Generated a new Ed25519 ledger signing key .*\n/m, '');

const BINARY = resolve('dist/apps/cli/src/main.js');
const SERVER = resolve('apps/cli/test/fixtures/exports-server.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  raw: Buffer;
}

/** The programme office's token in these tests (AKKOORD_ADMIN_TOKEN), which imports use unless told otherwise. */
const OFFICE = 'exchange-test-office-token-0123456789';

/** Runs the real CLI on a ledger; never rejects, answers the exit code and both streams. */
function cli(storeUrl: string, args: string[], env: Record<string, string> = { AKKOORD_TOKEN: OFFICE }): Promise<Run> {
  return new Promise((done) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AKKOORD_')));
    execFile(
      process.execPath,
      [BINARY, '--store', storeUrl, ...args],
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...clean, AKKOORD_ADMIN_TOKEN: OFFICE, ...env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), raw: stdout });
      },
    );
  });
}

async function withStore<T>(url: string, work: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openEventStore(url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const headOf = (url: string) => withStore(url, (store) => store.headPosition());

async function readAllEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = 1; ;) {
    const page = await store.readAll({ fromPosition: from, limit: 1000 });
    events.push(...page);
    if (page.length < 1000) return events;
    from = page[page.length - 1].globalPosition + 1;
  }
}

/** A ledger with programme pow and the regions twente and groningen (each: gemeente-, uwv-, roc-), then closed. */
async function seededLedger(): Promise<{ world: World; url: string }> {
  const world = await openWorld('sqlite');
  await seedRegion(world, 'twente');
  await seedRegion(world, 'groningen');
  await world.store.close();
  return { world, url: world.ledger.url };
}

const ACTIVITIES_CSV = [
  'activiteit,regio,programma,titel,categorie,trekker,startdatum,einddatum,indicator,ambitie,eenheid,streefdatum,indicator 2,ambitie 2,eenheid 2,streefdatum 2',
  'twente-wsp,twente,pow,Werkgeversservicepunt,vraag,gemeente-twente,2020-01-01,2021-12-31,placements,150,people,2021-12-31,,,,',
  'twente-scholing,twente,pow,"Scholing, techniek",scholing,roc-twente,2020-03-01,2021-06-30,training_places,40,places,2021-06-30,placements,"10,5",people,2021-06-30',
  '',
  'groningen-route,groningen,pow,Route naar werk,route,uwv-groningen,2020-01-01,2021-12-31,,,,,,,,',
].join('\n');

describe('akkoord import and export (the real binary)', () => {
  let dir: string;
  let world: World;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'akkoord-exchange-'));
    ({ world, url } = await seededLedger());
  });

  afterAll(async () => {
    await world.ledger.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  describe('a good activities file', () => {
    it('is imported from CSV with Dutch headers, and exported as CSV with the same values', async () => {
      const path = file('activiteiten.csv', ACTIVITIES_CSV);
      const before = await headOf(url);
      const dry = await cli(url, ['import', 'activities', path, '--dry-run']);
      expect(dry).toMatchObject({ code: 0, stderr: '' });
      expect(dry.stdout).toContain('3 rows, 3 new, 0 already imported');
      expect(await headOf(url)).toBe(before);

      const run = await cli(url, ['import', 'activities', path]);
      expect(withoutKeyNotice(run.stderr)).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Imported activiteiten.csv (activities): 3 rows, 3 new, 0 already imported.');
      expect(run.stdout).toContain(`Appended 3 events at positions ${before + 1}–${before + 3}.`);

      const out = join(dir, 'activities.csv');
      const exported = await cli(url, ['export', 'activities', '--format', 'csv', '--out', out]);
      expect(exported.code).toBe(0);
      const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
      const scholing = rows.find((r) => r.id === 'twente-scholing')!;
      expect(scholing).toMatchObject({
        regionId: 'twente',
        programmeId: 'pow',
        title: 'Scholing, techniek',
        category: 'training',
        leadPartnerId: 'roc-twente',
        startDate: '2020-03-01',
        endDate: '2021-06-30',
        targetCount: '2',
        indicator1: 'training_places',
        target1: '40',
        unit1: 'places',
        dueDate1: '2021-06-30',
        indicator2: 'placements',
        target2: '10.5',
        dueDate2: '2021-06-30',
        closed: 'false',
      });
      expect(Object.values(scholing).some((value) => value.startsWith('[') || value.startsWith('{'))).toBe(false);
      expect(rows.find((r) => r.id === 'groningen-route')).toMatchObject({
        category: 'route',
        targetCount: '0',
        indicator1: '',
      });
      expect(rows.find((r) => r.id === 'twente-wsp')).toMatchObject({ category: 'demand', startDate: '2020-01-01' });
    });

    it('appends nothing when the same file is imported again', async () => {
      const before = await headOf(url);
      const run = await cli(url, ['import', 'activities', join(dir, 'activiteiten.csv')]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('3 rows, 0 new, 3 already imported');
      expect(run.stdout).toContain(`Nothing appended; the ledger's head stays at position ${before}.`);
      expect(await headOf(url)).toBe(before);
    });

    it('is imported from XLSX with Dutch headers and real date cells', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('activiteiten');
      sheet.addRow(['Activiteit', 'Regio', 'Programma', 'Titel', 'Categorie', 'Trekker', 'Startdatum', 'Einddatum']);
      sheet.addRow([
        'groningen-leerwerk',
        'groningen',
        'pow',
        'Leerwerktrajecten',
        'Samenwerking',
        'roc-groningen',
        new Date(Date.UTC(2020, 5, 1)),
        new Date(Date.UTC(2021, 11, 31)),
      ]);
      sheet.addRow([]);
      sheet.addRow([
        'groningen-42',
        'groningen',
        'pow',
        'Banen',
        'aanbod',
        'gemeente-groningen',
        '2020-02-01',
        '2020-12-31',
      ]);
      const path = file('activiteiten.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
      const run = await cli(url, ['import', 'activities', path]);
      expect(withoutKeyNotice(run.stderr)).toBe('');
      expect(run.stdout).toContain('2 rows, 2 new, 0 already imported');

      const exported = await cli(url, ['export', 'activities', '--region', 'groningen', '--format', 'csv']);
      expect(exported.code).toBe(0);
      const rows = parse(exported.stdout, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.id)).toEqual(['groningen-42', 'groningen-leerwerk', 'groningen-route']);
      expect(rows[1]).toMatchObject({
        title: 'Leerwerktrajecten',
        category: 'collaboration',
        leadPartnerId: 'roc-groningen',
        startDate: '2020-06-01',
        endDate: '2021-12-31',
      });
      expect(rows[0]).toMatchObject({ category: 'supply', startDate: '2020-02-01', endDate: '2020-12-31' });
    });
  });

  describe('commitments and status reports', () => {
    it('imports commitments with a programme-office token as a representative of each partner, recorded as imported by the office', async () => {
      const path = file(
        'toezeggingen.csv',
        [
          'activiteit;toezegging;partner;soort;omvang;eenheid;periode',
          'twente-wsp;uwv-fte;uwv-twente;fte;2,5;fte;2020-Q1',
          'twente-wsp;roc-budget;roc-twente;budget;10000;EUR;',
        ].join('\r\n'),
      );
      const run = await cli(url, ['import', 'commitments', path]);
      expect(withoutKeyNotice(run.stderr)).toBe('');
      expect(run.stdout).toContain('2 rows, 2 new, 0 already imported');
      const stored = await withStore(url, (store) => store.readStream('activity-twente-wsp'));
      // user ids are sealed at rest (README, "AVG / privacy"); opened with the ledger's keys they are the importer's
      expect(stored.at(-1)?.metadata.actor.userId).toMatch(/^pd1:/);
      const events = await openedWith(url, stored);
      const committed = events.filter((e) => e.type === 'PartnerCommitted');
      expect(committed.map((e) => e.data)).toEqual([
        {
          activityId: 'twente-wsp',
          commitmentId: 'uwv-fte',
          partnerId: 'uwv-twente',
          kind: 'fte',
          amount: 2.5,
          unit: 'fte',
          period: '2020-Q1',
        },
        {
          activityId: 'twente-wsp',
          commitmentId: 'roc-budget',
          partnerId: 'roc-twente',
          kind: 'budget_eur',
          amount: 10000,
          unit: 'EUR',
        },
      ]);
      expect(committed[0].metadata.actor).toMatchObject({
        userId: 'admin',
        organisationId: 'uwv-twente',
        roles: ['partner_representative'],
      });
      expect(committed[0].metadata.importedBy).toEqual({
        userId: 'admin',
        organisationId: 'programme-office',
        roles: ['programme_office'],
        regionIds: [],
      });
      // recorded as the command runner records events (docs/events.md: every new event names its schema version)
      expect(committed[0].metadata.schemaVersion).toBe(1);
      expect(committed[0].metadata.requestHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('imports status reports with Dutch statuses, a correction in the same file included', async () => {
      const path = file(
        'rapportages.csv',
        [
          'activiteit,periode,status,geldig vanaf,toelichting,reden correctie,indicator,realisatie',
          'twente-wsp,2021-Q1,loopt naar wens,2021-03-31,Goed op weg,,placements,40',
          'twente-scholing,2021-Q1,Blijft achter,2021-03-31,,,,',
          'twente-wsp,2021-Q1,loopt nog niet zoals verwacht,2021-04-02,,Telfout,placements,35',
        ].join('\n'),
      );
      const run = await cli(url, ['import', 'status-reports', path]);
      expect(withoutKeyNotice(run.stderr)).toBe('');
      expect(run.stdout).toContain('3 rows, 3 new, 0 already imported');
      const exported = await cli(url, ['export', 'activities', '--format', 'ndjson']);
      const views = exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(views.find((v) => v.id === 'twente-wsp')).toMatchObject({
        status: 'at_risk',
        statusPeriod: '2021-Q1',
        realisedIndicator1: 'placements',
        realised1: 35,
        commitments: 2,
        commitmentsOpen: 2,
      });
      expect(views.find((v) => v.id === 'twente-scholing')).toMatchObject({ status: 'needs_adjustment' });
    });

    it('shows in the monitor and time series exports', async () => {
      const out = join(dir, 'monitor.parquet');
      const monitor = await cli(url, ['export', 'monitor', '--programme', 'pow', '--period', '2021-Q1', '--out', out]);
      expect(withoutKeyNotice(monitor.stderr)).toBe('');
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(out) });
      expect(rows.map((r) => r.category)).toEqual(['supply', 'demand', 'route', 'training', 'collaboration', 'total']);
      expect(rows[1]).toMatchObject({ at_risk: 1, at_risk_percent: 100, reported: 1 });
      expect(rows[3]).toMatchObject({ needs_adjustment: 1, reported: 1 });
      expect(rows[5]).toMatchObject({ periodEnd: new Date('2021-03-31T00:00:00Z'), reported: 2, unreported: 3 });

      const series = await cli(url, [
        'export',
        'timeseries',
        '--programme',
        'pow',
        '--from',
        '2021-01-01',
        '--to',
        '2021-06-30',
      ]);
      const buckets = parse(series.stdout, { columns: true }) as Record<string, string>[];
      expect(buckets.map((b) => [b.period, b.at_risk, b.needs_adjustment, b.reported])).toEqual([
        ['2021-Q1', '1', '1', '2'],
        ['2021-Q2', '1', '1', '0'],
      ]);
    });
  });

  describe('a file with bad rows', () => {
    const BAD = [
      'activiteit,regio,programma,titel,categorie,trekker,startdatum,einddatum',
      'ok-1,twente,pow,Goed,aanbod,gemeente-twente,2020-01-01,2021-12-31',
      'bad-enum,twente,pow,Slechte categorie,sport,gemeente-twente,2020-01-01,2021-12-31',
      'bad-date,twente,pow,Slechte datum,vraag,gemeente-twente,03/31/2021,2021-02-30',
      'no-title,twente,pow,,vraag,gemeente-twente,2020-01-01,2021-12-31',
      'not-member,twente,pow,Geen lid,vraag,roc-groningen,2020-01-01,2021-12-31',
      'ok-1,twente,pow,Dubbel,vraag,gemeente-twente,2020-01-01,2021-12-31',
      'twente-wsp,twente,pow,Bestaat al,vraag,gemeente-twente,2020-01-01,2021-12-31',
      'backwards,twente,pow,Eind voor start,vraag,gemeente-twente,2021-01-01,2020-12-31',
    ].join('\n');

    it('names every bad row with its column, appends nothing and exits 2', async () => {
      const before = await headOf(url);
      const run = await cli(url, ['import', 'activities', file('slecht.csv', BAD)]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines.slice(0, -1)).toEqual([
        'row 3, column categorie: "sport" is not one of: supply (aanbod), demand (vraag), route, training (scholing), collaboration (samenwerking)',
        'row 4, column startdatum: "03/31/2021" is month-first (American); write the day first (31-03-2021) or 2021-03-31',
        'row 4, column einddatum: "2021-02-30" is not a real date; write 2022-03-31, 31-03-2022, 31/03/2022, 31-3-2022 or a date cell',
        'row 5, column titel: missing (the title, at most 300 characters)',
        'row 6, column trekker: partner roc-groningen is not a member of region twente',
        'row 7, column activiteit: activity ok-1 already appears in row 2',
        'row 8, column activiteit: activity twente-wsp already exists',
        'row 9, column einddatum: an activity cannot end before it starts',
      ]);
      expect(lines.at(-1)).toBe(
        'akkoord: slecht.csv has 7 bad rows (8 problems); nothing was imported, the ledger is unchanged.',
      );
      expect(await headOf(url)).toBe(before);
      const exported = await cli(url, ['export', 'activities']);
      expect(exported.stdout).not.toContain('ok-1');
    });

    it('with --dry-run reports the same rows and exits 1', async () => {
      const run = await cli(url, ['import', 'activities', join(dir, 'slecht.csv'), '--dry-run']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('row 6, column trekker: partner roc-groningen is not a member of region twente');
      expect(run.stderr).toContain('nothing was appended (--dry-run)');
    });

    it('refuses a header it does not know, or a missing required column, before any row', async () => {
      const run = await cli(url, [
        'import',
        'status-reports',
        file('kop.csv', 'activiteit,periode,statuss,geldig vanaf\ntwente-wsp,2021-Q2,on_track,2021-06-30\n'),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('row 1, column statuss: is not a column of status-reports');
      expect(run.stderr).toContain('row 1: the column status is missing');
    });
  });

  describe('files that are not tables', () => {
    it('refuses a 100 MB file in one sentence without reading it', async () => {
      const path = join(dir, 'groot.csv');
      closeSync(openSync(path, 'w'));
      truncateSync(path, 100 * 1024 * 1024);
      try {
        const run = await cli(url, ['import', 'activities', path]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(
          'akkoord: groot.csv is 100 MB; Akkoord imports files up to 50 MB, so split it into smaller files.\n',
        );
      } finally {
        rmSync(path, { force: true });
      }
    });

    it('refuses binary garbage as CSV and as XLSX in one sentence', async () => {
      const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
      const csv = await cli(url, ['import', 'activities', file('rommel.csv', garbage)]);
      expect(csv.code).toBe(2);
      expect(csv.stderr).toBe(
        'akkoord: rommel.csv is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.\n',
      );
      const zip = Buffer.concat([Buffer.from('PK\x03\x04'), garbage]);
      const xlsx = await cli(url, ['import', 'activities', file('rommel.xlsx', zip)]);
      expect(xlsx.code).toBe(2);
      expect(xlsx.stderr).toMatch(/^akkoord: rommel\.xlsx is not an Excel workbook Akkoord can read .*\n$/);
      const cp1252 = await cli(url, [
        'import',
        'activities',
        file('cp1252.csv', Buffer.from('titel\ncaf\xe9\n', 'latin1')),
      ]);
      expect(cp1252.code).toBe(2);
      expect(cp1252.stderr).toContain('cp1252.csv is not UTF-8; it was read as Windows-1252');
      expect(cp1252.stderr).toContain('the column activiteit is missing');
    });
  });

  describe('templates', () => {
    it('writes an XLSX template with Dutch headers, an example row and a sheet explaining the columns', async () => {
      const run = await cli(url, ['import', '--template', 'activities']);
      expect(run.code).toBe(0);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(run.raw as never);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['activiteiten', 'toelichting']);
      const header = workbook.worksheets[0].getRow(1).values as unknown[];
      expect(header.slice(1, 9)).toEqual([
        'activiteit',
        'regio',
        'programma',
        'titel',
        'categorie',
        'trekker',
        'startdatum',
        'einddatum',
      ]);
      expect(workbook.worksheets[0].getCell('G2').value).toEqual(new Date(Date.UTC(2020, 0, 1)));
      expect(workbook.worksheets[1].getCell('B3').value).toBe('regionId');
    });

    it('writes a CSV header line', async () => {
      const run = await cli(url, ['import', '--template', 'status-reports', '--format', 'csv']);
      expect(run.stdout).toBe(
        'activiteit,periode,status,geldig vanaf,toelichting,reden correctie,indicator,realisatie\n',
      );
    });
  });

  describe('exports read back independently', () => {
    it('exports the events as Parquet, value by value the store’s log', async () => {
      const out = join(dir, 'events.parquet');
      const run = await cli(url, ['export', 'events', '--format', 'parquet', '--out', out]);
      expect(run.code).toBe(0);
      // the log with its personal values opened, as every export writes them
      const events = await openedWith(url, await withStore(url, readAllEvents));
      expect(run.stdout).toContain(`Exported ${events.length} rows of events as parquet`);
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(out) });
      expect(rows).toHaveLength(events.length);
      rows.forEach((row, i) => {
        const event = events[i];
        expect(row.globalPosition).toBe(BigInt(event.globalPosition));
        expect(row.streamId).toBe(event.streamId);
        expect(row.streamVersion).toBe(BigInt(event.streamVersion));
        expect(row.eventId).toBe(event.eventId);
        expect(row.type).toBe(event.type);
        expect(row.data).toEqual(event.data);
        expect(row.recordedAt).toEqual(new Date(event.metadata.recordedAt));
        expect(row.validFrom).toBe(event.metadata.validFrom ?? null);
        expect(row.userId).toBe(event.metadata.actor.userId);
        expect(row.organisationId).toBe(event.metadata.actor.organisationId);
        expect(row.roles).toEqual(event.metadata.actor.roles);
        expect(row.commandId).toBe(event.metadata.commandId ?? null);
        expect(row.metadata).toEqual(event.metadata);
      });
    });

    it('exports the events as NDJSON, one envelope a line', async () => {
      const run = await cli(url, ['export', 'events']);
      const events = await openedWith(url, await withStore(url, readAllEvents));
      expect(
        run.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual(events);
    });

    it('exports activities as Parquet with typed columns', async () => {
      const out = join(dir, 'activities.parquet');
      const run = await cli(url, ['export', 'activities', '--out', out]);
      expect(run.stdout).toContain('as parquet to');
      const file = await asyncBufferFromFile(out);
      const metadata = await parquetMetadataAsync(file);
      const types = Object.fromEntries(metadata.schema.slice(1).map((s) => [s.name, [s.type, s.converted_type]]));
      expect(types).toMatchObject({
        startDate: ['INT32', 'DATE'],
        targetCount: ['INT32', undefined],
        position: ['INT64', undefined],
        target1: ['DOUBLE', undefined],
        dueDate1: ['INT32', 'DATE'],
        closed: ['BOOLEAN', undefined],
      });
      const rows = await parquetReadObjects({ file });
      const wsp = rows.find((r) => r.id === 'twente-wsp')!;
      expect(wsp.startDate).toBeInstanceOf(Date);
      expect(wsp.startDate).toEqual(new Date('2020-01-01T00:00:00Z'));
      expect(wsp.targetCount).toBe(1);
      expect(typeof wsp.position).toBe('bigint');
      expect(wsp).toMatchObject({ indicator1: 'placements', target1: 150, unit1: 'people' });
      expect(wsp.dueDate1).toEqual(new Date('2021-12-31T00:00:00Z'));
      expect(rows.find((r) => r.id === 'groningen-route')!.status).toBeNull();
    });

    it('refuses a parameter an export does not take, and an export that does not exist', async () => {
      const wrong = await cli(url, ['export', 'activities', '--period', '2021-Q1']);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toBe(
        'akkoord: The activities export does not take --period; it takes --as-of, --valid-at, --programme, --region, --category, --status.\n',
      );
      const unknown = await cli(url, ['export', 'agreements']);
      expect(unknown.code).toBe(2);
    });
  });
});

describe('the read-model exports (in-process, over a runner with every projection)', () => {
  let world: World;
  let readStore: ReadStore;
  let store: EventStore;

  beforeAll(async () => {
    ({ world } = await seededLedger());
    store = await openEventStore(world.ledger.url);
    const runner = new CommandRunner(store);
    const office = { userId: 'po', organisationId: 'programme-office', roles: ['programme_office'] };
    const send = (command: never, actor = office) =>
      runner.run({ command, actor, commandId: commandIdFor(actor.userId) });
    await send({
      type: 'PlanActivity',
      data: {
        activityId: 'wsp',
        regionId: 'twente',
        programmeId: 'pow',
        title: 'WSP',
        category: 'demand',
        leadPartnerId: 'gemeente-twente',
        targets: [],
        startDate: '2020-01-01',
        endDate: '2021-12-31',
      },
    } as never);
    await send(
      {
        type: 'CommitPartner',
        data: { activityId: 'wsp', commitmentId: 'c1', partnerId: 'uwv-twente', kind: 'fte', amount: 2, unit: 'fte' },
      } as never,
      rep('uwv-twente'),
    );
    await send({
      type: 'ReportStatus',
      data: { activityId: 'wsp', period: '2021-Q1', status: 'on_track', realised: [], validFrom: '2021-03-31' },
    } as never);
    await send({
      type: 'RecordBorging',
      data: { activityId: 'wsp', state: 'in_preparation', effectiveFrom: '2021-06-01' },
    } as never);
    readStore = await openReadStore(world.ledger.url);
    const projections = [
      activityStatusProjection,
      monitorProjection,
      timeseriesProjection,
      partnerInvolvementProjection,
      borgingProjection,
      auditProjection,
    ];
    const projectionRunner = new ProjectionRunner(store, readStore, projections);
    await projectionRunner.prepare();
    await projectionRunner.catchUp();
  });

  afterAll(async () => {
    await readStore.close();
    await store.close();
    await world.ledger.destroy();
  });

  async function exported(name: ExportName, params: ExportParams): Promise<Record<string, string>[]> {
    const dataset = await openDataset(name, params, {
      store,
      sql: readStore,
      projections: ['activity_status', 'monitor', 'timeseries', 'partner_involvement', 'borging', 'audit'],
    });
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeDataset(dataset, 'csv', streamSink(sink, { end: true }));
    return parse(Buffer.concat(chunks), { columns: true }) as Record<string, string>[];
  }

  it('exports the monitor table: five categories and a total', async () => {
    const rows = await exported('monitor', { programmeId: 'pow', period: '2021-Q1' });
    expect(rows.map((r) => r.category)).toEqual(['supply', 'demand', 'route', 'training', 'collaboration', 'total']);
    expect(rows[1]).toMatchObject({ on_track: '1', on_track_percent: '100', reported: '1', unreported: '0' });
    expect(rows[5]).toMatchObject({ periodEnd: '2021-03-31', on_track: '1' });
  });

  it('exports the status time series by quarter', async () => {
    const rows = await exported('timeseries', { programmeId: 'pow', from: '2020-10-01', to: '2021-06-30' });
    expect(rows.map((r) => r.period)).toEqual(['2020-Q4', '2021-Q1', '2021-Q2']);
    expect(rows[1]).toMatchObject({ periodStart: '2021-01-01', on_track: '1', reported: '1', open: '1' });
  });

  it('exports partner involvement, borging and the audit trail', async () => {
    const involvement = await exported('involvement', { regionId: 'twente' });
    expect(involvement.find((r) => r.partnerId === 'uwv-twente')).toMatchObject({
      commitmentsMade: '1',
      member: 'true',
    });
    const borging = await exported('borging', {});
    expect(borging).toEqual([
      {
        activityId: 'wsp',
        regionId: 'twente',
        programmeId: 'pow',
        category: 'demand',
        state: 'in_preparation',
        mechanism: '',
        effectiveFrom: '2021-06-01',
      },
    ]);
    const audit = await exported('audit', { type: 'PartnerCommitted' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      organisationId: 'uwv-twente',
      streamId: 'activity-wsp',
      roles: 'partner_representative',
    });
  });
});

describe('GET /api/exports/:name (a real server)', () => {
  const ADMIN = 'exports-test-admin-token-0123456789';
  let world: World;
  let server: ChildProcess;
  let http: ReturnType<typeof request>;
  let dir: string;

  beforeAll(async () => {
    ({ world } = await seededLedger());
    dir = mkdtempSync(join(tmpdir(), 'akkoord-exports-api-'));
    const activities = join(dir, 'activiteiten.csv');
    writeFileSync(activities, ACTIVITIES_CSV);
    expect((await cli(world.ledger.url, ['import', 'activities', activities])).code).toBe(0);
    server = spawn(process.execPath, [SERVER, world.ledger.url, ADMIN], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [port] = (await once(server.stdout!, 'data')) as [Buffer];
    http = request(`http://127.0.0.1:${port.toString().trim()}`);
  });

  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    await world.ledger.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string) => http.get(path).set('Authorization', `Bearer ${ADMIN}`);
  const bytes = (path: string) =>
    get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('streams activities as CSV with a Content-Disposition', async () => {
    const response = await get('/api/exports/activities?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="akkoord-activities.csv"; filename*=UTF-8''akkoord-activities.csv`,
    );
    const rows = parse(response.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(['groningen-route', 'twente-scholing', 'twente-wsp']);
    expect(rows[1]).toMatchObject({ title: 'Scholing, techniek', category: 'training', startDate: '2020-03-01' });
  });

  it('streams the events as Parquet and as NDJSON, the store’s log', async () => {
    const events = await withStore(world.ledger.url, readAllEvents);
    const parquet = await bytes('/api/exports/events?format=parquet');
    expect(parquet.status).toBe(200);
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(parquet.headers['content-disposition']).toContain('attachment; filename="akkoord-events.parquet"');
    const path = join(dir, 'events.parquet');
    writeFileSync(path, parquet.body as Buffer);
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(path) });
    expect(rows.map((r) => r.eventId)).toEqual(events.map((e) => e.eventId));
    expect(rows.map((r) => r.data)).toEqual(events.map((e) => e.data));

    const ndjson = await get('/api/exports/events');
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson');
    expect(
      ndjson.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(events);
  });

  it('answers 400 for a bad parameter, 404 for an unknown export, 401 without a token', async () => {
    const bad = await get('/api/exports/activities?asOf=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'validation',
      details: [{ field: 'asOf', message: 'asOf must be an ISO 8601 instant with a zone' }],
    });
    expect((await get('/api/exports/activities?regio=twente')).status).toBe(400);
    expect((await get('/api/exports/events?format=xml')).status).toBe(400);
    expect((await get('/api/exports/borging?format=xlsx&dialect=excel-nl')).body).toEqual({
      error: 'validation',
      details: [{ field: 'dialect', message: 'dialect is for format=csv' }],
    });
    expect((await get('/api/exports/nothing')).status).toBe(404);
    expect((await http.get('/api/exports/activities')).status).toBe(401);
  });
});
