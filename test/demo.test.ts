/**
 * The demo federation loads through the product's own services and tells a consistent story: Lâm Đồng before
 * 2025, its history, and the 1/7/2025 restructuring in which no CĐCS is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import { demoLogins, loadDemo } from '../src/demo';
import { buildDemoPlan, REFORM_DATE, type DemoPlan } from '../src/demo/plan';
import * as store from '../src/features/organisation/store';
import { createTestDatabase } from './support/db';
import { logIn, testApp } from './support/factories';

const SEED = 1;
const BEFORE = '2025-06-30';
const AFTER = REFORM_DATE;

let handle: DatabaseHandle;
let plan: DemoPlan;
let loaded: Awaited<ReturnType<typeof loadDemo>>;
const steps = new Set<string>();

async function idOf(code: string): Promise<string> {
  const unit = await store.findUnitByCode(handle.db, code);
  if (!unit) throw new Error(`no unit ${code}`);
  return unit.id;
}

async function grassrootsUnder(unitId: string, date: string): Promise<number> {
  const rows = await store.subtreeUnitsAtDate(handle.db, unitId, date);
  return rows.filter((r) => r.typeId === 'grassroots_union').length;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  plan = buildDemoPlan(SEED);
  loaded = await loadDemo(handle, { seed: SEED, onProgress: (step) => steps.add(step) });
}, 300_000);

afterAll(async () => {
  await handle?.close();
});

describe('demo federation', () => {
  it('loads every planned unit, the commune unions and the demo logins, reporting progress', () => {
    expect(loaded.units).toBe(plan.units.length + (plan.restructuring.found?.length ?? 0));
    expect(loaded.logins).toEqual(demoLogins());
    expect(loaded.logins.map((l) => l.username)).toEqual([
      'admin',
      'tinh.lamdong',
      'huyen.damrong',
      'xa.damrong1',
      'cdcs.philieng',
    ]);
    expect(steps.size).toBe(4);
  });

  it('refuses to load twice into the same database', async () => {
    await expect(loadDemo(handle, { seed: SEED })).rejects.toThrow(/đã có/);
  });

  it('keeps about 600 CĐCS in the province the day before and the day after the restructuring', async () => {
    const province = await idOf(plan.codes.province);
    const before = await grassrootsUnder(province, BEFORE);
    const after = await grassrootsUnder(province, AFTER);
    expect(before).toBeGreaterThan(550);
    expect(before).toBeLessThan(650);
    expect(after).toBe(before);
    const grassroots = new Set(plan.units.filter((u) => u.typeId === 'grassroots_union').map((u) => u.code));
    const dissolvedBefore = plan.history
      .flatMap((e) => e.dissolve ?? [])
      .filter((code) => grassroots.has(code)).length;
    expect(before).toBe(grassroots.size - dissolvedBefore);
  });

  it('ends every district federation on 1/7/2025 after counting its CĐCS the day before', async () => {
    const districts = plan.units.filter((u) => u.typeId === 'district_federation');
    expect(districts.length).toBe(12);
    let activeBefore = 0;
    for (const d of districts) {
      const id = await idOf(d.code);
      expect(await store.subtreeAtDate(handle.db, id, AFTER)).toEqual([]);
      const count = await grassrootsUnder(id, BEFORE);
      if (count > 0) activeBefore += 1;
    }
    // Đạ Tẻh and Cát Tiên were merged into Đạ Huoai in 2024: ten district federations reach 30/6/2025.
    expect(activeBefore).toBe(10);
    const damRong = await idOf(plan.codes.damRong);
    // Seed 002: "Công đoàn huyện hiện có 59 CĐCS" (7/2023).
    expect(await grassrootsUnder(damRong, '2023-07-12')).toBe(59);
    expect(await grassrootsUnder(damRong, BEFORE)).toBe(59);
  });

  it('founds commune unions on 1/7/2025 and not before', async () => {
    const province = await idOf(plan.codes.province);
    const typesOn = async (date: string) =>
      (await store.childrenAtDate(handle.db, province, date)).map((u) => u.typeId);
    expect(await typesOn(BEFORE)).not.toContain('commune_union');
    const after = await typesOn(AFTER);
    const communeUnions = after.filter((t) => t === 'commune_union').length;
    expect(communeUnions).toBeGreaterThanOrEqual(15);
    expect(communeUnions).toBeLessThanOrEqual(25);
    expect(after).not.toContain('district_federation');
    const damRong1 = await store.findUnitByCode(handle.db, plan.codes.communeUnionDamRong1);
    expect(damRong1?.foundedOn).toBe(AFTER);
    expect(damRong1?.name).toBe('Công đoàn xã Đam Rông 1');
  });

  it('places CĐCS Trường THCS Phi Liêng under Đam Rông before 2025 and under a commune union after', async () => {
    const phiLieng = await store.findUnitByCode(handle.db, plan.codes.phiLieng);
    expect(phiLieng?.name).toBe('CĐCS Trường THCS Phi Liêng');
    const damRong = await idOf(plan.codes.damRong);
    const before = await store.ancestorsAtDate(handle.db, phiLieng!.id, '2024-01-01');
    expect(before.map((a) => a.id)).toContain(damRong);
    const after = await store.ancestorsAtDate(handle.db, phiLieng!.id, '2025-07-02');
    expect(after.map((a) => a.id)).not.toContain(damRong);
    const parents = await store.unitsAtDate(
      handle.db,
      after.map((a) => a.id),
      '2025-07-02',
    );
    expect(parents.find((p) => p.id === after[0]!.id)?.typeId).toBe('commune_union');
    expect(parents.map((p) => p.typeId)).toContain('provincial_federation');
  });

  it('records the restructuring as one event with its decision, and the history before it', async () => {
    const phiLieng = await idOf(plan.codes.phiLieng);
    const events = await store.eventsOfUnit(handle.db, phiLieng);
    const reform = events.filter((e) => e.kind === 'restructure');
    expect(reform).toHaveLength(1);
    expect(reform[0]).toMatchObject({ effectiveOn: AFTER, decisionNo: plan.restructuring.decisionNo });
    expect(plan.restructuring.decisionNo).toMatch(/^\d+\/QĐ-TLĐ$/);
    const baoLoc = await idOf('LD-BLC');
    const [old] = await store.unitsAtDate(handle.db, [baoLoc], '2009-01-01');
    const [city] = await store.unitsAtDate(handle.db, [baoLoc], '2011-01-01');
    expect(old?.name).toBe('LĐLĐ thị xã Bảo Lộc');
    expect(city?.name).toBe('LĐLĐ thành phố Bảo Lộc');
    const educationUnion = await store.findUnitByCode(handle.db, 'LD-GDH-DLI');
    expect(educationUnion?.endedOn).toBe('2017-07-01');
  });

  it('builds the same plan from the same seed, and a different one from another seed', () => {
    const again = buildDemoPlan(SEED);
    expect(again).toEqual(plan);
    const other = buildDemoPlan(SEED + 1);
    expect(other.units.map((u) => u.foundedOn)).not.toEqual(plan.units.map((u) => u.foundedOn));
    expect(other.units.filter((u) => u.typeId === 'grassroots_union').length).toBe(
      plan.units.filter((u) => u.typeId === 'grassroots_union').length,
    );
  });

  it('loaded exactly the planned codes and names', async () => {
    for (const row of plan.units.filter((_, i) => i % 7 === 0)) {
      const unit = await store.findUnitByCode(handle.db, row.code);
      expect(unit?.foundedOn).toBe(row.foundedOn);
      const [atFounding] = await store.unitsAtDate(handle.db, [unit!.id], row.foundedOn);
      expect(atFounding?.name).toBe(row.name);
    }
  });

  it('lets every demo login sign in', async () => {
    const app = await testApp(handle);
    try {
      for (const login of demoLogins()) {
        const session = await logIn(app, login.username, login.password);
        expect(session.cookie).toContain('=');
      }
    } finally {
      await app.close();
    }
  });
});
