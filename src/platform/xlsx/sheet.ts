/** The scanner of one worksheet's XML: cells by type, one at a time, rows sent as they end; formulas without a result collected. */
import { attribute, decodeExcelEscapes, decodeXml, isNameEnd } from './scanner';
import {
  type XlsxCell,
  XlsxError,
  type XlsxFormulaCell,
  type XlsxLimits,
  type XlsxRow,
  columnName,
  pastLimit,
} from './types';
import { ESCAPE_LENGTH, SharedStringsHandler } from './workbook';
import { type XmlReader } from './zip';

export const T_NUMBER = 0;
export const T_SHARED = 1;
export const T_STRING = 2;
export const T_INLINE = 3;
export const T_BOOLEAN = 4;
export const T_ERROR = 5;
export const T_DATE = 6;

export function cellType(source: string, start: number, end: number): number {
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
export function columnAt(source: string, start: number, end: number): number {
  let column = 0;
  for (let i = start; i < end; i += 1) {
    const code = source.charCodeAt(i) | 0x20; // lower case
    if (code < 97 || code > 122) break;
    column = column * 26 + (code - 96);
  }
  return column - 1;
}

/** Whether the tag whose name starts at `at` (just after "<" or "</") is `prefix` + `name`. */
export function tagIs(source: string, at: number, prefix: string, name: string): boolean {
  for (let k = 0; k < prefix.length; k += 1)
    if (source.charCodeAt(at + k) !== prefix.charCodeAt(k)) return false;
  const from = at + prefix.length;
  for (let k = 0; k < name.length; k += 1)
    if (source.charCodeAt(from + k) !== name.charCodeAt(k)) return false;
  return isNameEnd(source.charCodeAt(from + name.length));
}

/** The position of the '>' ending the tag that starts at `lt`, quotes respected; -1 when it does not end before `end`. */
export function tagEnd(source: string, lt: number, end = source.length): number {
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
export function elementEnd(source: string, lt: number, end: number): number {
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
export function skipElement(source: string, lt: number, end: number): number {
  const after = elementEnd(source, lt, end);
  return after < 0 ? end : after;
}

/** Formula cells without a result reported at most; past the first, rows are no longer sent. */
export const MAX_FORMULAS = 20;

/**
 * Reads <sheetData>: <row r>, <c r t>, <v>, <is><t>, <f> (a cell without `r` takes the next column, a row without
 * `r` the next row), sending each row that holds a value to `onRow`. It is fed the sheet's XML piece by piece and
 * reads whole cells only: what it leaves of a piece is the cell (or tag) that the piece cut, never more, so a cell
 * too long is seen as soon as it passes `limits.elementBytes`. Rows and columns past Excel's last, cells past
 * `limits.cellChars` and formulas without a result stop it. (A value in a CDATA section, which Excel never writes
 * in a sheet, is not read.)
 */
export class SheetScanner implements XmlReader {
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
    /** Whether the reading has worked past its time (asked every 256 rows: `onRow` may be slow). */
    private readonly pastTime: () => boolean,
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
      if ((this.rows & 255) === 0 && this.pastTime())
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

export function formulaError(formulas: readonly XlsxFormulaCell[]): XlsxError {
  return new XlsxError('formula', `formulas without a result: ${formulas.map((f) => f.cell).join(', ')}`, {
    formulas: [...formulas],
  });
}
