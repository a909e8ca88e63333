/**
 * The demo federation loads through the product's own services and tells a consistent story: Lâm Đồng before
 * 2025, its history, about 60,000 members whose counts follow their events, and the 1/7/2025 restructuring in
 * which no CĐCS and no member is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import { DEMO_NOTE, demoLogins, loadDemo } from '../src/demo';
import { todayIso } from '../src/lib/dates';
import {
  DEMO_HORIZON,
  DEMO_MEMBER_TARGET,
  DEMO_PROPOSALS,
  RESTRUCTURE_NOTE,
  type DemoMembers,
} from '../src/demo/members';
import { buildDemoPlan, DEMO_USERS, REFORM_DATE, type DemoPlan } from '../src/demo/plan';
import type { Actor } from '../src/features/access/model';
import { loadActor } from '../src/features/access/service';
import { findUserByUsername } from '../src/features/access/store';
import { membersByCccds } from '../src/features/members/bulk-store';
import { preparePerson } from '../src/features/members/person';
import * as members from '../src/features/members/service';
import * as eventStore from '../src/features/organisation/event-store';
import * as treeStore from '../src/features/organisation/tree-store';
import * as unitStore from '../src/features/organisation/unit-store';
import * as unitTypeStore from '../src/features/organisation/unit-type-store';
import * as reporting from '../src/features/reporting/service';
import { resolveFormPeriod } from '../src/features/reporting/service';
import { totalsDrift } from '../src/features/reporting/rollup-store';
import { DEMO_REPORT_PERIODS } from '../src/demo/load-reports';
import { cccdProblems } from '../src/lib/cccd';
import { createDemoDatabase, DEMO_SEED, type DemoLoad } from './support/demo';
import { call, logIn, testApp } from './support/factories';

const SEED = DEMO_SEED;
const BEFORE = '2025-06-30';
const AFTER = REFORM_DATE;

let handle: DatabaseHandle;
let plan: DemoPlan;
/** What loading reported (the demo is loaded once per test run, test/support/demo.ts; this file works on a copy). */
let loaded: DemoLoad;

async function idOf(code: string): Promise<string> {
  const unit = await unitStore.findUnitByCode(handle.db, code);
  if (!unit) throw new Error(`no unit ${code}`);
  return unit.id;
}

async function grassrootsUnder(unitId: string, date: string): Promise<number> {
  const rows = await treeStore.subtreeUnitsAtDate(handle.db, unitId, date);
  return rows.filter((r) => r.typeId === 'grassroots_union').length;
}

/** The plan's own answer to "who is a member where on that day": each person's stays replayed from their events. */
function plannedStays(m: DemoMembers): { person: number; unitCode: string; from: string; to: string }[] {
  const stays: { person: number; unitCode: string; from: string; to: string }[] = [];
  const open = new Map<number, { person: number; unitCode: string; from: string; to: string }>();
  const start = (person: number, unitCode: string, from: string) => {
    const stay = { person, unitCode, from, to: '9999-12-31' };
    stays.push(stay);
    open.set(person, stay);
  };
  m.people.forEach((p, i) => start(i, p.unitCode, p.joinedOn));
  for (const e of m.events) {
    const current = open.get(e.person);
    if (e.kind === 'reinstate') {
      start(e.person, e.unitCode, e.effectiveOn);
      continue;
    }
    expect(current?.unitCode, `event of person ${e.person} on ${e.effectiveOn}`).toBe(e.unitCode);
    current!.to = e.effectiveOn;
    open.delete(e.person);
    if (e.kind === 'transfer') start(e.person, e.toUnitCode!, e.effectiveOn);
  }
  return stays;
}

const activeOn = (stays: ReturnType<typeof plannedStays>, date: string, unitCode?: string) =>
  stays.filter((s) => s.from <= date && date < s.to && (unitCode === undefined || s.unitCode === unitCode))
    .length;

let admin: Actor;

beforeAll(async () => {
  ({ handle, loaded } = await createDemoDatabase());
  plan = buildDemoPlan(SEED);
  admin = (await loadActor(handle.db, (await findUserByUsername(handle.db, 'tinh.lamdong'))!.id))!;
}, 600_000);

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
      'xem.lamdong',
      'xa.damrong1',
      'cdcs.philieng',
    ]);
    expect(new Set(loaded.steps).size).toBe(8);
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
    // The CĐCS of the old communes' people's committees merge into one per new commune; every other CĐCS lives on.
    const merged = plan.restructuring.mergers ?? [];
    expect(merged.length).toBeGreaterThan(10);
    expect(after).toBe(before - merged.length);
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
      expect(await treeStore.subtreeAtDate(handle.db, id, AFTER)).toEqual([]);
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

  it("splits Đam Rông's CĐCS by sector and by khối as seed 002 counts them: 26 agencies and communes, 32 education, 1 enterprise", async () => {
    const damRong = await idOf(plan.codes.damRong);
    const cdcs = (await treeStore.subtreeUnitsAtDate(handle.db, damRong, '2023-07-12')).filter(
      (r) => r.typeId === 'grassroots_union',
    );
    const tally = (keys: string[]) => {
      const counts: Record<string, number> = {};
      for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    };
    expect(tally(cdcs.map((u) => u.sector ?? 'none'))).toEqual({
      public_service: 26,
      education: 32,
      private_enterprise: 1,
    });
    const blocs = await Promise.all(cdcs.map((u) => unitTypeStore.groupsOfUnit(handle.db, u.id)));
    expect(tally(blocs.map((b) => b.join('+')))).toEqual({
      public_service: 26,
      education: 32,
      enterprise: 1,
    });
    // The upper union's members split by sector, with the education sector's own line.
    const counts = await members.countMembers(handle.db, admin, damRong, { at: '2023-07-12' });
    const bySector = new Map(counts.bySector.map((l) => [l.key, l]));
    expect([...bySector.keys()].sort()).toEqual(['education', 'private_enterprise', 'public_service']);
    expect(bySector.get('education')?.label).toBe('Giáo dục');
    expect(counts.bySector.reduce((sum, l) => sum + l.memberships, 0)).toBe(counts.memberships);
    expect(bySector.get('education')!.memberships).toBeGreaterThan(
      bySector.get('private_enterprise')!.memberships,
    );
  });

  it('founds commune unions on 1/7/2025 and not before', async () => {
    const province = await idOf(plan.codes.province);
    const typesOn = async (date: string) =>
      (await treeStore.childrenAtDate(handle.db, province, date)).map((u) => u.typeId);
    expect(await typesOn(BEFORE)).not.toContain('commune_union');
    const after = await typesOn(AFTER);
    const communeUnions = after.filter((t) => t === 'commune_union').length;
    expect(communeUnions).toBeGreaterThanOrEqual(15);
    expect(communeUnions).toBeLessThanOrEqual(25);
    expect(after).not.toContain('district_federation');
    const damRong1 = await unitStore.findUnitByCode(handle.db, plan.codes.communeUnionDamRong1);
    expect(damRong1?.foundedOn).toBe(AFTER);
    expect(damRong1?.name).toBe('Công đoàn xã Đam Rông 1');
  });

  it('places CĐCS Trường THCS Phi Liêng under Đam Rông before 2025 and under a commune union after', async () => {
    const phiLieng = await unitStore.findUnitByCode(handle.db, plan.codes.phiLieng);
    expect(phiLieng?.name).toBe('CĐCS Trường THCS Phi Liêng');
    const damRong = await idOf(plan.codes.damRong);
    const before = await treeStore.ancestorsAtDate(handle.db, phiLieng!.id, '2024-01-01');
    expect(before.map((a) => a.id)).toContain(damRong);
    const after = await treeStore.ancestorsAtDate(handle.db, phiLieng!.id, '2025-07-02');
    expect(after.map((a) => a.id)).not.toContain(damRong);
    const parents = await treeStore.unitsAtDate(
      handle.db,
      after.map((a) => a.id),
      '2025-07-02',
    );
    expect(parents.find((p) => p.id === after[0]!.id)?.typeId).toBe('commune_union');
    expect(parents.map((p) => p.typeId)).toContain('provincial_federation');
  });

  it('records the restructuring as one event with its decision, and the history before it', async () => {
    const phiLieng = await idOf(plan.codes.phiLieng);
    const events = await eventStore.eventsOfUnit(handle.db, phiLieng);
    const reform = events.filter((e) => e.kind === 'restructure');
    expect(reform).toHaveLength(1);
    expect(reform[0]).toMatchObject({ effectiveOn: AFTER, decisionNo: plan.restructuring.decisionNo });
    expect(plan.restructuring.decisionNo).toMatch(/^\d+\/QĐ-TLĐ$/);
    const baoLoc = await idOf('LD-BLC');
    const [old] = await treeStore.unitsAtDate(handle.db, [baoLoc], '2009-01-01');
    const [city] = await treeStore.unitsAtDate(handle.db, [baoLoc], '2011-01-01');
    expect(old?.name).toBe('LĐLĐ thị xã Bảo Lộc');
    expect(city?.name).toBe('LĐLĐ thành phố Bảo Lộc');
    const educationUnion = await unitStore.findUnitByCode(handle.db, 'LD-GDH-DLI');
    expect(educationUnion?.endedOn).toBe('2017-07-01');
  });

  it('keeps the demo’s note off the confederation’s founding in 1929 (history) and puts it on its own units', async () => {
    const history = await eventStore.eventsOfUnit(handle.db, await idOf(plan.codes.confederation));
    const founding = history.filter((e) => e.kind === 'found');
    expect(founding.map((e) => ({ on: e.effectiveOn, note: e.note }))).toEqual([
      { on: '1929-07-28', note: null },
    ]);
    const province = await eventStore.eventsOfUnit(handle.db, await idOf(plan.codes.province));
    const own = province.filter((e) => e.kind === 'found');
    expect(own.map((e) => ({ on: e.effectiveOn, note: e.note }))).toEqual([
      { on: '1976-04-01', note: DEMO_NOTE(plan.units.length - 1) },
    ]);
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
      const unit = await unitStore.findUnitByCode(handle.db, row.code);
      expect(unit?.foundedOn).toBe(row.foundedOn);
      const [atFounding] = await treeStore.unitsAtDate(handle.db, [unit!.id], row.foundedOn);
      expect(atFounding?.name).toBe(row.name);
    }
  });

  it('lets every demo login sign in', async () => {
    const app = await testApp(handle);
    try {
      const specs = new Map(DEMO_USERS.map((u) => [u.username, u]));
      expect(demoLogins().map((l) => l.username)).toEqual([...specs.keys()]);
      for (const login of demoLogins()) {
        const spec = specs.get(login.username)!;
        const session = await logIn(app, login.username, login.password);
        // Signed in as the person the login list promises, holding the role it names on the unit it names.
        const me = await call(app, session, 'GET', '/api/auth/me');
        expect(me.statusCode, login.username).toBe(200);
        const body = me.json<{
          fullName: string;
          isSystemAdmin: boolean;
          grants: { role: string; unitId: string; unitName: string }[];
        }>();
        expect(body.fullName).toBe(spec.fullName);
        if (spec.role === 'system_admin') {
          expect(body).toMatchObject({ isSystemAdmin: true, grants: [] });
          continue;
        }
        expect(body.isSystemAdmin).toBe(false);
        expect(body.grants.map((g) => [g.role, g.unitName])).toEqual([[spec.role, login.unitName]]);
        const planned = await unitStore.findUnitByCode(handle.db, plan.codes[spec.unit!]);
        expect(body.grants[0]!.unitId).toBe(planned!.id);
        const unit = await call(app, session, 'GET', `/api/units/${body.grants[0]!.unitId}`);
        expect(unit.statusCode, login.username).toBe(200);
        // A live unit: founded before today and not ended (the district federations ended on 1/7/2025).
        expect(planned!.foundedOn <= todayIso(), login.username).toBe(true);
        expect(planned!.endedOn > todayIso(), login.username).toBe(true);
        // Each login has a unit to work in today: its unit opens the tree.
        const roots = await call(app, session, 'GET', '/api/units/roots');
        expect(
          roots.json<{ units: { id: string }[] }>().units.map((u) => u.id),
          login.username,
        ).toContain(body.grants[0]!.unitId);
      }
    } finally {
      await app.close();
    }
  });
});

describe('demo members', () => {
  it('plans about 60,000 people, every one admitted, with a CCCD and name the product accepts', async () => {
    const people = plan.members.people;
    expect(people.length).toBeGreaterThan(DEMO_MEMBER_TARGET * 0.95);
    expect(people.length).toBeLessThan(DEMO_MEMBER_TARGET * 1.05);
    expect(loaded.members).toBe(people.length);
    expect(new Set(people.map((p) => p.cccd)).size).toBe(people.length);
    for (const p of people) {
      expect(cccdProblems(p.cccd, { gender: p.gender, birthDate: p.birthDate }), p.cccd).toEqual([]);
      const prepared = preparePerson(p, DEMO_HORIZON);
      expect(prepared.problems, p.fullName).toEqual([]);
      expect(prepared.person.fullName).toBe(p.fullName);
      expect(p.birthDate >= '1966-01-01' && p.birthDate <= '2006-12-31').toBe(true);
      expect(p.joinedOn <= DEMO_HORIZON).toBe(true);
    }
    // Everyone joined after their CĐCS was founded and before it ended.
    const units = new Map(plan.grassroots.map((u) => [u.code, u]));
    for (const p of people) {
      const unit = units.get(p.unitCode)!;
      expect(p.joinedOn > unit.foundedOn, `${p.fullName} at ${unit.name}`).toBe(true);
      expect(unit.end === null || p.joinedOn < unit.end.on).toBe(true);
    }
    // A sample of them is in the registry, under the same CCCD and name.
    const sample = people.filter((_, i) => i % 97 === 0);
    const found = new Map(
      (
        await membersByCccds(
          handle.db,
          sample.map((p) => p.cccd),
        )
      ).map((m) => [m.cccd, m]),
    );
    for (const p of sample) expect(found.get(p.cccd)?.fullName).toBe(p.fullName);
  });

  it('spreads gender by sector and ethnicity by region', () => {
    const people = plan.members.people;
    const units = new Map(plan.grassroots.map((u) => [u.code, u]));
    const share = (
      filter: (p: (typeof people)[number]) => boolean,
      test: (p: (typeof people)[number]) => boolean,
    ) => {
      const group = people.filter(filter);
      return group.filter(test).length / group.length;
    };
    const female = (p: (typeof people)[number]) => p.gender === 'female';
    const overall = share(() => true, female);
    expect(overall).toBeGreaterThan(0.45);
    expect(overall).toBeLessThan(0.7);
    expect(share((p) => /Trường|Mầm non/.test(units.get(p.unitCode)!.name), female)).toBeGreaterThan(0.65);
    expect(
      share((p) => /Thủy điện|Điện lực|Lâm nghiệp/.test(units.get(p.unitCode)!.name), female),
    ).toBeLessThan(0.4);
    const kinh = (p: (typeof people)[number]) => p.ethnicityCode === '01';
    const coHo = (p: (typeof people)[number]) => p.ethnicityCode === '16';
    expect(share(() => true, kinh)).toBeGreaterThan(0.7);
    const inDistricts = (codes: string[]) => (p: (typeof people)[number]) =>
      codes.includes(units.get(p.unitCode)!.district ?? '');
    const highlands = share(inDistricts(['LDU', 'DRO']), coHo);
    expect(highlands).toBeGreaterThan(0.25);
    expect(highlands).toBeGreaterThan(4 * share(inDistricts(['DLT', 'BLC']), coHo));
    expect(share(inDistricts(['DDU']), (p) => p.ethnicityCode === '36')).toBeGreaterThan(0.05);
    expect(new Set(people.map((p) => p.ethnicityCode)).size).toBeGreaterThanOrEqual(8);
  });

  it('plans a few years of events: transfers, leavers with reasons, reinstatements, deaths', () => {
    const events = plan.members.events;
    const count = (test: (e: (typeof events)[number]) => boolean) => events.filter(test).length;
    expect(count((e) => e.kind === 'transfer' && e.note !== RESTRUCTURE_NOTE)).toBeGreaterThan(1000);
    expect(count((e) => e.kind === 'leave' && e.reason === 'retired')).toBeGreaterThan(500);
    expect(count((e) => e.kind === 'leave' && e.reason === 'job_ended')).toBeGreaterThan(1000);
    expect(count((e) => e.kind === 'leave' && e.reason === 'resigned')).toBeGreaterThan(100);
    expect(count((e) => e.kind === 'reinstate')).toBeGreaterThan(50);
    expect(count((e) => e.kind === 'death')).toBeGreaterThan(20);
    const random = events.filter((e) => !e.note.startsWith('Sáp nhập'));
    expect(random.every((e) => e.effectiveOn >= '2019-01-01' && e.effectiveOn <= DEMO_HORIZON)).toBe(true);
    // Some transfers cross district lines.
    const district = new Map(plan.grassroots.map((u) => [u.code, u.district]));
    expect(
      count((e) => e.kind === 'transfer' && district.get(e.unitCode) !== district.get(e.toUnitCode!)),
    ).toBeGreaterThan(100);
  });

  it('counts members in the province as the events say, before and after the restructuring', async () => {
    const stays = plannedStays(plan.members);
    const province = await idOf(plan.codes.province);
    for (const at of ['2019-01-01', '2022-06-30', BEFORE, AFTER, DEMO_HORIZON]) {
      const counts = await members.countMembers(handle.db, admin, province, { at });
      expect(counts.persons, at).toBe(activeOn(stays, at));
      expect(counts.memberships, at).toBe(counts.persons);
    }
    const counts = await members.countMembers(handle.db, admin, province, { at: AFTER });
    expect(counts.byGender.map((g) => g.key).sort()).toEqual(['female', 'male']);
    expect(counts.byEthnicity[0]?.key).toBe('01');
    expect(counts.byEthnicity.map((e) => e.key)).toContain('16');
  });

  it('empties the merged CĐCS into the receiving one on 1/7/2025, with the restructuring note', async () => {
    const stays = plannedStays(plan.members);
    const mergers = plan.restructuring.mergers ?? [];
    const receivers = [...new Set(mergers.map((m) => m.intoCode))];
    let moved = 0;
    for (const code of receivers) {
      const id = await idOf(code);
      const sources = mergers.filter((m) => m.intoCode === code).map((m) => m.code);
      const before = await members.countMembers(handle.db, admin, id, { at: BEFORE, within: 'unit' });
      const after = await members.countMembers(handle.db, admin, id, { at: AFTER, within: 'unit' });
      expect(before.persons).toBe(activeOn(stays, BEFORE, code));
      expect(after.persons).toBe(activeOn(stays, AFTER, code));
      const incoming = sources.reduce((sum, source) => sum + activeOn(stays, BEFORE, source), 0);
      moved += incoming;
      for (const source of sources) {
        const sourceId = await idOf(source);
        const full = await members.countMembers(handle.db, admin, sourceId, { at: BEFORE, within: 'unit' });
        expect(full.persons).toBe(activeOn(stays, BEFORE, source));
        expect(await members.membersStillIn(handle.db, sourceId, AFTER)).toBe(0);
      }
      // The receiver grows by what it receives (and by whatever else starts or ends there that day).
      expect(incoming).toBeGreaterThan(0);
      expect(after.persons - before.persons).toBe(changeOn(stays, AFTER, code));
      expect(changeOn(stays, AFTER, code)).toBeGreaterThanOrEqual(incoming - endingOn(stays, AFTER, code));
    }
    expect(moved).toBeGreaterThan(300);

    // One of the people moved, as the registry shows their history.
    const transfer = plan.members.events.find((e) => e.note === RESTRUCTURE_NOTE)!;
    const person = plan.members.people[transfer.person]!;
    const [record] = await membersByCccds(handle.db, [person.cccd]);
    const province = await idOf(plan.codes.province);
    const detail = await members.getMember(handle.db, admin, province, record!.id);
    const out = detail.events.find((e) => e.kind === 'transfer_out' && e.effectiveOn === AFTER);
    expect(out?.note).toBe(RESTRUCTURE_NOTE);
    const receiver = await idOf(transfer.toUnitCode!);
    expect(detail.memberships.some((s) => s.unitId === receiver && s.validFrom === AFTER)).toBe(true);
  });

  it('leaves the CĐCS officer’s proposals waiting for the province, which may approve them', async () => {
    const province = await idOf(plan.codes.province);
    const queue = await members.listProposals(handle.db, admin, province, {
      status: 'proposed',
      page: 1,
      pageSize: 50,
    });
    expect(queue.total).toBe(DEMO_PROPOSALS);
    expect(queue.proposals.map((p) => p.fullName).sort()).toEqual(
      plan.members.proposals.map((p) => p.fullName).sort(),
    );
    for (const p of queue.proposals) {
      expect(p.unit.name).toBe('CĐCS Trường THCS Phi Liêng');
      expect(p.approvingUnit.id).toBe(province);
    }
  });

  it('finds members by name without diacritics in the restructured province', async () => {
    const province = await idOf(plan.codes.province);
    const person = plan.members.people.find(
      (p) => p.ethnicityCode === '01' && p.fullName.split(' ').length === 3,
    )!;
    const folded = person.fullName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toLowerCase();
    const result = await members.searchMembers(handle.db, admin, province, {
      q: folded,
      status: 'all',
      at: DEMO_HORIZON,
      page: 1,
      pageSize: 50,
    });
    expect(result.total).toBeGreaterThan(0);
    expect(result.members.map((m) => m.fullName)).toContain(person.fullName);
    // The last two letters of the given name swapped, as fingers do: still found.
    const words = folded.split(' ');
    const given = words.pop()!;
    if (given.length >= 3) {
      const typo = [...words, given.slice(0, -2) + given.slice(-1) + given.slice(-2, -1)].join(' ');
      const fuzzy = await members.searchMembers(handle.db, admin, province, {
        q: typo,
        status: 'all',
        at: DEMO_HORIZON,
        page: 1,
        pageSize: 200,
      });
      expect(
        fuzzy.members.map((m) => m.fullName),
        typo,
      ).toContain(person.fullName);
    }
  });
});

/** Stays at the unit that end on the date. */
function endingOn(stays: ReturnType<typeof plannedStays>, date: string, unitCode: string): number {
  return stays.filter((s) => s.unitCode === unitCode && s.to === date).length;
}

/** Stays at the unit that start on the date, less those that end on it. */
function changeOn(stays: ReturnType<typeof plannedStays>, date: string, unitCode: string): number {
  return (
    stays.filter((s) => s.unitCode === unitCode && s.from === date).length - endingOn(stays, date, unitCode)
  );
}

describe('demo reports 2024–2025', () => {
  const actorOf = async (username: string) =>
    (await loadActor(handle.db, (await findUserByUsername(handle.db, username))!.id))!;

  it("shows the province's 2025S1 completeness with late and missing units, every rate at most 100%", async () => {
    const province = await idOf(plan.codes.province);
    const c = await reporting.getCompleteness(handle.db, admin, province, 'SK6T', '2025S1');
    expect(c.overall.expected).toBeGreaterThan(550);
    expect(c.overall.late).toBeGreaterThan(5);
    expect(c.overall.missing).toBeGreaterThan(5);
    expect(c.overall.onTime).toBeGreaterThan(c.overall.expected * 0.75);
    expect(c.overall.approved).toBeGreaterThan(c.overall.submitted * 0.8);
    expect(c.overall.approved).toBeLessThan(c.overall.submitted);
    for (const r of [c.overall, ...c.byLevel, ...c.byBranch]) {
      expect(r.rate ?? 0).toBeLessThanOrEqual(1);
      expect(r.rate ?? 0).toBeGreaterThanOrEqual(0);
    }
    // The missing units are named; a paper report counts from the day it was received.
    expect(c.units.filter((u) => u.timeliness === 'missing').length).toBe(c.overall.missing);
    expect(c.units.some((u) => u.receivedOn !== null)).toBe(true);
    // The district federations still report the first half of 2025 (they end on 1/7/2025)…
    const districts = new Set(
      plan.units.filter((u) => u.typeId === 'district_federation').map((u) => u.code),
    );
    expect(c.units.filter((u) => districts.has(u.code)).length).toBe(10);
    // …but not the second half, which the commune unions founded on 1/7/2025 report; their CĐCS keep reporting.
    const s2 = await reporting.getCompleteness(handle.db, admin, province, 'SK6T', '2025S2');
    expect(s2.units.filter((u) => districts.has(u.code))).toEqual([]);
    const communes = new Set((plan.restructuring.found ?? []).map((f) => f.code));
    expect(s2.units.filter((u) => communes.has(u.code)).length).toBe(communes.size);
    expect(s2.units.filter((u) => communes.has(u.code) && u.status !== null).length).toBeGreaterThan(
      communes.size / 2,
    );
    const year = await reporting.getCompleteness(handle.db, admin, province, 'TKN', '2025');
    expect(year.units.filter((u) => districts.has(u.code))).toEqual([]);
    expect(year.overall.submitted).toBeGreaterThan(year.overall.expected * 0.8);
  });

  it("shows a district's totals as its own figures plus those below it, against the province's target", async () => {
    const damRong = await idOf(plan.codes.damRong);
    const totals = await reporting.getTotals(handle.db, admin, damRong, 'SK6T', '2024S1', 'submitted');
    const row = (code: string) => totals.rows.find((r) => r.code === code)!;
    const gifts = row('month_gifts');
    expect(gifts.own).toBeGreaterThanOrEqual(8);
    expect(gifts.below).toBeGreaterThan(0);
    expect(gifts.total).toBe((gifts.own as number) + gifts.below!);
    expect(row('month_gifts_value').own).toBe((gifts.own as number) * 300_000);
    expect(gifts.reported).toBeGreaterThan(40);
    // Registry figures for the whole district: the 59 CĐCS of seed 002.
    expect(row('cdcs_end').total).toBe(59);
    // The province gave the district its 2024 targets; a half-year is a part of the year's.
    const admitted = row('admitted');
    expect(admitted.target).toBeGreaterThan(0);
    expect(admitted.rate).toBeCloseTo((admitted.total as number) / admitted.target!, 10);
    const fund = row('mai_am_fund');
    expect(fund.rate).toBeGreaterThan(0.2);
    expect(fund.rate).toBeLessThan(1.2);
    const year = await reporting.getTotals(handle.db, admin, damRong, 'TKN', '2024', 'approved');
    expect(year.rows.find((r) => r.code === 'mai_am_fund')!.rate).toBeGreaterThan(0.5);
    // The province's own target came from the confederation; its district targets are listed as assigned.
    const province = await idOf(plan.codes.province);
    const own = await reporting.getTotals(handle.db, admin, province, 'TKN', '2025', 'approved');
    expect(own.rows.find((r) => r.code === 'admitted')!.rate).toBeGreaterThan(0);
    const targets = await reporting.getTargets(handle.db, admin, province, 2025, { on: '2025-01-15' });
    expect(targets.units.find((u) => u.id === damRong)?.targets['admitted']?.value).toBe(
      (await reporting.getTargets(handle.db, admin, damRong, 2025, { on: '2025-01-15' })).indicators.find(
        (i) => i.code === 'admitted',
      )!.own,
    );
  });

  it('stops the reports of a CĐCS merged on 1/3/2025 after 2024; its receiver reports 2025', async () => {
    const merger = plan.history.find((e) => e.effectiveOn === '2025-03-01' && e.mergers?.length)!;
    const { code, intoCode } = merger.mergers![0]!;
    const source = await idOf(code);
    const s2024 = await reporting.getReport(handle.db, admin, source, 'TKN', '2024');
    expect(s2024.expected).toBe(true);
    const s2025 = await reporting.getReport(handle.db, admin, source, 'SK6T', '2025S1');
    expect(s2025.expected).toBe(false);
    expect(s2025.submission).toBeNull();
    const province = await idOf(plan.codes.province);
    const c = await reporting.getCompleteness(handle.db, admin, province, 'SK6T', '2025S1');
    expect(c.units.map((u) => u.code)).not.toContain(code);
    expect(c.units.map((u) => u.code)).toContain(intoCode);
  });

  it('records reports that pass the rules, with totals equal to a recompute from the raw values', async () => {
    for (const p of DEMO_REPORT_PERIODS) {
      const fp = await resolveFormPeriod(handle.db, p.form, p.code);
      expect(await totalsDrift(handle.db, p.form, p.code, fp.period.end), p.code).toBe(0);
    }
    const phiLieng = await idOf(plan.codes.phiLieng);
    const officer = await actorOf('cdcs.philieng');
    for (const p of DEMO_REPORT_PERIODS) {
      const report = await reporting.getReport(handle.db, officer, phiLieng, p.form, p.code);
      expect(
        report.problems.filter((x) => x.severity === 'error'),
        p.code,
      ).toEqual([]);
      if (report.submission) {
        expect(report.canEdit).toBe(false);
        expect(report.indicators.find((i) => i.code === 'members_end')!.value).toBeGreaterThan(0);
      }
    }
    // The commune union's officer sees its second half of 2025 and the CĐCS below it.
    const commune = await idOf(plan.codes.communeUnionDamRong1);
    const communeOfficer = await actorOf('xa.damrong1');
    const c = await reporting.getCompleteness(handle.db, communeOfficer, commune, 'SK6T', '2025S2');
    expect(c.overall.expected).toBeGreaterThan(5);
    expect(c.overall.submitted).toBeGreaterThan(0);
    const totals = await reporting.getTotals(
      handle.db,
      communeOfficer,
      commune,
      'SK6T',
      '2025S2',
      'submitted',
    );
    expect(totals.rows.find((r) => r.code === 'members_end')!.total).toBeGreaterThan(0);
  });
});
