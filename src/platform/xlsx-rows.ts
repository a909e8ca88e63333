/**
 * The rows of one worksheet of an .xlsx file, read fast: the zip is opened with yauzl, each needed part is inflated
 * with node:zlib and its XML scanned by a small hand-written scanner (no DOM, no general XML parser), and the sheet
 * is streamed row by row to a callback, so a file of 100,000 rows is never held as objects all at once.
 *
 * Cell values are the file's raw values: text (shared, inline or a formula's text result), numbers, booleans, the
 * text of an error ("#N/A"), an ISO date text for the rare `t="d"` cell, or null. Styles are not read, so a date is
 * the number Excel stores (days since 1899-12-30, or since 1904-01-01 when `date1904`). Formulas give their cached
 * result. Nothing here knows Vietnamese or members: errors are `XlsxError`s for the caller to word.
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

export interface ReadXlsxOptions {
  /** The sheet to read, by name; when the file has none so named, the first visible sheet is read. */
  sheet?: string;
  /** Sheets never read unless asked for by `sheet` (a template's guide or lists). */
  skipSheets?: readonly string[];
  /** Size of the inflated pieces the scanner sees, in bytes (tests make it tiny to split everything). */
  chunkSize?: number;
}

export interface XlsxReadResult {
  /** The name of the sheet that was read. */
  sheet: string;
  /** The workbook counts dates from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
  rows: number;
}

/** Why a file could not be read: not a readable .xlsx at all, or a workbook without a worksheet to read. */
export class XlsxError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'no_sheet',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XlsxError';
  }
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

class SharedStringsHandler implements XmlHandler {
  collecting = false;
  readonly strings: string[] = [];
  private current = '';
  private inItem = false;
  private phonetic = 0;

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
      this.strings.push(decodeExcelEscapes(this.current));
      this.inItem = false;
    }
  }

  text(raw: string, isCdata: boolean): void {
    this.current += isCdata ? raw : decodeXml(raw);
  }
}

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

/** Column XFD, the last one Excel has (counted from 0). */
const LAST_COLUMN = 16_383;

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

/** The position of the '>' ending the tag that starts at `lt`, quotes respected; -1 when it does not end. */
function tagEnd(source: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < source.length; i += 1) {
    const code = source.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 62 /* > */) return i;
    else if (code === 34 || code === 39) quote = code;
  }
  return -1;
}

/** The position after the element starting at `lt` (its whole content when not self-closing), at most `end`. */
function skipElement(source: string, lt: number, end: number): number {
  const next = source.charCodeAt(lt + 1);
  if (next === 33 /* ! */ || next === 63 /* ? */) {
    const terminator = source.startsWith('<!--', lt)
      ? '-->'
      : source.startsWith('<![CDATA[', lt)
        ? ']]>'
        : '>';
    const stop = source.indexOf(terminator, lt + 2);
    return stop < 0 || stop >= end ? end : stop + terminator.length;
  }
  const gt = tagEnd(source, lt);
  if (gt < 0 || gt >= end) return end;
  if (next === 47 /* / */ || source.charCodeAt(gt - 1) === 47) return gt + 1;
  let nameEnd = lt + 1;
  while (nameEnd < gt && !isNameEnd(source.charCodeAt(nameEnd))) nameEnd += 1;
  const close = source.indexOf(`</${source.slice(lt + 1, nameEnd)}`, gt);
  if (close < 0 || close >= end) return end;
  const closeEnd = source.indexOf('>', close);
  return closeEnd < 0 || closeEnd >= end ? end : closeEnd + 1;
}

/**
 * Reads <sheetData>: <row r>, <c r t>, <v>, <is><t> (a cell without `r` takes the next column, a row without `r`
 * the next row), sending each row that holds a value to `onRow`. It is fed the sheet's XML piece by piece and
 * reads only whole rows, so inside a row it may look ahead freely. (A value in a CDATA section, which Excel never
 * writes in a sheet, is not read.)
 */
class SheetScanner implements XmlReader {
  rows = 0;
  private rowEnd: Buffer | null = null;
  /** 0: before <sheetData>, 1: inside, 2: after. */
  private state = 0;
  /** The namespace prefix of the sheet's tags with its colon ("x:"), usually "". */
  private prefix = '';
  private rowNumber = 0;
  private cells: XlsxCell[] | null = null;
  private column = -1;
  private inlineText = '';

  constructor(
    private readonly strings: readonly string[],
    private readonly onRow: (row: XlsxRow) => void,
  ) {}

  cutAfter(): Buffer | number {
    if (this.state !== 1) return GT;
    this.rowEnd ??= Buffer.from(`</${this.prefix}row>`);
    return this.rowEnd;
  }

  /** Reads what it can of `source`; returns the position of the first character left for the next piece. */
  feed(source: string, final: boolean): number {
    let pos = 0;
    if (this.state === 0) {
      pos = this.openSheetData(source);
      if (pos < 0) return final ? source.length : -pos - 1;
    }
    if (this.state === 2) return source.length;
    // Whole rows only: up to the last </row> of the piece, or to </sheetData> (which follows it).
    const closeRow = `</${this.prefix}row>`;
    const last = source.lastIndexOf(closeRow);
    const dataEnd = source.indexOf(`</${this.prefix}sheetData`, Math.max(pos, last));
    let end: number;
    if (dataEnd >= 0) end = dataEnd;
    else if (final) end = source.length;
    else if (last < pos) return pos;
    else end = last + closeRow.length;
    this.readRows(source, pos, end);
    if (dataEnd >= 0 || final) {
      this.endRow();
      this.state = 2;
      return source.length;
    }
    return end;
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
    if (cells !== null && cells.length > 0) {
      this.rows += 1;
      this.onRow({ rowNumber: this.rowNumber, cells });
    }
  }

  private readRows(source: string, start: number, end: number): void {
    const prefix = this.prefix;
    let pos = start;
    while (pos < end) {
      const lt = source.indexOf('<', pos);
      if (lt < 0 || lt >= end) return;
      const next = source.charCodeAt(lt + 1);
      if (
        next === 99 /* c */
          ? isNameEnd(source.charCodeAt(lt + 2)) && prefix === ''
          : tagIs(source, lt + 1, prefix, 'c')
      ) {
        pos = this.readCell(source, lt + 2 + prefix.length, end);
      } else if (next === 47 /* / */) {
        if (tagIs(source, lt + 2, prefix, 'row')) this.endRow();
        const gt = source.indexOf('>', lt);
        pos = gt < 0 || gt >= end ? end : gt + 1;
      } else if (tagIs(source, lt + 1, prefix, 'row')) {
        const gt = tagEnd(source, lt);
        if (gt < 0 || gt >= end) return;
        this.endRow();
        const selfClosing = source.charCodeAt(gt - 1) === 47;
        const reference = attribute(source, lt + 4 + prefix.length, selfClosing ? gt - 1 : gt, 'r');
        const number = reference === undefined ? NaN : Number(reference);
        this.rowNumber = Number.isInteger(number) && number > 0 ? number : this.rowNumber + 1;
        this.column = -1;
        if (!selfClosing) this.cells = [];
        pos = gt + 1;
      } else pos = skipElement(source, lt, end);
    }
  }

  /** Reads a cell whose attributes start at `i`; returns the position after it. */
  private readCell(source: string, i: number, end: number): number {
    let column = -1;
    let type = T_NUMBER;
    for (;;) {
      let code = source.charCodeAt(i);
      while (code === 32 || code === 9 || code === 10 || code === 13) code = source.charCodeAt(++i);
      if (code === 62 /* > */) {
        i += 1;
        break;
      }
      if (code === 47 /* / */ || i >= end) {
        // <c r="B2" s="1"/>: a cell with a style and no value.
        this.column = column >= 0 ? column : this.column + 1;
        const gt = source.indexOf('>', i);
        return gt < 0 || gt >= end ? end : gt + 1;
      }
      const nameStart = i;
      while (i < end && code !== 61 /* = */ && code !== 32 && code !== 9 && code !== 10 && code !== 13)
        code = source.charCodeAt(++i);
      const nameLength = i - nameStart;
      while (i < end && code !== 34 && code !== 39) code = source.charCodeAt(++i);
      const valueEnd = i < end ? source.indexOf(code === 34 ? '"' : "'", i + 1) : -1;
      if (valueEnd < 0 || valueEnd >= end) return end;
      if (nameLength === 1) {
        const name = source.charCodeAt(nameStart);
        if (name === 114 /* r */) column = columnAt(source, i + 1, valueEnd);
        else if (name === 116 /* t */) type = cellType(source, i + 1, valueEnd);
      }
      i = valueEnd + 1;
    }
    this.column = column >= 0 ? column : this.column + 1;

    const prefix = this.prefix;
    let raw: string | null = null;
    let inline = false;
    for (;;) {
      const lt = source.indexOf('<', i);
      if (lt < 0 || lt >= end) return end;
      const next = source.charCodeAt(lt + 1);
      if (next === 47 /* / */) {
        // </c>
        const gt = source.indexOf('>', lt);
        i = gt < 0 || gt >= end ? end : gt + 1;
        break;
      }
      if (
        next === 118 /* v */
          ? isNameEnd(source.charCodeAt(lt + 2)) && prefix === ''
          : tagIs(source, lt + 1, prefix, 'v')
      ) {
        const gt = source.indexOf('>', lt);
        if (gt < 0 || gt >= end) return end;
        if (source.charCodeAt(gt - 1) === 47) {
          raw = '';
          i = gt + 1;
          continue;
        }
        const close = source.indexOf('<', gt);
        if (close < 0 || close >= end) return end;
        raw = source.slice(gt + 1, close);
        const closeEnd = source.indexOf('>', close);
        i = closeEnd < 0 || closeEnd >= end ? end : closeEnd + 1;
      } else if (tagIs(source, lt + 1, prefix, 'is')) {
        inline = true;
        i = this.readInline(source, lt, end);
      } else i = skipElement(source, lt, end); // <f>, <extLst>…
    }
    const value = this.cellValue(type, raw, inline);
    const cells = this.cells;
    if (value !== null && cells !== null) {
      const at = this.column;
      // A reference past column XFD would have the row padded with millions of empty cells.
      if (at > LAST_COLUMN) throw corrupt(`a cell lies past column XFD in row ${this.rowNumber}`);
      while (cells.length < at) cells.push(null);
      cells[at] = value;
    }
    return i;
  }

  /** Reads <is>: the text of its <t> runs (phonetic runs <rPh> left out) into `inlineText`; returns the position after it. */
  private readInline(source: string, lt: number, end: number): number {
    const prefix = this.prefix;
    const closeTag = `</${prefix}is>`;
    const stop = source.indexOf(closeTag, lt);
    if (stop < 0 || stop >= end) return end;
    let text = '';
    let i = lt + 1;
    for (;;) {
      const at = source.indexOf('<', i);
      if (at < 0 || at >= stop) break;
      if (tagIs(source, at + 1, prefix, 'rPh')) {
        i = skipElement(source, at, stop);
        continue;
      }
      const gt = tagEnd(source, at);
      if (gt < 0 || gt >= stop) break;
      i = gt + 1;
      if (tagIs(source, at + 1, prefix, 't') && source.charCodeAt(gt - 1) !== 47) {
        const close = source.indexOf('<', i);
        if (close < 0 || close > stop) break;
        text += decodeXml(source.slice(i, close));
        i = close;
      }
    }
    this.inlineText = text;
    return stop + closeTag.length;
  }

  private cellValue(type: number, raw: string | null, inline: boolean): XlsxCell {
    switch (type) {
      case T_SHARED: {
        if (raw === null || raw === '') return null;
        return this.strings[Number(raw)] ?? null;
      }
      case T_INLINE:
        if (inline) return decodeExcelEscapes(this.inlineText);
        return raw === null ? null : decodeExcelEscapes(decodeXml(raw));
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
        if (inline) return decodeExcelEscapes(this.inlineText);
        if (raw === null || raw.trim() === '') return null;
        const number = Number(raw);
        return Number.isNaN(number) ? decodeXml(raw) : number;
      }
    }
  }
}

// -------------------------------------------------------------------------------------------------------------
// The zip

interface Zip {
  file: yauzl.ZipFile;
  /** Entries by lower-case path without a leading slash. */
  entries: Map<string, yauzl.Entry>;
}

function openZip(buffer: Buffer): Promise<Zip> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, file) => {
      if (error || !file) {
        reject(corrupt('not a zip file', error));
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

/** The inflated bytes of an entry, piece by piece. Errors of the zip or the deflate data become XlsxErrors. */
async function* entryPieces(zip: Zip, entry: yauzl.Entry, chunkSize: number): AsyncGenerator<Buffer> {
  if (entry.isEncrypted()) throw corrupt(`${entry.fileName} is encrypted`);
  const data = await rawData(zip, entry);
  if (entry.compressionMethod === 0) {
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
  /** Where a piece may be cut: after the last of these bytes in it. */
  cutAfter(): Buffer | number;
}

const GT = 0x3e;

/**
 * Scans an entry's XML. Each piece is decoded up to its last '>' (or the reader's cut mark): that byte is never
 * part of a letter, so a letter split between two pieces (2–3 bytes in UTF-8) is decoded whole with the next one.
 * A sheet is cut after its last </row>, so that the scanner takes the whole text and nothing is joined again.
 */
async function scanEntry(zip: Zip, entry: yauzl.Entry, reader: XmlReader, chunkSize: number): Promise<void> {
  let carryText = '';
  let carryBytes: Buffer | null = null;
  for await (const piece of entryPieces(zip, entry, chunkSize)) {
    const bytes: Buffer =
      carryBytes !== null && carryBytes.length > 0 ? Buffer.concat([carryBytes, piece]) : piece;
    const mark = reader.cutAfter();
    const at = bytes.lastIndexOf(mark);
    if (at < 0) {
      carryBytes = bytes;
      continue;
    }
    const cut = at + (typeof mark === 'number' ? 1 : mark.length);
    const text = bytes.toString('utf8', 0, cut);
    const source = carryText.length > 0 ? carryText + text : text;
    carryText = source.slice(reader.feed(source, false));
    carryBytes = bytes.subarray(cut);
  }
  reader.feed(carryText + (carryBytes === null ? '' : carryBytes.toString('utf8')), true);
}

/** An XmlHandler as an XmlReader. */
const handlerReader = (handler: XmlHandler): XmlReader => ({
  feed: (source, final) => scanXml(source, handler, final),
  cutAfter: () => GT,
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

async function openWorkbook(buffer: Buffer, chunkSize: number): Promise<Workbook> {
  const zip = await openZip(buffer);
  try {
    const parse = async <H extends XmlHandler>(part: string, handler: H): Promise<H | null> => {
      const entry = zip.entries.get(partKey(part));
      if (!entry) return null;
      await scanEntry(zip, entry, handlerReader(handler), chunkSize);
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
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
  const workbook = await openWorkbook(buffer, chunkSize);
  const { zip } = workbook;
  try {
    const sheet = chooseSheet(workbook.sheets, options);
    if (!sheet) throw new XlsxError('no_sheet', 'the workbook has no worksheet to read');
    const sheetEntry = zip.entries.get(partKey(sheet.path!));
    if (!sheetEntry) throw corrupt(`the part of sheet "${sheet.name}" (${sheet.path}) is missing`);
    const stringsEntry = workbook.sharedStringsPart
      ? zip.entries.get(partKey(workbook.sharedStringsPart))
      : undefined;
    const strings = new SharedStringsHandler();
    if (stringsEntry) await scanEntry(zip, stringsEntry, handlerReader(strings), chunkSize);
    const scanner = new SheetScanner(strings.strings, onRow);
    await scanEntry(zip, sheetEntry, scanner, chunkSize);
    return { sheet: sheet.name, date1904: workbook.date1904, rows: scanner.rows };
  } finally {
    zip.file.close();
  }
}
