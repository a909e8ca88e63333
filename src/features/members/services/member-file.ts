/**
 * The member list file: the Excel template people fill (Vietnamese headers, drop-down lists, a guide sheet), the
 * columns of an Excel (.xlsx, streamed) or CSV file read into import rows (the file mechanics are in
 * platform/sheet-rows.ts), and the streamed export writer whose columns the import reads again. No database access here.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { foldVietnamese } from '../../../lib/text';
import { columnLetter, mapHeader as mapHeaderRow } from '../../../platform/spreadsheet';
import type { Person } from '../person';
import { ETHNICITIES, RELIGION_SUGGESTIONS } from '../reference-data';
import type { ProposalInput } from './admission-checks';
import {
  badFile,
  cellDate,
  cellDigits,
  cellText,
  readSheetRows,
  type RawRow,
} from '../../../platform/xlsx/sheet-rows';
import { XlsxWriter } from '../../../platform/xlsx/writer';

export type MemberFileField =
  | 'memberCode'
  | 'fullName'
  | 'birthDate'
  | 'gender'
  | 'ethnicityCode'
  | 'religion'
  | 'cccd'
  | 'phone'
  | 'email'
  | 'education'
  | 'occupation'
  | 'unionPosition'
  | 'partyMember'
  | 'joinedOn'
  | 'unitCode'
  | 'unitNames'
  | 'status'
  | 'version';

/** One person of a list to import; from a file, `rowNumber` is the row Excel shows (the header is row 1). */
export interface MemberImportRow extends ProposalInput {
  rowNumber?: number | undefined;
  /**
   * The code of the CĐCS (or unit inside one) the person goes to (organisation/model.ts normalizeUnitCode): needed on
   * every row of a file imported at an upper union; a file imported into a CĐCS may leave it out.
   */
  unitCode?: string | null | undefined;
  /**
   * The version of the member's record the row was exported from (the export's last column): a row naming a member
   * who was edited since is refused rather than undoing that edit (import-checks.ts, step 5).
   */
  version?: number | null | undefined;
  /** The person's columns the file does not have (one array shared by every row of a file). */
  absent?: readonly MemberFileField[] | undefined;
  /** Cells that could not be read, found while reading the file. */
  problems?: { field: MemberFileField; message: string }[] | undefined;
  /**
   * CCCD and phone cells as an export masked them ("068******405": exported by someone who may not see personal
   * data), their value left null: a row naming a member of its unit keeps the stored number when the mask is that
   * number's (the file changes nothing there); any other row cannot use them (import-checks.ts, step 5).
   */
  masked?: MaskedCells | undefined;
}

export type MaskedCells = Partial<Record<'cccd' | 'phone', string>>;

/** The masked cell's problem: the number cannot be read from the file. */
export function maskedCellMessage(field: 'cccd' | 'phone', masked: string): string {
  return `${MEMBER_FIELD_LABELS[field]} "${masked}" đã bị che (tệp xuất bởi người không có quyền xem dữ liệu cá nhân); ghi số đầy đủ hoặc để trống.`;
}

interface ColumnSpec {
  header: string;
  field: MemberFileField;
  required: boolean;
  width: number;
  /** Cell format: text keeps leading zeros (CCCD, phone) and stops Excel turning digits into numbers. */
  format: 'text' | 'date';
  guide: string;
  example: string;
  /** Other headers people use for the same column (compared without diacritics). */
  aliases?: string[];
}

const COLUMNS: readonly ColumnSpec[] = [
  {
    header: 'Họ và tên',
    field: 'fullName',
    required: true,
    width: 28,
    format: 'text',
    guide: 'Họ, tên đệm và tên, có dấu.',
    example: 'Nguyễn Thị Hoa',
    aliases: ['Họ tên', 'Họ và tên đoàn viên'],
  },
  {
    header: 'Ngày sinh (dd/mm/yyyy)',
    field: 'birthDate',
    required: true,
    width: 16,
    format: 'date',
    guide: 'Ngày/tháng/năm sinh, ví dụ 17/05/1990.',
    example: '17/05/1990',
  },
  {
    header: 'Giới tính',
    field: 'gender',
    required: true,
    width: 10,
    format: 'text',
    guide: 'Chọn Nam hoặc Nữ.',
    example: 'Nữ',
  },
  {
    header: 'Dân tộc',
    field: 'ethnicityCode',
    required: false,
    width: 14,
    format: 'text',
    guide: 'Chọn trong danh mục 54 dân tộc (hoặc ghi mã 01–54). Để trống: Kinh.',
    example: 'Kinh',
  },
  {
    header: 'Tôn giáo',
    field: 'religion',
    required: false,
    width: 16,
    format: 'text',
    guide: 'Chọn hoặc ghi tên tôn giáo; để trống hoặc "Không" nếu không theo tôn giáo nào.',
    example: 'Không',
  },
  {
    header: 'Số CCCD',
    field: 'cccd',
    required: false,
    width: 16,
    format: 'text',
    guide:
      'Số định danh cá nhân 12 chữ số trên thẻ căn cước; 3 số đầu là mã tỉnh đăng ký khai sinh, số thứ 4 khớp giới tính và thế kỷ sinh.',
    example: '068190012345',
    aliases: ['CCCD', 'Số căn cước', 'Số căn cước công dân', 'Số CCCD/CMND', 'Số định danh cá nhân'],
  },
  {
    header: 'Số điện thoại',
    field: 'phone',
    required: false,
    width: 14,
    format: 'text',
    guide: 'Số di động 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.',
    example: '0912345678',
    aliases: ['Điện thoại', 'SĐT', 'Điện thoại di động'],
  },
  {
    header: 'Email',
    field: 'email',
    required: false,
    width: 24,
    format: 'text',
    guide: 'Địa chỉ thư điện tử, nếu có.',
    example: 'hoa.nt@example.vn',
    aliases: ['Thư điện tử'],
  },
  {
    header: 'Trình độ',
    field: 'education',
    required: false,
    width: 16,
    format: 'text',
    guide: 'Trình độ chuyên môn cao nhất.',
    example: 'Đại học',
    aliases: ['Trình độ chuyên môn'],
  },
  {
    header: 'Nghề nghiệp',
    field: 'occupation',
    required: false,
    width: 20,
    format: 'text',
    guide: 'Nghề nghiệp, công việc đang làm.',
    example: 'Giáo viên',
  },
  {
    header: 'Chức vụ công đoàn',
    field: 'unionPosition',
    required: false,
    width: 20,
    format: 'text',
    guide: 'Chức vụ trong công đoàn, nếu có.',
    example: 'Tổ trưởng công đoàn',
  },
  {
    header: 'Đảng viên',
    field: 'partyMember',
    required: false,
    width: 10,
    format: 'text',
    guide: 'Chọn Có hoặc Không. Để trống: Không.',
    example: 'Không',
  },
  {
    header: 'Ngày vào công đoàn (dd/mm/yyyy)',
    field: 'joinedOn',
    required: true,
    width: 18,
    format: 'date',
    guide:
      'Ngày được kết nạp vào công đoàn theo quyết định, ví dụ 01/03/2015. Khi đề nghị kết nạp có thể để trống: ngày duyệt là ngày vào công đoàn.',
    example: '01/03/2015',
    aliases: ['Ngày kết nạp', 'Ngày vào Công đoàn Việt Nam'],
  },
  {
    header: 'Mã đoàn viên',
    field: 'memberCode',
    required: false,
    width: 14,
    format: 'text',
    guide:
      'Để trống với người mới: mã đoàn viên do hệ thống cấp khi ghi, không lấy từ tệp. Ghi mã 10 chữ số của đoàn viên đang sinh hoạt ở đơn vị này để cập nhật thông tin của họ (như trong tệp xuất danh sách: dòng không đổi gì được bỏ qua), hoặc để kết nạp lại người đã thôi sinh hoạt (đúng người mang mã đó); người đang sinh hoạt ở đơn vị khác chuyển về đây bằng "Chuyển sinh hoạt".',
    example: '',
    aliases: ['Mã số đoàn viên'],
  },
  {
    header: 'Mã CĐCS',
    field: 'unitCode',
    required: false,
    width: 14,
    format: 'text',
    guide:
      'Mã của công đoàn cơ sở (hoặc đơn vị trực thuộc CĐCS) nơi người này sinh hoạt, như trong cây tổ chức. Bắt buộc ở mọi dòng khi nhập một tệp cho cả công đoàn cấp trên (mỗi dòng về CĐCS của mình); để trống khi nhập vào một CĐCS (mọi dòng về CĐCS đó).',
    example: 'CDCS.THCS.PL',
    aliases: ['Mã đơn vị', 'Mã công đoàn cơ sở', 'Mã CĐCS/đơn vị'],
  },
];

/** Read on import but never in the template: written by the export, so an exported file imports again. */
const EXPORT_ONLY: readonly ColumnSpec[] = [
  {
    header: 'Đơn vị',
    field: 'unitNames',
    required: false,
    width: 36,
    format: 'text',
    guide: 'Tên đơn vị nơi đoàn viên sinh hoạt (không đọc khi nhập: đơn vị của mỗi dòng là cột "Mã CĐCS").',
    example: '',
  },
  {
    header: 'Trạng thái',
    field: 'status',
    required: false,
    width: 18,
    format: 'text',
    guide: 'Chỉ nhập người "Đang sinh hoạt".',
    example: 'Đang sinh hoạt',
  },
  {
    header: 'Phiên bản hồ sơ',
    field: 'version',
    required: false,
    width: 10,
    format: 'text',
    guide:
      'Do hệ thống ghi khi xuất tệp; không sửa. Khi nhập lại, dòng của người đã được sửa trên hệ thống sau lúc xuất bị báo lỗi thay vì ghi đè.',
    example: '',
  },
];

/** The template's columns, in order. */
export const memberTemplateColumns: readonly string[] = COLUMNS.map((c) => c.header);
/** The field of each of the template's columns, in the same order. */
export const memberTemplateFields: readonly MemberFileField[] = COLUMNS.map((c) => c.field);

const column = (field: MemberFileField) => [...COLUMNS, ...EXPORT_ONLY].find((c) => c.field === field)!;
const EXPORT_COLUMNS: readonly ColumnSpec[] = [
  column('memberCode'),
  ...COLUMNS.filter((c) => c.field !== 'memberCode' && c.field !== 'unitCode'),
  column('unitCode'),
  ...EXPORT_ONLY,
];
/** The export's columns: the member code first, the template's columns, then the CĐCS code beside the unit, status. */
export const memberExportColumns: readonly string[] = EXPORT_COLUMNS.map((c) => c.header);

/** The column header of each field without its "(dd/mm/yyyy)", to name the field in an error ("Dòng 7: Số CCCD"). */
export const MEMBER_FIELD_LABELS: Readonly<Record<MemberFileField, string>> = Object.fromEntries(
  EXPORT_COLUMNS.map((c) => [c.field, c.header.replace(/\s*\(.*?\)/g, '')]),
) as Record<MemberFileField, string>;

export const MEMBERS_SHEET = 'Đoàn viên';
const GUIDE_SHEET = 'Hướng dẫn';
const LISTS_SHEET = 'Danh mục';
/** Rows of the template that carry the drop-down lists. */
export const TEMPLATE_ROWS = 20_000;
/** Beyond this a file is split: one import is one transaction, held in memory while it is checked. */
export const MAX_IMPORT_ROWS = 200_000;

export { XLSX_TYPE } from '../../../platform/spreadsheet';

const DATE_FORMAT = 'dd/mm/yyyy';

// -------------------------------------------------------------------------------------------------------------
// Template

type Validations = { add(range: string, rule: ExcelJS.DataValidation): void };

/**
 * The Excel template: the members sheet (bold frozen header, drop-downs for gender, ethnicity, religion and party
 * membership from a hidden lists sheet, date columns as dd/mm/yyyy), and a guide sheet. `unitName` is printed in
 * the guide when the template is downloaded for one unit.
 */
export async function writeMemberTemplate(input: {
  ethnicities: readonly { code: string; name: string }[];
  unitName?: string | undefined;
  /** The template is for an upper union: every row must name its CĐCS. */
  upperUnion?: boolean | undefined;
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Công Đoàn Số';
  const sheet = workbook.addWorksheet(MEMBERS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    key: c.field,
    width: c.width,
    style: { numFmt: c.format === 'date' ? DATE_FORMAT : '@' },
  }));
  const header = sheet.addRow(memberTemplateColumns);
  header.font = { bold: true };
  header.eachCell((cell, col) => {
    cell.numFmt = '@';
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: COLUMNS[col - 1]?.required ? 'FFF8CBAD' : 'FFDDEBF7' },
    };
    cell.note = COLUMNS[col - 1]?.guide ?? '';
  });

  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const listColumns: [string, readonly string[]][] = [
    ['Giới tính', ['Nam', 'Nữ']],
    ['Dân tộc', input.ethnicities.map((e) => e.name)],
    ['Đảng viên', ['Có', 'Không']],
    ['Tôn giáo', RELIGION_SUGGESTIONS],
  ];
  listColumns.forEach(([title, values], col) => {
    const letter = columnLetter(col);
    lists.getCell(`${letter}1`).value = title;
    values.forEach((v, i) => (lists.getCell(`${letter}${i + 2}`).value = v));
  });
  // exceljs supports range validations but its typings omit `dataValidations`.
  const validations = (sheet as unknown as { dataValidations: Validations }).dataValidations;
  const dropDown = (field: MemberFileField, listIndex: number, strict: boolean) => {
    const [title, values] = listColumns[listIndex]!;
    const column = columnLetter(COLUMNS.findIndex((c) => c.field === field));
    const list = columnLetter(listIndex);
    validations.add(`${column}2:${column}${TEMPLATE_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${LISTS_SHEET}'!$${list}$2:$${list}$${values.length + 1}`],
      showErrorMessage: true,
      // A religion not in the list is still allowed: people write denominations in many ways.
      errorStyle: strict ? 'stop' : 'information',
      errorTitle: title,
      error: strict
        ? `Chọn một giá trị trong danh sách ${title.toLowerCase()}.`
        : `"${title}" không có trong danh sách gợi ý; vẫn có thể ghi.`,
    });
  };
  dropDown('gender', 0, true);
  dropDown('ethnicityCode', 1, true);
  dropDown('partyMember', 2, true);
  dropDown('religion', 3, false);

  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 32 }, { width: 10 }, { width: 90 }, { width: 22 }];
  guide.addRow(['Hướng dẫn nhập danh sách đoàn viên']).font = { bold: true, size: 14 };
  if (input.unitName) guide.addRow([`Đơn vị nhập: ${input.unitName}`]).font = { bold: true };
  guide.addRow([
    input.upperUnion
      ? 'Tệp nhập cho cả công đoàn cấp trên: mỗi dòng phải ghi cột "Mã CĐCS" là mã của một CĐCS thuộc đơn vị này (xem mã trong cây tổ chức); dòng thiếu mã, mã không có, mã của đơn vị đã giải thể hoặc ngoài đơn vị này đều bị báo lỗi.'
      : 'Nhập vào một CĐCS: cột "Mã CĐCS" để trống (mọi dòng về CĐCS được chọn khi nhập); nếu ghi, phải là mã của CĐCS đó hoặc đơn vị trực thuộc nó. Một tệp cho cả công đoàn cấp trên thì ghi mã CĐCS ở mỗi dòng.',
  ]);
  guide.addRow([
    `Mỗi dòng của trang "${MEMBERS_SHEET}" là một người; giữ nguyên dòng tiêu đề, không đổi tên cột. ` +
      'Ngày ghi theo dạng ngày/tháng/năm (dd/mm/yyyy). Số CCCD và số điện thoại để ở dạng chữ để giữ số 0 ở đầu.',
  ]);
  guide.addRow([
    'Nếu có dòng lỗi, hệ thống báo từng dòng (ví dụ "Dòng 7: Số CCCD …") và không ghi dữ liệu nào; sửa rồi nhập lại cả tệp. ' +
      'Đoàn viên của chính đơn vị này (ghi mã đoàn viên hoặc số CCCD) được cập nhật theo tệp; người đang sinh hoạt ở đơn vị khác (cùng số CCCD, hoặc cùng họ tên và ngày sinh) bị báo trùng.',
  ]);
  guide.addRow([]);
  guide.addRow(['Cột', 'Bắt buộc', 'Cách ghi', 'Ví dụ']).font = { bold: true };
  for (const c of COLUMNS) guide.addRow([c.header, c.required ? 'Có' : 'Không', c.guide, c.example]);
  guide.addRow([]);
  guide.addRow(['Mã', 'Dân tộc']).font = { bold: true };
  for (const e of input.ethnicities) guide.addRow([e.code, e.name]);
  guide.getColumn(3).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// -------------------------------------------------------------------------------------------------------------
// Reading a file

/** The headers read on import: the template's and the export's. */
const READ_COLUMNS: readonly ColumnSpec[] = [...COLUMNS, ...EXPORT_ONLY];
/** A row-number column is common in registers; it is skipped. */
const IGNORED_HEADERS = ['STT', 'SốTT', 'Số thứ tự'];

const ethnicityKey = (text: string) => foldVietnamese(text).replace(/ /g, '');
const ETHNICITY_BY_KEY = new Map<string, string>([
  ...ETHNICITIES.map((e) => [ethnicityKey(e.name), e.code] as const),
  ['mong', '08'],
  ['viet', '01'],
]);

function readGender(text: string): string {
  const key = foldVietnamese(text);
  if (key === 'nam' || key === 'male') return 'male';
  if (key === 'nu' || key === 'female') return 'female';
  return text;
}

function readEthnicity(text: string): string {
  if (text === '') return '01';
  if (/^\d{1,2}$/.test(text)) return text.padStart(2, '0');
  return ETHNICITY_BY_KEY.get(ethnicityKey(text)) ?? text;
}

const YES = new Set(['co', 'x', '1', 'yes', 'true', 'dang vien', 'la dang vien']);
const NO = new Set(['', 'khong', 'k', '0', 'no', 'false']);

type Positions = Map<MemberFileField, number>;

/** The columns of a header row, or the reasons it is not the template's header. */
function mapHeader(row: RawRow): { positions: Positions; problems: string[] } {
  return mapHeaderRow(row, READ_COLUMNS, { ignore: IGNORED_HEADERS });
}

/** One data row as an import row; values that cannot be read are kept for the checks to name, or noted here. */
function toImportRow(
  { rowNumber, cells }: RawRow,
  positions: Positions,
  absent: readonly MemberFileField[],
): MemberImportRow {
  const at = (field: MemberFileField) => {
    const index = positions.get(field);
    return index === undefined ? undefined : cells[index];
  };
  const text = (field: MemberFileField) => cellText(at(field));
  const optional = (field: MemberFileField) => text(field) || null;
  const problems: MemberImportRow['problems'] = [];
  const maskedCells: MaskedCells = {};
  const masked = (field: 'cccd' | 'phone', value: string) => {
    if (!value.includes('*')) return value || null;
    maskedCells[field] = value;
    return null;
  };
  const party = text('partyMember');
  const partyKey = foldVietnamese(party);
  if (!YES.has(partyKey) && !NO.has(partyKey))
    problems.push({
      field: 'partyMember',
      message: `Đảng viên: ghi "Có" hoặc "Không" (đang ghi "${party}").`,
    });
  const status = text('status');
  if (status && foldVietnamese(status) !== 'dang sinh hoat')
    problems.push({
      field: 'status',
      message: `Trạng thái "${status}": chỉ nhập người đang sinh hoạt; xóa dòng này khỏi tệp.`,
    });
  return {
    rowNumber,
    fullName: text('fullName'),
    birthDate: cellDate(at('birthDate')),
    gender: readGender(text('gender')),
    ethnicityCode: readEthnicity(text('ethnicityCode')),
    religion: optional('religion'),
    cccd: masked('cccd', cellDigits(at('cccd'), 12)),
    phone: masked('phone', cellDigits(at('phone'), 10)),
    email: optional('email'),
    education: optional('education'),
    occupation: optional('occupation'),
    unionPosition: optional('unionPosition'),
    partyMember: YES.has(partyKey),
    joinedOn: cellDate(at('joinedOn')),
    memberCode: optional('memberCode'),
    unitCode: optional('unitCode'),
    version: /^\d{1,9}$/.test(text('version')) ? Number(text('version')) : null,
    absent,
    problems,
    ...(maskedCells.cccd || maskedCells.phone ? { masked: maskedCells } : {}),
  };
}

/**
 * Turns raw rows into import rows: the header is the first row (among the first 20 non-empty ones, so a title above
 * it is allowed) that has the template's required columns; empty rows are skipped.
 */
class RowCollector {
  private positions: Positions | null = null;
  private absent: readonly MemberFileField[] = [];
  private firstHeaderProblems: string[] | null = null;
  private skipped = 0;
  readonly rows: MemberImportRow[] = [];

  constructor(
    private readonly onRow?: (rows: number) => void,
    /** Hears every data row as it is added (a feed waking those who wait for rows). */
    private readonly onAdded?: (rows: number) => void,
  ) {}

  add(row: RawRow): void {
    if (!row.cells.some((c) => cellText(c) !== '')) return;
    if (!this.positions) {
      const { positions, problems } = mapHeader(row);
      if (problems.length === 0) {
        this.positions = positions;
        this.absent = COLUMNS.map((c) => c.field).filter((f) => !positions.has(f));
      } else {
        this.firstHeaderProblems ??= problems;
        this.skipped += 1;
        if (this.skipped >= 20) this.headerMissing();
      }
      return;
    }
    if (this.rows.length >= MAX_IMPORT_ROWS)
      throw badFile(
        `tệp có hơn ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng; hãy chia thành nhiều tệp (mỗi tệp một lần nhập)`,
      );
    this.rows.push(toImportRow(row, this.positions, this.absent));
    if (this.onRow && this.rows.length % 5000 === 0) this.onRow(this.rows.length);
    this.onAdded?.(this.rows.length);
  }

  private headerMissing(): never {
    throw badFile(
      `${(this.firstHeaderProblems ?? ['không có dòng tiêu đề']).join('; ')}. ` +
        `Hãy dùng đúng tiêu đề của tệp mẫu: ${memberTemplateColumns.join(', ')}`,
    );
  }

  finish(): MemberImportRow[] {
    if (!this.positions) {
      if (this.firstHeaderProblems === null) throw badFile('tệp không có dữ liệu');
      this.headerMissing();
    }
    if (this.rows.length === 0) throw badFile('tệp chỉ có dòng tiêu đề, chưa có đoàn viên nào');
    this.onRow?.(this.rows.length);
    return this.rows;
  }
}

/**
 * Reads an Excel (.xlsx) or CSV file (UTF-8, with or without BOM; comma, semicolon or tab separated) into import
 * rows; `rowNumber` is the row people see in their file. Values are checked later, so that every bad row is
 * reported at once; this throws `import_bad_file` only when the file itself cannot be read: not Excel or CSV, empty,
 * or without the template's headers. `onRow` hears the number of rows read so far.
 */
export async function readMemberFile(
  buffer: Buffer,
  fileName: string,
  onRow?: (rows: number) => void,
): Promise<MemberImportRow[]> {
  const collector = new RowCollector(onRow);
  // The members sheet, or the first sheet of a file of another origin; never the template's guide or lists.
  await readSheetRows(buffer, fileName, (row) => collector.add(row), {
    skipSheets: [GUIDE_SHEET, LISTS_SHEET],
  });
  return collector.finish();
}

/**
 * The rows of a member file while it is being read: `rows` grows as the file is read, so that the rows read so far
 * can be checked and written while the rest is read (services/import-members.ts).
 */
export interface MemberRowFeed {
  /** The rows read so far, in the file's order (every row once `finished` resolved). */
  readonly rows: readonly MemberImportRow[];
  /** Resolves when at least `count` rows are read or the file is read to its end; rejects as `finished` does. */
  ready(count: number): Promise<void>;
  /** Whether the file is read to its end (and `rows` holds every row). */
  readonly done: boolean;
  /** Every row, once the file is read; rejects with readMemberFile's `import_bad_file` when it cannot be read. */
  readonly finished: Promise<readonly MemberImportRow[]>;
}

/** A list already read as a feed. */
export function feedOfRows(rows: readonly MemberImportRow[]): MemberRowFeed {
  const finished = Promise.resolve(rows);
  return { rows, done: true, ready: () => finished.then(() => undefined), finished };
}

/** Rows between two wake-ups of those waiting for rows (each wake-up is a turn of the event loop). */
const FEED_STEP = 1000;

/**
 * Starts reading a member file (as readMemberFile does) and returns at once: the rows come into the feed as the file
 * is read. Reading runs between the caller's awaits; an error of the file rejects `finished` and every `ready`.
 */
export function streamMemberFile(
  buffer: Buffer,
  fileName: string,
  onRow?: (rows: number) => void,
): MemberRowFeed {
  let waiting: { count: number; resolve: () => void }[] = [];
  let failed = false;
  let done = false;
  const wake = (n: number) => {
    const woken = waiting.filter((w) => done || failed || n >= w.count);
    if (woken.length === 0) return;
    waiting = waiting.filter((w) => !woken.includes(w));
    for (const w of woken) w.resolve();
  };
  const collector = new RowCollector(onRow, (n) => {
    if (n % FEED_STEP === 0) wake(n);
  });
  const finished = readSheetRows(buffer, fileName, (row) => collector.add(row), {
    skipSheets: [GUIDE_SHEET, LISTS_SHEET],
  })
    .then(() => collector.finish())
    .then(
      (rows): readonly MemberImportRow[] => {
        done = true;
        wake(rows.length);
        return rows;
      },
      (error: unknown) => {
        failed = true;
        wake(collector.rows.length);
        throw error;
      },
    );
  // Whoever reads the feed hears the error through `ready` or `finished`; an import that stops first does not.
  finished.catch(() => undefined);
  // After a wait: the file's error, if reading stopped on one.
  const settled = () => (failed ? finished.then(() => undefined) : undefined);
  return {
    rows: collector.rows,
    get done() {
      return done;
    },
    async ready(count) {
      if (!done && !failed && collector.rows.length < count)
        await new Promise<void>((resolve) => waiting.push({ count, resolve }));
      return settled();
    },
    finished,
  };
}

// -------------------------------------------------------------------------------------------------------------
// Writing an export

/** One exported member: the person's record with the gender and ethnic group by name, the units and the status. */
export interface ExportedMember extends Omit<Person, 'sortKey' | 'searchText' | 'gender' | 'ethnicityCode'> {
  code: string;
  genderLabel: string;
  ethnicityName: string;
  unitNames: string;
  /** The codes of the same units, in the same order (one for a person active in one CĐCS). */
  unitCodes: string;
  statusLabel: string;
  /** The record's version (members.version), so that importing the file again sees edits made since. */
  version: number;
}

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

function exportCells(m: ExportedMember): Record<MemberFileField, string | Date> {
  return {
    memberCode: m.code,
    fullName: m.fullName,
    birthDate: asDate(m.birthDate),
    gender: m.genderLabel,
    ethnicityCode: m.ethnicityName,
    religion: m.religion ?? '',
    cccd: m.cccd ?? '',
    phone: m.phone ?? '',
    email: m.email ?? '',
    education: m.education ?? '',
    occupation: m.occupation ?? '',
    unionPosition: m.unionPosition ?? '',
    partyMember: m.partyMember ? 'Có' : 'Không',
    joinedOn: asDate(m.joinedOn),
    unitCode: m.unitCodes,
    unitNames: m.unitNames,
    status: m.statusLabel,
    version: String(m.version),
  };
}

export interface MemberExportWriter {
  add(member: ExportedMember): void;
  /** Resolves when the rows added so far are on their way to the reader (wait on it after each batch). */
  ready(): Promise<void>;
  /** Ends the workbook; the file is complete in the stream when this resolves. */
  finish(): Promise<void>;
}

/**
 * An .xlsx file written row by row into `out` with the streamed writer (platform/xlsx/writer.ts: the zip leaves as
 * it is written): the export's columns, dates as real date cells shown dd/mm/yyyy, codes and numbers as text, the
 * header in bold and frozen.
 */
export function memberExportWriter(title: string, out: Writable): MemberExportWriter {
  const workbook = new XlsxWriter(out, { creator: 'Công Đoàn Số', title });
  const sheet = workbook.sheet({
    name: MEMBERS_SHEET,
    columns: EXPORT_COLUMNS.map((c) => ({ width: c.width })),
    header: memberExportColumns,
  });
  return {
    add(member) {
      const cells = exportCells(member);
      sheet.addRow(EXPORT_COLUMNS.map((c) => cells[c.field]));
    },
    ready: () => sheet.ready(),
    finish: () => workbook.finish(),
  };
}
