/**
 * Yearly targets by Excel: one row per unit directly below (the unit's own target, given by the union above it, on
 * top and not read back), one column per indicator a target can be given for. The import goes through setTargets:
 * the same checks, one transaction, every bad cell named by row and column.
 */
import type { Database } from '../../../platform/db';
import { AppError, type Problem } from '../../../platform/errors';
import { headerKey, workbookOf, XLSX_TYPE } from '../../../platform/spreadsheet';
import { badFile, cellText, readSheetRows, type RawRow } from '../../../platform/xlsx/sheet-rows';
import type { Actor } from '../../access/model';
import { requireUnit } from '../../access/service';
import { normalizeUnitCode } from '../../organisation/model';
import { targetInvalid } from '../errors';
import { fileNameOf } from './common';
import type { ExchangeFile } from './report-exchange';
import { CODE_HEADER, indicatorHeader, NAME_HEADER } from './report-file';
import { getTargets, setTargets, type TargetInput } from './targets';

export const TARGETS_SHEET = 'Chỉ tiêu';
const OWN_NOTE = '(cấp trên giao, không nhập)';

export async function buildTargetsFile(
  db: Database,
  actor: Actor,
  unitId: string,
  year: number,
): Promise<ExchangeFile> {
  const targets = await getTargets(db, actor, unitId, year);
  const indicators = targets.indicators;
  const body = await workbookOf(
    [
      {
        name: TARGETS_SHEET,
        widths: [14, 40, ...indicators.map(() => 18)],
        header: [
          CODE_HEADER,
          NAME_HEADER,
          ...indicators.map((i) =>
            indicatorHeader({ nameVi: i.nameVi, measure: i.measure, parentCode: null }),
          ),
        ],
        rows: [
          [targets.unit.code, `${targets.unit.name} ${OWN_NOTE}`, ...indicators.map((i) => i.own)],
          ...targets.units.map((u) => [
            u.code,
            u.name,
            ...indicators.map((i) => u.targets[i.code]?.value ?? null),
          ]),
        ],
      },
      {
        name: 'Hướng dẫn',
        widths: [100],
        header: [`Chỉ tiêu năm ${year} giao cho các đơn vị trực thuộc ${targets.unit.name}`],
        rows: [
          [
            `Dòng đầu là chỉ tiêu cấp trên giao cho ${targets.unit.name}: chỉ để đối chiếu, không được đọc khi nhập.`,
          ],
          ['Mỗi dòng sau là một đơn vị trực thuộc; giữ nguyên mã đơn vị và dòng tiêu đề.'],
          [
            'Ghi số nguyên không âm (số tiền bằng đồng, ví dụ 52.500.000). Ô để trống: giữ nguyên chỉ tiêu đã giao.',
          ],
          ['Nếu có ô lỗi, hệ thống báo từng dòng và cột, và không ghi ô nào; sửa rồi nhập lại cả tệp.'],
        ],
      },
    ],
    { creator: 'Công Đoàn Số', title: `Chỉ tiêu năm ${year} – ${targets.unit.name}` },
  );
  return {
    fileName: fileNameOf([`Chỉ tiêu năm ${year}`, targets.unit.name], 'xlsx'),
    contentType: XLSX_TYPE,
    body,
  };
}

export async function importTargetsFile(
  db: Database,
  actor: Actor,
  unitId: string,
  year: number,
  file: Buffer,
  fileName = 'chi-tieu.xlsx',
): Promise<{ year: number; changed: number }> {
  await requireUnit(db, actor, 'reports.targets', unitId);
  const current = await getTargets(db, actor, unitId, year);
  const raw: RawRow[] = [];
  await readSheetRows(file, fileName, (row) => raw.push(row), {
    sheet: TARGETS_SHEET,
    skipSheets: ['Hướng dẫn'],
  });
  const [header, ...body] = raw;
  if (!header) throw badFile('tệp không có dòng nào');
  const byKey = new Map<string, string>([
    [headerKey(CODE_HEADER), 'code'],
    [headerKey(NAME_HEADER), 'name'],
  ]);
  for (const i of current.indicators)
    for (const h of [
      indicatorHeader({ nameVi: i.nameVi, measure: i.measure, parentCode: null }),
      i.nameVi,
      i.code,
    ])
      if (!byKey.has(headerKey(h))) byKey.set(headerKey(h), i.code);
  const columns = new Map<number, { field: string; header: string }>();
  const unknown: string[] = [];
  header.cells.forEach((cell, n) => {
    const text = cellText(cell);
    if (!text) return;
    const field = byKey.get(headerKey(text));
    if (field === undefined) unknown.push(`"${text}"`);
    else columns.set(n, { field, header: text });
  });
  const codeColumn = [...columns].find(([, c]) => c.field === 'code')?.[0];
  if (codeColumn === undefined) throw badFile(`dòng tiêu đề thiếu cột "${CODE_HEADER}"`);
  if (unknown.length) throw badFile(`cột ${unknown.join(', ')} không có trong mẫu chỉ tiêu`);
  const children = new Map(current.units.map((u) => [normalizeUnitCode(u.code), u]));
  const own = normalizeUnitCode(current.unit.code);
  const problems: Problem[] = [];
  const inputs: TargetInput[] = [];
  const placeOf: { row: number; column: string }[] = [];
  for (const r of body) {
    const code = normalizeUnitCode(cellText(r.cells[codeColumn]));
    if (code === own) continue;
    const child = children.get(code);
    if (!child) {
      problems.push({
        field: `Dòng ${r.rowNumber}, cột "${CODE_HEADER}"`,
        row: r.rowNumber,
        column: CODE_HEADER,
        message: code
          ? `Đơn vị mã "${code}" không trực thuộc ${current.unit.name}; chỉ giao chỉ tiêu cho đơn vị trực thuộc.`
          : 'Thiếu mã đơn vị.',
      });
      continue;
    }
    for (const [n, c] of columns) {
      if (c.field === 'code' || c.field === 'name') continue;
      const cell = r.cells[n];
      if (cell === null || cell === undefined || cellText(cell) === '') continue;
      inputs.push({
        unitId: child.id,
        indicatorCode: c.field,
        value: typeof cell === 'boolean' ? String(cell) : cell,
      });
      placeOf.push({ row: r.rowNumber, column: c.header });
    }
  }
  if (problems.length) throw targetInvalid(problems);
  try {
    return await setTargets(db, actor, unitId, year, inputs, (n) => `${n}`);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'report_target_invalid') throw error;
    throw targetInvalid(
      error.problems.map((p) => {
        const at = placeOf[Number(p.field)];
        return at
          ? {
              field: `Dòng ${at.row}, cột "${at.column}"`,
              row: at.row,
              column: at.column,
              message: p.message,
            }
          : p;
      }),
    );
  }
}
