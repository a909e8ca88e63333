/**
 * `congdoan report` on one embedded database: the forms, a province's totals and completeness as JSON (the same as
 * the services give), and the review report written to a Word file. A CĐCS files and its district approves through
 * the services; the commands run in-process on the same folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith } from '../src/features/members/test-factories';
import { SYSTEM_OPERATOR } from '../src/features/members/services/import-members';
import { findUnitByCode } from '../src/features/organisation/unit-store';
import * as reporting from '../src/features/reporting/service';
import { cliSandbox, FIXTURES } from './support/cli';

const { dir, congdoan, database } = cliSandbox('congdoan-cli-reports-');
const PERIOD = ['--form', 'SK6T', '--period', '2023s1'];

beforeAll(async () => {
  const units = await congdoan('units', 'import', join(FIXTURES, 'units-good.csv'));
  expect(units.code, units.stderr).toBe(0);
  const handle = await database();
  const cdcs = (await findUnitByCode(handle.db, 'CDCS-PL'))!.id;
  const district = (await findUnitByCode(handle.db, 'LDLD-DR'))!.id;
  const officer = await actorWith(handle, 'unit_officer', cdcs);
  const approver = await actorWith(handle, 'unit_officer', district);
  const saved = await reporting.saveReport(handle.db, officer, cdcs, 'SK6T', '2023S1', {
    version: null,
    values: { tet_gifts: '105', tet_gifts_value: '52.500.000' },
  });
  const sent = await reporting.moveReport(handle.db, officer, cdcs, 'SK6T', '2023S1', 'submit', {
    version: saved.version,
  });
  await reporting.moveReport(handle.db, approver, cdcs, 'SK6T', '2023S1', 'approve', {
    version: sent.version,
  });
}, 120_000);

describe.sequential('congdoan report', { timeout: 120_000 }, () => {
  it('lists the forms with their recent periods', async () => {
    const run = await congdoan('report', 'forms', '--json');
    expect(run.code, run.stderr).toBe(0);
    const forms = JSON.parse(run.stdout) as { id: string; periodType: string; recentPeriods: unknown[] }[];
    expect(forms.map((f) => [f.id, f.periodType])).toEqual([
      ['SK6T', 'half_year'],
      ['TKN', 'year'],
      ['HDCD2', 'union_half_year'],
    ]);
    expect(forms[0]!.recentPeriods).toHaveLength(6);
    const text = await congdoan('report', 'forms');
    expect(text.stdout).toMatch(/SK6T\s+Báo cáo sơ kết công tác công đoàn 6 tháng/);
  });

  it('prints a province’s totals, as JSON the same figures as the service', async () => {
    const run = await congdoan('report', 'totals', '--unit', 'LDLD-LD', ...PERIOD, '--json');
    expect(run.code, run.stderr).toBe(0);
    const handle = await database();
    const province = (await findUnitByCode(handle.db, 'LDLD-LD'))!.id;
    const service = await reporting.getTotals(
      handle.db,
      SYSTEM_OPERATOR,
      province,
      'SK6T',
      '2023S1',
      'approved',
    );
    const printed = JSON.parse(run.stdout) as typeof service;
    expect(printed).toEqual(JSON.parse(JSON.stringify(service)));
    expect(printed.rows.find((r) => r.code === 'tet_gifts_value')).toMatchObject({ total: 52_500_000 });

    const text = await congdoan('report', 'totals', '--unit', 'LDLD-LD', ...PERIOD);
    expect(text.stdout).toMatch(/Trị giá quà Tết\s+đồng\s+52\.500\.000\s+52\.500\.000/);
    const bad = await congdoan(
      'report',
      'totals',
      '--unit',
      'LDLD-LD',
      '--form',
      'SK6T',
      '--period',
      '2023Q9',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Lỗi:');
  });

  it('prints who has not reported, with their officers', async () => {
    const run = await congdoan('report', 'completeness', '--unit', 'LDLD-LD', ...PERIOD, '--json');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      overall: { expected: number; submitted: number; missing: number };
      units: { code: string; timeliness: string }[];
    };
    expect(result.overall).toMatchObject({ expected: 3, submitted: 1, missing: 2 });
    expect(result.units.filter((u) => u.timeliness === 'missing').map((u) => u.code)).toEqual([
      'LDLD-DR',
      'CDCS-CF',
    ]);
    const text = await congdoan('report', 'completeness', '--unit', 'LDLD-LD', ...PERIOD);
    expect(text.stdout).toContain('Đã nộp 1/3 (33,3%)');
    expect(text.stdout).toMatch(/CDCS-CF\s+CĐCS Công ty Cà phê "Đà Lạt Xanh"\s+\(chưa có\)/);
  });

  it('writes the review report to a Word file', async () => {
    const out = join(dir, 'bao-cao.docx');
    const run = await congdoan(
      'report',
      'document',
      '--unit',
      'LDLD-LD',
      ...PERIOD,
      '--format',
      'docx',
      '-o',
      out,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Đã ghi báo cáo ra tệp ${out}`);
    const text = (await mammoth.extractRawText({ buffer: readFileSync(out) })).value.replace(/\s+/g, ' ');
    expect(text).toContain(
      'Trong 6 tháng đầu năm 2023, LĐLĐ tỉnh Lâm Đồng trao 105 suất quà Tết cho đoàn viên, CNVCLĐ có hoàn cảnh khó khăn trị giá 52.500.000 đồng.',
    );
    expect(text).toContain('CĐCS Công ty Cà phê "Đà Lạt Xanh"');
  });
});
