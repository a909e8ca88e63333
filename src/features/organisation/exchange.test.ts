import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { App } from '../../platform/http';
import { contentDisposition, CSRF_HEADER } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, logIn, makeUser, testApp, type Session } from '../../../test/support/factories';
import { listAudit, loadActor } from '../access/service';
import {
  countAllUnits,
  exportUnitFile,
  importUnitFile,
  parseUnitFile,
  unitTemplateColumns,
  unitTemplateFile,
  writeUnitsCsv,
} from './services/exchange';
import { parseCsv } from '../../platform/xlsx/sheet-rows';
import { listChildren } from './service';
import { findUnitByCode } from './unit-store';
import { groupsOfUnit, setGroupsOfUnit } from './unit-type-store';
import type { UnitImportRow } from './services/import-units';
import { badFileReason } from '../../../test/support/errors';

const HEADER = unitTemplateColumns.join(',');

async function loadXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A data line of a units CSV with the template's 11 columns. */
function csvLine(u: { code: string; name: string; type: string; parent?: string; date: string }): string {
  return [u.code, u.name, '', u.type, u.parent ?? '', '', '', '', '', '', u.date].join(',');
}

const withoutRowNumbers = (rows: UnitImportRow[]) => rows.map(({ rowNumber: _, ...rest }) => rest);

describe('CSV reading', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    const text = 'a,"b, c","say ""hi""",\r\n"line1\nline2",x,,\n';
    expect(parseCsv(text, ',')).toEqual([
      ['a', 'b, c', 'say "hi"', ''],
      ['line1\nline2', 'x', '', ''],
    ]);
  });

  it('reports a quote that is never closed', () => {
    expect(() => parseCsv('a,b\n"c,d\n', ',')).toThrow(/dòng 2/);
  });

  it('reads semicolon-separated UTF-8 with BOM, Vietnamese dates and sector labels as written', async () => {
    const csv =
      '\uFEFF' +
      unitTemplateColumns.join(';') +
      '\n' +
      'cd-01;"CĐCS Trường A; cơ sở 2";;Công đoàn cơ sở;ldld-x;Khối HCSN;Lâm Đồng;;"Thôn 1, xã B";12/QĐ;5/3/2012\n' +
      ';;;;;;;;;;\n' +
      "cd-02;'=Tên lạ;;grassroots_union;;DN FDI;;;;;2012-03-06\n";
    const rows = await parseUnitFile(Buffer.from(csv), 'don-vi.csv');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      rowNumber: 2,
      code: 'cd-01',
      name: 'CĐCS Trường A; cơ sở 2',
      shortName: null,
      typeId: 'Công đoàn cơ sở',
      parentCode: 'ldld-x',
      // Sectors are data: the import reads the label against the sectors of the founding date.
      sector: 'Khối HCSN',
      address: 'Thôn 1, xã B',
      foundedOn: '2012-03-05',
    });
    expect(rows[1]).toMatchObject({
      rowNumber: 4,
      name: '=Tên lạ',
      sector: 'DN FDI',
      foundedOn: '2012-03-06',
    });
  });

  it('accepts headers without the date hint and in another order', async () => {
    const csv = 'Ngày thành lập,Tên đơn vị,Loại đơn vị,Mã đơn vị\n01/02/2003,Tên A,CĐCS,A1\n';
    const [row] = await parseUnitFile(Buffer.from(csv), 'x.csv');
    expect(row).toMatchObject({
      code: 'A1',
      name: 'Tên A',
      typeId: 'CĐCS',
      foundedOn: '2003-02-01',
      parentCode: null,
    });
  });
});

describe('Excel reading', () => {
  it('reads dates typed as text, as date cells and as serial numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Trang 1');
    sheet.addRow([...unitTemplateColumns]);
    const base = ['A1', 'Công đoàn A', '', 'Công đoàn cơ sở', '', '', '', '', '', ''];
    sheet.addRow([...base, '15/03/2010']);
    sheet.addRow([...base, new Date(Date.UTC(2011, 0, 31))]);
    sheet.addRow([...base, 40_000]);
    sheet.addRow([...base, '31/02/2010']);
    sheet.addRow([123, { richText: [{ text: 'Công ' }, { text: 'đoàn B' }] }]);
    const rows = await parseUnitFile(Buffer.from(await workbook.xlsx.writeBuffer()), 'a.xlsx');
    expect(rows.map((r) => r.foundedOn)).toEqual([
      '2010-03-15',
      '2011-01-31',
      '2009-07-06',
      '31/02/2010',
      '',
    ]);
    expect(rows[4]).toMatchObject({ rowNumber: 6, code: '123', name: 'Công đoàn B' });
  });
});

describe('bad files', () => {
  it('refuses a file that is neither Excel nor CSV', async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe,
    ]);
    expect(await badFileReason(parseUnitFile(png, 'anh.png'))).toMatch(/không phải tệp Excel/);
    expect(await badFileReason(parseUnitFile(Buffer.from('Mã đơn vị,Tên'), 'don-vi.xlsx'))).toMatch(
      /không phải Excel/,
    );
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await badFileReason(parseUnitFile(xls, 'cu.xls'))).toMatch(/\.xls/);
    const latin = Buffer.from([0x4d, 0xe3, 0x20, 0x0a]);
    expect(await badFileReason(parseUnitFile(latin, 'cu.csv'))).toMatch(/UTF-8/);
  });

  it('refuses an empty file and a file with only a header', async () => {
    expect(await badFileReason(parseUnitFile(Buffer.alloc(0), 'rong.csv'))).toMatch(/rỗng/);
    expect(await badFileReason(parseUnitFile(Buffer.from('\n\n'), 'rong.csv'))).toMatch(/không có dữ liệu/);
    expect(await badFileReason(parseUnitFile(Buffer.from(`${HEADER}\n`), 'rong.csv'))).toMatch(
      /chỉ có dòng tiêu đề/,
    );
  });

  it('names the missing and the unknown headers', async () => {
    const csv = 'Mã đơn vị,Tên đơn vi,Loai don vi,Ghi chú\nA1,Tên,CĐCS,x\n';
    const reason = await badFileReason(parseUnitFile(Buffer.from(csv), 'sai.csv'));
    expect(reason).toContain('thiếu cột "Ngày thành lập (dd/mm/yyyy)"');
    expect(reason).toContain('"Ghi chú" không có trong mẫu');
    expect(reason).not.toContain('"Tên đơn vị",');
    expect(new AppError('import_bad_file', { reason }).message).toMatch(/^Tệp không đọc được: dòng tiêu đề/);
  });
});

describe('units exchange with the database', () => {
  let handle: DatabaseHandle;
  let unit: Awaited<ReturnType<typeof buildProvince>>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    unit = await buildProvince(handle);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('writes a template with the Vietnamese headers, a guide and drop-down lists', async () => {
    const file = await unitTemplateFile(handle.db);
    const workbook = await loadXlsx(file.body);
    const sheet = workbook.getWorksheet('Đơn vị')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...unitTemplateColumns]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(workbook.getWorksheet('Hướng dẫn')).toBeDefined();
    const lists = workbook.getWorksheet('Danh mục')!;
    expect(lists.state).toBe('hidden');
    const typeRule = sheet.getCell('D2').dataValidation;
    expect(typeRule).toMatchObject({ type: 'list', formulae: ["'Danh mục'!$A$2:$A$14"] });
    expect(sheet.getCell('D500').dataValidation).toEqual(typeRule);
    expect(sheet.getCell('F2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ["'Danh mục'!$B$2:$B$8"],
    });
    const typeNames = lists.getColumn(1).values.slice(2);
    expect(typeNames).toContain('Công đoàn cơ sở');
    expect(typeNames).toContain('Liên đoàn Lao động tỉnh, thành phố');
    expect(lists.getColumn(2).values.slice(2)).toEqual([
      'Khối HCSN',
      'Giáo dục',
      'DN nhà nước',
      'DN ngoài nhà nước',
      'DN FDI',
      'HTX',
      'Khác',
    ]);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    it(`exports a province as ${format} that imports again into an empty database`, async () => {
      // A school belongs to two blocs (khối); the file carries them in its last column and the import sets them.
      await setGroupsOfUnit(handle.db, unit.phiLieng, ['public_service', 'education']);
      const exported = await exportUnitFile(handle.db, null, { unit: { id: unit.province }, format });
      expect(exported.count).toBe(10);
      expect(exported.fileName).toMatch(
        new RegExp(`^Danh sách đơn vị - LĐLĐ tỉnh Lâm Đồng - \\d\\d-\\d\\d-\\d{4}\\.${format}$`),
      );
      const rows = await parseUnitFile(exported.body, exported.fileName);
      expect(rows[0]).toMatchObject({
        rowNumber: 2,
        name: 'LĐLĐ tỉnh Lâm Đồng',
        parentCode: null,
        foundedOn: '2000-01-01',
      });
      expect(rows.find((r) => r.name === 'CĐCS Trường THCS Phi Liêng')).toMatchObject({
        typeId: 'Công đoàn cơ sở',
        sector: 'Khối HCSN',
        foundedOn: '2010-01-01',
        groups: ['Khối Giáo dục', 'Khối HCSN'],
      });

      const fresh = await createTestDatabase();
      try {
        const result = await importUnitFile(fresh.db, null, {
          buffer: exported.body,
          fileName: exported.fileName,
        });
        expect(result.created).toBe(10);
        const again = await exportUnitFile(fresh.db, null, { format });
        expect(withoutRowNumbers(await parseUnitFile(again.body, again.fileName))).toEqual(
          withoutRowNumbers(rows),
        );
        const school = await findUnitByCode(fresh.db, rows.find((r) => r.name.includes('Phi Liêng'))!.code);
        expect((await groupsOfUnit(fresh.db, school!.id)).sort()).toEqual(['education', 'public_service']);
      } finally {
        await fresh.close();
      }
    });
  }

  it('names a bloc (khối) that is not in the list', async () => {
    const csv = `${HEADER}\r\n${csvLine({ code: 'KHOI-X1', name: 'CĐCS Khối lạ', type: 'Công đoàn cơ sở', date: '01/01/2012' })},Khối Thiên văn\r\n`;
    const error = await importUnitFile(
      handle.db,
      null,
      { buffer: Buffer.from(csv, 'utf8'), fileName: 'khoi.csv' },
      { parent: { id: unit.province } },
    ).catch((e: unknown) => e as AppError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).problems).toContainEqual(
      expect.objectContaining({
        field: 'Dòng 2: Khối',
        message: expect.stringContaining(
          '"Khối Thiên văn" không có trong danh mục khối',
        ) as unknown as string,
      }),
    );
  });

  it('writes nothing when some rows are bad, and names each bad row', async () => {
    const suffix = randomBytes(2).toString('hex').toUpperCase();
    const exported = await exportUnitFile(handle.db, null, { unit: { id: unit.damRong }, format: 'csv' });
    const districtCode = (await parseUnitFile(exported.body, 'x.csv'))[0]!.code;
    const line = (code: string, parent: string, date = '01/01/2015', type = 'CĐCS') =>
      csvLine({ code: `${code}-${suffix}`, name: `CĐCS ${code}`, type, parent, date });
    const csv = [
      HEADER,
      line('A', districtCode),
      line('B', districtCode),
      line('C', `A-${suffix}`, '01/06/2016', 'Công đoàn bộ phận'),
      line('D', 'KHONG-CO-MA'),
      line('E', districtCode),
      line('F', districtCode, '31/02/2015'),
      line('G', ''),
    ].join('\n');
    const before = await countAllUnits(handle.db);
    const error = await importUnitFile(
      handle.db,
      null,
      { buffer: Buffer.from(csv), fileName: 'loi.csv' },
      { parent: { id: unit.lamHa } },
    ).then(
      () => {
        throw new Error('the import should have failed');
      },
      (e: unknown) => e as AppError,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('import_failed');
    expect(new Set(error.problems.map((p) => p.field.split(':')[0]))).toEqual(new Set(['Dòng 5', 'Dòng 7']));
    // Each problem as data: its row and column, its kind, and its message in Vietnamese and English.
    expect(error.problems).toContainEqual({
      field: 'Dòng 5: Mã đơn vị cấp trên',
      row: 5,
      column: 'Mã đơn vị cấp trên',
      code: 'row_unknown_parent',
      message: '"KHONG-CO-MA" không có trong tệp hay trong hệ thống.',
      messageEn: '"KHONG-CO-MA" is neither in the file nor in the system.',
    });
    expect(error.problems).toContainEqual(
      expect.objectContaining({
        field: 'Dòng 7: Ngày thành lập',
        message: '"31/02/2015" không phải ngày hợp lệ (dd/mm/yyyy).',
      }),
    );
    expect(error.message).toBe('Tệp nhập có 2 dòng lỗi; chưa ghi dữ liệu nào.');
    expect(await countAllUnits(handle.db)).toBe(before);
  });

  it('records an audit entry for each export', async () => {
    const admin = await makeUser(handle, [{ role: 'unit_admin', unitId: unit.province }]);
    const actor = (await loadActor(handle.db, admin.id))!;
    await exportUnitFile(handle.db, actor, { unit: { id: unit.lamHa }, at: '2020-05-31', format: 'csv' });
    const audit = await listAudit(handle.db, actor, {
      action: 'unit.export',
      unitId: unit.lamHa,
      page: 1,
      pageSize: 10,
    });
    expect(audit.rows[0]).toMatchObject({
      actorId: admin.id,
      entityId: unit.lamHa,
      after: { format: 'csv', at: '2020-05-31', count: 3 },
    });
  });
});

describe('file helpers', () => {
  it('writes an empty CSV export as the header with a BOM', () => {
    expect(writeUnitsCsv([], { types: new Map(), sectors: new Map() }).toString('utf8')).toBe(
      `\uFEFF${unitTemplateColumns.join(';')}\r\n`,
    );
  });

  it('names a download in ASCII and in RFC 5987 form', () => {
    expect(contentDisposition('Mẫu nhập đơn vị.xlsx')).toBe(
      `attachment; filename="Mau nhap don vi.xlsx"; filename*=UTF-8''M%E1%BA%ABu%20nh%E1%BA%ADp%20%C4%91%C6%A1n%20v%E1%BB%8B.xlsx`,
    );
  });
});

describe('units exchange over HTTP', () => {
  let handle: DatabaseHandle;
  let app: App;
  let unit: Awaited<ReturnType<typeof buildProvince>>;
  let provinceAdmin: Session;
  let damRongAdmin: Session;
  let damRongViewer: Session;

  beforeAll(async () => {
    handle = await createTestDatabase();
    app = await testApp(handle);
    unit = await buildProvince(handle);
    const admin = await makeUser(handle, [{ role: 'unit_admin', unitId: unit.province }]);
    const district = await makeUser(handle, [{ role: 'unit_admin', unitId: unit.damRong }]);
    const viewer = await makeUser(handle, [{ role: 'unit_viewer', unitId: unit.damRong }]);
    provinceAdmin = await logIn(app, admin.username);
    damRongAdmin = await logIn(app, district.username);
    damRongViewer = await logIn(app, viewer.username);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  function upload(
    session: Session,
    unitId: string,
    content: string | Buffer,
    fileName = 'don-vi.csv',
    fields: Record<string, string> = {},
  ) {
    const boundary = `----congdoan${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    return app.inject({
      method: 'POST',
      url: `/api/units/${unitId}/import`,
      headers: {
        cookie: session.cookie,
        [CSRF_HEADER]: session.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat(parts),
    });
  }

  const download = (session: Session, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  it('imports a file under the chosen unit', async () => {
    const code = `CDCS-${randomBytes(3).toString('hex').toUpperCase()}`;
    const csv = `${HEADER}\n${code},CĐCS Trường Tiểu học Liêng Srônh,,Công đoàn cơ sở,,Khối HCSN,Lâm Đồng,Xã Liêng Srônh,,,02/09/2012\n`;
    const res = await upload(damRongAdmin, unit.damRong, csv, 'Danh sách.csv', { decisionNo: '45/QĐ-LĐLĐ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1 });
    const actor = { userId: '', username: '', fullName: '', isSystemAdmin: true, grants: [] };
    const children = await listChildren(handle.db, actor, unit.damRong, '2012-09-02');
    expect(children.map((c) => c.code)).toContain(code);
  });

  it('answers 422 with every bad row, and 400 for an unreadable file', async () => {
    const csv = `${HEADER}\n${csvLine({ code: 'X1', name: 'CĐCS A', type: 'Loại lạ', date: '01/01/2015' })}\n`;
    const res = await upload(provinceAdmin, unit.damRong, csv);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import_failed', problems: [{ field: 'Dòng 2: Loại đơn vị' }] });
    const bad = await upload(
      provinceAdmin,
      unit.damRong,
      Buffer.from('%PDF-1.4\n\u0000\u0001'),
      'bao-cao.pdf',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'import_bad_file' });
    expect(bad.json<{ message: string }>().message).toMatch(/^Tệp không đọc được: đây không phải tệp Excel/);
  });

  it('exports a valid Excel file with a Vietnamese file name, and the template', async () => {
    const res = await download(provinceAdmin, `/api/units/${unit.damRong}/export?at=2011-01-01`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Danh sách đơn vị - Đam Rông - 01-01-2011.xlsx')}`,
    );
    const workbook = await loadXlsx(res.rawPayload);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...unitTemplateColumns]);
    expect(sheet.rowCount).toBe(4);
    const csv = await download(provinceAdmin, `/api/units/${unit.damRong}/export?format=csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')[0]).toBe(`\uFEFF${unitTemplateColumns.join(';')}`);
    const template = await download(damRongViewer, '/api/unit-template.xlsx');
    expect(template.statusCode).toBe(200);
    expect((await loadXlsx(template.rawPayload)).getWorksheet('Hướng dẫn')).toBeDefined();
  });

  it('documents the routes in the OpenAPI description', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/unit-template.xlsx',
        '/api/units/{unitId}/export',
        '/api/units/{unitId}/import',
      ]),
    );
  });

  it('keeps a district user inside their district', async () => {
    const csv = `${HEADER}\n${csvLine({ code: 'Y1', name: 'CĐCS Y', type: 'CĐCS', date: '01/01/2015' })}\n`;
    expect((await upload(damRongAdmin, unit.lamHa, csv)).statusCode).toBe(403);
    expect((await download(damRongAdmin, `/api/units/${unit.lamHa}/export`)).statusCode).toBe(403);
    expect((await download(damRongAdmin, `/api/units/${unit.province}/export?format=csv`)).statusCode).toBe(
      403,
    );
    const lamHaCode = (
      await parseUnitFile(
        (await exportUnitFile(handle.db, null, { unit: { id: unit.lamHa }, format: 'csv' })).body,
        'x.csv',
      )
    )[0]!.code;
    const sneaky = `${HEADER}\n${csvLine({ code: 'Y2', name: 'CĐCS Y', type: 'CĐCS', parent: lamHaCode, date: '01/01/2015' })}\n`;
    expect((await upload(damRongAdmin, unit.damRong, sneaky)).statusCode).toBe(403);
    expect((await upload(damRongViewer, unit.damRong, csv)).statusCode).toBe(403);
  });
});
