/**
 * The report exchange file: the Excel template an upper union fills for the units below it (one row per expected
 * unit, one column per typed indicator, the day a paper report came in; the registry's and the formulas' figures as
 * greyed, locked columns the import ignores; a guide sheet), and its reading back into import rows. No database here.
 */
import ExcelJS from 'exceljs';
import { headerKey } from '../../../platform/spreadsheet';
import { badFile, cellDate, cellText, readSheetRows, type RawRow } from '../../../platform/xlsx/sheet-rows';
import type { Indicator, ReportStatus } from '../model';
import { STATUS_LABELS } from '../model';
import type { RawValue, ReportImportRow } from './import-reports';

export const DATA_SHEET = 'Số liệu';
export const GUIDE_SHEET = 'Hướng dẫn';
export const CODE_HEADER = 'Mã đơn vị';
export const NAME_HEADER = 'Tên đơn vị';
export const RECEIVED_HEADER = 'Ngày nộp (dd/mm/yyyy)';
export const STATUS_HEADER = 'Trạng thái (không nhập)';
export const VERSION_HEADER = 'Phiên bản (không sửa)';
const COMPUTED_NOTE = '(tự tính, không nhập)';

/** The header of an indicator's column: its name and measure; an "of which" part says so. */
export function indicatorHeader(i: Pick<Indicator, 'nameVi' | 'measure' | 'parentCode'>): string {
  const name = i.parentCode ? `Trong đó: ${i.nameVi}` : i.nameVi;
  return i.measure ? `${name} (${i.measure})` : name;
}

const computedHeader = (i: Indicator) => `${indicatorHeader(i)} ${COMPUTED_NOTE}`;

/** How a value of each type is written in a cell, for the guide. */
const VALUE_GUIDE: Record<Indicator['valueType'], string> = {
  count: 'Số nguyên không âm, ví dụ 1489 hoặc 1.489.',
  money: 'Số tiền bằng đồng, số nguyên, ví dụ 52500000 hoặc 52.500.000 (không ghi "triệu").',
  percent: 'Tỷ lệ từ 0 đến 100, ví dụ 58,3.',
  boolean: 'Chọn "Có" hoặc "Không".',
  text: 'Văn bản, tối đa 4.000 ký tự.',
};

export interface TemplateRow {
  code: string;
  name: string;
  status: ReportStatus | null;
  version: number | null;
  /** Stored values of the typed indicators (numbers, booleans as 1/0, text), and the computed figures. */
  values: ReadonlyMap<string, number | string | null>;
}

const GREY = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFD9D9D9' } };
const INPUT = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFDDEBF7' } };

type Validations = { add(range: string, rule: ExcelJS.DataValidation): void };

/** The template workbook: the data sheet (protected: only the entry cells can be typed in) and the guide. */
export async function writeReportTemplate(input: {
  title: string;
  importerName: string;
  indicators: readonly Indicator[];
  rows: readonly TemplateRow[];
}): Promise<Buffer> {
  const typed = input.indicators.filter((i) => i.source === 'typed');
  const computed = input.indicators.filter((i) => i.source !== 'typed');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Công Đoàn Số';
  workbook.title = input.title;
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  type Col = { header: string; width: number; numFmt: string; entry: boolean };
  const numFmt = (i: Indicator) =>
    i.valueType === 'text' || i.valueType === 'boolean' ? '@' : i.valueType === 'percent' ? '0.##' : '#,##0';
  const cols: Col[] = [
    { header: CODE_HEADER, width: 14, numFmt: '@', entry: false },
    { header: NAME_HEADER, width: 36, numFmt: '@', entry: false },
    ...typed.map((i) => ({
      header: indicatorHeader(i),
      width: i.valueType === 'text' ? 40 : 18,
      numFmt: numFmt(i),
      entry: true,
    })),
    { header: RECEIVED_HEADER, width: 16, numFmt: 'dd/mm/yyyy', entry: true },
    ...computed.map((i) => ({ header: computedHeader(i), width: 20, numFmt: numFmt(i), entry: false })),
    { header: STATUS_HEADER, width: 16, numFmt: '@', entry: false },
    { header: VERSION_HEADER, width: 12, numFmt: '0', entry: false },
  ];
  sheet.columns = cols.map((c) => ({ width: c.width, style: { numFmt: c.numFmt } }));
  const header = sheet.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.height = 60;
  header.eachCell((cell, n) => (cell.fill = cols[n - 1]!.entry ? INPUT : GREY));
  const cellOf = (i: Indicator, v: number | string | null | undefined): ExcelJS.CellValue => {
    if (v === null || v === undefined) return null;
    if (i.valueType === 'boolean') return v === 1 ? 'Có' : 'Không';
    return v;
  };
  for (const r of input.rows) {
    const row = sheet.addRow([
      r.code,
      r.name,
      ...typed.map((i) => cellOf(i, r.values.get(i.code))),
      null,
      ...computed.map((i) => cellOf(i, r.values.get(i.code))),
      r.status ? STATUS_LABELS[r.status] : 'Chưa nhập',
      r.version,
    ]);
    cols.forEach((c, n) => {
      const cell = row.getCell(n + 1);
      cell.protection = { locked: !c.entry };
      if (!c.entry) cell.fill = GREY;
    });
  }
  // Yes/no columns as a drop-down of "Có" and "Không".
  const validations = (sheet as unknown as { dataValidations: Validations }).dataValidations;
  const last = Math.max(input.rows.length + 1, 2);
  typed.forEach((i, n) => {
    if (i.valueType !== 'boolean') return;
    const letter = sheet.getColumn(n + 3).letter;
    validations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: ['"Có,Không"'],
      showErrorMessage: true,
      errorTitle: i.nameVi,
      error: 'Chọn "Có" hoặc "Không".',
    });
  });
  // No password: the lock only keeps the computed figures from being typed over by mistake.
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    sort: true,
    autoFilter: true,
  });

  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 46 }, { width: 90 }];
  guide.addRow([input.title]).font = { bold: true, size: 14 };
  guide.addRow([`Đơn vị nhập: ${input.importerName}`]).font = { bold: true };
  for (const line of [
    `Mỗi dòng của trang "${DATA_SHEET}" là báo cáo của một đơn vị phải nộp kỳ này; giữ nguyên dòng tiêu đề, mã đơn vị và cột "${VERSION_HEADER}".`,
    'Ô màu xanh là ô nhập số liệu; ô màu xám (mã, tên, các số liệu "tự tính, không nhập" lấy từ sổ đoàn viên, cây tổ chức hoặc công thức, trạng thái, phiên bản) bị khoá và không được đọc khi nhập.',
    'Số liệu đã lưu được điền sẵn. Ô để trống: giữ nguyên số liệu đã lưu (muốn xoá một số liệu, sửa trên màn hình nhập báo cáo).',
    `Cột "${RECEIVED_HEADER}": ngày nhận báo cáo giấy của đơn vị, dạng ngày/tháng/năm (ví dụ 03/07/2023); khi chọn "nộp", ngày này được ghi là ngày nộp và dùng để tính đúng hạn. Để trống: ngày nhập.`,
    'Nếu có dòng lỗi, hệ thống báo từng dòng và từng cột, và không ghi dòng nào; sửa rồi nhập lại cả tệp.',
    'Nếu báo cáo của một đơn vị đã được sửa hoặc chuyển trạng thái sau khi tải tệp này, cả tệp bị từ chối: tải lại tệp mẫu để có số liệu mới nhất.',
    'Báo cáo đã duyệt bị khoá: đơn vị duyệt phải mở lại (ghi lý do) trước khi sửa số liệu.',
  ])
    guide.addRow([line]);
  guide.addRow([]);
  guide.addRow(['Cột', 'Cách ghi']).font = { bold: true };
  guide.addRow([CODE_HEADER, 'Mã đơn vị trong cây tổ chức (không sửa).']);
  for (const i of typed) guide.addRow([indicatorHeader(i), VALUE_GUIDE[i.valueType]]);
  guide.addRow([RECEIVED_HEADER, 'Ngày/tháng/năm, ví dụ 03/07/2023.']);
  for (const i of computed)
    guide.addRow([
      computedHeader(i),
      i.source === 'registry'
        ? 'Tính từ sổ đoàn viên và cây tổ chức.'
        : `Tính theo công thức ${i.formula ?? ''}.`,
    ]);
  guide.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  guide.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type Field =
  { kind: 'code' } | { kind: 'received' } | { kind: 'version' } | { kind: 'typed'; indicator: Indicator };

/** What each header of the file names: the template's columns (by header or indicator code); ignored ones absent. */
function mapColumns(header: RawRow, indicators: readonly Indicator[]) {
  const byKey = new Map<string, Field | 'ignored'>([
    [headerKey(CODE_HEADER), { kind: 'code' }],
    [headerKey(NAME_HEADER), 'ignored'],
    [headerKey(RECEIVED_HEADER), { kind: 'received' }],
    [headerKey(STATUS_HEADER), 'ignored'],
    [headerKey(VERSION_HEADER), { kind: 'version' }],
  ]);
  for (const i of indicators) {
    const field: Field | 'ignored' = i.source === 'typed' ? { kind: 'typed', indicator: i } : 'ignored';
    for (const h of [indicatorHeader(i), i.nameVi, i.code])
      if (!byKey.has(headerKey(h))) byKey.set(headerKey(h), field);
  }
  const columns = new Map<number, { field: Field; header: string }>();
  const unknown: string[] = [];
  const taken = new Set<string>();
  header.cells.forEach((cell, n) => {
    const text = cellText(cell);
    if (!text) return;
    const field = byKey.get(headerKey(text));
    if (field === undefined) unknown.push(`"${text}"`);
    else if (field !== 'ignored') {
      const key = field.kind === 'typed' ? field.indicator.code : field.kind;
      if (taken.has(key)) unknown.push(`"${text}" (cột lặp lại)`);
      taken.add(key);
      columns.set(n, { field, header: text });
    }
  });
  const problems: string[] = [];
  if (!taken.has('code')) problems.push(`dòng tiêu đề (dòng ${header.rowNumber}) thiếu cột "${CODE_HEADER}"`);
  if (unknown.length) problems.push(`cột ${unknown.join(', ')} không có trong biểu mẫu`);
  return { columns, problems, hasVersion: taken.has('version') };
}

const rawOf = (cell: RawRow['cells'][number] | undefined): RawValue =>
  typeof cell === 'string' ? (cell.trim() === '' ? null : cell) : (cell ?? null);

/** The rows of a filled template (or a file with its headers) as import rows; the file's own faults refuse it. */
export async function readReportFile(
  buffer: Buffer,
  fileName: string,
  indicators: readonly Indicator[],
): Promise<{ rows: ReportImportRow[]; columnOf: (code: string) => string }> {
  const raw: RawRow[] = [];
  await readSheetRows(buffer, fileName, (row) => raw.push(row), {
    sheet: DATA_SHEET,
    skipSheets: [GUIDE_SHEET],
  });
  const [header, ...body] = raw;
  if (!header) throw badFile('tệp không có dòng nào');
  const { columns, problems, hasVersion } = mapColumns(header, indicators);
  if (problems.length) throw badFile(problems.join('; '));
  const headerOf = new Map<string, string>();
  for (const { field, header: h } of columns.values())
    headerOf.set(field.kind === 'typed' ? field.indicator.code : field.kind, h);
  const columnOf = (code: string) => headerOf.get(code) ?? code;
  const rows = body.map((r): ReportImportRow => {
    const row: ReportImportRow = {
      unitCode: '',
      values: {},
      where: (column) => {
        const h =
          column === null
            ? null
            : column === 'unit'
              ? CODE_HEADER
              : column === 'receivedOn'
                ? RECEIVED_HEADER
                : column;
        return h === null
          ? { field: `Dòng ${r.rowNumber}`, row: r.rowNumber }
          : { field: `Dòng ${r.rowNumber}, cột "${h}"`, row: r.rowNumber, column: h };
      },
    };
    if (hasVersion) row.version = null;
    for (const [n, { field }] of columns) {
      const cell = r.cells[n];
      if (field.kind === 'code') row.unitCode = cellText(cell);
      else if (field.kind === 'received') row.receivedOn = cellText(cell) ? cellDate(cell) : null;
      else if (field.kind === 'version') {
        const text = cellText(cell);
        row.version = text === '' ? null : /^\d+$/.test(text) ? Number(text) : -1;
      } else {
        const value = rawOf(cell);
        if (value !== null) row.values[field.indicator.code] = value;
      }
    }
    return row;
  });
  // A unit's row left empty is not part of the import (nothing typed, no day): the template lists every unit.
  return {
    rows: rows.filter((r) => Object.keys(r.values).length > 0 || r.receivedOn),
    columnOf,
  };
}
