/**
 * The review report written out from real figures: a district's CĐCS and the district itself file and have their
 * half-year reports approved, the province gives the district a yearly target, one CĐCS does not report. The report
 * downloaded over HTTP as Word reads the real figures in its sentences and table, names the missing CĐCS and its
 * officer, and opens in LibreOffice; as Excel it holds the same parts; out of scope it is refused.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import type { App } from '../../platform/http';
import { formatAdministrativeDate, todayIso } from '../../lib/dates';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, call, logIn, makeUser, testApp } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { createUser, loadActor } from '../access/service';
import * as service from './service';
import { placeInName, reviewSubtitle } from './review-document';

const run = promisify(execFile);
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const FORM = 'SK6T';
const S1 = '2023S1';

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let districtViewer: string;

async function actorOf(role: 'unit_officer' | 'unit_admin', unitId: string): Promise<Actor> {
  return (await loadActor(handle.db, (await makeUser(handle, [{ role, unitId }])).id))!;
}

async function fileAndApprove(
  officer: Actor,
  approver: Actor,
  unitId: string,
  values: Record<string, string>,
) {
  const saved = await service.saveReport(handle.db, officer, unitId, FORM, S1, { version: null, values });
  const sent = await service.moveReport(handle.db, officer, unitId, FORM, S1, 'submit', {
    version: saved.version,
  });
  await service.moveReport(handle.db, approver, unitId, FORM, S1, 'approve', { version: sent.version });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  const district = await actorOf('unit_officer', p.damRong);
  const province = await actorOf('unit_admin', p.province);
  await fileAndApprove(await actorOf('unit_officer', p.phiLieng), district, p.phiLieng, {
    tet_gifts: '85',
    tet_gifts_value: '42.500.000',
  });
  await fileAndApprove(district, province, p.damRong, { tet_gifts: '20', tet_gifts_value: '10.000.000' });
  await service.setTargets(handle.db, province, p.province, 2023, [
    { unitId: p.damRong, indicatorCode: 'tet_gifts', value: 150 },
  ]);
  // The clinic's CĐCS never reports: its officer is named with a phone to call.
  await createUser(handle.db, null, {
    username: 'canbo.darsal',
    fullName: 'Ka Điệp',
    password: 'ca-phe-sua-da-buoi-sang',
    phone: '0987654321',
    grants: [{ role: 'unit_officer', unitId: p.damRongClinic }],
  });
  districtViewer = (await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }])).username;
  app = await testApp(handle);
});
afterAll(async () => {
  await app?.close();
  await handle?.close();
});

async function download(query: string, unitId = p.damRong) {
  const session = await logIn(app, districtViewer);
  return call(app, session, 'GET', `/api/units/${unitId}/report-document/${FORM}/${S1}${query}`);
}

const NARRATIVE =
  'Trong 6 tháng đầu năm 2023, LĐLĐ huyện Đam Rông trao 105 suất quà Tết cho đoàn viên, CNVCLĐ có hoàn cảnh khó khăn trị giá 52.500.000 đồng, đạt 70,0% chỉ tiêu năm.';

describe('the review report of a district, from its approved figures', () => {
  let docx: Buffer;
  beforeAll(async () => {
    const response = await download('?format=docx');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Báo cáo sơ kết công tác công đoàn 6 tháng đầu năm 2023 - LĐLĐ huyện Đam Rông.docx')}`,
    );
    docx = response.rawPayload;
  });

  it('reads the real figures: header, date, narrative with the target, the table row, who has not reported', async () => {
    const text = collapse((await mammoth.extractRawText({ buffer: docx })).value);
    const parts = [
      'LĐLĐ TỈNH LÂM ĐỒNG LĐLĐ HUYỆN ĐAM RÔNG Số: /BC-LĐLĐ',
      `Đam Rông, ${formatAdministrativeDate(todayIso())}`,
      'BÁO CÁO Sơ kết công tác công đoàn 6 tháng đầu năm 2023',
      'II. CHĂM LO ĐỜI SỐNG ĐOÀN VIÊN, NGƯỜI LAO ĐỘNG',
      NARRATIVE,
      '1 Quà Tết cho đoàn viên, người lao động khó khăn suất 20 85 105 150 70,0%',
      '2 Trị giá quà Tết đồng 10.000.000 42.500.000 52.500.000',
      'Có 1/2 đơn vị đã báo cáo (50,0%), 1 báo cáo nộp muộn; 1 đơn vị chưa báo cáo: CĐCS Trạm Y tế xã Đạ Rsal.',
      'CĐCS Trạm Y tế xã Đạ Rsal Ka Điệp – 0987 654 321',
      'Nơi nhận: - LĐLĐ tỉnh Lâm Đồng (b/c); - Lưu VT.',
      'TM. BAN THƯỜNG VỤ CHỦ TỊCH',
    ];
    const at = parts.map((part) => text.indexOf(part));
    expect(
      at.every((i) => i >= 0),
      `missing: ${parts.filter((_, i) => at[i]! < 0).join(' | ')}`,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('opens in LibreOffice, the figures intact', { timeout: 200_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bao-cao-tai-'));
    try {
      const file = join(dir, 'bao-cao.docx');
      await writeFile(file, docx);
      await run(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/lo`,
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          file,
        ],
        // A loaded machine (two cores shared with other test runs) has taken over a minute to start LibreOffice.
        { timeout: 180_000 },
      );
      const { stdout } = await run('pdftotext', [join(dir, 'bao-cao.pdf'), '-']);
      expect(collapse(stdout)).toContain(NARRATIVE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('as Excel holds the same parts: the text, the figures as numbers, the missing units', async () => {
    const response = await download('?format=xlsx&basis=submitted');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const values = (sheet: string) =>
      (workbook.getWorksheet(sheet)!.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1));
    expect(values('Báo cáo').flat()).toContain(NARRATIVE);
    expect(values('Số liệu')).toContainEqual([
      'II. CHĂM LO ĐỜI SỐNG ĐOÀN VIÊN, NGƯỜI LAO ĐỘNG',
      '1',
      'Quà Tết cho đoàn viên, người lao động khó khăn',
      'suất',
      20,
      85,
      105,
      150,
      70,
    ]);
    expect(values('Chưa báo cáo')).toEqual([
      ['TT', 'Mã', 'Đơn vị', 'Cán bộ phụ trách'],
      [1, expect.any(String), 'CĐCS Trạm Y tế xã Đạ Rsal', 'Ka Điệp – 0987 654 321'],
    ]);
  });

  it('is refused outside the reader’s scope, and for a format it does not write', async () => {
    expect((await download('', p.lamHa)).statusCode).toBe(403);
    const bad = await download('?format=pdf');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Định dạng là \\"docx\\" (Word) hoặc \\"xlsx\\" (Excel).');
  });
});

describe('the words of the report', () => {
  it('says the form and the period once, and finds the place in a unit’s name', () => {
    expect(reviewSubtitle('Báo cáo sơ kết công tác công đoàn 6 tháng', '6 tháng đầu năm 2023')).toBe(
      'Sơ kết công tác công đoàn 6 tháng đầu năm 2023',
    );
    expect(reviewSubtitle('Báo cáo tổng kết công tác công đoàn năm', 'Năm 2023')).toBe(
      'Tổng kết công tác công đoàn năm 2023',
    );
    expect(placeInName('LĐLĐ tỉnh Lâm Đồng')).toBe('Lâm Đồng');
    expect(placeInName('Công đoàn ngành Giáo dục')).toBeNull();
  });
});
