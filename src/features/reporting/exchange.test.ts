/**
 * The report exchange on the real database with real files: the district downloads the template of its units, fills
 * it as Excel would (ExcelJS), imports it submitting and approving in one go (the paper report's day kept as the day
 * received); a file with bad rows names each and writes nothing; an approved report is locked; a report changed
 * since the template was made refuses the file (409); targets by file; the totals as a file.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { queryRows, sql } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { actorWith, rejects } from '../members/test-factories';
import * as service from './service';

let handle: DatabaseHandle;
let p: Awaited<ReturnType<typeof buildProvince>>;
let district: Actor;
let cdcs: Actor;
let code: Record<'phiLieng' | 'clinic', string>;

const FORM = 'SK6T';
const S1 = '2023S1';
const TET = 'Quà Tết cho đoàn viên, người lao động khó khăn (suất)';
const TET_VALUE = 'Trị giá quà Tết (đồng)';
const CONFERENCE = 'Đã tổ chức hội nghị CBCCVC / hội nghị người lao động (đơn vị)';
const RECEIVED = 'Ngày nộp (dd/mm/yyyy)';

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  district = await actorWith(handle, 'unit_officer', p.damRong);
  cdcs = await actorWith(handle, 'unit_officer', p.phiLieng);
  code = {
    phiLieng: (await service.getReport(handle.db, cdcs, p.phiLieng, FORM, S1)).unit.code,
    clinic: (await service.getReport(handle.db, district, p.damRongClinic, FORM, S1)).unit.code,
  };
});
afterAll(async () => handle.close());

const countValues = async () =>
  Number(
    (await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM report_values`))[0]!.n,
  );

/** The template as Excel opens it, and a way to set cells by unit code and header, then save. */
async function openFile(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Số liệu')!;
  const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => (typeof v === 'string' ? v : ''));
  const column = (header: string) => {
    const n = headers.indexOf(header);
    if (n < 1) throw new Error(`no column ${header} in ${headers.join(' | ')}`);
    return n;
  };
  const rowOf = (unitCode: string) => {
    for (let r = 2; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === unitCode) return r;
    throw new Error(`no row for ${unitCode}`);
  };
  return {
    sheet,
    headers,
    column,
    rowOf,
    cell: (unitCode: string, header: string) => sheet.getCell(rowOf(unitCode), column(header)),
    set(unitCode: string, header: string, value: ExcelJS.CellValue) {
      sheet.getCell(rowOf(unitCode), column(header)).value = value;
    },
    save: async () => Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

describe('report template and import', () => {
  it('the template lists the expected units with the typed columns, the day received and greyed computed figures', async () => {
    const file = await service.buildReportTemplate(handle.db, district, p.damRong, FORM, S1);
    expect(file.fileName).toBe(
      'Mẫu nhập Báo cáo sơ kết công tác công đoàn 6 tháng - 6 tháng đầu năm 2023 - LĐLĐ huyện Đam Rông.xlsx'.normalize(
        'NFC',
      ),
    );
    const f = await openFile(file.body);
    expect(f.headers.slice(1, 3)).toEqual(['Mã đơn vị', 'Tên đơn vị']);
    expect(f.headers).toContain(TET);
    expect(f.headers).toContain(RECEIVED);
    const computed = f.headers.find((h) => h.includes('(tự tính'));
    expect(computed).toMatch(/\(tự tính, không nhập\)$/);
    // Greyed and locked (a cell is locked unless it says otherwise; the sheet is protected).
    expect(f.cell(code.phiLieng, computed!).fill).toMatchObject({ fgColor: { argb: 'FFD9D9D9' } });
    expect(f.cell(code.phiLieng, computed!).protection?.locked).not.toBe(false);
    expect((f.sheet as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(
      true,
    );
    expect(f.cell(code.phiLieng, TET).protection?.locked).toBe(false);
    expect(f.sheet.getCell(f.rowOf(code.clinic), 2).value).toBe('CĐCS Trạm Y tế xã Đạ Rsal');
    const guide = (await new ExcelJS.Workbook().xlsx.load(file.body as unknown as ArrayBuffer)).getWorksheet(
      'Hướng dẫn',
    );
    expect(guide?.getCell(1, 1).value).toMatch(/sơ kết/i);
  });

  it('a file with bad rows names each row and column and writes nothing', async () => {
    const f = await openFile(
      (await service.buildReportTemplate(handle.db, district, p.damRong, FORM, S1)).body,
    );
    f.set(code.phiLieng, TET, 'nhiều');
    f.set(code.clinic, CONFERENCE, 'Chắc có');
    f.set(code.clinic, RECEIVED, '31/02/2023');
    f.sheet.getCell(f.sheet.rowCount + 1, 1).value = 'KHONG-CO-MA';
    f.sheet.getCell(f.sheet.rowCount, f.column(TET)).value = 3;
    const before = await countValues();
    const error = await rejects(
      service.importReportFile(handle.db, district, p.damRong, FORM, S1, await f.save(), { submit: true }),
      'report_import_invalid',
    );
    expect(await countValues()).toBe(before);
    const shown = error.problems.map((x) => `${x.row}|${x.column}|${x.message}`);
    expect(shown).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^${f.rowOf(code.phiLieng)}\\|${escape(TET)}\\|.*số nguyên không âm`),
        ),
        expect.stringMatching(
          new RegExp(`^${f.rowOf(code.clinic)}\\|${escape(CONFERENCE)}\\|.*"Có" hoặc "Không"`),
        ),
        expect.stringMatching(
          new RegExp(`^${f.rowOf(code.clinic)}\\|${escape(RECEIVED)}\\|Ngày nộp "31/02/2023"`),
        ),
        expect.stringMatching(/\|Mã đơn vị\|Không có đơn vị mã "KHONG-CO-MA"/),
      ]),
    );
    expect(error.problems).toHaveLength(4);
  });

  it('imports, submits with the paper day and approves many units in one go; an approved report is then locked', async () => {
    const f = await openFile(
      (await service.buildReportTemplate(handle.db, district, p.damRong, FORM, S1)).body,
    );
    f.set(code.phiLieng, TET, 105);
    f.set(code.phiLieng, TET_VALUE, '52.500.000');
    f.set(code.phiLieng, CONFERENCE, 'Có');
    f.set(code.phiLieng, RECEIVED, '03/07/2023');
    f.set(code.clinic, TET, 20);
    const outcome = await service.importReportFile(handle.db, district, p.damRong, FORM, S1, await f.save(), {
      submit: true,
      approve: true,
    });
    expect(outcome).toEqual({ reports: 2, changed: 2, submitted: 2, approved: 2 });
    const report = await service.getReport(handle.db, cdcs, p.phiLieng, FORM, S1);
    expect(report.submission).toMatchObject({ status: 'approved', receivedOn: '2023-07-03' });
    expect(report.indicators.find((i) => i.code === 'tet_gifts_value')?.value).toBe(52_500_000);
    const totals = await service.getTotals(handle.db, district, p.damRong, FORM, S1, 'approved');
    expect(totals.rows.find((r) => r.code === 'tet_gifts')).toMatchObject({ below: 125, total: 125 });
    const audit = await queryRows<{ action: string; n: number }>(
      handle.db,
      sql`SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'report.%' GROUP BY action ORDER BY action`,
    );
    expect(audit).toEqual([
      { action: 'report.approve', n: 2 },
      { action: 'report.import', n: 1 },
      { action: 'report.submit', n: 2 },
    ]);

    // The template now carries the approved figures; changing one is refused, nothing written.
    const again = await openFile(
      (await service.buildReportTemplate(handle.db, district, p.damRong, FORM, S1)).body,
    );
    expect(again.cell(code.phiLieng, TET).value).toBe(105);
    again.set(code.phiLieng, TET, 106);
    const before = await countValues();
    const error = await rejects(
      service.importReportFile(handle.db, district, p.damRong, FORM, S1, await again.save(), {}),
      'report_import_invalid',
    );
    expect(error.problems[0]?.message).toMatch(/đã duyệt và đã khoá/);
    expect(await countValues()).toBe(before);
  });

  it('a report changed after the template was made refuses the whole file (409); JSON imports name their fields', async () => {
    const stale = await openFile(
      (await service.buildReportTemplate(handle.db, district, p.damRong, FORM, '2023S2')).body,
    );
    await service.saveReport(handle.db, cdcs, p.phiLieng, FORM, '2023S2', {
      version: null,
      values: { tet_gifts: 7 },
    });
    stale.set(code.phiLieng, TET, 70);
    stale.set(code.clinic, TET, 9);
    const error = await rejects(
      service.importReportFile(handle.db, district, p.damRong, FORM, '2023S2', await stale.save(), {}),
      'report_import_conflict',
    );
    expect(error.status).toBe(409);
    expect((await service.getReport(handle.db, cdcs, p.phiLieng, FORM, '2023S2')).indicators).toContainEqual(
      expect.objectContaining({ code: 'tet_gifts', value: 7 }),
    );
    const bad = await rejects(
      service.importReportJson(handle.db, district, p.damRong, FORM, '2023S2', {
        reports: [{ unitCode: code.clinic, values: { tet_gifts: -1, members_end: 5 } }],
      }),
      'report_import_invalid',
    );
    expect(bad.problems.map((x) => x.field).sort()).toEqual([
      'reports.0.values.members_end',
      'reports.0.values.tet_gifts',
    ]);
    // A CĐCS cannot import for its neighbours: the import needs the union above.
    await rejects(
      service.importReportJson(handle.db, cdcs, p.damRong, FORM, '2023S2', {
        reports: [{ unitCode: code.clinic, values: { tet_gifts: 1 } }],
      }),
      'out_of_scope',
    );
  });
});

describe('targets and tables as files', () => {
  it('targets are given by file through the same checks; a bad cell is named, nothing written', async () => {
    const file = await service.buildTargetsFile(handle.db, district, p.damRong, 2024);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Chỉ tiêu')!;
    const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => (typeof v === 'string' ? v : ''));
    expect(sheet.getCell(2, 2).text).toMatch(/cấp trên giao/);
    const row = [...Array(sheet.rowCount).keys()]
      .map((n) => n + 1)
      .find((r) => sheet.getCell(r, 1).value === code.phiLieng)!;
    const tet = headers.indexOf(TET);
    sheet.getCell(row, tet).value = 'mười';
    const bad = await rejects(
      service.importTargetsFile(
        handle.db,
        district,
        p.damRong,
        2024,
        Buffer.from(await workbook.xlsx.writeBuffer()),
      ),
      'report_target_invalid',
    );
    expect(bad.problems).toEqual([expect.objectContaining({ row, column: TET })]);
    sheet.getCell(row, tet).value = 120;
    expect(
      await service.importTargetsFile(
        handle.db,
        district,
        p.damRong,
        2024,
        Buffer.from(await workbook.xlsx.writeBuffer()),
      ),
    ).toEqual({ year: 2024, changed: 1 });
    const targets = await service.getTargets(handle.db, district, p.damRong, 2024);
    expect(targets.units.find((u) => u.id === p.phiLieng)?.targets['tet_gifts']?.value).toBe(120);
  });

  it('the totals and the ranking come out as files with the same figures', async () => {
    const totals = await service.totalsXlsx(handle.db, district, p.damRong, FORM, S1, 'approved');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(totals.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const tetRow = [...Array(sheet.rowCount).keys()]
      .map((n) => n + 1)
      .find((r) => sheet.getCell(r, 1).text.startsWith('Quà Tết cho đoàn viên'))!;
    expect(sheet.getCell(tetRow, 6).value).toBe(125);
    const ranking = await service.breakdownXlsx(
      handle.db,
      district,
      p.damRong,
      FORM,
      S1,
      'approved',
      'tet_gifts',
    );
    const ranked = new ExcelJS.Workbook();
    await ranked.xlsx.load(ranking.body as unknown as ArrayBuffer);
    const first = ranked.worksheets[0]!.getRow(2).values as unknown[];
    expect(first.slice(1, 3)).toEqual([1, code.phiLieng]);
    expect(first[5]).toBe(105);
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
