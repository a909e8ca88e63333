/**
 * Rows of a spreadsheet file, whatever it holds: an .xlsx read with the fast reader of xlsx-rows.ts (streamed row
 * by row, 100,000 rows without holding the workbook), or CSV text in UTF-8 (with or without BOM; comma, semicolon
 * or tab). Cell values are turned into text and dates the way Vietnamese registers write them. Both the members'
 * and the units' imports read their files here; neither's columns are known here.
 */
import { extname } from 'node:path';
import { AppError } from './errors';
import { excelSerialToIso, parseDate } from '../lib/dates';
import { readXlsxRows, XlsxError, type XlsxCell } from './xlsx-rows';

export type RawCell = XlsxCell;
/** A row as the file holds it; `rowNumber` is the row a person sees in Excel (1 = the first). */
export interface RawRow {
  rowNumber: number;
  cells: readonly RawCell[];
}

export interface SheetRowsOptions {
  /** The sheet to read, by name; when the file has none so named, the first visible sheet not skipped is read. */
  sheet?: string;
  /** Sheets not read unless named by `sheet` (a template's guide and lists). */
  skipSheets?: readonly string[];
}

export function badFile(reason: string): AppError {
  return new AppError('import_bad_file', { reason });
}

// -------------------------------------------------------------------------------------------------------------
// Cell values

export function cellText(value: RawCell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return value ? 'Có' : 'Không';
}

/** The largest serial Excel shows as a date: 31/12/9999. */
const LAST_SERIAL = 2_958_466;

/**
 * A date from a dd/mm/yyyy text, an Excel serial number (a date cell: its day, whatever the time) or an ISO date
 * text; the raw text when unreadable.
 */
export function cellDate(value: RawCell | undefined): string {
  if (typeof value === 'number' && value > 0 && value < LAST_SERIAL)
    // The day of a date-and-time, with room for a serial stored a hair below midnight.
    return excelSerialToIso(Math.floor(value + 1e-8));
  const text = cellText(value);
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z?$/.test(text)) return parseDate(text.slice(0, 10)) ?? text;
  return parseDate(text) ?? text;
}

/** Digits Excel stored as a number lost their leading zeros (a CCCD has 12 digits, a mobile number 10). */
export function cellDigits(value: RawCell | undefined, length: number): string {
  const text = cellText(value);
  return typeof value === 'number' && /^\d+$/.test(text) && text.length < length
    ? text.padStart(length, '0')
    : text;
}

// -------------------------------------------------------------------------------------------------------------
// .xlsx

/** Streams the rows of the chosen worksheet to `onRow` (rows without any value are left out). */
export async function readXlsxSheetRows(
  buffer: Buffer,
  onRow: (row: RawRow) => void,
  options: SheetRowsOptions = {},
): Promise<void> {
  try {
    await readXlsxRows(buffer, onRow, options);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof XlsxError && error.kind === 'no_sheet')
      throw badFile('tệp Excel không có trang tính nào');
    throw badFile('tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở trong Excel và lưu lại');
  }
}

// -------------------------------------------------------------------------------------------------------------
// CSV

/** The text of a CSV file: UTF-8 (BOM or not) or UTF-16 LE with BOM; null when it is neither (or binary). */
export function decodeText(buffer: Buffer): string | null {
  let text: string;
  if (buffer[0] === 0xff && buffer[1] === 0xfe) text = buffer.subarray(2).toString('utf16le');
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch {
      return null;
    }
  }
  if (text.includes('\u0000')) return null;
  return text.replace(/^\uFEFF/, '');
}

/** The delimiter of a CSV file: the most frequent of comma, semicolon and tab in its first line, outside quotes. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/**
 * Splits CSV text into records (RFC 4180): quoted fields may hold the delimiter, line breaks and doubled quotes.
 * Line breaks may be CRLF, LF or CR.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let quoteOpenedIn = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteOpenedIn = records.length + 1;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw badFile(`dấu ngoặc kép mở ở dòng ${quoteOpenedIn} chưa được đóng`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Sends the rows of a CSV file to `onRow`; refuses text that is not UTF-8 (or UTF-16 with BOM). */
export function readCsvRows(buffer: Buffer, fileName: string, onRow: (row: RawRow) => void): void {
  const text = decodeText(buffer);
  if (text === null) {
    throw badFile(
      ['.csv', '.txt'].includes(extname(fileName).toLowerCase())
        ? 'tệp CSV phải được lưu bằng bảng mã UTF-8 (trong Excel: Lưu thành → "CSV UTF-8 (phân cách bằng dấu phẩy)")'
        : 'đây không phải tệp Excel (.xlsx) hay CSV; hãy dùng tệp mẫu tải từ hệ thống',
    );
  }
  parseCsv(text, detectDelimiter(text)).forEach((cells, i) =>
    onRow({
      rowNumber: i + 1,
      // A leading apostrophe before = + - @ is how exports keep a spreadsheet from running a cell as a formula.
      cells: cells.map((c) => c.replace(/^'(?=[=+\-@])/, '')),
    }),
  );
}

// -------------------------------------------------------------------------------------------------------------
// Either

/**
 * Sends every row of an .xlsx or CSV file to `onRow`, telling the two apart by their content; refuses an empty
 * file, an Excel 97–2003 file and a file named .xlsx that is not one. Errors are `import_bad_file` AppErrors.
 */
export async function readSheetRows(
  buffer: Buffer,
  fileName: string,
  onRow: (row: RawRow) => void,
  options: SheetRowsOptions = {},
): Promise<void> {
  if (buffer.length === 0) throw badFile('tệp rỗng (0 byte)');
  const isZip = buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const isOldExcel = buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
  if (isOldExcel)
    throw badFile(
      'tệp Excel 97–2003 (.xls) chưa được hỗ trợ; hãy mở trong Excel và lưu lại dạng .xlsx hoặc CSV UTF-8',
    );
  if (!isZip && ['.xlsx', '.xlsm'].includes(extname(fileName).toLowerCase()))
    throw badFile(`tệp "${fileName}" có đuôi Excel nhưng nội dung không phải Excel`);
  if (isZip) await readXlsxSheetRows(buffer, onRow, options);
  else readCsvRows(buffer, fileName, onRow);
}
