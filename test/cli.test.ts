/**
 * The `congdoan` command on an embedded database in a temporary folder: migrate, a units import and adding a user
 * as child processes (what only the real command shows: the launcher, CONGDOAN_DATA_DIR, the exit code), the
 * rest in-process on the same folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { unitTemplateColumns } from '../src/features/organisation/services/exchange';
import { cliSandbox, FIXTURES } from './support/cli';

const { dir, dataDir, congdoan, child } = cliSandbox('congdoan-cli-');

function exportedCodes(csv: string): string[] {
  return csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(';')[0]!)
    .sort();
}

// One database goes through the steps in order.
describe.sequential('congdoan command line', () => {
  it('explains itself in Vietnamese', async () => {
    const help = await congdoan('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Cách dùng: congdoan [tùy chọn] [lệnh]');
    expect(help.stdout).toMatch(/Lệnh:[\s\S]*serve[\s\S]*migrate[\s\S]*demo[\s\S]*user[\s\S]*units/);
    expect(help.stdout).toContain('hiển thị trợ giúp');
  });

  it('migrates the database named by CONGDOAN_DATA_DIR', async () => {
    const run = await child('migrate');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Đã cập nhật cơ sở dữ liệu: PGlite (nhúng), thư mục dữ liệu ${dataDir}`);
  });

  it('writes the Excel template', async () => {
    const out = join(dir, 'mau.xlsx');
    const run = await congdoan('units', 'template', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet('Đơn vị')!.getRow(1).values).toEqual([undefined, ...unitTemplateColumns]);
  });

  it('imports a good file, then refuses a bad one naming each bad row and writing nothing', async () => {
    const good = await child('units', 'import', join(FIXTURES, 'units-good.csv'), '--decision', '01/QĐ-LĐLĐ');
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('Đã nhập 4 đơn vị');

    const bad = await congdoan('units', 'import', join(FIXTURES, 'units-bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Lỗi: Tệp nhập có 2 dòng lỗi; chưa ghi dữ liệu nào.');
    expect(bad.stderr).toContain(
      'Dòng 3: Mã đơn vị cấp trên — "KHONG-CO-MA" không có trong tệp hay trong hệ thống.',
    );
    expect(bad.stderr).toContain(
      'Dòng 4: Ngày thành lập — "30/02/2016" không phải ngày hợp lệ (dd/mm/yyyy).',
    );
  });

  it('adds a user with a role on a unit found by its code', async () => {
    const run = await child(
      'user',
      'add',
      '--username',
      'canbo.damrong',
      '--name',
      'Trần Thị Bình',
      '--password',
      'ca-phe-sua-da-buoi-sang',
      '--role',
      'unit_admin',
      '--unit',
      'ldld-dr',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Đã tạo người dùng "canbo.damrong" (Trần Thị Bình): Quản trị đơn vị tại LĐLĐ huyện Đam Rông.',
    );
  });

  it('exports CSV that holds the good file and nothing of the bad one', async () => {
    const out = join(dir, 'don-vi.csv');
    const run = await congdoan('units', 'export', '--format', 'csv', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Đã xuất 4 đơn vị ra tệp ${out}`);
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith(`\uFEFF${unitTemplateColumns.join(';')}\r\n`)).toBe(true);
    expect(exportedCodes(csv)).toEqual(['CDCS-CF', 'CDCS-PL', 'LDLD-DR', 'LDLD-LD']);
    expect(csv).toContain('CDCS-CF;"CĐCS Công ty Cà phê ""Đà Lạt Xanh""";');
    expect(csv).toContain(
      'CDCS-PL;CĐCS Trường THCS Phi Liêng;THCS Phi Liêng;Công đoàn cơ sở;LDLD-DR;Khối HCSN;Lâm Đồng;Xã Phi Liêng;;12/QĐ-LĐLĐ;15/03/2010',
    );
  });

  it('refuses to load the demo into a database that holds units', async () => {
    const run = await congdoan('demo');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('đã có 4 đơn vị; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống');
  });
});
