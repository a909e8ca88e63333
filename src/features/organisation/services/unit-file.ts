/**
 * The units file format: the Excel template people fill, reading an Excel or CSV file into import rows (the file
 * mechanics are in platform/sheet-rows.ts), and writing rows with the template's columns so that an export can be
 * imported again. No database access here.
 */
import ExcelJS from 'exceljs';
import { formatDate } from '../../../lib/dates';
import {
  badFile,
  cellDate as sheetCellDate,
  cellText as sheetCellText,
  readSheetRows,
  type RawCell,
  type RawRow,
} from '../../../platform/xlsx/sheet-rows';
import {
  columnLetter,
  mapHeader as mapHeaderRow,
  streamedSheet,
  writeCsv,
} from '../../../platform/spreadsheet';
import * as exportStore from '../export-store';
import type { UnitImportRow } from './import-units';

type UnitField = Exclude<keyof UnitImportRow, 'rowNumber'>;

interface ColumnSpec {
  header: string;
  field: UnitField;
  required: boolean;
  width: number;
  guide: string;
  example: string;
}

const COLUMNS: readonly ColumnSpec[] = [
  {
    header: 'Mã đơn vị',
    field: 'code',
    required: true,
    width: 18,
    guide: 'Mã duy nhất của đơn vị: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (2–40 ký tự).',
    example: 'CDCS-PHILIENG',
  },
  {
    header: 'Tên đơn vị',
    field: 'name',
    required: true,
    width: 45,
    guide: 'Tên đầy đủ như trong quyết định thành lập (ít nhất 3 ký tự).',
    example: 'CĐCS Trường THCS Phi Liêng',
  },
  {
    header: 'Tên viết tắt',
    field: 'shortName',
    required: false,
    width: 25,
    guide: 'Tên ngắn hiển thị trên cây tổ chức; để trống thì dùng tên đơn vị.',
    example: 'THCS Phi Liêng',
  },
  {
    header: 'Loại đơn vị',
    field: 'typeId',
    required: true,
    width: 40,
    guide: 'Chọn trong danh sách; ghi tên loại, tên viết tắt hoặc mã loại (xem bảng bên dưới) đều được.',
    example: 'Công đoàn cơ sở',
  },
  {
    header: 'Mã đơn vị cấp trên',
    field: 'parentCode',
    required: false,
    width: 20,
    guide:
      'Mã của đơn vị cấp trên trực tiếp: một đơn vị trong tệp này hoặc đã có trong hệ thống. Để trống: đơn vị trực thuộc đơn vị đang chọn khi nhập tệp.',
    example: 'LDLD-DAMRONG',
  },
  {
    header: 'Khu vực',
    field: 'sector',
    required: false,
    width: 20,
    guide:
      'Chọn trong danh sách; ghi tên khu vực, tên viết tắt hoặc mã khu vực (xem bảng bên dưới) đều được. Khu vực phải còn áp dụng vào ngày thành lập.',
    example: 'Khối HCSN',
  },
  {
    header: 'Tỉnh/Thành phố',
    field: 'province',
    required: false,
    width: 18,
    guide: 'Tỉnh, thành phố nơi đơn vị đặt trụ sở.',
    example: 'Lâm Đồng',
  },
  {
    header: 'Xã/Phường',
    field: 'commune',
    required: false,
    width: 18,
    guide: 'Xã, phường, đặc khu nơi đơn vị đặt trụ sở.',
    example: 'Xã Phi Liêng',
  },
  {
    header: 'Địa chỉ',
    field: 'address',
    required: false,
    width: 40,
    guide: 'Địa chỉ trụ sở.',
    example: 'Thôn 2, xã Phi Liêng',
  },
  {
    header: 'Số quyết định thành lập',
    field: 'foundingDecisionNo',
    required: false,
    width: 22,
    guide: 'Số, ký hiệu quyết định thành lập đơn vị.',
    example: '125/QĐ-LĐLĐ',
  },
  {
    header: 'Ngày thành lập (dd/mm/yyyy)',
    field: 'foundedOn',
    required: true,
    width: 16,
    guide: 'Ngày thành lập theo quyết định, dạng ngày/tháng/năm.',
    example: '15/03/2010',
  },
  // Last, so that files written before the column existed still read.
  {
    header: 'Khối',
    field: 'groups',
    required: false,
    width: 24,
    guide:
      'Khối của đơn vị (theo danh mục khối, ví dụ "Khối HCSN", "Khối Giáo dục"); nhiều khối thì cách nhau bằng dấu chấm phẩy.',
    example: 'Khối Giáo dục',
  },
];

/** The columns of the units file, in order: the template, the export and the import read the same headers. */
export const unitTemplateColumns: readonly string[] = COLUMNS.map((c) => c.header);

const UNITS_SHEET = 'Đơn vị';
const GUIDE_SHEET = 'Hướng dẫn';
const LISTS_SHEET = 'Danh mục';
/** Rows of the template that carry the drop-down lists; a province rarely founds more units in one file. */
const TEMPLATE_ROWS = 10_000;

export { CSV_TYPE, XLSX_TYPE } from '../../../platform/spreadsheet';

// -------------------------------------------------------------------------------------------------------------
// Template

export interface TemplateUnitType {
  id: string;
  nameVi: string;
  shortVi: string;
}

/** The Excel template: the units sheet (bold frozen header, drop-downs), a guide sheet and a hidden lists sheet. */
/** A sector as the template lists it (those that apply today). */
export interface TemplateSector {
  id: string;
  nameVi: string;
  shortVi: string;
}

export async function writeUnitTemplate(
  types: readonly TemplateUnitType[],
  sectors: readonly TemplateSector[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Công Đoàn Số';
  const sheet = workbook.addWorksheet(UNITS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text format keeps codes' leading zeros and stops Excel reading 03/04/2010 as 4 March in an English locale.
  sheet.columns = COLUMNS.map((c) => ({ key: c.field, width: c.width, style: { numFmt: '@' } }));
  const header = sheet.addRow(unitTemplateColumns);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });

  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  lists.getCell('A1').value = 'Loại đơn vị';
  types.forEach((t, i) => (lists.getCell(`A${i + 2}`).value = t.nameVi));
  lists.getCell('B1').value = 'Khu vực';
  sectors.forEach((s, i) => (lists.getCell(`B${i + 2}`).value = s.shortVi));
  // exceljs supports range validations but its typings omit `dataValidations`.
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }
  ).dataValidations;
  const dropDown = (field: UnitField, listColumn: string, count: number, title: string) => {
    const column = columnLetter(COLUMNS.findIndex((c) => c.field === field));
    validations.add(`${column}2:${column}${TEMPLATE_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${LISTS_SHEET}'!$${listColumn}$2:$${listColumn}$${count + 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: title,
      error: `Giá trị không có trong danh sách ${title.toLowerCase()}.`,
    });
  };
  dropDown('typeId', 'A', types.length, 'Loại đơn vị');
  dropDown('sector', 'B', sectors.length, 'Khu vực');

  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 30 }, { width: 12 }, { width: 80 }, { width: 32 }];
  guide.addRow(['Hướng dẫn nhập danh sách đơn vị']).font = { bold: true, size: 14 };
  guide.addRow([
    `Mỗi dòng của trang "${UNITS_SHEET}" là một đơn vị; giữ nguyên dòng tiêu đề. Đơn vị cấp trên ghi trước hay sau đều được. ` +
      'Nếu có dòng lỗi, hệ thống báo từng dòng và không ghi dữ liệu nào.',
  ]);
  guide.addRow([]);
  guide.addRow(['Cột', 'Bắt buộc', 'Cách ghi', 'Ví dụ']).font = { bold: true };
  for (const c of COLUMNS) guide.addRow([c.header, c.required ? 'Có' : 'Không', c.guide, c.example]);
  guide.addRow([]);
  guide.addRow(['Loại đơn vị', 'Viết tắt', 'Mã loại']).font = { bold: true };
  for (const t of types) guide.addRow([t.nameVi, t.shortVi, t.id]);
  guide.addRow([]);
  guide.addRow(['Khu vực', 'Viết tắt', 'Mã khu vực']).font = { bold: true };
  for (const s of sectors) guide.addRow([s.nameVi, s.shortVi, s.id]);
  guide.getColumn(3).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// -------------------------------------------------------------------------------------------------------------
// Reading a file

/** The rows of the units' sheet (else the first visible one) or of a CSV file. */
async function readRows(buffer: Buffer, fileName: string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  await readSheetRows(buffer, fileName, (row) => rows.push(row), { sheet: UNITS_SHEET });
  return rows;
}

// The units' import has always shown a true/false cell as "true"/"false" (the members' as "Có"/"Không").
const cellText = (value: RawCell | undefined): string =>
  typeof value === 'boolean' ? String(value) : sheetCellText(value);

/** A founding date from a dd/mm/yyyy text or an Excel date (a serial number); the raw text when unreadable. */
const cellDate = (value: RawCell | undefined): string =>
  typeof value === 'boolean' ? String(value) : sheetCellDate(value);

/** Maps each template field to its column index in the file; throws naming the missing or unknown headers. */
function mapHeader(header: RawRow | undefined): Map<UnitField, number> {
  // The header is row 1 of the file; a file starting lower has none.
  const row = header?.rowNumber === 1 ? header : { rowNumber: 1, cells: [] };
  const { positions, problems: reasons } = mapHeaderRow(row, COLUMNS);
  if (reasons.length) {
    throw badFile(
      `${reasons.join('; ')}. Hãy dùng đúng tiêu đề của tệp mẫu: ${unitTemplateColumns.join(', ')}`,
    );
  }
  return positions;
}

/**
 * Reads an Excel (.xlsx) or CSV file (UTF-8 with or without BOM, comma or semicolon separated) into import rows;
 * `rowNumber` is the row people see in their file (the header is row 1). Values are checked later by
 * `validateUnitRows`, so every bad row is reported at once; this throws `import_bad_file` only when the file itself
 * cannot be read: not Excel or CSV, empty, or without the template's headers.
 */
export async function parseUnitFile(buffer: Buffer, fileName: string): Promise<UnitImportRow[]> {
  const raw = await readRows(buffer, fileName);
  const rows = raw.filter((r) => r.cells.some((c) => cellText(c) !== ''));
  if (rows.length === 0) throw badFile('tệp không có dữ liệu');
  const positions = mapHeader(rows[0]);
  const data = rows.slice(1);
  if (data.length === 0) throw badFile('tệp chỉ có dòng tiêu đề, chưa có đơn vị nào');
  return data.map(({ rowNumber, cells }) => {
    const at = (field: UnitField) => {
      const index = positions.get(field);
      return index === undefined ? undefined : cells[index];
    };
    const text = (field: UnitField) => cellText(at(field));
    const optional = (field: UnitField) => text(field) || null;
    return {
      rowNumber,
      code: text('code'),
      name: text('name'),
      shortName: optional('shortName'),
      typeId: text('typeId'),
      parentCode: optional('parentCode'),
      // By name, short name or id: validateUnitRows reads it against the sectors of the founding date.
      sector: optional('sector'),
      province: optional('province'),
      commune: optional('commune'),
      address: optional('address'),
      foundingDecisionNo: optional('foundingDecisionNo'),
      foundedOn: cellDate(at('foundedOn')),
      groups: text('groups')
        .split(';')
        .map((g) => g.trim())
        .filter(Boolean),
    };
  });
}

// -------------------------------------------------------------------------------------------------------------
// Writing an export

export type ExportedUnit = Awaited<ReturnType<typeof exportStore.unitsForExport>>[number];

/** Vietnamese names of the reference data an export writes: unit types by full name, sectors by short name. */
export interface ExportNames {
  types: ReadonlyMap<string, string>;
  sectors: ReadonlyMap<string, string>;
}

/** One unit as the cells of the template's columns: type by its Vietnamese name, sector by label, dd/mm/yyyy. */
function unitCells(unit: ExportedUnit, names: ExportNames): string[] {
  const values: Record<UnitField, string> = {
    code: unit.code,
    name: unit.name,
    shortName: unit.shortName,
    typeId: names.types.get(unit.typeId) ?? unit.typeId,
    parentCode: unit.parentCode ?? '',
    sector: unit.sector ? (names.sectors.get(unit.sector) ?? unit.sector) : '',
    province: unit.province ?? '',
    commune: unit.commune ?? '',
    address: unit.address ?? '',
    foundingDecisionNo: unit.foundingDecisionNo ?? '',
    foundedOn: formatDate(unit.foundedOn),
    groups: unit.groups ?? '',
  };
  return COLUMNS.map((c) => values[c.field]);
}

/** Units as an .xlsx file with the template's columns, written with exceljs' streaming writer. */
export async function writeUnitsXlsx(units: readonly ExportedUnit[], names: ExportNames): Promise<Buffer> {
  const sheet = streamedSheet({
    sheetName: UNITS_SHEET,
    columns: COLUMNS.map((c) => ({ key: c.field, width: c.width })),
    header: unitTemplateColumns,
  });
  for (const unit of units) sheet.addRow(unitCells(unit, names));
  return sheet.finish();
}

/** Units as CSV that Excel opens (platform/spreadsheet writeCsv: UTF-8 with BOM, semicolons, CRLF). */
export function writeUnitsCsv(units: readonly ExportedUnit[], names: ExportNames): Buffer {
  return writeCsv(
    unitTemplateColumns,
    units.map((u) => unitCells(u, names)),
  );
}

// -------------------------------------------------------------------------------------------------------------
// Use-cases
