/**
 * `congdoan members` on an embedded database in a temporary folder: the template, importing a file (and refusing a
 * bad one, row by row, writing nothing), search and counts as JSON, the export, and an import as a named user who may
 * only propose. The good import runs as a child process (the real command); the rest in-process on the same folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  memberExportColumns,
  memberTemplateColumns,
  memberTemplateFields,
} from '../src/features/members/services/member-file';
import { membersXlsx, templateRow } from '../src/features/members/test-factories';
import { randomBytes } from 'node:crypto';
import { createUser } from '../src/features/access/service';
import { findUnitByCode } from '../src/features/organisation/unit-store';
import { cliSandbox, FIXTURES } from './support/cli';
import { call, logIn, TEST_PASSWORD, testApp } from './support/factories';

const { dir, congdoan, child, database } = cliSandbox('congdoan-cli-members-');

/** A members file in the template's columns. */
async function membersFile(name: string, rows: string[][]): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, await membersXlsx(rows));
  return path;
}

const person = (fullName: string, birthDate: string, gender: 'Nam' | 'Nữ', cccd = '') =>
  templateRow({ fullName, birthDate, gender, cccd, occupation: 'Giáo viên', joinedOn: '01/06/2012' });

async function readSheet(path: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path) as unknown as ExcelJS.Buffer);
  return (workbook.getWorksheet('Đoàn viên')!.getSheetValues().slice(1) as unknown[][]).map((r) =>
    r.slice(1),
  );
}

// One database goes through the steps in order.
describe.sequential('congdoan members', { timeout: 180_000 }, () => {
  it('lists its commands in Vietnamese and writes the template', async () => {
    const help = await congdoan('members', '--help');
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/template[\s\S]*import[\s\S]*export[\s\S]*search[\s\S]*count/);
    const out = join(dir, 'mau.xlsx');
    const run = await congdoan('members', 'template', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Đã tạo tệp mẫu: ${out}`);
    expect((await readSheet(out))[0]).toEqual(memberTemplateColumns);
  });

  it('imports a file into a CĐCS, and refuses a bad one naming each bad row', async () => {
    const units = await congdoan('units', 'import', join(FIXTURES, 'units-good.csv'));
    expect(units.code, units.stderr).toBe(0);
    const good = await membersFile('tot.xlsx', [
      person('Nguyễn Thị Hoa', '17/05/1990', 'Nữ', '068190012345'),
      person('Trần Văn Bình', '02/09/1985', 'Nam'),
      person('Ka Thị Hằng', '10/10/1993', 'Nữ'),
    ]);
    const run = await child('members', 'import', good, '--unit', 'cdcs-pl');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Đã nhập 3 đoàn viên vào CĐCS Trường THCS Phi Liêng.');

    const bad = await membersFile('loi.xlsx', [
      person('Lê Văn Tám', '08/08/1988', 'Nam'),
      person('Lê Thị Chín', '09/09/1989', 'Nữ', '068090000009'),
      person('Nguyễn Thị Hoa', '17/05/1990', 'Nữ', '068190012345'),
    ]);
    const refused = await congdoan('members', 'import', bad, '--unit', 'CDCS-PL');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Lỗi: Tệp nhập có 1 dòng lỗi (2 lỗi); chưa ghi dữ liệu nào.');
    expect(refused.stderr).toContain('  • Dòng 3: Số CCCD — Số CCCD: chữ số thứ 4 là "0"');
    // Row 4 is Nguyễn Thị Hoa herself, a member of this CĐCS (same CCCD): an update with nothing to change.
    expect(refused.stderr).not.toContain('Dòng 4');
  });

  it('finds members by name without diacritics, CCCD masked, as JSON', async () => {
    const run = await congdoan('members', 'search', 'nguyen thi hoa', '--json');
    expect(run.code, run.stderr).toBe(0);
    const found = JSON.parse(run.stdout) as {
      code: string;
      fullName: string;
      cccd: string;
      units: string[];
    }[];
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      fullName: 'Nguyễn Thị Hoa',
      birthDate: '1990-05-17',
      cccd: '068******345',
      units: ['CĐCS Trường THCS Phi Liêng'],
    });
    expect(found[0]!.code).toMatch(/^[1-9]\d{9}$/);
    const text = await congdoan('members', 'search', 'Bình', '--unit', 'LDLD-DR');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Trần Văn Bình\s+02\/09\/1985\s+CĐCS Trường THCS Phi Liêng/);
    expect(text.stdout).toContain('Tìm thấy 1 đoàn viên.');
  });

  it('counts members on a date, the same numbers as the API', async () => {
    const run = await congdoan('members', 'count', '--unit', 'LDLD-DR', '--at', '31/12/2020', '--json');
    expect(run.code, run.stderr).toBe(0);
    const counts = JSON.parse(run.stdout) as {
      at: string;
      memberships: number;
      byGender: { key: string; memberships: number }[];
      byAgeBand: { key: string; memberships: number }[];
    };
    expect(counts).toMatchObject({ at: '2020-12-31', memberships: 3, persons: 3 });
    expect(counts.byGender.map((g) => [g.key, g.memberships])).toEqual([
      ['female', 2],
      ['male', 1],
    ]);
    expect(counts.byAgeBand.find((b) => b.key === 'under_30')!.memberships).toBe(1);

    // The API, on the same database: the same numbers, line by line.
    const handle = await database();
    {
      const app = await testApp(handle);
      try {
        const username = `kiemtra.${randomBytes(3).toString('hex')}`;
        await createUser(handle.db, null, {
          username,
          fullName: 'Kiểm Tra Số Liệu',
          password: TEST_PASSWORD,
          grants: [],
          isSystemAdmin: true,
        });
        const session = await logIn(app, username);
        const unit = await findUnitByCode(handle.db, 'LDLD-DR');
        const api = await call(app, session, 'GET', `/api/units/${unit!.id}/member-stats?at=2020-12-31`);
        expect(api.statusCode, api.body).toBe(200);
        const { unit: shown, ...numbers } = counts as typeof counts & { unit: { code: string } };
        expect(shown.code).toBe('LDLD-DR');
        expect(numbers).toEqual(api.json());
      } finally {
        await app.close();
      }
    }
    const before = await congdoan('members', 'count', '--unit', 'CDCS-PL', '--at', '31/05/2012');
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('tại ngày 31/05/2012: 0');
  });

  it('exports the list to Excel, CCCD masked unless asked for', async () => {
    const out = join(dir, 'xuat.xlsx');
    const run = await congdoan('members', 'export', '--unit', 'LDLD-DR', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Đã xuất 3 đoàn viên ra tệp ${out} (số CCCD và điện thoại đã che một phần)`);
    const [header, ...rows] = await readSheet(out);
    expect(header).toEqual(memberExportColumns);
    expect(rows.flat()).toContain('068******345');
    const full = join(dir, 'xuat-day-du.xlsx');
    const unmasked = await congdoan('members', 'export', '--query', 'hoa', '--personal-data', '--out', full);
    expect(unmasked.code, unmasked.stderr).toBe(0);
    expect(unmasked.stdout).toContain(`Đã xuất 1 đoàn viên ra tệp ${full}`);
    expect((await readSheet(full)).flat()).toContain('068190012345');
  });

  it('imports as a named user: a CĐCS officer only proposes', async () => {
    const user = await congdoan(
      'user',
      'add',
      '--username',
      'canbo.philieng',
      '--name',
      'Phạm Thị Lan',
      '--password',
      'ca-phe-sua-da-buoi-sang',
      '--role',
      'unit_officer',
      '--unit',
      'CDCS-PL',
    );
    expect(user.code, user.stderr).toBe(0);
    const file = await membersFile('de-nghi.xlsx', [person('Hoàng Văn Mười', '10/10/1990', 'Nam')]);
    const run = await congdoan('members', 'import', file, '--unit', 'CDCS-PL', '--user', 'canbo.philieng');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Đã gửi đề nghị kết nạp 1 người của CĐCS Trường THCS Phi Liêng; chờ LĐLĐ huyện Đam Rông duyệt.',
    );
    const unknown = await congdoan('members', 'import', file, '--unit', 'CDCS-PL', '--user', 'khong.co');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Lỗi: không có người dùng "khong.co"');
  });

  it('imports one file for a whole upper union at its code, each row into the CĐCS it names', async () => {
    const at = (unitCode: string, row: string[]) => {
      row[memberTemplateFields.indexOf('unitCode')] = unitCode;
      // The coffee company's CĐCS was founded on 20/11/2015.
      row[memberTemplateFields.indexOf('joinedOn')] = '01/01/2016';
      return row;
    };
    const province = await membersFile('ca-tinh.xlsx', [
      at('cdcs-pl', person('Đoàn Thị Tỉnh Một', '01/01/1991', 'Nữ')),
      at('CDCS-CF', person('Đoàn Văn Tỉnh Hai', '02/02/1992', 'Nam')),
      at(' cdcs-cf ', person('Đoàn Thị Tỉnh Ba', '03/03/1993', 'Nữ')),
    ]);
    // At the district, the coffee company's CĐCS (directly under the province) is not its own: the row says so.
    const refused = await congdoan('members', 'import', province, '--unit', 'LDLD-DR');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Lỗi: Tệp nhập có 2 dòng lỗi (2 lỗi); chưa ghi dữ liệu nào.');
    expect(refused.stderr).toContain(
      '  • Dòng 3: Mã CĐCS — Mã "CDCS-CF" là của một đơn vị không thuộc "LĐLĐ huyện Đam Rông" hôm nay.',
    );
    const run = await congdoan('members', 'import', province, '--unit', 'LDLD-LD');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Đã nhập 3 đoàn viên vào 2 CĐCS của LĐLĐ tỉnh Lâm Đồng.');
    const count = await congdoan('members', 'count', '--unit', 'CDCS-CF', '--json');
    expect(count.code, count.stderr).toBe(0);
    expect(JSON.parse(count.stdout)).toMatchObject({ memberships: 2 });
  });
});
