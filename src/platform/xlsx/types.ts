/** The .xlsx reader's shared vocabulary: cell and row types, its limits, its errors, Excel's column names. */

export type XlsxCell = string | number | boolean | null;

/** A row as the file holds it: `rowNumber` is the row a person sees in Excel (1 = the first); `cells[0]` is column A. */
export interface XlsxRow {
  rowNumber: number;
  cells: XlsxCell[];
}

export interface XlsxSheet {
  name: string;
  /** 'visible', 'hidden' or 'veryHidden'. */
  state: string;
  /** The part holding the sheet, e.g. "xl/worksheets/sheet1.xml"; null when the workbook does not say. */
  path: string | null;
  /** False for a chart sheet (or a part of another kind): it has no cells. */
  isWorksheet: boolean;
}

/** The hard limits of the reader; past any of them the file is refused at once. */
export interface XlsxLimits {
  /** Characters in one cell: Excel's own limit. */
  cellChars: number;
  /** Columns of a sheet, A to XFD: Excel's own. */
  columns: number;
  /** Rows of a sheet: Excel's own. */
  rows: number;
  /** Inflated bytes of the worksheet's part (100,000 member rows take 45–55 MB). */
  sheetBytes: number;
  /** Inflated bytes of the shared strings' part, held in memory while the sheet is read (100,000 rows: 8 MB). */
  sharedStringsBytes: number;
  /** Inflated bytes of any other part read: the workbook and its relationships. */
  partBytes: number;
  /** Bytes of one cell's XML, or of one tag, comment or text between tags, kept while waiting for its end. */
  elementBytes: number;
  /** Files in the zip. */
  entries: number;
  /**
   * Milliseconds the reading works, the caller's `onRow` included (not the time it waits for the inflating or for
   * other work of the process).
   */
  timeMs: number;
}

export const MiB = 2 ** 20;

export const XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  cellChars: 32_767,
  columns: 16_384,
  rows: 1_048_576,
  sheetBytes: 256 * MiB,
  sharedStringsBytes: 128 * MiB,
  partBytes: 16 * MiB,
  elementBytes: 8 * MiB,
  entries: 10_000,
  timeMs: 30_000,
});

export interface ReadXlsxOptions {
  /** The sheet to read, by name; when the file has none so named, the first visible sheet is read. */
  sheet?: string;
  /** Sheets never read unless asked for by `sheet` (a template's guide or lists). */
  skipSheets?: readonly string[];
  /** Size of the inflated pieces the scanner sees, in bytes (tests make it tiny to split everything). */
  chunkSize?: number;
  /** Limits other than `XLSX_LIMITS` (tests make them small). */
  limits?: Partial<XlsxLimits>;
}

export interface XlsxReadResult {
  /** The name of the sheet that was read. */
  sheet: string;
  /** The workbook counts dates from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
  rows: number;
}

/** Which limit a file went past, and where: `max` is the limit in force; a cell is named as Excel names it ("B7"). */
export type XlsxLimitDetail =
  | { limit: 'cellChars'; max: number; cell?: string }
  | { limit: 'columns'; max: number; cell: string; row: number }
  | { limit: 'rows'; max: number; row: number }
  | { limit: 'sheetBytes' | 'sharedStringsBytes' | 'partBytes' | 'elementBytes'; max: number; part: string }
  | { limit: 'entries'; max: number }
  | { limit: 'timeMs'; max: number };

/** A cell holding a formula and no result of it. */
export interface XlsxFormulaCell {
  /** "C5". */
  cell: string;
  row: number;
  /** Counted from 0 (A = 0). */
  column: number;
  /** The formula's text without "=", cut to 100 characters. */
  formula: string;
}

/**
 * Why a file could not be read: not a readable .xlsx at all ('corrupt'), a workbook without a worksheet to read
 * ('no_sheet'), past a limit ('limit', with `limit`), or cells holding formulas without a result ('formula', with
 * `formulas`: the first ones found, up to 20).
 */
export class XlsxError extends Error {
  readonly limit?: XlsxLimitDetail;
  readonly formulas?: readonly XlsxFormulaCell[];
  constructor(
    readonly kind: 'corrupt' | 'no_sheet' | 'limit' | 'formula',
    message: string,
    options?: { cause?: unknown; limit?: XlsxLimitDetail; formulas?: readonly XlsxFormulaCell[] },
  ) {
    super(message, options);
    this.name = 'XlsxError';
    this.limit = options?.limit;
    this.formulas = options?.formulas;
  }
}

export const pastLimit = (limit: XlsxLimitDetail) =>
  new XlsxError('limit', `past the limit ${limit.limit} (${limit.max}): ${JSON.stringify(limit)}`, { limit });

/** The name Excel gives column `index` (counted from 0): A, Z, AA, XFD. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export const corrupt = (message: string, cause?: unknown) =>
  new XlsxError('corrupt', cause instanceof Error ? `${message}: ${cause.message}` : message, { cause });
