/**
 * Sectors (khu vực) are reference data with effective dates: the defaults fit the union's blocs (education among
 * them), a unit's sector must apply on the day it is set, files read sectors by name, and the list is served by date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { App } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import {
  buildProvince,
  call,
  foundAs,
  logIn,
  makeUser,
  testApp,
  uniqueCode,
  type Session,
} from '../../../test/support/factories';
import { listSectors } from './service';
import { importUnits, type UnitImportRow } from './services/import-units';
import { findUnit, findUnitByCode } from './unit-store';

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let sysAdmin: Session;
let officer: Session;
/** A sector that applies from 1/1/2026 only (added by the system administrator in the first test). */
const HEALTH = `y_te_${uniqueCode().toLowerCase()}`;

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  app = await testApp(handle);
  sysAdmin = await logIn(app, (await makeUser(handle, [], { isSystemAdmin: true })).username);
  officer = await logIn(app, (await makeUser(handle, [{ role: 'unit_admin', unitId: p.province }])).username);
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

type ErrorBody = {
  code: string;
  problems: { field: string; message: string; messageEn?: string; code?: string }[];
};
type SectorsBody = { sectors: { id: string; nameVi: string; nameEn: string; validFrom: string }[] };

describe('the sectors', () => {
  it('are loaded with the blocs of the union: agencies and public services, education, enterprises', async () => {
    const sectors = await listSectors(handle.db);
    expect(sectors.map((s) => [s.id, s.shortVi])).toEqual([
      ['public_service', 'Khối HCSN'],
      ['education', 'Giáo dục'],
      ['state_enterprise', 'DN nhà nước'],
      ['private_enterprise', 'DN ngoài nhà nước'],
      ['fdi_enterprise', 'DN FDI'],
      ['cooperative', 'HTX'],
      ['other', 'Khác'],
    ]);
    expect(sectors.find((s) => s.id === 'education')).toMatchObject({
      nameVi: 'Giáo dục',
      nameEn: 'Education',
    });
  });

  it('are edited by the system administrator only, with their dates', async () => {
    const body = { nameVi: 'Y tế', nameEn: 'Health', shortVi: 'Y tế', validFrom: '2026-01-01' };
    const refused = await call(app, officer, 'PUT', `/api/sectors/${HEALTH}`, body);
    expect(refused.statusCode).toBe(403);
    const reversed = await call(app, sysAdmin, 'PUT', `/api/sectors/${HEALTH}`, {
      ...body,
      validTo: '2025-01-01',
    });
    expect(reversed.statusCode).toBe(400);
    expect((reversed.json() as ErrorBody).problems[0]).toMatchObject({ field: 'validTo' });
    expect((await call(app, sysAdmin, 'PUT', `/api/sectors/${HEALTH}`, body)).statusCode).toBe(200);
  });

  it('are served as of a date: only those that apply that day, or every one with its dates', async () => {
    const on = async (query: string) =>
      ((await call(app, officer, 'GET', `/api/sectors${query}`)).json() as SectorsBody).sectors.map(
        (s) => s.id,
      );
    expect(await on('?at=2025-06-01')).not.toContain(HEALTH);
    expect(await on('?at=2026-01-01')).toContain(HEALTH);
    expect(await on('?at=2026-01-01')).toContain('education');
    expect(await on('')).toContain(HEALTH);
    const bad = await call(app, officer, 'GET', '/api/sectors?at=2025-02-30');
    expect(bad.statusCode).toBe(400);
  });
});

describe("a unit's sector", () => {
  it('is refused when unknown or when it does not apply on the founding date, naming the field', async () => {
    const found = (sector: string, effectiveOn = '2020-01-01') =>
      call(app, officer, 'POST', '/api/units', {
        parentId: p.damRong,
        code: uniqueCode('KV-'),
        name: 'CĐCS Trường Mầm non Khu vực',
        typeId: 'grassroots_union',
        sector,
        effectiveOn,
      });
    const unknown = await found('thien_van');
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as ErrorBody).problems).toEqual([
      expect.objectContaining({
        field: 'found.0.sector',
        code: 'unknown_sector',
        message: 'Khu vực "thien_van" không có trong danh mục khu vực.',
        messageEn: 'Sector "thien_van" is not in the list of sectors.',
      }),
    ]);
    const early = await found(HEALTH, '2020-01-01');
    expect(early.statusCode).toBe(400);
    expect((early.json() as ErrorBody).problems[0]).toMatchObject({
      field: 'found.0.sector',
      message: 'Khu vực "Y tế" không áp dụng vào ngày 01/01/2020.',
    });
    expect((await found('education')).statusCode).toBe(200);
  });

  it('is checked on today when edited', async () => {
    const school = await foundAs(handle, {
      typeId: 'grassroots_union',
      parentId: p.damRong,
      effectiveOn: '2015-01-01',
    });
    const res = await call(app, officer, 'PATCH', `/api/units/${school}`, { sector: 'thien_van' });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).problems[0]).toMatchObject({ field: 'sector', code: 'unknown_sector' });
    expect(
      (await call(app, officer, 'PATCH', `/api/units/${school}`, { sector: 'education' })).statusCode,
    ).toBe(200);
  });

  it('stays on a unit after the sector ends, but is not given to another unit once ended', async () => {
    const ended = `cu_${uniqueCode().toLowerCase()}`;
    const body = { nameVi: 'Khu vực cũ', nameEn: 'Former sector', shortVi: 'Cũ', validFrom: '2000-01-01' };
    expect((await call(app, sysAdmin, 'PUT', `/api/sectors/${ended}`, body)).statusCode).toBe(200);
    const holder = await foundAs(handle, {
      typeId: 'grassroots_union',
      parentId: p.damRong,
      sector: ended,
      effectiveOn: '2015-01-01',
    });
    const other = await foundAs(handle, {
      typeId: 'grassroots_union',
      parentId: p.damRong,
      effectiveOn: '2015-01-01',
    });
    const end = await call(app, sysAdmin, 'PUT', `/api/sectors/${ended}`, { ...body, validTo: '2025-01-01' });
    expect(end.statusCode).toBe(200);
    const kept = await call(app, officer, 'PATCH', `/api/units/${holder}`, {
      sector: ended,
      address: 'Thôn 3',
    });
    expect(kept.statusCode).toBe(200);
    const given = await call(app, officer, 'PATCH', `/api/units/${other}`, { sector: ended });
    expect(given.statusCode).toBe(400);
    expect((given.json() as ErrorBody).problems[0]).toMatchObject({
      field: 'sector',
      code: 'sector_not_current',
      messageEn: expect.stringContaining('Sector "Khu vực cũ" does not apply on') as unknown as string,
    });
  });

  it('is read from a units file by name, short name or id, and refused when it does not apply', async () => {
    const parentCode = (await findUnit(handle.db, p.province))!.code;
    const row = (rowNumber: number, sector: string, foundedOn = '2015-01-01'): UnitImportRow => ({
      rowNumber,
      code: uniqueCode('KVF-'),
      name: `CĐCS Trường Khu vực ${rowNumber}`,
      typeId: 'grassroots_union',
      parentCode,
      sector,
      foundedOn,
    });
    const refused = await importUnits(handle.db, null, [row(2, 'Thiên văn'), row(3, 'Y tế')]).catch(
      (e: unknown) => e as AppError,
    );
    expect(refused).toBeInstanceOf(AppError);
    const problems = (refused as AppError).problems;
    expect(problems).toContainEqual(
      expect.objectContaining({
        field: 'Dòng 2: Khu vực',
        row: 2,
        column: 'Khu vực',
        code: 'row_unknown_sector',
        messageEn: expect.stringContaining('"Thiên văn" is not in the list of sectors') as unknown as string,
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        field: 'Dòng 3: Khu vực',
        code: 'row_sector_not_current',
        message: '"Y tế" không áp dụng vào ngày thành lập 01/01/2015.',
      }),
    );
    const rows = [row(2, 'Giáo dục'), row(3, 'dn fdi'), row(4, 'cooperative'), row(5, 'Y tế', '2026-01-02')];
    await importUnits(handle.db, null, rows);
    const sectors = await Promise.all(
      rows.map(async (r) => (await findUnitByCode(handle.db, r.code))?.sector),
    );
    expect(sectors).toEqual(['education', 'fdi_enterprise', 'cooperative', HEALTH]);
  });
});
