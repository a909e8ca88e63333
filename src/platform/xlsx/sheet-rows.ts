/**
 * Rows of a spreadsheet file, whatever it holds: an .xlsx read with the fast reader of xlsx-rows.ts (streamed row
 * by row, 100,000 rows without holding the workbook), or CSV text in UTF-8 (with or without BOM; comma, semicolon
 * or tab). Cell values are turned into text and dates the way Vietnamese registers write them. Both the members'
 * and the units' imports read their files here; neither's columns are known here.
 *
 * Both kinds of file are held to Excel's own limits (32.767 characters a cell, 16.384 columns, 1.048.576 rows) and
 * an .xlsx to the reader's caps on size and time (`XLSX_LIMITS`); past any, the file is refused at once with an
 * `import_bad_file` naming the cell, row or part. So is an .xlsx cell holding a formula without a result.
 */
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AppError, type Problem } from '../errors';
import { excelSerialToIso, parseDate } from '../../lib/dates';
import {
  columnName,
  readXlsxRows,
  XLSX_LIMITS,
  XlsxError,
  type XlsxCell,
  type XlsxFormulaCell,
  type XlsxLimitDetail,
  type XlsxLimits,
} from './rows';

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
  /** Limits other than `XLSX_LIMITS` (tests make them small); a CSV file is held to the cells, columns and rows. */
  limits?: Partial<XlsxLimits>;
}

export function badFile(reason: string, problems: Problem[] = []): AppError {
  return new AppError('import_bad_file', { reason }, problems);
}

const count = (n: number) => n.toLocaleString('vi-VN');
const bytes = (n: number) => (n >= 2 ** 20 ? `${count(Math.round(n / 2 ** 20))} MB` : `${count(n)} byte`);

/** Why a file past a limit is refused, in words: which limit, where. */
export function limitReason(limit: XlsxLimitDetail): string {
  switch (limit.limit) {
    case 'cellChars':
      return `${limit.cell ? `ô ${limit.cell}` : 'một ô'} có hơn ${count(limit.max)} ký tự, quá giới hạn một ô của Excel`;
    case 'columns':
      return (
        `ô ${limit.cell} (dòng ${count(limit.row)}) nằm ngoài ${count(limit.max)} cột mà Excel cho phép ` +
        `(cột cuối cùng là ${columnName(limit.max - 1)})`
      );
    case 'rows':
      return `trang tính có dòng ${count(limit.row)}, quá ${count(limit.max)} dòng mà Excel cho phép`;
    case 'sheetBytes':
    case 'sharedStringsBytes':
    case 'partBytes':
      return (
        `nội dung của tệp khi giải nén quá lớn (phần "${limit.part}" hơn ${bytes(limit.max)}); ` +
        'hãy chia danh sách thành nhiều tệp nhỏ hơn'
      );
    case 'elementBytes':
      return `phần "${limit.part}" của tệp có một thẻ hoặc đoạn văn bản dài hơn ${bytes(limit.max)}`;
    case 'entries':
      return `tệp nén chứa hơn ${count(limit.max)} tệp con, không phải một tệp Excel thông thường`;
    case 'timeMs':
      return `đọc tệp mất quá ${count(limit.max / 1000)} giây; hãy chia danh sách thành nhiều tệp nhỏ hơn`;
  }
}

/** The refusal of cells holding a formula without a result: the first named in the reason, each one a problem. */
export function formulaRefusal(cells: readonly XlsxFormulaCell[]): AppError {
  const shown = (c: XlsxFormulaCell) => (c.formula ? ` =${c.formula}` : '');
  const fix = 'hãy mở tệp bằng Excel và lưu lại rồi tải lên, hoặc thay công thức bằng giá trị';
  const first = cells[0]!;
  const reason =
    cells.length === 1
      ? `ô ${first.cell} chứa công thức${shown(first)} nhưng tệp không lưu kết quả của nó; ${fix}`
      : `${cells.length >= 20 ? 'từ 20' : cells.length} ô chứa công thức mà tệp không lưu kết quả ` +
        `(${cells.map((c) => c.cell).join(', ')}${cells.length >= 20 ? ', …' : ''}); ${fix}`;
  return badFile(
    reason,
    cells.map((c) => ({
      field: `dòng ${c.row}`,
      message: `Ô ${c.cell} (cột ${columnName(c.column)}) chứa công thức${shown(c)} nhưng chưa có kết quả.`,
    })),
  );
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
    if (error instanceof XlsxError && error.limit) throw badFile(limitReason(error.limit));
    if (error instanceof XlsxError && error.formulas) throw formulaRefusal(error.formulas);
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

type CsvLimits = Pick<XlsxLimits, 'cellChars' | 'columns' | 'rows'>;

/** What csv-parse reports of where it stopped (its CsvError). */
interface CsvStop {
  code?: string;
  lines?: number;
  records?: number;
  column?: number | string;
}

/**
 * Splits CSV text into records with csv-parse (RFC 4180: quoted fields may hold the delimiter, line breaks and
 * doubled quotes; a quote inside an unquoted field is text). Refuses a field, a record or a file past Excel's limits
 * as soon as the parser reaches it (a cell is named as Excel would name it once the file is opened).
 */
export function parseCsv(text: string, delimiter: string, limits: CsvLimits = XLSX_LIMITS): string[][] {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      // Line ends as any program writes them, even mixed in one file.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      max_record_size: limits.cellChars,
      // One record past the limit is enough to refuse the file.
      to: limits.rows + 1,
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const stop = error as CsvStop;
    const row = (stop.records ?? 0) + 1;
    if (stop.code === 'CSV_MAX_RECORD_SIZE')
      throw badFile(
        limitReason({
          limit: 'cellChars',
          max: limits.cellChars,
          cell: `${columnName(typeof stop.column === 'number' ? stop.column : 0)}${row}`,
        }),
      );
    if (stop.code === 'CSV_QUOTE_NOT_CLOSED')
      throw badFile(`dấu ngoặc kép mở ở dòng ${stop.lines ?? row} chưa được đóng`);
    throw badFile(`tệp CSV không đọc được ở dòng ${stop.lines ?? row}`);
  }
  if (records.length > limits.rows)
    throw badFile(limitReason({ limit: 'rows', max: limits.rows, row: limits.rows + 1 }));
  records.forEach((record, i) => {
    const row = i + 1;
    if (record.length > limits.columns)
      throw badFile(
        limitReason({
          limit: 'columns',
          max: limits.columns,
          cell: `${columnName(limits.columns)}${row}`,
          row,
        }),
      );
    // max_record_size stops a long quoted field early; an unquoted one is measured here.
    const long = record.findIndex((field) => field.length > limits.cellChars);
    if (long >= 0)
      throw badFile(
        limitReason({ limit: 'cellChars', max: limits.cellChars, cell: `${columnName(long)}${row}` }),
      );
  });
  return records;
}

/** Sends the rows of a CSV file to `onRow`; refuses text that is not UTF-8 (or UTF-16 with BOM). */
export function readCsvRows(
  buffer: Buffer,
  fileName: string,
  onRow: (row: RawRow) => void,
  limits: Partial<CsvLimits> = {},
): void {
  const text = decodeText(buffer);
  if (text === null) {
    throw badFile(
      ['.csv', '.txt'].includes(extname(fileName).toLowerCase())
        ? 'tệp CSV phải được lưu bằng bảng mã UTF-8 (trong Excel: Lưu thành → "CSV UTF-8 (phân cách bằng dấu phẩy)")'
        : 'đây không phải tệp Excel (.xlsx) hay CSV; hãy dùng tệp mẫu tải từ hệ thống',
    );
  }
  parseCsv(text, detectDelimiter(text), { ...XLSX_LIMITS, ...limits }).forEach((cells, i) =>
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
  else readCsvRows(buffer, fileName, onRow, options.limits);
}
