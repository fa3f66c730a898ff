/**
 * Real files in, parsed rows out: CSV as Dutch and English Excel write it (also Windows-1252), XLSX with number, text
 * and date cells and Excel serial dates. Numbers, dates and periods read right, or are refused naming row and column.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  formatProblem,
  importKinds,
  parseTable,
  readTable,
  type NumberLocale,
  type ParsedTable,
} from '@akkoord/exchange';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'akkoord-reading-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function parse(path: string, kind: keyof typeof importKinds, locale?: NumberLocale): Promise<ParsedTable> {
  return parseTable(importKinds[kind], await readTable(path), { locale });
}

const messages = (parsed: ParsedTable) => parsed.problems.map(formatProblem);
const amounts = (parsed: ParsedTable) => parsed.rows.map((r) => r.values.single.amount);

const COMMITMENTS_HEADER = 'activiteit;toezegging;partner;soort;omvang;eenheid;periode';

describe('numbers in a CSV file', () => {
  it('refuses 1.250 when nothing in the file says which convention it follows', async () => {
    const path = write('toezeggingen.csv', `${COMMITMENTS_HEADER}\nwsp;c1;uwv;budget;1.250;EUR;2021-Q1\n`);
    const parsed = await parse(path, 'commitments');
    expect(messages(parsed)).toEqual(['row 2, column omvang: "1.250" kan 1250 of 1,25 zijn; geef --locale nl of en']);
    expect(parsed.rows).toEqual([]);
  });

  it('reads 1.250 as 1250 and 2.500,50 as 2500.5 with locale nl', async () => {
    const path = write(
      'toezeggingen-nl.csv',
      `${COMMITMENTS_HEADER}\nwsp;c1;uwv;budget;1.250;EUR;2021-Q1\nwsp;c2;uwv;budget;2.500,50;EUR;2021-Q2\n`,
    );
    const parsed = await parse(path, 'commitments', 'nl');
    expect(parsed.problems).toEqual([]);
    expect(amounts(parsed)).toEqual([1250, 2500.5]);
  });

  it('reads 1.250 as 1,25 with locale en, and 1,250.50 as 1250.5', async () => {
    const path = write(
      'commitments-en.csv',
      'activityId,commitmentId,partnerId,kind,amount,unit\nwsp,c1,uwv,fte,1.250,fte\nwsp,c2,uwv,budget_eur,"1,250.50",EUR\n',
    );
    const parsed = await parse(path, 'commitments', 'en');
    expect(parsed.problems).toEqual([]);
    expect(amounts(parsed)).toEqual([1.25, 1250.5]);
  });

  it('takes the convention from a value that reads one way only (2.500,50 makes 1.250 Dutch)', async () => {
    const path = write(
      'toezeggingen-bewijs.csv',
      `${COMMITMENTS_HEADER}\nwsp;c1;uwv;budget;1.250;EUR;\nwsp;c2;uwv;budget;2.500,50;EUR;\nwsp;c3;uwv;fte;2,5;fte;\n`,
    );
    const parsed = await parse(path, 'commitments');
    expect(parsed.problems).toEqual([]);
    expect(amounts(parsed)).toEqual([1250, 2500.5, 2.5]);
  });

  it('refuses a value in the other convention than the rest of the file, naming where the convention was seen', async () => {
    const path = write(
      'gemengd.csv',
      `${COMMITMENTS_HEADER}\nwsp;c1;uwv;budget;2.500,50;EUR;\nwsp;c2;uwv;fte;2.5;fte;\n`,
    );
    const parsed = await parse(path, 'commitments');
    expect(messages(parsed)).toEqual([
      'row 3, column omvang: "2.5" is written in the en convention, but row 2, column omvang ("2.500,50") is written in the nl convention; geef --locale nl of en',
    ]);
  });

  it('refuses text that is no number at all', async () => {
    const path = write('rommel.csv', `${COMMITMENTS_HEADER}\nwsp;c1;uwv;budget;12 euro;EUR;\n`);
    expect(messages(await parse(path, 'commitments'))[0]).toMatch(/^row 2, column omvang: "12 euro" is not a number/);
  });
});

const ACTIVITY_HEADER = 'activiteit,regio,programma,titel,categorie,trekker,startdatum,einddatum';

describe('dates and periods', () => {
  it('reads 31-03-2022, 31/03/2022, 31-3-2022, 2022-03-31 and an Excel serial as 2022-03-31', async () => {
    const rows = ['31-03-2022', '31/03/2022', '31-3-2022', '2022-03-31', '44651'].map(
      (date, i) => `a${i},twente,pow,Titel,vraag,uwv,${date},2022-12-31`,
    );
    const parsed = await parse(write('data.csv', [ACTIVITY_HEADER, ...rows].join('\n')), 'activities');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.values.single.startDate)).toEqual(Array(5).fill('2022-03-31'));
  });

  it('refuses 03/31/2022 (month first) with the formats it accepts', async () => {
    const path = write('us.csv', `${ACTIVITY_HEADER}\na1,twente,pow,Titel,vraag,uwv,03/31/2022,2022-12-31\n`);
    expect(messages(await parse(path, 'activities'))).toEqual([
      'row 2, column startdatum: "03/31/2022" is month-first (American); write the day first (31-03-2022) or 2022-03-31',
    ]);
  });

  it('refuses 03/04/2022 in a file that also holds American dates, and a two-digit year', async () => {
    const path = write(
      'us2.csv',
      `${ACTIVITY_HEADER}\na1,twente,pow,Titel,vraag,uwv,03/04/2022,12/31/2022\na2,twente,pow,Titel,vraag,uwv,31-03-22,2022-12-31\n`,
    );
    expect(messages(await parse(path, 'activities'))).toEqual([
      'row 2, column startdatum: "03/04/2022" can be day-first or month-first and the file also holds American dates; write it as 2022-04-03 or use 2022-03-31, 31-03-2022, 31/03/2022, 31-3-2022 or a date cell',
      'row 2, column einddatum: "12/31/2022" is month-first (American); write the day first (31-12-2022) or 2022-12-31',
      'row 3, column startdatum: "31-03-22" has a two-digit year; write it as 2022-03-31, 31-03-2022, 31/03/2022, 31-3-2022 or a date cell',
    ]);
  });

  it('reads periods 2021-Q1, 2021 K1, Q1 2021 and 2021-03', async () => {
    const path = write(
      'perioden.csv',
      [
        'activiteit,periode,status,geldig vanaf',
        'a1,2021-Q1,on_track,2021-03-31',
        'a2,2021 K1,on_track,2021-03-31',
        'a3,Q1 2021,on_track,2021-03-31',
        'a4,2021-03,on_track,2021-03-31',
        'a5,2021-Q5,on_track,2021-03-31',
      ].join('\n'),
    );
    const parsed = await parse(path, 'status-reports');
    expect(parsed.rows.map((r) => r.values.single.period)).toEqual(['2021-Q1', '2021-Q1', '2021-Q1', '2021-03']);
    expect(messages(parsed)).toEqual([
      'row 6, column periode: "2021-Q5" is not a period: write 2021-Q1, 2021 K1, Q1 2021 or 2021-03',
    ]);
  });
});

describe('a CSV saved by Excel as Windows-1252', () => {
  it('is decoded, so é and € read right, and says how it was read', async () => {
    const text = `activiteit;toezegging;partner;soort;omvang;eenheid\nwsp;c1;uwv;budget;1.250;€ café\n`;
    const path = write('cp1252.csv', cp1252(text));
    const table = await readTable(path);
    expect(table.encoding).toBe('windows-1252');
    const parsed = parseTable(importKinds.commitments, table, { locale: 'nl' });
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0].values.single).toMatchObject({ amount: 1250, unit: '€ café' });
  });
});

/** Windows-1252 bytes of a text of Latin-1 letters and €. */
function cp1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
}

describe('an XLSX workbook', () => {
  it('takes number cells as numbers, date cells as dates, text cells in the file’s convention, serials as dates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('ambities');
    sheet.addRow([...ACTIVITY_HEADER.split(','), 'indicator', 'ambitie', 'eenheid', 'streefdatum']);
    sheet.addRow([
      'a1',
      'twente',
      'pow',
      'Titel',
      'vraag',
      'uwv',
      new Date(Date.UTC(2022, 2, 31)),
      44926,
      'x',
      1250.5,
      'p',
      '31-12-2022',
    ]);
    sheet.addRow([
      'a2',
      'twente',
      'pow',
      'Titel',
      'vraag',
      'uwv',
      '31-03-2022',
      '2022-12-31',
      'x',
      '1.250',
      'p',
      44926,
    ]);
    const path = write('ambities.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));

    const without = await parse(path, 'activities');
    expect(messages(without)).toEqual(['row 3, column ambitie: "1.250" kan 1250 of 1,25 zijn; geef --locale nl of en']);
    expect(without.rows[0].values).toEqual({
      single: expect.objectContaining({ startDate: '2022-03-31', endDate: '2022-12-31' }),
      groups: [{ indicator: 'x', target: 1250.5, unit: 'p', dueDate: '2022-12-31' }],
    });

    const dutch = await parse(path, 'activities', 'nl');
    expect(dutch.problems).toEqual([]);
    expect(dutch.rows[1].values.groups).toEqual([{ indicator: 'x', target: 1250, unit: 'p', dueDate: '2022-12-31' }]);
    expect(dutch.rows[1].values.single).toMatchObject({ startDate: '2022-03-31', endDate: '2022-12-31' });
  });
});
