/**
 * Import templates: an XLSX workbook with the kind's headers, one example row and a second sheet that explains every
 * column; or a CSV header line. Dutch headers by default (the people who fill them in speak Dutch), English codes on
 * request; the import reads both.
 */
import type ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { isoDay } from '../cells/cells.js';
import type { ColumnSpec, ImportKind } from './import-kinds.js';

export type HeaderLanguage = 'nl' | 'en';

/** The template's columns: the kind's columns, with the repeating group once (number it to add more). */
function header(column: ColumnSpec, language: HeaderLanguage): string {
  return language === 'nl' ? column.dutch : column.key;
}

export function csvTemplate(kind: ImportKind, language: HeaderLanguage): string {
  return stringify([kind.columns.map((column) => header(column, language))]);
}

export async function xlsxTemplate(kind: ImportKind, language: HeaderLanguage): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'Akkoord';
  const sheet = workbook.addWorksheet(kind.dutch, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = kind.columns.map((column) => ({
    header: header(column, language),
    key: column.key,
    width: Math.max(14, header(column, language).length + 4, String(exampleText(column)).length + 2),
    style: column.type.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  const example = sheet.addRow(
    Object.fromEntries(kind.columns.map((column) => [column.key, column.example === '' ? null : column.example])),
  );
  example.font = { italic: true, color: { argb: 'FF808080' } };
  kind.columns.forEach((column, index) => {
    if (column.type.kind !== 'enum') return;
    const words = Object.entries(column.type.vocabulary.words).map(([code, dutch]) =>
      language === 'nl' && dutch.length > 0 ? dutch[0] : code,
    );
    const letter = sheet.getColumn(index + 1).letter;
    // Excel caps a list's source at 255 characters; the longest here is well under
    listsOf(sheet).add(`${letter}2:${letter}10000`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${words.join(',')}"`],
      showErrorMessage: false,
    });
  });

  const help = workbook.addWorksheet('toelichting');
  help.columns = [
    { header: 'kolom', key: 'dutch', width: 18 },
    { header: 'code (English)', key: 'key', width: 18 },
    { header: 'verplicht', key: 'required', width: 14 },
    { header: 'toelichting', key: 'nl', width: 70 },
    { header: 'meaning', key: 'en', width: 70 },
    { header: 'voorbeeld', key: 'example', width: 28 },
  ];
  help.getRow(1).font = { bold: true };
  for (const column of kind.columns) {
    help.addRow({
      dutch: column.dutch,
      key: column.key,
      required: column.grouped ? `per ${kind.group?.nl}` : column.required ? 'ja' : 'nee',
      nl: column.nl,
      en: column.en,
      example: exampleText(column),
    });
  }
  help.addRow({});
  for (const line of notes(kind)) help.addRow({ nl: line.nl, en: line.en });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs keeps range validations in `dataValidations`, which its typings leave out. */
function listsOf(sheet: ExcelJS.Worksheet): { add(range: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
}

function exampleText(column: ColumnSpec): string | number {
  return column.example instanceof Date ? isoDay(column.example) : column.example;
}

function notes(kind: ImportKind): { nl: string; en: string }[] {
  const lines = [
    {
      nl: 'Eén rij is één opdracht aan het grootboek. Rij 1 is de kop; lege rijen worden overgeslagen.',
      en: 'One row is one command to the ledger. Row 1 is the header; empty rows are skipped.',
    },
    {
      nl: 'Rij 2 is een voorbeeld: vervang of verwijder hem voor het importeren.',
      en: 'Row 2 is an example: replace or delete it before importing.',
    },
    {
      nl: 'Koppen mogen Nederlands (kolom) of Engels (code) zijn. Data als JJJJ-MM-DD of als datumcel.',
      en: 'Headers may be Dutch (kolom) or English (code). Dates as YYYY-MM-DD or as date cells.',
    },
    {
      nl: 'Eerst wordt het hele bestand gecontroleerd; bij één fout wordt niets toegevoegd.',
      en: 'The whole file is checked first; if one row is wrong, nothing is appended.',
    },
    {
      nl: 'Hetzelfde bestand nog eens importeren voegt niets toe.',
      en: 'Importing the same file again appends nothing.',
    },
  ];
  if (kind.group !== undefined) {
    const grouped = kind.columns.filter((c) => c.grouped);
    lines.push({
      nl: `Meer dan één ${kind.group.nl}? Voeg kolommen toe met een nummer: ${grouped.map((c) => `${c.dutch} 2`).join(', ')} (tot ${kind.group.max}).`,
      en: `More than one ${kind.group.en}? Add numbered columns: ${grouped.map((c) => `${c.key}2`).join(', ')} (up to ${kind.group.max}).`,
    });
  }
  return lines;
}
