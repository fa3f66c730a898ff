/**
 * Imports by the person who does them, and files that open right in Dutch Excel, through the real binary on a temp
 * SQLite ledger: the token's actor in the events' metadata, XLSX and `excel-nl` CSV exports read back without the
 * library that wrote them (the XLSX's XML through `unzip`, the CSV with csv-parse), and the round trip of a
 * status-reports sheet filled in for a new period and imported back.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { openEventStore, type RecordedEvent } from '@akkoord/event-store';
import { openWorld, seedRegion, type World } from '../../../test/support/world.js';
import { openedWith } from '../../../test/support/personal-data.js';

/** stderr without the one-time line of the first import that generates the ledger's signing key. */
const withoutKeyNotice = (stderr: string) => stderr.replace(/^Generated a new Ed25519 ledger signing key .*\n/m, '');

const BINARY = resolve('dist/apps/cli/src/main.js');
const OFFICE = 'dutch-exchange-office-token-0123456789';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(storeUrl: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AKKOORD_')));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BINARY, '--store', storeUrl, ...args],
      { env: { ...clean, AKKOORD_ADMIN_TOKEN: OFFICE, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** One XML part of an XLSX file, read with the system's unzip (not with the library that wrote it). */
function part(file: string, name: string): string {
  return execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The cells of a sheet's XML: reference → {type attribute, style, value}. */
function cellsOf(xml: string): Map<string, { t?: string; s?: string; v?: string }> {
  const cells = new Map<string, { t?: string; s?: string; v?: string }>();
  for (const match of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/g)) {
    const attributes = match[2];
    cells.set(match[1], {
      t: /\bt="([^"]+)"/.exec(attributes)?.[1],
      s: /\bs="([^"]+)"/.exec(attributes)?.[1],
      v: /<v>(.*?)<\/v>/.exec(match[3] ?? '')?.[1] ?? /<t[^>]*>(.*?)<\/t>/.exec(match[3] ?? '')?.[1],
    });
  }
  return cells;
}

const unescapeXml = (text: string | undefined) =>
  (text ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** A stream's events with their personal values (user ids, sealed at rest) opened with the ledger's keys. */
async function eventsOf(url: string, streamId: string): Promise<RecordedEvent[]> {
  const store = await openEventStore(url);
  try {
    return await openedWith(url, await store.readStream(streamId));
  } finally {
    await store.close();
  }
}

const ACTIVITIES = [
  'activiteit;regio;programma;titel;categorie;trekker;startdatum;einddatum;indicator;ambitie;eenheid;streefdatum',
  'twente-wsp;twente;pow;Werkgeversservicepunt;vraag;gemeente-twente;01-01-2020;31-12-2021;placements;1.250;people;31-12-2021',
  'twente-leer;twente;pow;Leerwerkplekken;scholing;roc-twente;1-3-2020;30/06/2021;training_places;2.500,50;places;30-06-2021',
].join('\r\n');

describe('imports by the person who does them, and exports for Dutch Excel (the real binary)', () => {
  let world: World;
  let url: string;
  let dir: string;
  let coordinator: string;

  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    world = await openWorld('sqlite');
    await seedRegion(world, 'twente');
    await seedRegion(world, 'groningen');
    await world.store.close();
    url = world.ledger.url;
    dir = mkdtempSync(join(tmpdir(), 'akkoord-dutch-'));
    const issued = await cli(url, [
      'tokens',
      'create',
      '--user',
      'anna',
      '--organisation',
      'gemeente-twente',
      '--role',
      'region_coordinator',
      '--region',
      'twente',
    ]);
    expect(issued.code).toBe(0);
    coordinator = issued.stdout.trim();
  });

  afterAll(async () => {
    await world.ledger.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an import without a token, or with a token the ledger does not know', async () => {
    const path = file('activiteiten.csv', ACTIVITIES);
    const without = await cli(url, ['import', 'activities', path, '--locale', 'nl']);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('give your access token in AKKOORD_TOKEN or with --token-file FILE');
    const unknown = await cli(url, ['import', 'activities', path, '--locale', 'nl'], { AKKOORD_TOKEN: 'akk_nope' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('The token is not known to this ledger');
  });

  it('refuses 1.250 without a locale, and reads it as 1250 (and 2.500,50 as 2500.5) with --locale nl', async () => {
    const path = file('activiteiten.csv', ACTIVITIES);
    const env = { AKKOORD_TOKEN: coordinator };
    // alone, 1.250 can be read either way; beside 2.500,50 (Dutch only) the file itself says it is Dutch
    const alone = file('alleen.csv', ACTIVITIES.split('\r\n').slice(0, 2).join('\r\n'));
    const refused = await cli(url, ['import', 'activities', alone], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('row 2, column ambitie: "1.250" kan 1250 of 1,25 zijn; geef --locale nl of en');
    const tokenFile = file('token', `${coordinator}\n`);
    const run = await cli(url, ['import', 'activities', path, '--locale', 'nl', '--token-file', tokenFile]);
    expect(withoutKeyNotice(run.stderr)).toBe('');
    expect(run.stdout).toContain('2 rows, 2 new, 0 already imported');
    const [planned] = await eventsOf(url, 'activity-twente-wsp');
    expect(planned.data).toMatchObject({ startDate: '2020-01-01', endDate: '2021-12-31' });
    expect((planned.data.targets as { target: number }[])[0].target).toBe(1250);
    const [leer] = await eventsOf(url, 'activity-twente-leer');
    expect((leer.data.targets as { target: number }[])[0].target).toBe(2500.5);
    expect(leer.data).toMatchObject({ startDate: '2020-03-01', endDate: '2021-06-30' });
  });

  it('records the token’s actor in every event’s metadata, and refuses rows outside its scope', async () => {
    const [planned] = await eventsOf(url, 'activity-twente-wsp');
    expect(planned.metadata.actor).toEqual({
      userId: 'anna',
      organisationId: 'gemeente-twente',
      roles: ['region_coordinator'],
      regionIds: ['twente'],
    });
    expect(planned.metadata.importedBy).toBeUndefined();
    const other = file(
      'groningen.csv',
      'activiteit,regio,programma,titel,categorie,trekker,startdatum,einddatum\ng-1,groningen,pow,Route,route,uwv-groningen,2020-01-01,2021-12-31\n',
    );
    const refused = await cli(url, ['import', 'activities', other], { AKKOORD_TOKEN: coordinator });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'row 2, column regio: the importing actor coordinates twente, not region groningen',
    );
    const actingFor = await cli(url, ['import', 'activities', other, '--as-user', 'bob'], {
      AKKOORD_TOKEN: coordinator,
    });
    expect(actingFor.code).toBe(2);
    expect(actingFor.stderr).toContain('Only a programme-office token may import for someone else');
  });

  it('lets the programme office import for someone else, recorded as imported by the office', async () => {
    const path = file(
      'groningen.csv',
      'activiteit,regio,programma,titel,categorie,trekker,startdatum,einddatum\ng-1,groningen,pow,Route,route,uwv-groningen,2020-01-01,2021-12-31\n',
    );
    const run = await cli(
      url,
      ['import', 'activities', path, '--as-user', 'bob', '--organisation', 'gemeente-groningen'],
      { AKKOORD_TOKEN: OFFICE },
    );
    expect(withoutKeyNotice(run.stderr)).toBe('');
    const [planned] = await eventsOf(url, 'activity-g-1');
    expect(planned.metadata.actor).toEqual({
      userId: 'bob',
      organisationId: 'gemeente-groningen',
      roles: ['programme_office'],
      regionIds: [],
    });
    expect(planned.metadata.importedBy).toMatchObject({ userId: 'admin', roles: ['programme_office'] });
  });

  it('exports activities as XLSX: Dutch headers, typed cells, frozen header, autofilter and a Toelichting', async () => {
    const out = join(dir, 'activiteiten.xlsx');
    const run = await cli(url, ['export', 'activities', '--region', 'twente', '--format', 'xlsx', '--out', out]);
    expect(withoutKeyNotice(run.stderr)).toBe('');
    const workbook = part(out, 'xl/workbook.xml');
    expect([...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'activiteiten',
      'Toelichting',
    ]);
    const sheet = part(out, 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    expect(sheet).toMatch(/<autoFilter ref="A1:[A-Z]+1"\/>/);
    expect(sheet).toMatch(/<col min="1" max="1" width="\d+"/);
    const cells = cellsOf(sheet);
    const header = [...cells].filter(([ref]) => /^[A-Z]+1$/.test(ref)).map(([, c]) => unescapeXml(c.v));
    expect(header.slice(0, 13)).toEqual([
      'activiteit',
      'regio',
      'programma',
      'titel',
      'categorie',
      'trekker',
      'startdatum',
      'einddatum',
      'aantal ambities',
      'indicator 1',
      'ambitie 1',
      'eenheid 1',
      'streefdatum 1',
    ]);
    // row 2 is twente-leer (ordered by id): text as strings, numbers and dates as numbers with a date style
    expect(cells.get('A2')).toMatchObject({ t: 'str', v: 'twente-leer' });
    expect(cells.get('K2')).toEqual({ t: undefined, s: undefined, v: '2500.5' });
    expect(cells.get('G2')?.t).toBeUndefined();
    expect(Number(cells.get('G2')?.v)).toBe(43891); // 2020-03-01 as an Excel serial
    const styles = part(out, 'xl/styles.xml');
    const dateFormat = /<numFmt numFmtId="(\d+)" formatCode="dd-mm-yyyy"\/>/.exec(styles)?.[1];
    expect(dateFormat).toBeDefined();
    const xfs = [...styles.split('<cellXfs')[1].matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => m[1]);
    expect(xfs[Number(cells.get('G2')?.s)]).toBe(dateFormat);

    const explanation = [...cellsOf(part(out, 'xl/worksheets/sheet2.xml')).values()].map((c) => unescapeXml(c.v));
    expect(explanation).toEqual(expect.arrayContaining(['startdatum', 'startDate', 'datum', 'eerste dag']));
    expect(explanation).toEqual(expect.arrayContaining(['filters', 'regionId = twente', 'peilmoment (asOf)']));
    // the import signed a tree head over what it appended; the export names it, so the file ties back to the ledger
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    const head = db
      .prepare('SELECT tree_size, root_hash, signed_at FROM notary_heads ORDER BY tree_size DESC LIMIT 1')
      .get() as { tree_size: number; root_hash: string; signed_at: string };
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    db.close();
    expect(head.tree_size).toBe(events);
    expect(explanation).toEqual(
      expect.arrayContaining(['grootboek: root-hash', head.root_hash, String(head.tree_size)]),
    );
    // the head is the one signed at exactly the export's position
    expect(explanation).toContain(`ondertekende boomkop van deze grootte, ondertekend op ${head.signed_at}`);
    expect(explanation.some((text) => text.includes('genummerde kolommen'))).toBe(true);
  });

  it('exports CSV for Dutch Excel: BOM, semicolons, Dutch headers, decimal comma and dd-mm-jjjj', async () => {
    const run = await cli(url, ['export', 'activities', '--region', 'twente', '--dialect', 'excel-nl']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('\uFEFFactiviteit;regio;programma;titel;')).toBe(true);
    const rows = parse(run.stdout.slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      activiteit: 'twente-leer',
      startdatum: '01-03-2020',
      einddatum: '30-06-2021',
      'ambitie 1': '2500,5',
      afgesloten: 'nee',
    });
    const programs = await cli(url, ['export', 'activities', '--region', 'twente']);
    expect(programs.stdout.startsWith('id,regionId,')).toBe(true);
    expect(parse(programs.stdout, { columns: true })[0]).toMatchObject({ startDate: '2020-03-01', target1: '2500.5' });
  });

  it('round trip: a status-reports sheet exported as XLSX, filled in for a new period, imports back', async () => {
    const out = join(dir, 'rapportages.xlsx');
    const exported = await cli(url, ['export', 'status-reports', '--region', 'twente', '--out', out]);
    expect(withoutKeyNotice(exported.stderr)).toBe('');
    // a person opens it in Excel and fills in the period's columns
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as never);
    const sheet = workbook.getWorksheet('monitorrapportages')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'activiteit',
      'periode',
      'status',
      'geldig vanaf',
      'toelichting',
      'indicator 1',
      'realisatie 1',
    ]);
    expect(sheet.getCell('A2').value).toBe('twente-leer');
    expect(sheet.getCell('F2').value).toBe('training_places');
    sheet.getRow(2).getCell(2).value = '2021 K1';
    sheet.getRow(2).getCell(3).value = 'blijft achter';
    sheet.getRow(2).getCell(4).value = new Date(Date.UTC(2021, 2, 31));
    sheet.getRow(2).getCell(7).value = 12;
    sheet.getRow(3).getCell(2).value = 'Q1 2021';
    sheet.getRow(3).getCell(3).value = 'loopt naar wens';
    sheet.getRow(3).getCell(4).value = '31-03-2021';
    sheet.getRow(3).getCell(7).value = '1.300';
    const filled = file('rapportages-ingevuld.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const run = await cli(url, ['import', 'status-reports', filled, '--locale', 'nl'], { AKKOORD_TOKEN: coordinator });
    expect(withoutKeyNotice(run.stderr)).toBe('');
    expect(run.stdout).toContain('2 rows, 2 new, 0 already imported');
    const reported = (await eventsOf(url, 'activity-twente-wsp')).find((e) => e.type === 'ActivityStatusReported');
    expect(reported?.data).toMatchObject({
      period: '2021-Q1',
      status: 'on_track',
      validFrom: '2021-03-31',
      realised: [{ indicator: 'placements', value: 1300 }],
    });
    expect(reported?.metadata.actor).toMatchObject({ userId: 'anna' });
    const again = await cli(url, ['export', 'status-reports', '--region', 'twente', '--format', 'csv']);
    expect(parse(again.stdout, { columns: true })).toEqual([
      {
        activityId: 'twente-leer',
        period: '2021-Q1',
        status: 'needs_adjustment',
        validFrom: '',
        note: '',
        indicator1: 'training_places',
        value1: '12',
      },
      {
        activityId: 'twente-wsp',
        period: '2021-Q1',
        status: 'on_track',
        validFrom: '',
        note: '',
        indicator1: 'placements',
        value1: '1300',
      },
    ]);
  });
});
