/**
 * .xlsx files written row by row, by hand: each sheet's XML made as text with inline strings (no shared strings
 * table to hold), deflated and zipped as it is written (zip-writer.ts), so the first bytes leave at once and a
 * province's export is never held in memory. ExcelJS's streaming writer did the same at about 2,300 rows a second
 * on a loaded machine, the whole budget of a 20,000 rows/s export; `npm run bench -- xlsx-write` prints both on the
 * same rows, and writer.test.ts reads the files back with our reader and with ExcelJS.
 *
 * What a sheet holds: column widths, a bold header row frozen at the top, cells of text (inline), numbers, booleans
 * and dates (real date cells, shown dd/mm/yyyy), optionally wrapped text. Text is escaped for XML and for Excel
 * (`_xHHHH_` for the characters XML cannot carry, as Excel itself writes them); a cell past Excel's 32,767
 * characters is refused, as is a row past 1,048,576.
 */
import { PassThrough, type Writable } from 'node:stream';
import { columnName } from './types';
import { ZipWriter, type ZipEntryWriter } from './zip-writer';

/** A cell: text, a number, a boolean, a date (its UTC day, shown dd/mm/yyyy); null, undefined or '' leave it empty. */
export type SheetCell = string | number | boolean | Date | null | undefined;

export interface SheetColumn {
  /** Width in Excel's units (characters of the default font). */
  width?: number | undefined;
  /** Text wraps within the column's width. */
  wrapText?: boolean | undefined;
}

export interface SheetSpec {
  name: string;
  columns: readonly SheetColumn[];
  /** The header row: bold, frozen at the top. */
  header: readonly string[];
}

/** The workbook's properties (File > Info in Excel). */
export interface WorkbookProperties {
  creator: string;
  title: string;
}

export interface SheetWriter {
  /** Writes one row, its cells in the columns' order. */
  addRow(cells: readonly SheetCell[]): void;
  /** Resolves when the bytes written so far are on their way, not piling up; rejects when the reader went away. */
  ready(): Promise<void>;
}

const EXCEL_CELL_CHARS = 32_767;
const EXCEL_ROWS = 1_048_576;
/** Bytes of XML gathered before they are handed to zlib as one piece. */
const PIECE_BYTES = 512 * 1024;
const MS_PER_DAY = 86_400_000;
/** Excel's day 0 (1899-12-30; it counts 1900 as a leap year, so days from March 1900 on come out right). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

// The cell styles of styles.xml, by index.
const S_HEADER = 1;
const S_DATE = 2;
const S_WRAP = 3;
const S_DATE_WRAP = 4;
const S_HEADER_WRAP = 5;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** What XML text or Excel cannot take as it is: &, <, >, characters XML 1.0 forbids, CR, and `_xHHHH_` itself. */
const SPECIAL = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const SPECIALS = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;

const hex4 = (c: string) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;

function escapeSpecial(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    default:
      // CR (an XML reader turns it into LF), control characters, U+FFFE/FFFF, and the "_" that starts a literal
      // "_x0041_" (which Excel would read as "A"): Excel's own escape, which Excel and our reader decode.
      return hex4(c);
  }
}

/** Text as the content of an element. */
export function escapeXmlText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, escapeSpecial) : text;
}

const escapeAttribute = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

function inlineString(ref: string, style: string, text: string): string {
  if (text.length > EXCEL_CELL_CHARS)
    throw new RangeError(
      `xlsx: cell ${ref} has ${text.length} characters, more than Excel's ${EXCEL_CELL_CHARS}`,
    );
  // Excel drops spaces at either end unless told to keep them.
  const open =
    isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1))
      ? '<t xml:space="preserve">'
      : '<t>';
  return `<c r="${ref}"${style} t="inlineStr"><is>${open}${escapeXmlText(text)}</t></is></c>`;
}

/** The cell's XML, or '' for an empty cell. */
function cellXml(ref: string, value: SheetCell, wrap: boolean): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return inlineString(ref, wrap ? ` s="${S_WRAP}"` : '', value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError(`xlsx: cell ${ref} holds ${value}, not a number Excel can store`);
    return `<c r="${ref}"${wrap ? ` s="${S_WRAP}"` : ''}><v>${value}</v></c>`;
  }
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  const time = value.getTime();
  if (Number.isNaN(time)) throw new RangeError(`xlsx: cell ${ref} holds an invalid date`);
  return `<c r="${ref}" s="${wrap ? S_DATE_WRAP : S_DATE}"><v>${(time - EXCEL_EPOCH) / MS_PER_DAY}</v></c>`;
}

/** The start of a sheet's XML, before its rows: the frozen header, the columns. */
function sheetHead(columns: readonly SheetColumn[]): string {
  const cols = columns
    .map((c, i) => {
      const width = c.width === undefined ? '' : ` width="${c.width}" customWidth="1"`;
      const style = c.wrapText ? ` style="${S_WRAP}"` : '';
      return width || style ? `<col min="${i + 1}" max="${i + 1}"${width}${style}/>` : '';
    })
    .join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    '<sheetData>'
  );
}

const SHEET_TAIL = '</sheetData></worksheet>';

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="6">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1"/></xf>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment wrapText="1"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Excel's rules for a sheet's name: 1–31 characters, none of : \ / ? * [ ], not starting or ending with '. */
function checkSheetName(name: string, taken: ReadonlySet<string>): void {
  if (!name || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'"))
    throw new RangeError(`xlsx: "${name}" cannot name a sheet`);
  if (taken.has(name.toLowerCase())) throw new RangeError(`xlsx: two sheets are named "${name}"`);
}

/**
 * A workbook written into `out` as it goes: sheets one after another (`sheet`, its rows, `endSheet`), then `finish`.
 * The caller waits on `ready()` now and then (after each batch of rows), so that a slow reader holds the writing
 * back instead of the file piling up in memory.
 */
export class XlsxWriter {
  private readonly zip: ZipWriter;
  private readonly sheets: string[] = [];
  private current: OpenSheet | null = null;

  constructor(
    out: Writable,
    private readonly properties?: WorkbookProperties,
  ) {
    this.zip = new ZipWriter(out);
  }

  /** Starts a sheet and writes its header row; the sheet before must have been ended (`endSheet`). */
  sheet(spec: SheetSpec): SheetWriter {
    if (this.current) throw new Error('xlsx: end the sheet being written before starting another');
    checkSheetName(spec.name, new Set(this.sheets.map((s) => s.toLowerCase())));
    this.sheets.push(spec.name);
    const entry = this.zip.entry(`xl/worksheets/sheet${this.sheets.length}.xml`);
    this.current = new OpenSheet(entry, spec);
    return this.current;
  }

  /** Ends the sheet being written (its last bytes deflated and out). */
  async endSheet(): Promise<void> {
    if (!this.current) return;
    const open = this.current;
    this.current = null;
    await open.end();
  }

  /** Ends the last sheet and writes the workbook's other parts; resolves when the reader has the whole file. */
  async finish(): Promise<void> {
    await this.endSheet();
    if (this.sheets.length === 0) throw new Error('xlsx: a workbook needs a sheet');
    const { zip, sheets } = this;
    const sheetRange = sheets.map((_, i) => i + 1);
    await zip.file(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheetRange
          .map(
            (n) =>
              `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '</Types>',
    );
    await zip.file(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '</Relationships>',
    );
    const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await zip.file(
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        (this.properties
          ? `<dc:title>${escapeXmlText(this.properties.title)}</dc:title>` +
            `<dc:creator>${escapeXmlText(this.properties.creator)}</dc:creator>`
          : '') +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
        '</cp:coreProperties>',
    );
    await zip.file(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/>` +
        '<bookViews><workbookView/></bookViews><sheets>' +
        sheets
          .map((name, i) => `<sheet name="${escapeAttribute(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
          .join('') +
        '</sheets></workbook>',
    );
    await zip.file(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        sheetRange
          .map(
            (n) =>
              `<Relationship Id="rId${n}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${n}.xml"/>`,
          )
          .join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        '</Relationships>',
    );
    await zip.file('xl/styles.xml', STYLES);
    await zip.finish();
  }
}

/** The sheet being written: XML gathered into pieces, each piece deflated while the next is made. */
class OpenSheet implements SheetWriter {
  private rowNumber = 0;
  /** The XML made so far and not yet handed to zlib, as UTF-8. */
  private piece = Buffer.allocUnsafe(PIECE_BYTES);
  private used = 0;
  private readonly letters: string[];
  private readonly wrap: boolean[];
  private readonly width: number;

  constructor(
    private readonly entry: ZipEntryWriter,
    spec: SheetSpec,
  ) {
    this.width = Math.max(spec.columns.length, spec.header.length);
    this.letters = Array.from({ length: this.width }, (_, i) => columnName(i));
    this.wrap = Array.from({ length: this.width }, (_, i) => spec.columns[i]?.wrapText === true);
    this.add(sheetHead(spec.columns));
    this.rowNumber = 1;
    let header = '<row r="1">';
    spec.header.forEach((text, i) => {
      if (text)
        header += inlineString(
          `${this.letters[i]}1`,
          ` s="${this.wrap[i] ? S_HEADER_WRAP : S_HEADER}"`,
          text,
        );
    });
    this.add(`${header}</row>`);
  }

  /**
   * Encodes `xml` straight into the piece being filled (no join of many strings, no second copy), and hands the
   * piece to zlib when it is full.
   */
  private add(xml: string): void {
    // UTF-8 takes at most 3 bytes for a UTF-16 code unit.
    if (this.used + xml.length * 3 > this.piece.length) {
      this.flush();
      if (xml.length * 3 > this.piece.length) {
        this.entry.write(Buffer.from(xml, 'utf8'));
        return;
      }
    }
    this.used += this.piece.write(xml, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.entry.write(this.piece.subarray(0, this.used));
    this.piece = Buffer.allocUnsafe(PIECE_BYTES);
    this.used = 0;
  }

  addRow(cells: readonly SheetCell[]): void {
    if (this.rowNumber >= EXCEL_ROWS) throw new RangeError(`xlsx: more than Excel's ${EXCEL_ROWS} rows`);
    const r = (this.rowNumber += 1);
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i += 1) {
      const value = cells[i];
      if (value === null || value === undefined || value === '') continue;
      const letter = this.letters[i] ?? columnName(i);
      xml += cellXml(`${letter}${r}`, value, this.wrap[i] === true);
    }
    this.add(`${xml}</row>`);
  }

  ready(): Promise<void> {
    return this.entry.ready();
  }

  async end(): Promise<void> {
    this.add(SHEET_TAIL);
    this.flush();
    await this.entry.end();
  }
}

// -------------------------------------------------------------------------------------------------------------
// Whole files in memory

export interface StreamedSheet {
  /** Writes one row, its cells in the columns' order. */
  addRow(cells: readonly SheetCell[]): void;
  /** Ends the workbook and returns the file. */
  finish(): Promise<Buffer>;
}

/** The bytes of a workbook written into a stream of our own, gathered. */
function gathered(): { out: PassThrough; bytes: () => Buffer } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { out, bytes: () => Buffer.concat(chunks) };
}

/** An .xlsx file of one sheet, its rows added one by one and the file returned whole (a units file, a report). */
export function streamedSheet(options: {
  sheetName: string;
  columns: readonly SheetColumn[];
  header: readonly string[];
  properties?: WorkbookProperties;
}): StreamedSheet {
  const { out, bytes } = gathered();
  const writer = new XlsxWriter(out, options.properties);
  const sheet = writer.sheet({ name: options.sheetName, columns: options.columns, header: options.header });
  return {
    addRow: (cells) => sheet.addRow(cells),
    async finish() {
      await writer.finish();
      return bytes();
    },
  };
}

/** One sheet of a small workbook: its name, column widths, header (bold, frozen) and rows. */
export interface SheetOfRows {
  name: string;
  widths: readonly number[];
  header: readonly string[];
  rows: readonly (readonly SheetCell[])[];
}

/** A small .xlsx of several sheets (a person's own data, a report's pages), text wrapped within the columns. */
export async function workbookOf(
  sheets: readonly SheetOfRows[],
  properties?: WorkbookProperties,
): Promise<Buffer> {
  const { out, bytes } = gathered();
  const writer = new XlsxWriter(out, properties);
  for (const spec of sheets) {
    const sheet = writer.sheet({
      name: spec.name,
      columns: spec.widths.map((width) => ({ width, wrapText: true })),
      header: spec.header,
    });
    for (const row of spec.rows) sheet.addRow(row);
    await writer.endSheet();
  }
  await writer.finish();
  return bytes();
}
