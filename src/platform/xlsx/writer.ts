/**
 * An .xlsx file of one sheet written row by row with exceljs' streaming writer, so that a large export does not
 * hold the whole workbook in memory: the header row in bold and frozen, then each row committed as it is added.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

export interface StreamedSheet {
  /** Writes one row, its cells in the columns' order. */
  addRow(cells: readonly unknown[]): void;
  /** Ends the workbook and returns the file. */
  finish(): Promise<Buffer>;
}

export function streamedSheet(options: {
  sheetName: string;
  columns: Partial<ExcelJS.Column>[];
  header: readonly string[];
  /** The workbook's properties (File > Info in Excel). */
  properties?: { creator: string; title: string };
}): StreamedSheet {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => sink.on('end', resolve).on('error', reject));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  if (options.properties) {
    workbook.creator = options.properties.creator;
    workbook.title = options.properties.title;
  }
  const sheet = workbook.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = options.columns;
  const header = sheet.addRow(options.header);
  header.font = { bold: true };
  header.commit();
  return {
    addRow(cells) {
      sheet.addRow(cells).commit();
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
      await finished;
      return Buffer.concat(chunks);
    },
  };
}

/** One sheet of a small workbook: its name, column widths, header (bold, frozen) and rows of text. */
export interface SheetOfRows {
  name: string;
  widths: readonly number[];
  header: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
}

/** A small .xlsx of several sheets (a person's own data, a report's pages), each written through the streaming writer. */
export async function workbookOf(
  sheets: readonly SheetOfRows[],
  properties?: { creator: string; title: string },
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => sink.on('end', resolve).on('error', reject));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true });
  if (properties) {
    workbook.creator = properties.creator;
    workbook.title = properties.title;
  }
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.widths.map((width) => ({ width, style: { alignment: { wrapText: true } } }));
    const header = sheet.addRow([...spec.header]);
    header.font = { bold: true };
    header.commit();
    for (const row of spec.rows) sheet.addRow([...row]).commit();
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
