/**
 * The member list in and out of Excel over HTTP: the template download, an import started as a background job and
 * polled until done, a failed job with its rows, a job that only its owner can read, and the export download.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { queryRows, sql } from '../../platform/db';
import { buildHttpApp, type App } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import {
  buildProvince,
  logIn,
  makeUser,
  testConfig,
  uploadFile,
  type Session,
} from '../../../test/support/factories';
import { registerAccessRoutes } from '../access/routes';
import { scopeGuard } from '../access/service';
import { registerOrganisationRoutes } from '../organisation/routes';
import type { MemberImportJob } from './exchange-contract';
import { registerMemberExchangeRoutes } from './exchange-routes';
import { registerMembersRoutes } from './routes';
import * as service from './service';
import { memberExportColumns, memberTemplateColumns } from './services/member-file';
import { memberTemplateFields } from './services/member-file';
import { membersXlsx, templateRow } from './test-factories';

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let districtAdmin: Session;
let otherAdmin: Session;
let districtViewer: Session;
let cdcsOfficer: Session;
let codes: Map<string, string>;
const codeOf = (unitId: string) => codes.get(unitId)!;

/** The app as server.createApp builds it, with the member exchange routes. */
async function exchangeTestApp(db: DatabaseHandle['db']): Promise<App> {
  const ctx = { db, config: testConfig() };
  const built = await buildHttpApp(ctx, scopeGuard(db), { logger: false });
  registerAccessRoutes(built, ctx);
  registerOrganisationRoutes(built, ctx);
  registerMembersRoutes(built, ctx);
  registerMemberExchangeRoutes(built, ctx);
  await built.ready();
  return built;
}

async function loadXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  return workbook;
}

const person = (fullName: string, birthDate: string, gender: 'Nam' | 'Nữ', cccd = '', phone = '') =>
  templateRow({ fullName, birthDate, gender, cccd, phone, joinedOn: '01/03/2015' });

function upload(session: Session, unitId: string, file: Buffer, fields: Record<string, string> = {}) {
  return uploadFile(app, session, `/api/units/${unitId}/member-imports`, file, 'Danh sách.xlsx', fields);
}

const get = (session: Session, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

/** Polls a job until it ends (a few hundred milliseconds for a small file). */
async function finished(session: Session, unitId: string, jobId: string): Promise<MemberImportJob> {
  for (let i = 0; i < 200; i += 1) {
    const res = await get(session, `/api/units/${unitId}/member-imports/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<MemberImportJob>();
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import job did not end');
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await service.ensureMemberReferenceData(handle.db);
  p = await buildProvince(handle);
  codes = new Map(
    (await queryRows<{ id: string; code: string }>(handle.db, sql`SELECT id, code FROM units`)).map((u) => [
      u.id,
      u.code,
    ]),
  );
  app = await exchangeTestApp(handle.db);
  districtAdmin = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }])).username,
  );
  otherAdmin = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }])).username,
  );
  districtViewer = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }])).username,
  );
  cdcsOfficer = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }])).username,
  );
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe('member Excel routes', () => {
  it('downloads the template with a Vietnamese file name', async () => {
    const res = await get(districtViewer, `/api/units/${p.phiLieng}/member-template.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Mau nhap doan vien.xlsx"; filename*=UTF-8''${encodeURIComponent('Mẫu nhập đoàn viên.xlsx')}`,
    );
    const workbook = await loadXlsx(res.rawPayload);
    expect(workbook.getWorksheet('Đoàn viên')!.getRow(1).values).toEqual([
      undefined,
      ...memberTemplateColumns,
    ]);
    // Outside the user's subtree: refused before anything else.
    expect((await get(districtViewer, `/api/units/${p.lamHaSchool}/member-template.xlsx`)).statusCode).toBe(
      403,
    );
  });

  it('starts an import job, reports its progress and result; only its owner can read it', async () => {
    const file = await membersXlsx([
      person('Nguyễn Thị Hoa', '17/05/1990', 'Nữ', '001190123456', '0912345678'),
      person('Trần Văn Bình', '02/09/1985', 'Nam'),
    ]);
    const started = await upload(districtAdmin, p.phiLieng, file);
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);

    expect((await get(otherAdmin, `/api/units/${p.phiLieng}/member-imports/${jobId}`)).statusCode).toBe(404);
    const job = await finished(districtAdmin, p.phiLieng, jobId);
    expect(job).toEqual({
      state: 'done',
      phase: 'writing',
      done: 2,
      total: 2,
      result: {
        mode: 'register',
        created: 2,
        updated: 0,
        unchanged: 0,
        approvingUnit: { id: p.damRong, name: 'LĐLĐ huyện Đam Rông' },
        approvingUnits: [{ id: p.damRong, name: 'LĐLĐ huyện Đam Rông' }],
        units: [{ id: p.phiLieng, name: 'CĐCS Trường THCS Phi Liêng', code: codeOf(p.phiLieng), created: 2 }],
      },
      error: null,
    });
    // Another user of the same unit, or the owner through another unit, cannot read it.
    expect((await get(otherAdmin, `/api/units/${p.phiLieng}/member-imports/${jobId}`)).statusCode).toBe(404);
    expect((await get(districtAdmin, `/api/units/${p.damRong}/member-imports/${jobId}`)).statusCode).toBe(
      404,
    );
    expect((await get(districtAdmin, `/api/units/${p.phiLieng}/member-imports/nope`)).statusCode).toBe(404);

    const list = await get(districtAdmin, `/api/units/${p.phiLieng}/members`);
    expect(list.json<{ total: number }>().total).toBe(2);
  });

  it('ends a job as failed with every bad row, and writes nothing', async () => {
    const file = await membersXlsx([
      person('Lê Thị Cúc', '03/03/1991', 'Nữ'),
      person('Lê Văn Đào', '04/04/1992', 'Nam', '001192000001'),
    ]);
    const started = await upload(districtAdmin, p.damRongClinic, file, { mode: 'register' });
    expect(started.statusCode, started.body).toBe(202);
    const job = await finished(districtAdmin, p.damRongClinic, started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({
      state: 'failed',
      result: null,
      error: {
        code: 'member_import_failed',
        message: 'Tệp nhập có 1 dòng lỗi (1 lỗi); chưa ghi dữ liệu nào.',
        messageEn: 'The file has 1 bad rows (1 problems); nothing was written.',
        params: { badRows: '1', problems: '1', badRowCount: 1, problemCount: 1 },
        problems: [{ field: 'Dòng 3: Số CCCD', row: 3, column: 'Số CCCD', code: 'invalid_value' }],
      },
    });
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM memberships WHERE unit_id = ${p.damRongClinic}::uuid`,
    );
    expect(row!.n).toBe(0);

    const notExcel = await upload(districtAdmin, p.damRongClinic, Buffer.from('%PDF-1.4\n\u0000'));
    const failed = await finished(districtAdmin, p.damRongClinic, notExcel.json<{ jobId: string }>().jobId);
    expect(failed.error).toMatchObject({ code: 'import_bad_file' });
  });

  it('refuses at once to register for a CĐCS officer, and a bad mode', async () => {
    const file = await membersXlsx([person('Võ Thị Én', '05/05/1995', 'Nữ')]);
    const refused = await upload(cdcsOfficer, p.phiLieng, file, { mode: 'register' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ problems: { field: string }[] }>().problems[0]!.field).toBe('mode');
    const bad = await upload(cdcsOfficer, p.phiLieng, file, { mode: 'later' });
    expect(bad.statusCode).toBe(400);
    const proposed = await upload(cdcsOfficer, p.phiLieng, file);
    const job = await finished(cdcsOfficer, p.phiLieng, proposed.json<{ jobId: string }>().jobId);
    expect(job.result).toMatchObject({ mode: 'propose', created: 1 });
    expect((await upload(cdcsOfficer, p.lamHaSchool, file)).statusCode).toBe(403);
  });

  it('exports the filtered list as Excel, masked for a viewer, and logs it', async () => {
    const res = await get(districtViewer, `/api/units/${p.damRong}/members/export.xlsx?gender=female`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('Danh sách đoàn viên - LĐLĐ huyện Đam Rông - '),
    );
    const sheet = (await loadXlsx(res.rawPayload)).getWorksheet('Đoàn viên')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...memberExportColumns]);
    expect(sheet.rowCount).toBe(2);
    const values = sheet.getRow(2).values as unknown[];
    expect(values).toContain('Nguyễn Thị Hoa');
    expect(values).toContain('001******456');
    expect(values).toContain('091****678');
    const [audit] = await queryRows<{ after: unknown }>(
      handle.db,
      sql`SELECT after FROM audit_log WHERE action = 'member.export' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.after).toMatchObject({ rows: 1, personalDataShown: false, filters: { gender: 'female' } });

    const full = await get(districtAdmin, `/api/units/${p.damRong}/members/export.xlsx`);
    const rows = (await loadXlsx(full.rawPayload)).getWorksheet('Đoàn viên')!;
    expect(rows.rowCount).toBe(3);
    expect((rows.getRow(2).values as unknown[]).concat(rows.getRow(3).values as unknown[])).toContain(
      '001190123456',
    );
    const badFilter = await get(districtAdmin, `/api/units/${p.damRong}/members/export.xlsx?gender=x`);
    expect(badFilter.statusCode).toBe(400);
    expect((await get(districtViewer, `/api/units/${p.lamHa}/members/export.xlsx`)).statusCode).toBe(403);
  });

  it('imports one file for the whole district, each row into the CĐCS it names; a foreign code fails its row', async () => {
    const template = await get(districtViewer, `/api/units/${p.damRong}/member-template.xlsx`);
    expect(template.statusCode, template.body).toBe(200);
    const guide = (await loadXlsx(template.rawPayload)).getWorksheet('Hướng dẫn')!;
    expect((guide.getSheetValues() as unknown[][]).flat().join(' ')).toContain(
      'mỗi dòng phải ghi cột "Mã CĐCS"',
    );

    const at = (unitId: string, ...args: Parameters<typeof person>) => {
      const row = person(...args);
      row[memberTemplateFields.indexOf('unitCode')] = codeOf(unitId);
      return row;
    };
    const file = await membersXlsx([
      at(p.phiLieng, 'Mai Thị Huyện Một', '01/01/1991', 'Nữ'),
      at(p.damRongClinic, 'Mai Văn Huyện Hai', '02/02/1992', 'Nam'),
      at(p.damRongClinic, 'Mai Thị Huyện Ba', '03/03/1993', 'Nữ'),
    ]);
    const started = await upload(districtAdmin, p.damRong, file);
    expect(started.statusCode, started.body).toBe(202);
    const job = await finished(districtAdmin, p.damRong, started.json<{ jobId: string }>().jobId);
    expect(job).toMatchObject({ state: 'done', done: 3, total: 3, error: null });
    expect(job.result).toMatchObject({
      mode: 'register',
      created: 3,
      units: [
        { id: p.damRongClinic, code: codeOf(p.damRongClinic), created: 2 },
        { id: p.phiLieng, code: codeOf(p.phiLieng), created: 1 },
      ],
    });

    const foreign = await upload(
      districtAdmin,
      p.damRong,
      await membersXlsx([
        at(p.phiLieng, 'Mai Thị Huyện Bốn', '04/04/1994', 'Nữ'),
        at(p.lamHaSchool, 'Mai Văn Huyện Năm', '05/05/1995', 'Nam'),
      ]),
    );
    const failed = await finished(districtAdmin, p.damRong, foreign.json<{ jobId: string }>().jobId);
    expect(failed).toMatchObject({
      state: 'failed',
      error: {
        code: 'member_import_failed',
        problems: [
          {
            row: 3,
            column: 'Mã CĐCS',
            code: 'unit_out_of_scope',
            message: `Mã "${codeOf(p.lamHaSchool)}" là của một đơn vị không thuộc "LĐLĐ huyện Đam Rông" hôm nay.`,
            messageEn: `The code "${codeOf(p.lamHaSchool)}" belongs to a unit that is not part of "LĐLĐ huyện Đam Rông" today.`,
          },
        ],
      },
    });
    // A CĐCS officer cannot import at the district at all: refused before the file is read.
    expect((await upload(cdcsOfficer, p.damRong, file)).statusCode).toBe(403);
  });
});
