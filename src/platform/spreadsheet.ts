/**
 * The spreadsheet toolkit every import and export uses (units, members, and what comes next): the content types,
 * Excel's column letters, a header row mapped to fields with clear problems, a CSV file Excel opens, and the
 * streamed .xlsx writer. Reading a file's rows is in sheet-rows.ts; a feature only says what its columns are.
 */
import { stringify } from 'csv-stringify/sync';
import { foldVietnamese } from '../lib/text';
import { cellText, type RawRow } from './xlsx/sheet-rows';
import { columnName } from './xlsx/rows';

export { streamedSheet, workbookOf, type SheetOfRows, type StreamedSheet } from './xlsx/writer';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** The letters Excel gives column `index` (counted from 0): A, Z, AA, AB … XFD. */
export const columnLetter = (index: number): string => columnName(index);

/** A column of a file: its header, the field it fills, whether the file must have it, other headers people use. */
export interface HeaderColumn<Field extends string> {
  header: string;
  field: Field;
  required: boolean;
  aliases?: readonly string[];
}

/** A header compared without diacritics, case, spaces and what is in brackets ("Ngày sinh (dd/mm/yyyy)"). */
export const headerKey = (text: string): string =>
  foldVietnamese(text.replace(/\(.*?\)/g, '')).replace(/ /g, '');

export interface HeaderMap<Field extends string> {
  /** The index of each field's column in the file. */
  positions: Map<Field, number>;
  /** Why the row is not the file's header, in Vietnamese (empty when it is). */
  problems: string[];
}

/**
 * Maps a header row to the fields of `columns`: each header, compared by `headerKey`, names one field; the problems
 * name the required columns missing, the headers not in the template and the columns given twice. Headers in
 * `ignore` (a row-number column) are skipped.
 */
export function mapHeader<Field extends string>(
  row: RawRow,
  columns: readonly HeaderColumn<Field>[],
  options: { ignore?: readonly string[] } = {},
): HeaderMap<Field> {
  const byKey = new Map(
    columns.flatMap((c) => [c.header, ...(c.aliases ?? [])].map((h) => [headerKey(h), c])),
  );
  const ignored = new Set((options.ignore ?? []).map(headerKey));
  const positions = new Map<Field, number>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  row.cells.forEach((cell, index) => {
    const text = cellText(cell);
    if (!text || ignored.has(headerKey(text))) return;
    const column = byKey.get(headerKey(text));
    if (!column) unknown.push(`"${text}"`);
    else if (positions.has(column.field)) duplicate.push(`"${column.header}"`);
    else positions.set(column.field, index);
  });
  const missing = columns.filter((c) => c.required && !positions.has(c.field)).map((c) => `"${c.header}"`);
  const problems: string[] = [];
  if (missing.length) problems.push(`dòng tiêu đề (dòng ${row.rowNumber}) thiếu cột ${missing.join(', ')}`);
  if (unknown.length) problems.push(`cột ${unknown.join(', ')} không có trong mẫu`);
  if (duplicate.length) problems.push(`cột ${duplicate.join(', ')} xuất hiện nhiều lần`);
  return { positions, problems };
}

/** A leading = + - @ makes a spreadsheet run the cell as a formula; an apostrophe keeps it text (read back off). */
const guardFormula = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);

/**
 * A CSV file as Excel opens it in a Vietnamese locale (csv-stringify): UTF-8 with BOM, semicolons, CRLF line ends,
 * the header first; fields quoted where needed and guarded against formulas.
 */
export function writeCsv(header: readonly string[], rows: Iterable<readonly string[]>): Buffer {
  return Buffer.from(
    stringify([[...header], ...[...rows].map((cells) => cells.map(guardFormula))], {
      bom: true,
      delimiter: ';',
      record_delimiter: 'windows',
    }),
    'utf8',
  );
}
