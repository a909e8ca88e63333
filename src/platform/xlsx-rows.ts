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
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';

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
  /** Milliseconds of reading, the caller's `onRow` included. */
  timeMs: number;
}

const MiB = 2 ** 20;

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

const pastLimit = (limit: XlsxLimitDetail) =>
  new XlsxError('limit', `past the limit ${limit.limit} (${limit.max}): ${JSON.stringify(limit)}`, { limit });

/** The name Excel gives column `index` (counted from 0): A, Z, AA, XFD. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const corrupt = (message: string, cause?: unknown) =>
  new XlsxError('corrupt', cause instanceof Error ? `${message}: ${cause.message}` : message, { cause });

// -------------------------------------------------------------------------------------------------------------
// XML scanning

/**
 * What the scanner reports. Names are local (a prefix such as "x:" is dropped); a self-closing tag is reported as
 * `open` then `close`. Text is handed over raw (entities not decoded) and only while `collecting` is true.
 */
interface XmlHandler {
  collecting: boolean;
  open(name: string, source: string, attrStart: number, attrEnd: number): void;
  close(name: string): void;
  text(raw: string, isCdata: boolean): void;
  /** The error when the text or tag left for the next piece grows past `limits.elementBytes` (default: that limit). */
  tooLong?(): XlsxError | undefined;
}

function isNameEnd(code: number): boolean {
  // space, tab, LF, CR, '>', '/'
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 62 || code === 47;
}

function localName(source: string, start: number, end: number): string {
  let from = start;
  for (let i = start; i < end; i += 1) if (source.charCodeAt(i) === 58 /* : */) from = i + 1;
  return source.slice(from, end);
}

/**
 * Scans the XML text `source`, reporting tags and text to `handler`; returns the position of the first character it
 * could not yet use (a tag cut by the end of the piece, or text not yet ended by a tag): the caller puts it before
 * the next piece. With `final`, everything is used.
 */
function scanXml(source: string, handler: XmlHandler, final: boolean): number {
  const length = source.length;
  let pos = 0;
  while (pos < length) {
    const lt = source.indexOf('<', pos);
    if (lt < 0) return final ? length : pos;
    if (lt > pos && handler.collecting) handler.text(source.slice(pos, lt), false);
    const next = source.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      // A comment, CDATA section, DOCTYPE or processing instruction.
      const cdata = source.startsWith('<![CDATA[', lt);
      const terminator = cdata ? ']]>' : source.startsWith('<!--', lt) ? '-->' : '>';
      const end = source.indexOf(terminator, lt + 2);
      if (end < 0) return final ? length : lt;
      if (cdata && handler.collecting) handler.text(source.slice(lt + 9, end), true);
      pos = end + terminator.length;
      continue;
    }
    if (next === 47 /* / */) {
      const gt = source.indexOf('>', lt + 2);
      if (gt < 0) return final ? length : lt;
      let nameEnd = lt + 2;
      while (nameEnd < gt && !isNameEnd(source.charCodeAt(nameEnd))) nameEnd += 1;
      handler.close(localName(source, lt + 2, nameEnd));
      pos = gt + 1;
      continue;
    }
    let nameEnd = lt + 1;
    while (nameEnd < length && !isNameEnd(source.charCodeAt(nameEnd))) nameEnd += 1;
    // The end of the tag: the first '>' outside quotes (an attribute value may hold '>').
    let gt = nameEnd;
    let quote = 0;
    for (; gt < length; gt += 1) {
      const code = source.charCodeAt(gt);
      if (quote !== 0) {
        if (code === quote) quote = 0;
      } else if (code === 62 /* > */) break;
      else if (code === 34 || code === 39) quote = code;
    }
    if (gt >= length) return final ? length : lt;
    const selfClosing = source.charCodeAt(gt - 1) === 47;
    const name = localName(source, lt + 1, nameEnd);
    handler.open(name, source, nameEnd, selfClosing ? gt - 1 : gt);
    if (selfClosing) handler.close(name);
    pos = gt + 1;
  }
  return length;
}

/** The value of attribute `name` (compared without its prefix) in `source[start, end)`, entities decoded. */
function attribute(source: string, start: number, end: number, name: string): string | undefined {
  let i = start;
  while (i < end) {
    const eq = source.indexOf('=', i);
    if (eq < 0 || eq >= end) return undefined;
    let nameStart = eq - 1;
    while (nameStart >= i && isSpace(source.charCodeAt(nameStart))) nameStart -= 1;
    const nameEnd = nameStart + 1;
    while (nameStart >= i && !isSpace(source.charCodeAt(nameStart))) nameStart -= 1;
    let q = eq + 1;
    while (q < end && isSpace(source.charCodeAt(q))) q += 1;
    const quote = source[q];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = source.indexOf(quote, q + 1);
    if (close < 0) return undefined;
    if (localName(source, nameStart + 1, nameEnd) === name) return decodeXml(source.slice(q + 1, close));
    i = close + 1;
  }
  return undefined;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces the five XML entities and numeric character references (&#233; &#xE9;). */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Excel writes characters XML cannot hold as _xHHHH_ (a line break's CR is _x000D_, an underscore before x _x005F_). */
function decodeExcelEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// -------------------------------------------------------------------------------------------------------------
// Handlers for the parts of a workbook

/**
 * The shared strings. One longer than `maxChars` (which Excel cannot make) is kept as "" with its index in
 * `overLimit`, and its text is no longer gathered: the sheet refuses the cell that uses it, naming that cell.
 */
class SharedStringsHandler implements XmlHandler {
  collecting = false;
  readonly strings: string[] = [];
  readonly overLimit = new Set<number>();
  private current = '';
  private inItem = false;
  private phonetic = 0;

  constructor(private readonly maxChars: number) {}

  open(name: string): void {
    if (name === 'si') {
      this.inItem = true;
      this.current = '';
    } else if (name === 't') this.collecting = this.inItem && this.phonetic === 0;
    else if (name === 'rPh') this.phonetic += 1;
  }

  close(name: string): void {
    if (name === 't') this.collecting = false;
    else if (name === 'rPh') this.phonetic -= 1;
    else if (name === 'si' && this.inItem) {
      const text = decodeExcelEscapes(this.current);
      if (text.length > this.maxChars || this.current.length > this.maxChars * ESCAPE_LENGTH) {
        this.overLimit.add(this.strings.length);
        this.strings.push('');
      } else this.strings.push(text);
      this.current = '';
      this.inItem = false;
    }
  }

  text(raw: string, isCdata: boolean): void {
    // Past the limit even if every character were an _xHHHH_ escape: the string is too long, gather no more.
    if (this.current.length > this.maxChars * ESCAPE_LENGTH) return;
    this.current += isCdata ? raw : decodeXml(raw);
  }

  tooLong(): XlsxError | undefined {
    // A text too long to be kept whole is a cell's text too long for Excel (its cell is not known yet).
    return this.collecting ? pastLimit({ limit: 'cellChars', max: this.maxChars }) : undefined;
  }
}

/** The length of "_x000D_", the longest way Excel writes one character. */
const ESCAPE_LENGTH = 7;

interface SheetEntry {
  name: string;
  state: string;
  relationId: string | undefined;
}

class WorkbookHandler implements XmlHandler {
  collecting = false;
  readonly sheets: SheetEntry[] = [];
  date1904 = false;

  open(name: string, source: string, start: number, end: number): void {
    if (name === 'sheet') {
      this.sheets.push({
        name: attribute(source, start, end, 'name') ?? '',
        state: attribute(source, start, end, 'state') ?? 'visible',
        relationId: attribute(source, start, end, 'id'),
      });
    } else if (name === 'workbookPr') {
      const value = attribute(source, start, end, 'date1904');
      this.date1904 = value === '1' || value === 'true';
    }
  }

  close(): void {}
  text(): void {}
}

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

class RelationshipsHandler implements XmlHandler {
  collecting = false;
  readonly relationships: Relationship[] = [];

  open(name: string, source: string, start: number, end: number): void {
    if (name !== 'Relationship') return;
    this.relationships.push({
      id: attribute(source, start, end, 'Id') ?? '',
      type: attribute(source, start, end, 'Type') ?? '',
      target: attribute(source, start, end, 'Target') ?? '',
      external: attribute(source, start, end, 'TargetMode') === 'External',
    });
  }

  close(): void {}
  text(): void {}
}

/** What a cell's `t` attribute says its value is. */
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STRING = 2;
const T_INLINE = 3;
const T_BOOLEAN = 4;
const T_ERROR = 5;
const T_DATE = 6;

function cellType(source: string, start: number, end: number): number {
  const first = source.charCodeAt(start);
  switch (end - start) {
    case 1:
      return first === 115 /* s */
        ? T_SHARED
        : first === 98 /* b */
          ? T_BOOLEAN
          : first === 101 /* e */
            ? T_ERROR
            : first === 100 /* d */
              ? T_DATE
              : T_NUMBER;
    case 3:
      return first === 115 /* str */ ? T_STRING : T_NUMBER;
    case 9:
      return first === 105 /* inlineStr */ ? T_INLINE : T_NUMBER;
    default:
      return T_NUMBER;
  }
}

/** The column of a reference like "AB12" (counted from 0), read in place; -1 when it starts with no letter. */
function columnAt(source: string, start: number, end: number): number {
  let column = 0;
  for (let i = start; i < end; i += 1) {
    const code = source.charCodeAt(i) | 0x20; // lower case
    if (code < 97 || code > 122) break;
    column = column * 26 + (code - 96);
  }
  return column - 1;
}

/** Whether the tag whose name starts at `at` (just after "<" or "</") is `prefix` + `name`. */
function tagIs(source: string, at: number, prefix: string, name: string): boolean {
  for (let k = 0; k < prefix.length; k += 1)
    if (source.charCodeAt(at + k) !== prefix.charCodeAt(k)) return false;
  const from = at + prefix.length;
  for (let k = 0; k < name.length; k += 1)
    if (source.charCodeAt(from + k) !== name.charCodeAt(k)) return false;
  return isNameEnd(source.charCodeAt(from + name.length));
}

/** The position of the '>' ending the tag that starts at `lt`, quotes respected; -1 when it does not end before `end`. */
function tagEnd(source: string, lt: number, end = source.length): number {
  let quote = 0;
  for (let i = lt + 1; i < end; i += 1) {
    const code = source.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 62 /* > */) return i;
    else if (code === 34 || code === 39) quote = code;
  }
  return -1;
}

/**
 * The position after the element starting at `lt` (its whole content when not self-closing), or -1 when it does
 * not end before `end`. (An element holding another of its own name ends at the first close of that name: only
 * elements the reader does not use are skipped, and Excel writes none such.)
 */
function elementEnd(source: string, lt: number, end: number): number {
  const next = source.charCodeAt(lt + 1);
  if (next === 33 /* ! */ || next === 63 /* ? */) {
    const terminator = source.startsWith('<!--', lt)
      ? '-->'
      : source.startsWith('<![CDATA[', lt)
        ? ']]>'
        : '>';
    const stop = source.indexOf(terminator, lt + 2);
    return stop < 0 || stop + terminator.length > end ? -1 : stop + terminator.length;
  }
  const gt = tagEnd(source, lt, end);
  if (gt < 0) return -1;
  if (next === 47 /* / */ || source.charCodeAt(gt - 1) === 47) return gt + 1;
  let nameEnd = lt + 1;
  while (nameEnd < gt && !isNameEnd(source.charCodeAt(nameEnd))) nameEnd += 1;
  const close = source.indexOf(`</${source.slice(lt + 1, nameEnd)}`, gt);
  if (close < 0 || close >= end) return -1;
  const closeEnd = source.indexOf('>', close);
  return closeEnd < 0 || closeEnd >= end ? -1 : closeEnd + 1;
}

/** The position after the element starting at `lt`, or `end` when it does not end before. */
function skipElement(source: string, lt: number, end: number): number {
  const after = elementEnd(source, lt, end);
  return after < 0 ? end : after;
}

/** Formula cells without a result reported at most; past the first, rows are no longer sent. */
const MAX_FORMULAS = 20;

/**
 * Reads <sheetData>: <row r>, <c r t>, <v>, <is><t>, <f> (a cell without `r` takes the next column, a row without
 * `r` the next row), sending each row that holds a value to `onRow`. It is fed the sheet's XML piece by piece and
 * reads whole cells only: what it leaves of a piece is the cell (or tag) that the piece cut, never more, so a cell
 * too long is seen as soon as it passes `limits.elementBytes`. Rows and columns past Excel's last, cells past
 * `limits.cellChars` and formulas without a result stop it. (A value in a CDATA section, which Excel never writes
 * in a sheet, is not read.)
 */
class SheetScanner implements XmlReader {
  rows = 0;
  /** 0: before <sheetData>, 1: inside, 2: after. */
  private state = 0;
  /** The namespace prefix of the sheet's tags with its colon ("x:"), usually "". */
  private prefix = '';
  private rowNumber = 0;
  private cells: XlsxCell[] | null = null;
  private column = -1;
  private inlineText = '';
  /** Where the `r` of the cell being read is in `referenceSource`; -1 when it has none. */
  private referenceSource = '';
  private referenceStart = -1;
  private referenceEnd = -1;
  private readonly maxColumns: number;
  private readonly maxChars: number;
  /** The cells holding a formula without a result, in the order found. */
  readonly formulas: XlsxFormulaCell[] = [];

  constructor(
    private readonly part: string,
    private readonly strings: SharedStringsHandler,
    private readonly onRow: (row: XlsxRow) => void,
    private readonly limits: XlsxLimits,
    /** The time by which the reading must have ended (checked every 256 rows: `onRow` may be slow). */
    private readonly deadline: number,
  ) {
    this.maxColumns = limits.columns;
    this.maxChars = limits.cellChars;
  }

  get done(): boolean {
    return this.state === 2;
  }

  /** Reads what it can of `source`; returns the position of the first character left for the next piece. */
  feed(source: string, final: boolean): number {
    let pos = 0;
    if (this.state === 0) {
      pos = this.openSheetData(source);
      if (pos < 0) return final ? source.length : -pos - 1;
    }
    if (this.state === 1) pos = this.readRows(source, pos, final);
    if (this.state === 2 || final) {
      this.endRow();
      this.state = 2;
      return source.length;
    }
    return pos;
  }

  /** The error when what is left for the next piece grows too long: a cell too long, or else a tag. */
  tooLong(head: string): XlsxError {
    const prefix = this.prefix;
    if (head.charCodeAt(0) === 60 /* < */ && tagIs(head, 1, prefix, 'c')) {
      const gt = tagEnd(head, 0);
      const reference = attribute(head, 2 + prefix.length, gt < 0 ? head.length : gt, 'r');
      if (reference === undefined) this.column += 1;
      this.referenceSource = reference ?? '';
      this.referenceStart = reference === undefined ? -1 : 0;
      this.referenceEnd = this.referenceSource.length;
      return pastLimit({ limit: 'cellChars', max: this.limits.cellChars, cell: this.cellName() });
    }
    return pastLimit({ limit: 'elementBytes', max: this.limits.elementBytes, part: this.part.slice(0, 100) });
  }

  /** Finds <sheetData>: the position after it, or -(position to keep from) - 1 when it is not (whole) there. */
  private openSheetData(source: string): number {
    let from = 0;
    for (;;) {
      const at = source.indexOf('sheetData', from);
      if (at < 0) return -Math.max(0, source.length - 64) - 1;
      const lt = source.lastIndexOf('<', at);
      const name = lt < 0 ? '' : source.slice(lt + 1, at);
      if (
        lt >= 0 &&
        /^[\w.-]*:?$/.test(name) &&
        !name.startsWith('/') &&
        isNameEnd(source.charCodeAt(at + 9))
      ) {
        const gt = tagEnd(source, lt);
        if (gt < 0) return -lt - 1;
        this.prefix = name;
        this.state = source.charCodeAt(gt - 1) === 47 ? 2 : 1;
        return gt + 1;
      }
      from = at + 9;
    }
  }

  private endRow(): void {
    const cells = this.cells;
    this.cells = null;
    // Once a formula without a result is found, the file is refused: its rows go no further.
    if (cells !== null && cells.length > 0 && this.formulas.length === 0) {
      this.rows += 1;
      this.onRow({ rowNumber: this.rowNumber, cells });
      if ((this.rows & 255) === 0 && performance.now() > this.deadline)
        throw pastLimit({ limit: 'timeMs', max: this.limits.timeMs });
    }
  }

  /** Reads the rows and cells of `source` from `start`; returns the position of the first one not whole in it. */
  private readRows(source: string, start: number, final: boolean): number {
    const prefix = this.prefix;
    const length = source.length;
    let pos = start;
    while (pos < length) {
      const lt = source.indexOf('<', pos);
      if (lt < 0) return length;
      const next = source.charCodeAt(lt + 1);
      if (
        next === 99 /* c */
          ? isNameEnd(source.charCodeAt(lt + 2)) && prefix === ''
          : tagIs(source, lt + 1, prefix, 'c')
      ) {
        const after = this.readCell(source, lt + 2 + prefix.length);
        if (after < 0) return final ? length : lt;
        pos = after;
      } else if (next === 47 /* / */) {
        const gt = source.indexOf('>', lt);
        if (gt < 0) return final ? length : lt;
        if (tagIs(source, lt + 2, prefix, 'row')) this.endRow();
        else if (tagIs(source, lt + 2, prefix, 'sheetData')) {
          this.state = 2;
          return length;
        }
        pos = gt + 1;
      } else if (tagIs(source, lt + 1, prefix, 'row')) {
        const gt = tagEnd(source, lt);
        if (gt < 0) return final ? length : lt;
        this.endRow();
        const selfClosing = source.charCodeAt(gt - 1) === 47;
        const reference = attribute(source, lt + 4 + prefix.length, selfClosing ? gt - 1 : gt, 'r');
        const number = reference === undefined ? NaN : Number(reference);
        this.rowNumber = Number.isInteger(number) && number > 0 ? number : this.rowNumber + 1;
        if (this.rowNumber > this.limits.rows)
          throw pastLimit({ limit: 'rows', max: this.limits.rows, row: this.rowNumber });
        this.column = -1;
        if (!selfClosing) this.cells = [];
        pos = gt + 1;
      } else {
        const after = elementEnd(source, lt, length);
        if (after < 0) return final ? length : lt;
        pos = after;
      }
    }
    return length;
  }

  /** The name of the cell being read: its `r` as the file writes it ("B7", at most 20 characters), else its column and row. */
  private cellName(): string {
    return this.referenceStart >= 0
      ? this.referenceSource.slice(this.referenceStart, Math.min(this.referenceEnd, this.referenceStart + 20))
      : `${columnName(this.column)}${this.rowNumber}`;
  }

  /**
   * Reads the cell whose attributes start at `i`: the position after it, or -1 when it does not end in `source`
   * (nothing is kept of it then: it is read again, whole, with the next piece).
   */
  private readCell(source: string, i: number): number {
    const end = source.length;
    let column = -1;
    let referenceStart = -1;
    let referenceEnd = -1;
    let type = T_NUMBER;
    let closed = false;
    for (;;) {
      let code = source.charCodeAt(i);
      while (code === 32 || code === 9 || code === 10 || code === 13) code = source.charCodeAt(++i);
      if (i >= end) return -1;
      if (code === 62 /* > */) {
        i += 1;
        break;
      }
      if (code === 47 /* / */) {
        // <c r="B2" s="1"/>: a cell with a style and no value.
        const gt = source.indexOf('>', i);
        if (gt < 0) return -1;
        i = gt + 1;
        closed = true;
        break;
      }
      const nameStart = i;
      while (i < end && code !== 61 /* = */ && code !== 32 && code !== 9 && code !== 10 && code !== 13)
        code = source.charCodeAt(++i);
      const nameLength = i - nameStart;
      while (i < end && code !== 34 && code !== 39) code = source.charCodeAt(++i);
      const valueEnd = i < end ? source.indexOf(code === 34 ? '"' : "'", i + 1) : -1;
      if (valueEnd < 0) return -1;
      if (nameLength === 1) {
        const name = source.charCodeAt(nameStart);
        if (name === 114 /* r */) {
          column = columnAt(source, i + 1, valueEnd);
          referenceStart = i + 1;
          referenceEnd = valueEnd;
        } else if (name === 116 /* t */) type = cellType(source, i + 1, valueEnd);
      }
      i = valueEnd + 1;
    }

    const prefix = this.prefix;
    let raw: string | null = null;
    let inline = false;
    let formula: string | null = null;
    while (!closed) {
      const lt = source.indexOf('<', i);
      if (lt < 0 || lt + 1 >= end) return -1;
      const next = source.charCodeAt(lt + 1);
      if (next === 47 /* / */) {
        // </c>
        const gt = source.indexOf('>', lt);
        if (gt < 0) return -1;
        i = gt + 1;
        break;
      }
      if (
        next === 118 /* v */
          ? isNameEnd(source.charCodeAt(lt + 2)) && prefix === ''
          : tagIs(source, lt + 1, prefix, 'v')
      ) {
        const gt = source.indexOf('>', lt);
        if (gt < 0) return -1;
        if (source.charCodeAt(gt - 1) === 47) {
          raw = '';
          i = gt + 1;
          continue;
        }
        const close = source.indexOf('<', gt);
        const closeEnd = close < 0 ? -1 : source.indexOf('>', close);
        if (closeEnd < 0) return -1;
        raw = source.slice(gt + 1, close);
        i = closeEnd + 1;
      } else if (tagIs(source, lt + 1, prefix, 'is')) {
        inline = true;
        i = this.readInline(source, lt);
        if (i < 0) return -1;
      } else {
        if (tagIs(source, lt + 1, prefix, 'f')) formula = this.formulaText(source, lt);
        i = elementEnd(source, lt, end); // <f>, <extLst>…
        if (i < 0) return -1;
      }
    }

    // The whole cell is there: it is read.
    this.column = column >= 0 ? column : this.column + 1;
    // Where the cell's `r` is, to name it in an error (not cut out of the text for every cell).
    this.referenceSource = source;
    this.referenceStart = referenceStart;
    this.referenceEnd = referenceEnd;
    // A reference past column XFD would have the row padded with millions of empty cells.
    if (this.column >= this.maxColumns) throw this.pastColumns();
    if (closed) return i;
    // A formula never calculated (no <v>): its cell is not empty, the file must be saved by Excel first.
    if (formula !== null && raw === null && !inline) {
      this.formulaWithoutResult(formula);
      return i;
    }
    // An <is> is read when the cell says it is inline text, or says nothing.
    const value =
      inline && (type === T_INLINE || type === T_NUMBER) ? this.inlineValue() : this.cellValue(type, raw);
    const cells = this.cells;
    if (value !== null && cells !== null) {
      if (typeof value === 'string' && value.length > this.maxChars) throw this.cellTooLong();
      const at = this.column;
      while (cells.length < at) cells.push(null);
      cells[at] = value;
    }
    return i;
  }

  private pastColumns(): XlsxError {
    const { columns } = this.limits;
    return pastLimit({ limit: 'columns', max: columns, cell: this.cellName(), row: this.rowNumber });
  }

  private formulaWithoutResult(formula: string): void {
    this.formulas.push({ cell: this.cellName(), row: this.rowNumber, column: this.column, formula });
    if (this.formulas.length >= MAX_FORMULAS) throw formulaError(this.formulas);
  }

  /** The text of the cell's <is>, whatever its `t` says. */
  private inlineValue(): string {
    if (this.inlineText.length > this.maxChars * ESCAPE_LENGTH) throw this.cellTooLong();
    return decodeExcelEscapes(this.inlineText);
  }

  private cellTooLong(): XlsxError {
    return pastLimit({ limit: 'cellChars', max: this.limits.cellChars, cell: this.cellName() });
  }

  /** The text of the <f> element at `lt`, entities decoded, cut to 100 characters; "" when it is self-closing. */
  private formulaText(source: string, lt: number): string {
    const gt = tagEnd(source, lt);
    if (gt < 0 || source.charCodeAt(gt - 1) === 47) return '';
    const close = source.indexOf('<', gt);
    const text = source.slice(gt + 1, close < 0 ? source.length : Math.min(close, gt + 1 + 400));
    return decodeXml(text).slice(0, 100);
  }

  /**
   * Reads <is>: the text of its <t> runs (phonetic runs <rPh> left out) into `inlineText`, no more once it is too
   * long for a cell; returns the position after it, or -1 when it does not end in `source`.
   */
  private readInline(source: string, lt: number): number {
    const prefix = this.prefix;
    const closeTag = `</${prefix}is>`;
    const stop = source.indexOf(closeTag, lt);
    if (stop < 0) return -1;
    const limit = this.limits.cellChars * ESCAPE_LENGTH;
    let text = '';
    let i = lt + 1;
    for (;;) {
      const at = source.indexOf('<', i);
      if (at < 0 || at >= stop) break;
      if (tagIs(source, at + 1, prefix, 'rPh')) {
        i = skipElement(source, at, stop);
        continue;
      }
      const gt = tagEnd(source, at, stop);
      if (gt < 0) break;
      i = gt + 1;
      if (tagIs(source, at + 1, prefix, 't') && source.charCodeAt(gt - 1) !== 47) {
        const close = source.indexOf('<', i);
        if (close < 0 || close > stop) break;
        if (text.length <= limit) text += decodeXml(source.slice(i, close));
        i = close;
      }
    }
    this.inlineText = text;
    return stop + closeTag.length;
  }

  private cellValue(type: number, raw: string | null): XlsxCell {
    switch (type) {
      case T_SHARED: {
        if (raw === null || raw === '') return null;
        const index = Number(raw);
        const text = this.strings.strings[index];
        if (text === '' && this.strings.overLimit.has(index)) throw this.cellTooLong();
        return text ?? null;
      }
      case T_INLINE:
      case T_STRING:
        return raw === null ? null : decodeExcelEscapes(decodeXml(raw));
      case T_BOOLEAN: {
        const text = raw?.trim();
        return text ? text === '1' || text === 'true' : null;
      }
      case T_ERROR:
      case T_DATE:
        return raw === null ? null : decodeXml(raw).trim();
      default: {
        if (raw === null || raw.trim() === '') return null;
        const number = Number(raw);
        return Number.isNaN(number) ? decodeXml(raw) : number;
      }
    }
  }
}

function formulaError(formulas: readonly XlsxFormulaCell[]): XlsxError {
  return new XlsxError('formula', `formulas without a result: ${formulas.map((f) => f.cell).join(', ')}`, {
    formulas: [...formulas],
  });
}

// -------------------------------------------------------------------------------------------------------------
// The zip

interface Zip {
  file: yauzl.ZipFile;
  /** Entries by lower-case path without a leading slash. */
  entries: Map<string, yauzl.Entry>;
}

function openZip(buffer: Buffer, limits: XlsxLimits): Promise<Zip> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, file) => {
      if (error || !file) {
        reject(corrupt('not a zip file', error));
        return;
      }
      // yauzl lists exactly the count of entries the zip's directory declares.
      if (file.entryCount > limits.entries) {
        file.close();
        reject(pastLimit({ limit: 'entries', max: limits.entries }));
        return;
      }
      const entries = new Map<string, yauzl.Entry>();
      file.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) entries.set(partKey(entry.fileName), entry);
        file.readEntry();
      });
      file.on('end', () => resolve({ file, entries }));
      file.on('error', (e: unknown) => reject(corrupt('damaged zip file', e)));
      file.readEntry();
    });
  });
}

const partKey = (path: string) => path.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

function rawData(zip: Zip, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.file.openReadStream(entry, { decodeFileData: false }, (error, stream: Readable) => {
      if (error) {
        reject(corrupt(`cannot read ${entry.fileName}`, error));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      stream.on('error', (e) => reject(corrupt(`cannot read ${entry.fileName}`, e)));
    });
  });
}

/** What one reading may spend: the size of the pieces, the limits, and the moment it must have ended. */
interface Reading {
  chunkSize: number;
  limits: XlsxLimits;
  deadline: number;
}

type PartLimit = 'sheetBytes' | 'sharedStringsBytes' | 'partBytes';

/**
 * The inflated bytes of an entry, piece by piece, never more than `limits[partLimit]` of them: the size the zip
 * declares is checked before inflating, and the inflating stops as soon as it gives more than that size (a zip that
 * lies is damaged). Errors of the zip or the deflate data become XlsxErrors.
 */
async function* entryPieces(zip: Zip, entry: yauzl.Entry, reading: Reading, partLimit: PartLimit) {
  const { chunkSize } = reading;
  const max = reading.limits[partLimit];
  const tooLarge = () => pastLimit({ limit: partLimit, max, part: entry.fileName.slice(0, 100) });
  if (entry.isEncrypted()) throw corrupt(`${entry.fileName} is encrypted`);
  if (entry.uncompressedSize > max) throw tooLarge();
  const data = await rawData(zip, entry);
  if (entry.compressionMethod === 0) {
    if (data.length !== entry.uncompressedSize) throw corrupt(`${entry.fileName} has the wrong size`);
    for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
    return;
  }
  if (entry.compressionMethod !== 8)
    throw corrupt(`${entry.fileName} uses compression method ${entry.compressionMethod}`);
  const inflate = zlib.createInflateRaw({ chunkSize: Math.max(chunkSize, 64) });
  inflate.end(data);
  const iterator = inflate[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let size = 0;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw corrupt(`${entry.fileName} is damaged`, error);
      }
      if (next.done) {
        if (size !== entry.uncompressedSize) throw corrupt(`${entry.fileName} has the wrong size`);
        return;
      }
      size += next.value.length;
      if (size > entry.uncompressedSize) throw corrupt(`${entry.fileName} is larger than its zip entry says`);
      // zlib may hand more than chunkSize at once only when asked for less than its minimum; split for the tests.
      const piece = next.value;
      if (piece.length <= chunkSize) yield piece;
      else for (let i = 0; i < piece.length; i += chunkSize) yield piece.subarray(i, i + chunkSize);
    }
  } finally {
    inflate.destroy();
  }
}

/** Reads XML text piece by piece; `feed` returns the position of the first character it left for the next piece. */
interface XmlReader {
  feed(source: string, final: boolean): number;
  /** True once it needs nothing more of the part: the rest is not inflated. */
  readonly done?: boolean;
  /** The error when what it left, beginning with `head`, grows past `limits.elementBytes`. */
  tooLong(head: string): XlsxError;
}

const GT = 0x3e;

/**
 * Scans an entry's XML. Each piece is decoded up to its last '>': that byte is never part of a letter, so a letter
 * split between two pieces (2–3 bytes in UTF-8) is decoded whole with the next one. What the reader leaves of it
 * (a cell cut by the piece's end) and what follows the last '>' are kept as bytes, a list of pieces joined once when
 * a '>' comes: a piece without any (a long text) costs its own length only, and the text is never joined again.
 * What is kept may not pass `limits.elementBytes`. The time is checked at every piece.
 */
async function scanEntry(
  zip: Zip,
  entry: yauzl.Entry,
  reader: XmlReader,
  reading: Reading,
  partLimit: PartLimit,
): Promise<void> {
  const { limits, deadline } = reading;
  const carry: Buffer[] = [];
  let carryBytes = 0;
  // Text left by the reader is kept as text instead only when it holds U+FFFD: its bytes may not be valid UTF-8,
  // so that their number is not known from it.
  let carryText = '';
  const head = () =>
    carryText.length > 0
      ? carryText.slice(0, 1024)
      : carry.length > 0
        ? carry[0]!.toString('utf8', 0, 1024)
        : '';
  for await (const piece of entryPieces(zip, entry, reading, partLimit)) {
    if (performance.now() > deadline) throw pastLimit({ limit: 'timeMs', max: limits.timeMs });
    const at = piece.lastIndexOf(GT);
    if (at < 0) {
      carry.push(piece);
      carryBytes += piece.length;
      if (carryText.length + carryBytes > limits.elementBytes) throw reader.tooLong(head());
      continue;
    }
    let bytes: Buffer;
    if (carry.length === 0) bytes = piece.subarray(0, at + 1);
    else {
      carry.push(piece.subarray(0, at + 1));
      bytes = Buffer.concat(carry, carryBytes + at + 1);
    }
    const text = bytes.toString('utf8');
    const source = carryText.length > 0 ? carryText + text : text;
    const used = reader.feed(source, false);
    if (reader.done) return;
    carry.length = 0;
    carryBytes = 0;
    carryText = '';
    if (used < source.length) {
      const left = source.slice(used);
      if (left.length > text.length || left.includes('\uFFFD')) carryText = left;
      else {
        carryBytes = Buffer.byteLength(left);
        carry.push(bytes.subarray(bytes.length - carryBytes));
      }
    }
    if (at + 1 < piece.length) {
      carry.push(piece.subarray(at + 1));
      carryBytes += piece.length - at - 1;
    }
    if (carryText.length + carryBytes > limits.elementBytes) throw reader.tooLong(head());
  }
  reader.feed(carryText + Buffer.concat(carry).toString('utf8'), true);
}

/** An XmlHandler as an XmlReader. */
const handlerReader = (handler: XmlHandler, part: string, limits: XlsxLimits): XmlReader => ({
  feed: (source, final) => scanXml(source, handler, final),
  tooLong: () =>
    handler.tooLong?.() ??
    pastLimit({ limit: 'elementBytes', max: limits.elementBytes, part: part.slice(0, 100) }),
});

/** A relationship's target as a part path: relative to the folder of `fromPart` unless it starts with "/". */
function resolveTarget(fromPart: string, target: string): string {
  const path = target.replace(/\\/g, '/');
  const segments = path.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

function relationshipsPart(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

const DEFAULT_CHUNK = 256 * 1024;

interface Workbook {
  zip: Zip;
  sheets: XlsxSheet[];
  date1904: boolean;
  sharedStringsPart: string | null;
}

async function openWorkbook(buffer: Buffer, reading: Reading): Promise<Workbook> {
  const zip = await openZip(buffer, reading.limits);
  try {
    const parse = async <H extends XmlHandler>(part: string, handler: H): Promise<H | null> => {
      const entry = zip.entries.get(partKey(part));
      if (!entry) return null;
      await scanEntry(zip, entry, handlerReader(handler, part, reading.limits), reading, 'partBytes');
      return handler;
    };

    const root = await parse('_rels/.rels', new RelationshipsHandler());
    const office = root?.relationships.find((r) => r.type.endsWith('/officeDocument') && !r.external);
    let workbookPart = office ? resolveTarget('', office.target) : 'xl/workbook.xml';
    if (!zip.entries.has(partKey(workbookPart))) workbookPart = 'xl/workbook.xml';
    const workbook = await parse(workbookPart, new WorkbookHandler());
    if (!workbook) throw corrupt('no workbook part (xl/workbook.xml): not an .xlsx file');
    const relationships = (await parse(relationshipsPart(workbookPart), new RelationshipsHandler()))
      ?.relationships;
    const byId = new Map((relationships ?? []).map((r) => [r.id, r]));

    const sheets = workbook.sheets.map((sheet, index): XlsxSheet => {
      const relationship = sheet.relationId === undefined ? undefined : byId.get(sheet.relationId);
      let path = relationship ? resolveTarget(workbookPart, relationship.target) : null;
      // Without relationships (a careless writer), sheets are conventionally sheet1.xml, sheet2.xml…
      if (!relationships) path = resolveTarget(workbookPart, `worksheets/sheet${index + 1}.xml`);
      const isWorksheet = relationship ? relationship.type.endsWith('/worksheet') : path !== null;
      return { name: sheet.name, state: sheet.state, path, isWorksheet };
    });
    const strings = relationships?.find((r) => r.type.endsWith('/sharedStrings'));
    const sharedStringsPart = strings
      ? resolveTarget(workbookPart, strings.target)
      : resolveTarget(workbookPart, 'sharedStrings.xml');
    return { zip, sheets, date1904: workbook.date1904, sharedStringsPart };
  } catch (error) {
    zip.file.close();
    throw error;
  }
}

const sameName = (a: string, b: string) => a.normalize('NFC') === b.normalize('NFC');

/** The sheet to read: the one named `sheet`, else the first visible one not skipped, else the first not skipped. */
export function chooseSheet(sheets: readonly XlsxSheet[], options: ReadXlsxOptions): XlsxSheet | undefined {
  const worksheets = sheets.filter((s) => s.isWorksheet && s.path !== null);
  const named =
    options.sheet === undefined ? undefined : worksheets.find((s) => sameName(s.name, options.sheet!));
  if (named) return named;
  const candidates = worksheets.filter(
    (s) => !(options.skipSheets ?? []).some((skip) => sameName(skip, s.name)),
  );
  return candidates.find((s) => s.state === 'visible') ?? candidates[0];
}

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
    deadline: performance.now() + limits.timeMs,
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
    const scanner = new SheetScanner(sheetEntry.fileName, strings, onRow, limits, reading.deadline);
    await scanEntry(zip, sheetEntry, scanner, reading, 'sheetBytes');
    if (scanner.formulas.length > 0) throw formulaError(scanner.formulas);
    return { sheet: sheet.name, date1904: workbook.date1904, rows: scanner.rows };
  } finally {
    zip.file.close();
  }
}
