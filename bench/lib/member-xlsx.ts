/**
 * A member list as people send it: an .xlsx of the template's columns with `count` new people (the demo's names,
 * birth dates 1966–2005, the ethnic mix of a factory in the south, CCCDs consistent with gender and birth year),
 * written with ExcelJS's streaming writer, with inline text (as exports write) or shared strings (as Excel saves).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { formatDate } from '../../src/lib/dates';
import { MEMBERS_SHEET, memberTemplateColumns } from '../../src/features/members/services/member-file';
import { ETHNICITY_NAMES } from '../../src/features/members/reference-data';
import { cccdFor } from '../../src/demo/workplaces';
import { personName, pickWeighted } from '../../src/demo/names';
import { mulberry32 } from '../../src/demo/random';

export interface MemberXlsxOptions {
  seed: number;
  /** The CCCD's place of birth registration: one no other people of the run use, so that none collides. */
  cccdProvince: string;
  /** No one joins before this day (the CĐCS's founding) nor after `lastJoin`. */
  firstJoin: string;
  lastJoin: string;
  useSharedStrings?: boolean;
}

export async function writeMemberXlsx(
  count: number,
  options: MemberXlsxOptions,
): Promise<{ buffer: Buffer; writeS: number }> {
  const start = performance.now();
  const rng = mulberry32(options.seed);
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => stream.on('end', resolve).on('error', reject));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: false,
    useSharedStrings: options.useSharedStrings ?? false,
  });
  const sheet = workbook.addWorksheet(MEMBERS_SHEET);
  sheet.addRow([...memberTemplateColumns]).commit();
  const used = new Set<string>();
  const firstJoin = options.firstJoin > '2000-01-01' ? options.firstJoin : '2000-01-01';
  for (let i = 0; i < count; i += 1) {
    const gender = rng.chance(0.6) ? 'female' : 'male';
    const ethnicity = pickWeighted(rng, [
      ['01', 90],
      ['16', 4],
      ['02', 3],
      ['07', 3],
    ]);
    const birthDate = rng.date('1966-01-01', '2005-12-31');
    const adult = `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`;
    const joinedOn = rng.date(adult > firstJoin ? adult : firstJoin, options.lastJoin);
    const values: Record<string, string | null> = {
      'Họ và tên': personName(rng, gender, ethnicity),
      'Ngày sinh (dd/mm/yyyy)': formatDate(birthDate),
      'Giới tính': gender === 'female' ? 'Nữ' : 'Nam',
      'Dân tộc': ETHNICITY_NAMES.get(ethnicity) ?? 'Kinh',
      'Tôn giáo': rng.chance(0.6) ? 'Không' : 'Phật giáo',
      'Số CCCD': cccdFor(rng, used, options.cccdProvince, gender, birthDate),
      'Số điện thoại': `09${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      Email: rng.chance(0.3) ? `doanvien${i}@congdoan.vn` : null,
      'Trình độ': rng.pick(['12/12', 'Trung cấp', 'Cao đẳng', 'Đại học']),
      'Nghề nghiệp': rng.pick(['Công nhân', 'Giáo viên', 'Nhân viên văn phòng', 'Kỹ sư']),
      'Chức vụ công đoàn': rng.chance(0.05) ? 'Tổ trưởng công đoàn' : null,
      'Đảng viên': rng.chance(0.1) ? 'Có' : 'Không',
      'Ngày vào công đoàn (dd/mm/yyyy)': formatDate(joinedOn),
    };
    sheet.addRow(memberTemplateColumns.map((h) => values[h] ?? null)).commit();
  }
  sheet.commit();
  await workbook.commit();
  await done;
  return { buffer: Buffer.concat(chunks), writeS: (performance.now() - start) / 1000 };
}
