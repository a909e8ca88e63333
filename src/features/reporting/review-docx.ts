/**
 * The review report as a Word file in the administrative document format of the union (Times New Roman 13 pt, A4,
 * margins 20/20/30/15 mm; the issuer top left, "CÔNG ĐOÀN VIỆT NAM" top right; "Nơi nhận:" and the signature at the
 * bottom), written from a `ReviewDocument`.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import { formatAdministrativeDate } from '../../lib/dates';
import {
  documentNumberLine,
  formatFigure,
  writeCompleteness,
  writeNarrative,
  type ReviewDocument,
  type ReviewRow,
  type ReviewSection,
} from './review-document';

const FONT = 'Times New Roman';
/** Sizes in half-points: body 13 pt, title 14 pt, tables 11 pt, "Nơi nhận" 12 pt and its list 11 pt. */
const BODY = 26;
const TITLE = 28;
const TABLE = 22;
/** The figures' table has nine columns on a portrait page: 10 pt keeps 100.000.000 on one line. */
const FIGURES = 20;
const SMALL = 22;
/** Millimetres in twips (1 mm = 56,7 twips). */
const mm = (value: number) => Math.round((value * 1440) / 25.4);
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** The left column of the header and the bottom: wide enough for "LIÊN ĐOÀN LAO ĐỘNG TỈNH …" on one line. */
const LEFT_COLUMN = 4800;
/** TT, Mã, Đơn vị, Cán bộ phụ trách */
const MISSING_COLUMNS = [450, 1300, 0, 3200];
MISSING_COLUMNS[2] = CONTENT_WIDTH - MISSING_COLUMNS.reduce((a, b) => a + b, 0);
const CELL_MARGINS = { top: 40, bottom: 40, left: 50, right: 50 };

/** How wide a figure prints at 10 pt, in twips (Times digits are half an em; dots and commas a quarter). */
function printedWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[.,]/.test(ch) ? 50 : ch === '%' ? 170 : 100;
  return width;
}

/**
 * TT, Chỉ tiêu, ĐVT, Của đơn vị, Của cấp dưới, Tổng cộng, Chỉ tiêu năm, Tỷ lệ, Cùng kỳ năm trước: each figure column as
 * wide as its widest figure (at least as wide as its heading's words), the indicator's name the rest.
 */
function figureColumns(cells: string[][]): number[] {
  const fixed = [400, 620];
  const figures = [3, 4, 5, 6, 7, 8].map((col) =>
    Math.max(
      col === 7 ? 700 : 850,
      ...cells.map((row) => printedWidth(row[col] ?? '') + 2 * CELL_MARGINS.left + 20),
    ),
  );
  const name = Math.max(1500, CONTENT_WIDTH - fixed[0]! - fixed[1]! - figures.reduce((a, b) => a + b, 0));
  const scale = Math.min(
    1,
    (CONTENT_WIDTH - fixed[0]! - fixed[1]! - name) / figures.reduce((a, b) => a + b, 0),
  );
  const widths = [fixed[0]!, name, fixed[1]!, ...figures.map((w) => Math.floor(w * scale))];
  widths[1] = CONTENT_WIDTH - widths.reduce((a, b, i) => (i === 1 ? a : a + b), 0);
  return widths;
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

interface Line {
  text: string;
  run?: Omit<IRunOptions, 'text'>;
  paragraph?: Omit<IParagraphOptions, 'children'>;
}

function line({ text, run = {}, paragraph = {} }: Line): Paragraph {
  return new Paragraph({
    spacing: { before: 0, after: 0 },
    ...paragraph,
    children: [new TextRun({ text, ...run })],
  });
}

const centred = (text: string, run: Omit<IRunOptions, 'text'> = {}) =>
  line({ text, run, paragraph: { alignment: AlignmentType.CENTER } });

/** The short solid rule under the issuer's name, "CÔNG ĐOÀN VIỆT NAM" and the subject, a third of its column wide. */
function rule(columnWidth: number): Paragraph {
  const side = Math.round(columnWidth / 3);
  return new Paragraph({
    spacing: { before: 0, after: 60 },
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [new TextRun({ text: '', size: 4 })],
  });
}

function borderlessTable(widths: number[], columns: Paragraph[][]): Table {
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: columns.map(
          (children, i) => new TableCell({ width: { size: widths[i]!, type: WidthType.DXA }, children }),
        ),
      }),
    ],
  });
}

function header(doc: ReviewDocument): Table {
  const right = CONTENT_WIDTH - LEFT_COLUMN;
  const dateLine = formatAdministrativeDate(doc.date) ?? doc.date;
  return borderlessTable(
    [LEFT_COLUMN, right],
    [
      [
        centred(doc.superiorName.toLocaleUpperCase('vi')),
        centred(doc.issuerName.toLocaleUpperCase('vi'), { bold: true }),
        rule(LEFT_COLUMN),
        centred(documentNumberLine(doc)),
      ],
      [
        centred('CÔNG ĐOÀN VIỆT NAM', { bold: true }),
        rule(right),
        centred(`${doc.place}, ${dateLine}`, { italics: true }),
      ],
    ],
  );
}

function title(doc: ReviewDocument): Paragraph[] {
  return [
    line({
      text: doc.title,
      run: { bold: true, size: TITLE },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 360, after: 0 } },
    }),
    centred(doc.subtitle, { bold: true, size: TITLE }),
    rule(CONTENT_WIDTH),
  ];
}

const heading = (text: string) =>
  line({ text, run: { bold: true }, paragraph: { spacing: { before: 200, after: 120 }, keepNext: true } });

/** A paragraph of the body: justified, first line indented 1 cm. */
const bodyText = (text: string) =>
  line({
    text,
    paragraph: {
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: mm(10) },
      spacing: { after: 120, line: 300 },
    },
  });

interface CellStyle {
  align?: Align;
  bold?: boolean;
  italics?: boolean;
  indent?: number;
  size?: number;
}

function cell(text: string, width: number, style: CellStyle = {}) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: CELL_MARGINS,
    verticalAlign: VerticalAlignTable.CENTER,
    children: [
      line({
        text,
        run: { size: style.size ?? TABLE, bold: style.bold ?? false, italics: style.italics ?? false },
        paragraph: { alignment: style.align ?? AlignmentType.LEFT, indent: { left: style.indent ?? 0 } },
      }),
    ],
  });
}

/** A ruled table whose heading row repeats on every page; `styles` gives each column's look. */
function gridTable(
  widths: number[],
  head: string[],
  body: { cells: string[]; styles: CellStyle[] }[],
  size = TABLE,
) {
  const headStyle = { align: AlignmentType.CENTER, bold: true, size };
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: head.map((text, i) => cell(text, widths[i]!, headStyle)),
      }),
      ...body.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.cells.map((text, i) => cell(text, widths[i]!, { size, ...row.styles[i] })),
          }),
      ),
    ],
  });
}

const OF_WHICH = /^trong đó\s*:?\s*/iu;

/** An indicator's cells; an "of which" part reads "Trong đó: nữ", indented and in italics, without a number. */
function figureCells(row: ReviewRow, number: string): { cells: string[]; styles: CellStyle[] } {
  const part = row.depth > 0;
  const name = part ? `Trong đó: ${row.name.replace(OF_WHICH, '')}` : row.name;
  const figure = { align: AlignmentType.RIGHT, italics: part };
  return {
    cells: [
      number,
      name,
      row.measure,
      ...[row.own, row.below, row.total, row.target].map((v) => formatFigure(v, row.valueType)),
      row.rate === null ? '' : formatFigure(row.rate, 'percent'),
      formatFigure(row.lastYear, row.valueType),
    ],
    styles: [
      { align: AlignmentType.CENTER },
      { italics: part, indent: part ? 200 * row.depth : 0 },
      { align: AlignmentType.CENTER, italics: part },
      ...Array.from({ length: 6 }, () => figure),
    ],
  };
}

function sectionCells(section: ReviewSection) {
  let indicator = 0;
  return section.rows.map((row) => figureCells(row, row.depth > 0 ? '' : String(++indicator)));
}

/** Every section's table with the same columns, as wide as the widest figure of the whole report. */
function figureTables(doc: ReviewDocument): Table[] {
  const sections = doc.sections.map(sectionCells);
  const widths = figureColumns(sections.flat().map((r) => r.cells));
  const head = [
    'TT',
    'Chỉ tiêu',
    'ĐVT',
    'Của đơn vị',
    'Của cấp dưới',
    'Tổng cộng',
    'Chỉ tiêu năm',
    'Tỷ lệ',
    'Cùng kỳ năm trước',
  ];
  return sections.map((rows) => gridTable(widths, head, rows, FIGURES));
}

const ROMAN = /^([IVXLC]+)\.\s/;
const ROMANS = [
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
  'XV',
];

/** "Tình hình báo cáo" follows the sections' numbering when they carry one. */
function reportingHeading(doc: ReviewDocument): string {
  const numbered = doc.sections.length > 0 && doc.sections.every((s) => ROMAN.test(s.heading));
  const numeral = ROMANS[doc.sections.length];
  return numbered && numeral ? `${numeral}. TÌNH HÌNH BÁO CÁO` : 'TÌNH HÌNH BÁO CÁO';
}

function reporting(doc: ReviewDocument): (Paragraph | Table)[] {
  const blocks: (Paragraph | Table)[] = [heading(reportingHeading(doc)), bodyText(writeCompleteness(doc))];
  if (doc.missing.length === 0) return blocks;
  const rows = doc.missing.map((unit, i) => ({
    cells: [String(i + 1), unit.code, unit.name, unit.officers],
    styles: [{ align: AlignmentType.CENTER }, {}, {}, {}],
  }));
  blocks.push(
    line({
      text: 'Danh sách đơn vị chưa báo cáo:',
      run: { italics: true },
      paragraph: { spacing: { after: 80 }, keepNext: true },
    }),
    gridTable(MISSING_COLUMNS, ['TT', 'Mã', 'Đơn vị', 'Cán bộ phụ trách'], rows),
  );
  return blocks;
}

function bottom(doc: ReviewDocument): Table {
  const right = CONTENT_WIDTH - LEFT_COLUMN;
  const space = Array.from({ length: 4 }, () => line({ text: '' }));
  return borderlessTable(
    [LEFT_COLUMN, right],
    [
      [
        line({ text: 'Nơi nhận:', run: { bold: true, italics: true, size: 24 } }),
        ...doc.recipients.map((text) => line({ text, run: { size: SMALL } })),
      ],
      [
        centred(doc.signer.onBehalf, { bold: true }),
        centred(doc.signer.title, { bold: true }),
        ...space,
        centred(doc.signer.name, { bold: true }),
      ],
    ],
  );
}

function body(doc: ReviewDocument): (Paragraph | Table)[] {
  const blocks: (Paragraph | Table)[] = [header(doc), ...title(doc)];
  const tables = figureTables(doc);
  doc.sections.forEach((section, i) => {
    blocks.push(heading(section.heading), ...writeNarrative(doc, section).map(bodyText));
    if (section.rows.length > 0) blocks.push(tables[i]!);
  });
  blocks.push(...reporting(doc), line({ text: '', paragraph: { spacing: { before: 240 } } }), bottom(doc));
  return blocks;
}

/** The review report as the bytes of a .docx file. */
export async function renderReviewDocx(doc: ReviewDocument): Promise<Buffer> {
  const document = new Document({
    creator: doc.issuerName,
    title: `${doc.title} ${doc.subtitle}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [{ properties: { page: { size: A4, margin: MARGIN } }, children: body(doc) }],
  });
  return Packer.toBuffer(document);
}
