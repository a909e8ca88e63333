/**
 * The rows of one worksheet of an .xlsx file, read fast: the zip is opened with yauzl, each needed part is inflated
 * with node:zlib and its XML scanned by a small hand-written scanner (no DOM, no general XML parser), and the sheet
 * is streamed row by row to a callback, so a file of 100,000 rows is never held as objects all at once.
 *
 * Cell values are the file's raw values: text (shared, inline or a formula's text result), numbers, booleans, the
 * text of an error ("#N/A"), an ISO date text for the rare `t="d"` cell, or null. Styles are not read, so a date is
 * the number Excel stores (days since 1899-12-30, or since 1904-01-01 when `date1904`). Formulas give their cached
 * result; a formula without one (a file written by a program and never opened in Excel) is refused, not read as an
 * empty cell. Nothing here knows Vietnamese or members: errors are `XlsxError`s for the caller to word.
 *
 * A file is untrusted: the reading is linear in the size of what it inflates, and every quantity has a hard limit
 * (`XLSX_LIMITS`: Excel's own for a cell, the columns and the rows; caps on the inflated size of each part, on one
 * cell's or one tag's XML, on the number of parts and on the time), past which it stops at once with an XlsxError
 * of kind 'limit'. Nothing waits for an end that may never come: bytes not yet usable are kept as a list of pieces,
 * never joined piece by piece, and the sheet is scanned one cell at a time.
 */
import { SheetScanner, formulaError } from './sheet';
import {
  type ReadXlsxOptions,
  XlsxError,
  type XlsxLimits,
  type XlsxReadResult,
  type XlsxRow,
  corrupt,
  XLSX_LIMITS,
} from './types';
import { SharedStringsHandler, chooseSheet, openWorkbook } from './workbook';
import { type Reading, handlerReader, partKey, pastTime, scanEntry } from './zip';

export const DEFAULT_CHUNK = 256 * 1024;

/**
 * Streams the rows of one worksheet of the .xlsx in `buffer` to `onRow` (see `chooseSheet`); rows without any
 * value are left out. Throws an XlsxError when the file is not a readable .xlsx or has no worksheet to read; an
 * error thrown by `onRow` stops the reading and comes out as it is.
 */
export async function readXlsxRows(
  buffer: Buffer,
  onRow: (row: XlsxRow) => void,
  options: ReadXlsxOptions = {},
): Promise<XlsxReadResult> {
  const limits: XlsxLimits = { ...XLSX_LIMITS, ...options.limits };
  const reading: Reading = {
    chunkSize: Math.max(1, options.chunkSize ?? DEFAULT_CHUNK),
    limits,
    workedMs: 0,
    resumedAt: performance.now(),
  };
  const workbook = await openWorkbook(buffer, reading);
  const { zip } = workbook;
  try {
    const sheet = chooseSheet(workbook.sheets, options);
    if (!sheet) throw new XlsxError('no_sheet', 'the workbook has no worksheet to read');
    const sheetEntry = zip.entries.get(partKey(sheet.path!));
    if (!sheetEntry) throw corrupt(`the part of sheet "${sheet.name}" (${sheet.path}) is missing`);
    const stringsEntry = workbook.sharedStringsPart
      ? zip.entries.get(partKey(workbook.sharedStringsPart))
      : undefined;
    const strings = new SharedStringsHandler(limits.cellChars);
    if (stringsEntry) {
      const reader = handlerReader(strings, stringsEntry.fileName, limits);
      await scanEntry(zip, stringsEntry, reader, reading, 'sharedStringsBytes');
    }
    const scanner = new SheetScanner(sheetEntry.fileName, strings, onRow, limits, () => pastTime(reading));
    await scanEntry(zip, sheetEntry, scanner, reading, 'sheetBytes');
    if (scanner.formulas.length > 0) throw formulaError(scanner.formulas);
    return { sheet: sheet.name, date1904: workbook.date1904, rows: scanner.rows };
  } finally {
    zip.file.close();
  }
}

export {
  columnName,
  XLSX_LIMITS,
  XlsxError,
  type ReadXlsxOptions,
  type XlsxCell,
  type XlsxFormulaCell,
  type XlsxLimitDetail,
  type XlsxLimits,
  type XlsxReadResult,
  type XlsxRow,
  type XlsxSheet,
} from './types';
export { chooseSheet } from './workbook';
