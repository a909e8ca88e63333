/** The dated tree's rules, on the real database: as-of queries across moves, merges and splits, and refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, foundAs, makeUser } from '../../../test/support/factories';
import { loadActor } from '../access/service';
import type { Actor } from '../access/model';
import * as service from './service';
import * as eventStore from './event-store';
import * as treeStore from './tree-store';
import * as unitStore from './unit-store';
import { importUnits } from './services/import-units';
import {
  occupantsFrom,
  registerRestructureHandlers,
  unregisterRestructureHandlers,
} from './restructure-handlers';
import { admitMember, personFixture } from '../members/test-factories';
import { rejects } from '../../../test/support/errors';

let handle: DatabaseHandle;
let admin: Actor;

beforeAll(async () => {
  handle = await createTestDatabase();
  const user = await makeUser(handle, [], { isSystemAdmin: true });
  admin = (await loadActor(handle.db, user.id))!;
});
afterAll(async () => handle.close());

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
async function parentOn(unitId: string, date: string) {
  const [row] = await treeStore.unitsAtDate(handle.db, [unitId], date);
  return row?.parentId ?? null;
}

describe('the tree as of a date', () => {
  it('answers subtree and ancestors before and after a move', async () => {
    const p = await buildProvince(handle);
    await service.moveUnit(handle.db, admin, p.phiLieng, p.lamHa, {
      effectiveOn: '2024-03-01',
      decisionNo: '12/QĐ-LĐLĐ',
    });
    expect(await parentOn(p.phiLieng, '2024-02-29')).toBe(p.damRong);
    expect(await parentOn(p.phiLieng, '2024-03-01')).toBe(p.lamHa);
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.damRong, '2024-02-29'))).toEqual(
      [p.damRong, p.damRongClinic, p.phiLieng].sort(),
    );
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.damRong, '2024-03-01'))).toEqual(
      [p.damRong, p.damRongClinic].sort(),
    );
    expect((await treeStore.ancestorsAtDate(handle.db, p.phiLieng, '2020-01-01')).map((a) => a.id)).toEqual([
      p.damRong,
      p.province,
    ]);
    expect((await treeStore.ancestorsAtDate(handle.db, p.phiLieng, '2025-01-01')).map((a) => a.id)).toEqual([
      p.lamHa,
      p.province,
    ]);
    // The province sees it throughout.
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.province, '2024-03-01'))).toContain(p.phiLieng);
    // Before founding, nothing.
    expect(await treeStore.subtreeAtDate(handle.db, p.damRong, '2009-12-31')).toEqual([]);
  });

  it('re-dates history when an event is recorded in the past', async () => {
    const p = await buildProvince(handle);
    // Recorded first: the school moved to Lâm Hà in 2024. Recorded later: it had moved to Giáo dục in 2018.
    await service.moveUnit(handle.db, admin, p.phiLieng, p.lamHa, { effectiveOn: '2024-03-01' });
    await service.moveUnit(handle.db, admin, p.phiLieng, p.education, { effectiveOn: '2018-09-01' });
    expect(await parentOn(p.phiLieng, '2018-08-31')).toBe(p.damRong);
    expect(await parentOn(p.phiLieng, '2018-09-01')).toBe(p.education);
    expect(await parentOn(p.phiLieng, '2024-02-29')).toBe(p.education);
    expect(await parentOn(p.phiLieng, '2024-03-01')).toBe(p.lamHa);
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.education, '2020-01-01'))).toContain(p.phiLieng);
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.damRong, '2020-01-01'))).not.toContain(p.phiLieng);
    // Moving a whole district in the past carries its sub-units' ancestry with it.
    const other = await foundAs(handle, { typeId: 'provincial_federation', name: 'LĐLĐ tỉnh Đắk Nông' });
    await service.moveUnit(handle.db, admin, p.lamHa, other, { effectiveOn: '2015-01-01' });
    expect(
      (await treeStore.ancestorsAtDate(handle.db, p.lamHaCoffee, '2016-01-01')).map((a) => a.id),
    ).toEqual([p.lamHa, other]);
    expect((await treeStore.ancestorsAtDate(handle.db, p.phiLieng, '2024-06-01')).map((a) => a.id)).toEqual([
      p.lamHa,
      other,
    ]);
    expect(
      (await treeStore.ancestorsAtDate(handle.db, p.lamHaCoffee, '2014-12-31')).map((a) => a.id),
    ).toEqual([p.lamHa, p.province]);
  });

  it('merges several units into one, moving their sub-units', async () => {
    const p = await buildProvince(handle);
    const result = await service.mergeUnits(
      handle.db,
      admin,
      { sourceIds: [p.damRong], target: { id: p.lamHa } },
      { effectiveOn: '2020-01-01', decisionNo: '45/QĐ-LĐLĐ' },
    );
    expect(result.dissolved).toBe(1);
    expect(result.moved).toBe(2);
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.lamHa, '2020-01-01'))).toEqual(
      [p.lamHa, p.lamHaCoffee, p.lamHaSchool, p.phiLieng, p.damRongClinic].sort(),
    );
    expect(await treeStore.subtreeAtDate(handle.db, p.damRong, '2020-01-01')).toEqual([]);
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.damRong, '2019-12-31'))).toHaveLength(3);
    // The ended unit leaves the tree on its end date, everywhere.
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.province, '2020-01-01'))).not.toContain(p.damRong);
    expect(ids(await treeStore.subtreeAtDate(handle.db, p.province, '2019-12-31'))).toContain(p.damRong);
    expect(await treeStore.ancestorsAtDate(handle.db, p.damRong, '2020-01-01')).toEqual([]);
    expect((await treeStore.unitsAtDate(handle.db, [p.province], '2020-01-01'))[0]?.childCount).toBe(2);
    const events = await eventStore.eventsOfUnit(handle.db, p.damRong);
    expect(events[0]).toMatchObject({ kind: 'merge', decisionNo: '45/QĐ-LĐLĐ', role: 'ended' });
    const moved = (events[0]?.details as { moves: { id: string; from: string; to: string }[] }).moves;
    expect(moved.find((m) => m.id === p.phiLieng)).toMatchObject({
      from: 'LĐLĐ huyện Đam Rông',
      to: 'LĐLĐ huyện Lâm Hà',
    });
    // The province's feed includes what happened anywhere below it.
    const feed = await eventStore.eventsOfUnit(handle.db, p.province, { subtree: true });
    expect(feed.map((e) => e.kind)).toContain('merge');
    expect((await eventStore.eventsOfUnit(handle.db, p.phiLieng))[0]).toMatchObject({
      kind: 'merge',
      role: 'moved',
    });
  });

  it('merges into a new unit', async () => {
    const p = await buildProvince(handle);
    const result = await service.mergeUnits(
      handle.db,
      admin,
      {
        sourceIds: [p.damRong, p.lamHa],
        target: {
          newUnit: {
            code: 'LD-LHDR',
            name: 'LĐLĐ huyện Lâm Hà - Đam Rông',
            typeId: 'district_federation',
            parent: { id: p.province },
          },
        },
      },
      { effectiveOn: '2021-01-01' },
    );
    const target = result.founded[0]!.id;
    expect(ids(await treeStore.subtreeAtDate(handle.db, target, '2021-01-01'))).toHaveLength(5);
    expect((await unitStore.findUnit(handle.db, p.lamHa))?.endedOn).toBe('2021-01-01');
  });

  it('splits a unit and keeps both histories', async () => {
    const p = await buildProvince(handle);
    const result = await service.splitUnit(
      handle.db,
      admin,
      {
        sourceId: p.damRong,
        newUnits: [
          { code: 'LD-DR-A', name: 'LĐLĐ huyện Đam Rông A', typeId: 'district_federation' },
          { code: 'LD-DR-B', name: 'LĐLĐ huyện Đam Rông B', typeId: 'district_federation' },
        ],
        childMoves: [
          { unitId: p.phiLieng, to: { newIndex: 0 } },
          { unitId: p.damRongClinic, to: { newIndex: 1 } },
        ],
      },
      { effectiveOn: '2022-01-01' },
    );
    const [a, b] = result.founded;
    expect(await parentOn(p.phiLieng, '2022-01-01')).toBe(a!.id);
    expect(await parentOn(p.damRongClinic, '2022-01-01')).toBe(b!.id);
    expect(await parentOn(a!.id, '2022-01-01')).toBe(p.province);
    expect(await parentOn(p.phiLieng, '2021-12-31')).toBe(p.damRong);
    expect((await unitStore.findUnit(handle.db, p.damRong))?.endedOn).toBe('2022-01-01');
  });

  it('renames with a dated name history', async () => {
    const p = await buildProvince(handle);
    await service.renameUnit(
      handle.db,
      admin,
      p.lamHaCoffee,
      { name: 'CĐCS Công ty CP Cà phê Lâm Hà' },
      { effectiveOn: '2023-05-01' },
    );
    expect((await treeStore.unitsAtDate(handle.db, [p.lamHaCoffee], '2023-04-30'))[0]?.name).toBe(
      'CĐCS Công ty Cà phê Lâm Hà',
    );
    expect((await treeStore.unitsAtDate(handle.db, [p.lamHaCoffee], '2023-05-01'))[0]?.name).toBe(
      'CĐCS Công ty CP Cà phê Lâm Hà',
    );
    expect((await unitStore.findUnit(handle.db, p.lamHaCoffee))?.name).toBe('CĐCS Công ty CP Cà phê Lâm Hà');
  });

  it('restructures in bulk: districts end, their CĐCS move to commune unions, all at once', async () => {
    const p = await buildProvince(handle);
    const result = await service.restructure(handle.db, admin, {
      kind: 'restructure',
      effectiveOn: '2025-07-01',
      decisionNo: '1234/QĐ-TLĐ',
      found: [
        {
          key: 'c1',
          code: 'LD-X-DR1',
          name: 'Công đoàn xã Đam Rông 1',
          typeId: 'commune_union',
          parent: { id: p.province },
        },
        {
          key: 'c2',
          code: 'LD-X-NB',
          name: 'Công đoàn xã Nam Ban',
          typeId: 'commune_union',
          parent: { id: p.province },
        },
      ],
      moves: [
        { unitId: p.phiLieng, newParent: { key: 'c1' } },
        { unitId: p.damRongClinic, newParent: { key: 'c1' } },
        { unitId: p.lamHaCoffee, newParent: { key: 'c2' } },
        { unitId: p.lamHaSchool, newParent: { key: 'c2' } },
      ],
      dissolve: [p.damRong, p.lamHa],
    });
    expect(result.founded).toHaveLength(2);
    const before = (await treeStore.subtreeAtDate(handle.db, p.province, '2025-06-30')).filter(
      (r) => r.depth === 2,
    ).length;
    const after = (await treeStore.subtreeAtDate(handle.db, p.province, '2025-07-01')).filter(
      (r) => r.depth === 2,
    ).length;
    expect(before).toBe(6);
    expect(after).toBe(6);
    expect(await treeStore.subtreeAtDate(handle.db, p.damRong, '2025-07-01')).toEqual([]);
    expect(await parentOn(p.phiLieng, '2025-07-01')).toBe(result.founded[0]!.id);
    expect(await parentOn(p.phiLieng, '2025-06-30')).toBe(p.damRong);
  });
});

describe('a level of the tree with its counts', () => {
  type LevelRow = { unitId: string; parentId: string; children: number; below: number; name: string };

  /**
   * A level's rows read plainly on a date, every unit under a parent then: its children from the parent links, the
   * units below it from the closure, its name from the dated names, its attributes from the unit.
   */
  async function plainLevels(date: string) {
    return queryRows<LevelRow>(
      handle.db,
      sql`SELECT p.unit_id AS "unitId", p.parent_id AS "parentId",
                 (SELECT count(*)::int FROM unit_parents c WHERE c.parent_id = p.unit_id
                    AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date) AS children,
                 (SELECT count(*)::int FROM unit_closure c WHERE c.ancestor_id = p.unit_id AND c.depth > 0
                    AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date) AS below,
                 n.name, n.short_name AS "shortName", u.code, u.type_id AS "typeId", u.sector,
                 u.founded_on::text AS "foundedOn", u.ended_on::text AS "endedOn"
          FROM unit_parents p JOIN units u ON u.id = p.unit_id
          JOIN unit_names n ON n.unit_id = p.unit_id AND n.valid_from <= ${date}::date AND n.valid_to > ${date}::date
          WHERE p.valid_from <= ${date}::date AND p.valid_to > ${date}::date
          ORDER BY p.unit_id`,
    );
  }

  async function keptLevels(date: string) {
    return queryRows<LevelRow>(
      handle.db,
      sql`SELECT unit_id AS "unitId", parent_id AS "parentId", children, below, name, short_name AS "shortName",
                 code, type_id AS "typeId", sector, founded_on::text AS "foundedOn", ended_on::text AS "endedOn"
          FROM tree_levels WHERE valid_from <= ${date}::date AND valid_to > ${date}::date ORDER BY unit_id`,
    );
  }

  /** Every day the tree changed on, and the day before each: where a kept row that missed a change would show. */
  async function changeDays() {
    const rows = await queryRows<{ day: string }>(
      handle.db,
      sql`WITH d AS (
            SELECT valid_from AS day FROM unit_parents UNION SELECT valid_to FROM unit_parents
            UNION SELECT valid_from FROM unit_closure UNION SELECT valid_to FROM unit_closure
            UNION SELECT valid_from FROM unit_names UNION SELECT valid_to FROM unit_names
          )
          SELECT DISTINCT x::text AS day FROM d, LATERAL (VALUES (d.day), (d.day - 1)) v(x)
          WHERE d.day < '9999-12-31' ORDER BY 1`,
    );
    return rows.map((r) => r.day);
  }

  it('keeps, for every unit under a parent on every day the tree changed, the counts a plain reading gives', async () => {
    // On top of the moves, back-dated moves, merges, splits and the restructuring above: an import under a living
    // district, a district moved with its CĐCS to another province in the middle of its history, a CĐCS that
    // ends, a move back-dated before earlier ones, renames and a sector edited.
    const p = await buildProvince(handle, 'LĐLĐ tỉnh Gia Lai');
    const other = await foundAs(handle, { typeId: 'provincial_federation', name: 'LĐLĐ tỉnh Kon Tum' });
    const districtCode = (await unitStore.findUnit(handle.db, p.lamHa))!.code;
    await importUnits(
      handle.db,
      null,
      ['2011-05-01', '2013-09-15', '2013-09-15', '2016-02-01'].map((foundedOn, i) => ({
        rowNumber: i + 2,
        code: `GL-NK-${i}`,
        name: `CĐCS Nhập khẩu ${i + 1}`,
        typeId: 'grassroots_union',
        parentCode: districtCode,
        foundedOn,
      })),
    );
    await service.moveUnit(handle.db, admin, p.lamHa, other, { effectiveOn: '2014-06-01' });
    await service.moveUnit(handle.db, admin, p.phiLieng, p.lamHa, { effectiveOn: '2019-03-01' });
    await service.moveUnit(handle.db, admin, p.damRongClinic, p.lamHa, { effectiveOn: '2012-01-01' });
    await service.dissolveUnit(handle.db, admin, p.lamHaCoffee, [], { effectiveOn: '2023-01-01' });
    // What the level shows besides counts: a name from a day on, a back-dated name, a new sector.
    await service.renameUnit(
      handle.db,
      admin,
      p.lamHa,
      { name: 'LĐLĐ huyện Lâm Hà mới', shortName: 'Lâm Hà mới' },
      { effectiveOn: '2017-04-01' },
    );
    await service.renameUnit(
      handle.db,
      admin,
      p.damRongClinic,
      { name: 'CĐCS Phòng khám Đam Rông' },
      { effectiveOn: '2013-01-01' },
    );
    await service.updateUnitAttributes(handle.db, admin, p.phiLieng, { sector: 'state_enterprise' });

    const days = await changeDays();
    expect(days.length).toBeGreaterThan(12);
    let compared = 0;
    for (const day of days) {
      const plain = await plainLevels(day);
      expect(await keptLevels(day), day).toEqual(plain);
      compared += plain.length;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('gives each child the counts of children and units below that a plain reading gives, on any date', async () => {
    // Four levels, so that a level's children have children of their own, and a CĐCS moved between districts.
    const top = await foundAs(handle, { typeId: 'confederation', name: 'Tổng Liên đoàn Lao động Việt Nam' });
    const province = await foundAs(handle, { typeId: 'provincial_federation', parentId: top });
    const districts = [
      await foundAs(handle, { typeId: 'district_federation', parentId: province, effectiveOn: '2010-01-01' }),
      await foundAs(handle, { typeId: 'district_federation', parentId: province, effectiveOn: '2010-01-01' }),
    ];
    const cdcs = [];
    for (const parentId of [...districts, ...districts])
      cdcs.push(await foundAs(handle, { typeId: 'grassroots_union', parentId, effectiveOn: '2012-01-01' }));
    await service.moveUnit(handle.db, admin, cdcs[0]!, districts[1]!, { effectiveOn: '2024-03-01' });
    // Every unit the tests above founded, moved, merged, split or restructured, before and after each change.
    const units = await queryRows<{ id: string }>(handle.db, sql`SELECT id FROM units ORDER BY code`);
    const dates = [
      '2009-12-31',
      '2012-06-30',
      '2014-06-01',
      '2020-01-01',
      '2024-02-29',
      '2024-03-01',
      '2025-06-30',
      '2025-07-01',
    ];
    let compared = 0;
    for (const { id } of units)
      for (const date of dates) {
        const children = await treeStore.childrenAtDate(handle.db, id, date);
        expect(ids(children), `${id} ${date}`).toEqual(
          [...(await treeStore.activeChildIds(handle.db, id, date))].sort(),
        );
        if (children.length === 0) continue;
        const plain = new Map(
          (await treeStore.unitsAtDate(handle.db, ids(children), date)).map((u) => [u.id, u]),
        );
        for (const child of children) {
          const expected = plain.get(child.id)!;
          expect(child, `${child.id} ${date}`).toEqual(expected);
          compared += 1;
        }
      }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('refusals', () => {
  it('refuses a cycle', async () => {
    const p = await buildProvince(handle);
    await rejects(
      service.moveUnit(handle.db, admin, p.damRong, p.phiLieng, { effectiveOn: '2020-01-01' }),
      'unit_cycle',
    );
    await rejects(
      service.moveUnit(handle.db, admin, p.damRong, p.damRong, { effectiveOn: '2020-01-01' }),
      'unit_cycle',
    );
  });

  it('refuses to dissolve a unit with active sub-units unless the same operation moves them', async () => {
    const p = await buildProvince(handle);
    const error = await rejects(
      service.dissolveUnit(handle.db, admin, p.damRong, [], { effectiveOn: '2020-01-01' }),
      'has_active_children',
    );
    expect(error.message).toContain('2 đơn vị trực thuộc');
    expect((await unitStore.findUnit(handle.db, p.damRong))?.endedOn).toBe('9999-12-31');
    await rejects(
      service.dissolveUnit(handle.db, admin, p.damRong, [{ unitId: p.phiLieng, newParentId: p.lamHa }], {
        effectiveOn: '2020-01-01',
      }),
      'has_active_children',
    );
    // Nothing was written by the refused attempt: Phi Liêng is still under Đam Rông.
    expect(await parentOn(p.phiLieng, '2020-01-01')).toBe(p.damRong);
    await service.dissolveUnit(
      handle.db,
      admin,
      p.damRong,
      [
        { unitId: p.phiLieng, newParentId: p.lamHa },
        { unitId: p.damRongClinic, newParentId: p.lamHa },
      ],
      { effectiveOn: '2020-01-01' },
    );
    expect((await unitStore.findUnit(handle.db, p.damRong))?.endedOn).toBe('2020-01-01');
  });

  it('refuses a sub-unit that would outlive a later move into a dissolved unit', async () => {
    const p = await buildProvince(handle);
    await service.moveUnit(handle.db, admin, p.lamHaCoffee, p.damRong, { effectiveOn: '2024-01-01' });
    // Dissolving Đam Rông in 2020 would leave the coffee company's 2024 link dangling.
    await rejects(
      service.dissolveUnit(
        handle.db,
        admin,
        p.damRong,
        [
          { unitId: p.phiLieng, newParentId: p.lamHa },
          { unitId: p.damRongClinic, newParentId: p.lamHa },
        ],
        { effectiveOn: '2020-01-01' },
      ),
      'event_out_of_order',
    );
  });

  it('refuses events out of order', async () => {
    const p = await buildProvince(handle);
    // Before the unit was founded.
    await rejects(
      service.moveUnit(handle.db, admin, p.phiLieng, p.lamHa, { effectiveOn: '2005-01-01' }),
      'unit_not_active',
    );
    // A dissolution dated before a recorded event of the unit.
    await service.renameUnit(
      handle.db,
      admin,
      p.lamHaSchool,
      { name: 'CĐCS Trường TH Nam Ban 2' },
      { effectiveOn: '2023-01-01' },
    );
    await rejects(
      service.dissolveUnit(handle.db, admin, p.lamHaSchool, [], { effectiveOn: '2022-01-01' }),
      'event_out_of_order',
    );
    // After dissolution nothing more can happen to the unit.
    await service.dissolveUnit(handle.db, admin, p.lamHaSchool, [], { effectiveOn: '2024-01-01' });
    await rejects(
      service.moveUnit(handle.db, admin, p.lamHaSchool, p.damRong, { effectiveOn: '2024-06-01' }),
      'unit_not_active',
    );
    // Moving under a unit that ends before the move would end.
    await rejects(
      service.moveUnit(handle.db, admin, p.eduSchool1, p.lamHaSchool, { effectiveOn: '2023-06-01' }),
      'unit_not_active',
    );
  });

  it('refuses to dissolve a CĐCS whose members still belong to it; a merge takes them along', async () => {
    const p = await buildProvince(handle);
    await admitMember(handle.db, admin, p.lamHaSchool, personFixture(), '2020-01-01');
    const error = await rejects(
      service.dissolveUnit(handle.db, admin, p.lamHaSchool, [], { effectiveOn: '2024-01-01' }),
      'unit_has_members',
    );
    expect(error.message).toContain('1 đoàn viên');
    expect((await unitStore.findUnit(handle.db, p.lamHaSchool))?.endedOn).toBe('9999-12-31');
    const merged = await service.mergeUnits(
      handle.db,
      admin,
      { sourceIds: [p.lamHaSchool], target: { id: p.lamHaCoffee } },
      { effectiveOn: '2024-01-01' },
    );
    expect(merged.membersTransferred).toBe(1);
    expect((await unitStore.findUnit(handle.db, p.lamHaSchool))?.endedOn).toBe('2024-01-01');
    expect(await occupantsFrom(handle.db, p.lamHaSchool, '2024-01-01')).toBe(0);
    expect(await occupantsFrom(handle.db, p.lamHaCoffee, '2024-01-01')).toBe(1);
  });

  it('asks the registered features, not the members tables, whether a unit may end', async () => {
    const p = await buildProvince(handle);
    // A feature that holds something in every unit keeps any of them from ending; unregistered, it no longer does.
    registerRestructureHandlers('holds-everything', { occupantsFrom: () => Promise.resolve(2) });
    try {
      await rejects(
        service.dissolveUnit(handle.db, admin, p.lamHaCoffee, [], { effectiveOn: '2024-02-01' }),
        'unit_has_members',
      );
    } finally {
      unregisterRestructureHandlers('holds-everything');
    }
    const seen: string[] = [];
    registerRestructureHandlers('listens', {
      restructured: (_tx, _actor, outcome) => {
        seen.push(`${outcome.kind}:${outcome.ended.join(',')}`);
        return Promise.resolve();
      },
    });
    try {
      await service.dissolveUnit(handle.db, admin, p.lamHaCoffee, [], { effectiveOn: '2024-02-01' });
    } finally {
      unregisterRestructureHandlers('listens');
    }
    expect(seen).toEqual([`dissolve:${p.lamHaCoffee}`]);
  });

  it('refuses what changes nothing: a rename to the same name, an empty restructuring', async () => {
    const p = await buildProvince(handle);
    const unit = await unitStore.findUnit(handle.db, p.lamHaCoffee);
    const before = (await service.listEvents(handle.db, admin, p.lamHaCoffee)).length;
    const same = await rejects(
      service.renameUnit(
        handle.db,
        admin,
        p.lamHaCoffee,
        { name: unit!.name, shortName: unit!.shortName },
        { effectiveOn: '2024-03-01' },
      ),
      'validation_failed',
    );
    expect(same.problems[0]).toMatchObject({ field: 'name' });
    expect(same.problems[0]!.message).toContain('trùng với tên');
    const empty = await rejects(
      service.restructureFromRequest(handle.db, admin, {
        effectiveOn: '2024-03-01',
        decisionNo: '1/QĐ',
        found: [],
        moves: [],
        dissolve: [],
      }),
      'validation_failed',
    );
    expect(empty.problems[0]!.message).toContain('chưa có thay đổi nào');
    expect(await service.listEvents(handle.db, admin, p.lamHaCoffee)).toHaveLength(before);
  });

  it('refuses placements the unit-type rules do not allow on that date', async () => {
    const p = await buildProvince(handle);
    // District federations ended on 1/7/2025; a commune union did not exist before it.
    await rejects(
      service.foundUnit(
        handle.db,
        admin,
        {
          code: 'LD-NEW-D',
          name: 'LĐLĐ huyện Mới',
          typeId: 'district_federation',
          parent: { id: p.province },
        },
        { effectiveOn: '2025-08-01' },
      ),
      'validation_failed',
    );
    await rejects(
      service.foundUnit(
        handle.db,
        admin,
        { code: 'LD-X-OLD', name: 'Công đoàn xã Cũ', typeId: 'commune_union', parent: { id: p.province } },
        { effectiveOn: '2024-01-01' },
      ),
      'validation_failed',
    );
    await rejects(
      service.moveUnit(handle.db, admin, p.phiLieng, p.eduSchool1, { effectiveOn: '2020-01-01' }),
      'type_not_allowed_under',
    );
    await rejects(
      service
        .foundUnit(
          handle.db,
          admin,
          { code: 'LD-DUP', name: 'CĐCS Trùng Mã', typeId: 'grassroots_union', parent: { id: p.lamHa } },
          { effectiveOn: '2020-01-01' },
        )
        .then(() =>
          service.foundUnit(
            handle.db,
            admin,
            { code: 'ld-dup', name: 'CĐCS Trùng Mã 2', typeId: 'grassroots_union', parent: { id: p.lamHa } },
            { effectiveOn: '2020-01-01' },
          ),
        ),
      'unit_code_taken',
    );
  });
});

describe('search', () => {
  it('finds units without diacritics and with typos, within scope', async () => {
    const p = await buildProvince(handle, 'LĐLĐ tỉnh Tìm Kiếm');
    const found = (await service.searchUnits(handle.db, admin, 'dam rong')).units;
    expect(found.map((u) => u.id)).toContain(p.damRong);
    const typo = (await service.searchUnits(handle.db, admin, 'dam rngo')).units;
    expect(typo.map((u) => u.id)).toContain(p.damRong);
    const hit = found.find((u) => u.id === p.damRong)!;
    expect(hit.path).toContain('LĐLĐ tỉnh Tìm Kiếm');
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.lamHa }]);
    const viewer = (await loadActor(handle.db, user.id))!;
    expect((await service.searchUnits(handle.db, viewer, 'dam rong')).units.map((u) => u.id)).not.toContain(
      p.damRong,
    );
    expect((await service.searchUnits(handle.db, viewer, 'ca phe lam ha')).units.map((u) => u.id)).toContain(
      p.lamHaCoffee,
    );
  });

  it('names the ended units that match, with their last day, beside the living ones (the tree search)', async () => {
    const p = await buildProvince(handle, 'LĐLĐ tỉnh Đã Gộp');
    await service.mergeUnits(
      handle.db,
      admin,
      { sourceIds: [p.damRong], target: { id: p.lamHa } },
      { effectiveOn: '2020-01-01' },
    );
    // An officer of this province: other tests of the file end districts of the same name elsewhere.
    const officerUser = await makeUser(handle, [{ role: 'unit_admin', unitId: p.province }]);
    const officer = (await loadActor(handle.db, officerUser.id))!;
    const today = await service.searchUnits(handle.db, officer, 'dam rong');
    expect(today.units.map((u) => u.id)).not.toContain(p.damRong);
    expect(today.ended).toContainEqual(expect.objectContaining({ id: p.damRong, lastDay: '2019-12-31' }));
    // Alive on the day asked: among the units, not the ended ones.
    const before = await service.searchUnits(handle.db, officer, 'dam rong', '2019-06-01');
    expect(before.units.map((u) => u.id)).toContain(p.damRong);
    expect(before.ended.map((u) => u.id)).not.toContain(p.damRong);
    // Outside the viewer's subtrees: not named.
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.lamHaCoffee }]);
    const viewer = (await loadActor(handle.db, user.id))!;
    expect((await service.searchUnits(handle.db, viewer, 'dam rong')).ended.map((u) => u.id)).not.toContain(
      p.damRong,
    );
    // The receiving unit of a transfer is never an ended one.
    expect((await service.searchUnits(handle.db, admin, 'dam rong', undefined, 20, 'country')).ended).toEqual(
      [],
    );
  });

  it('ranks the exact code first, then higher levels before CĐCS, and gives the total beyond the limit', async () => {
    const p = await buildProvince(handle, 'LĐLĐ tỉnh Xếp Hạng');
    // A CĐCS named earlier in the alphabet than the district, with the district's name in its own.
    const school = await service.foundUnit(
      handle.db,
      admin,
      {
        code: 'RANK-CDCS-1',
        name: 'CĐCS Trường Tiểu học Đam Rông',
        typeId: 'grassroots_union',
        parent: { id: p.damRong },
      },
      { effectiveOn: '2015-01-01' },
    );
    const schoolId = school.founded[0]!.id;
    const byName = await service.searchUnits(handle.db, admin, 'dam rong');
    const ids = byName.units.map((u) => u.id);
    expect(ids.indexOf(p.damRong)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(p.damRong)).toBeLessThan(ids.indexOf(schoolId));
    const byCode = await service.searchUnits(handle.db, admin, 'rank-cdcs-1');
    expect(byCode.units[0]!.id).toBe(schoolId);
    const cut = await service.searchUnits(handle.db, admin, 'dam rong', undefined, 1);
    expect(cut.units).toHaveLength(1);
    expect(cut.total).toBe(byName.total);
    expect(cut.total).toBeGreaterThan(1);
  });
});
