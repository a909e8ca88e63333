/** The parts of a workbook other than the sheet: the shared strings, the list of sheets, the relationships. */
import { type XmlHandler, attribute, decodeExcelEscapes, decodeXml } from './scanner';
import { type ReadXlsxOptions, XlsxError, type XlsxSheet, corrupt, pastLimit } from './types';
import {
  type Reading,
  type Zip,
  handlerReader,
  openZip,
  partKey,
  relationshipsPart,
  resolveTarget,
  scanEntry,
} from './zip';

// -------------------------------------------------------------------------------------------------------------
// Handlers for the parts of a workbook

/**
 * The shared strings. One longer than `maxChars` (which Excel cannot make) is kept as "" with its index in
 * `overLimit`, and its text is no longer gathered: the sheet refuses the cell that uses it, naming that cell.
 */
export class SharedStringsHandler implements XmlHandler {
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
export const ESCAPE_LENGTH = 7;

export interface SheetEntry {
  name: string;
  state: string;
  relationId: string | undefined;
}

export class WorkbookHandler implements XmlHandler {
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

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export class RelationshipsHandler implements XmlHandler {
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

export interface Workbook {
  zip: Zip;
  sheets: XlsxSheet[];
  date1904: boolean;
  sharedStringsPart: string | null;
}

export async function openWorkbook(buffer: Buffer, reading: Reading): Promise<Workbook> {
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

export const sameName = (a: string, b: string) => a.normalize('NFC') === b.normalize('NFC');

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
