/**
 * Rows of a spreadsheet file, whatever it holds: an .xlsx read with exceljs' streaming reader (100,000 rows without
 * holding the workbook in memory), or CSV text in UTF-8 (with or without BOM; comma, semicolon or tab). Cell values
 * are turned into text and dates the way Vietnamese registers write them. No knowledge of members here.
 */
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { AppError } from '../../../platform/errors';
import { excelSerialToIso, parseDate } from '../../../lib/dates';
import { parseCsv } from '../../organisation/services/unit-file';

export type RawCell = ExcelJS.CellValue;
/** A row as the file holds it; `rowNumber` is the row a person sees in Excel (1 = the first). */
export interface RawRow {
  rowNumber: number;
  cells: readonly RawCell[];
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
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  if ('text' in value) return cellText(value.text);
  return '';
}

/** A date from a dd/mm/yyyy text, an Excel date cell or an Excel serial number; the raw text when unreadable. */
export function cellDate(value: RawCell | undefined): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' && value > 0 && value < 2_958_466) return excelSerialToIso(value);
  if (value !== null && typeof value === 'object' && 'result' in value) return cellDate(value.result);
  const text = cellText(value);
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
// .xlsx, streamed

/**
 * exceljs 4.4's streaming reader decodes each chunk of the unzipped XML on its own, so a Vietnamese letter (2–3
 * bytes in UTF-8) split across two chunks comes out as "\uFFFD" — about one name in 5,000. It passes strings
 * through untouched, so the worksheet and shared-strings streams are decoded here, with a decoder that keeps a split
 * letter for the next chunk. (The two parse methods are private; the members' 100,000-row test guards this.)
 */
type PatchableReader = {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
};

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function decodeWholeLetters(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const patchable = reader as unknown as PatchableReader;
  const parseWorksheet = patchable._parseWorksheet.bind(reader);
  const parseSharedStrings = patchable._parseSharedStrings.bind(reader);
  patchable._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeUtf8(iterator), sheetNo);
  patchable._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding('utf8'));
}

/**
 * Streams the rows of the first worksheet not named in `skipSheets` to `onRow`. Styles are ignored (fast, light on
 * memory), so dates come as Excel serial numbers: read them with `cellDate`.
 */
export async function readXlsxRows(
  buffer: Buffer,
  onRow: (row: RawRow) => void,
  skipSheets: readonly string[] = [],
): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeWholeLetters(reader);
  let read = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name;
      if (read || (name !== undefined && skipSheets.includes(name))) continue;
      read = true;
      for await (const row of worksheet)
        onRow({ rowNumber: row.number, cells: (row.values as RawCell[]).slice(1) });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badFile('tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở trong Excel và lưu lại');
  }
  if (!read) throw badFile('tệp Excel không có trang tính nào');
}

// -------------------------------------------------------------------------------------------------------------
// CSV

function decodeText(buffer: Buffer): string | null {
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

/** The most frequent of comma, semicolon and tab in the first line, outside quotes. */
function detectDelimiter(text: string): string {
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

/**
 * Sends every row of an .xlsx or CSV file to `onRow`, telling the two apart by their content; refuses an empty
 * file, an Excel 97–2003 file and a file named .xlsx that is not one.
 */
export async function readSheetRows(
  buffer: Buffer,
  fileName: string,
  onRow: (row: RawRow) => void,
  skipSheets: readonly string[] = [],
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
  if (isZip) await readXlsxRows(buffer, onRow, skipSheets);
  else readCsvRows(buffer, fileName, onRow);
}
