/**
 * The demo federation: LĐLĐ tỉnh Lâm Đồng with its district federations, local sector unions and about 600 CĐCS,
 * twenty years of history, about 60,000 members with their admissions, transfers and leavers since 2019, the
 * 1/7/2025 restructuring into commune unions, and a login for each kind of user. Everything goes through the
 * product's own services (the unit and member imports, the membership history, the restructuring engine,
 * createUser), so the demo shows exactly what a real province would see.
 */
import type { DatabaseHandle } from '../platform/db';
import { ROLE_LABELS } from '../features/access/model';
import { createUser, loadActor } from '../features/access/service';
import { proposeMembers } from '../features/members/service';
import { importUnits } from '../features/organisation/services/import-units';
import {
  restructure,
  type RestructurePlan,
  type UnitRef,
} from '../features/organisation/services/restructure';
import { hasUnitType, unitIdByCode } from '../features/organisation/services/find-units';
import { loadDemoMembers } from './load-members';
import { loadDemoReports } from './load-reports';
import { DEMO_HORIZON } from './members';
import { buildDemoPlan, DEFAULT_DEMO_SEED, DEMO_USERS, type DemoEvent, type DemoPlan } from './plan';

/** The note of the demo's own units' founding event: marks what the demo made up. */
export const DEMO_NOTE = (count: number) => `Dữ liệu mẫu: thành lập ${count} đơn vị của LĐLĐ tỉnh Lâm Đồng`;

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  unitName: string;
}

/**
 * The demo's logins: fixed usernames and passwords, the same for every seed, safe to print before loading. `role`
 * is the Vietnamese label people read ("Quản trị đơn vị").
 */
export function demoLogins(): DemoLogin[] {
  return DEMO_USERS.map(({ username, password, role, unitName }) => ({
    username,
    password,
    role: ROLE_LABELS[role],
    unitName,
  }));
}

/** The steps of loading the demo, in order, as progress reports name them. */
const STEPS = {
  found: 'Thành lập các đơn vị',
  members: 'Nhập danh sách đoàn viên',
  memberHistory: 'Biến động đoàn viên 2019–2026',
  history: 'Lịch sử tổ chức trước năm 2025',
  restructure: 'Sắp xếp tổ chức từ 01/07/2025',
  users: 'Tạo tài khoản mẫu',
  proposals: 'Hồ sơ đề nghị kết nạp chờ duyệt',
  reports: 'Báo cáo định kỳ và chỉ tiêu năm 2024–2025',
} as const;

/** The names of the loading steps, in the order they run. */
export const DEMO_STEPS: readonly string[] = [
  STEPS.found,
  STEPS.members,
  STEPS.memberHistory,
  STEPS.history,
  STEPS.restructure,
  STEPS.users,
  STEPS.proposals,
  STEPS.reports,
];

/** The demo login that proposes people for admission (the CĐCS officer of Trường THCS Phi Liêng). */
const DEMO_PROPOSER = 'cdcs.philieng';
/** The demo login that records the reports of 2024–2025 (history brought in). */
const DEMO_ADMIN = 'admin';

/** Codes to ids, looked up once each. */
function unitIds(handle: DatabaseHandle) {
  const ids = new Map<string, string>();
  return async (code: string): Promise<string> => {
    const known = ids.get(code);
    if (known) return known;
    const id = await unitIdByCode(handle.db, code);
    if (!id) throw new Error(`Dữ liệu mẫu: không tìm thấy đơn vị mã ${code}`);
    ids.set(code, id);
    return id;
  };
}

async function toRestructurePlan(
  event: DemoEvent,
  idOf: (code: string) => Promise<string>,
): Promise<RestructurePlan> {
  const newCodes = new Set((event.found ?? []).map((f) => f.code));
  const ref = async (code: string): Promise<UnitRef> =>
    newCodes.has(code) ? { key: code } : { id: await idOf(code) };
  const found = [];
  for (const f of event.found ?? []) {
    found.push({
      key: f.code,
      parent: await ref(f.parentCode),
      code: f.code,
      name: f.name,
      shortName: f.shortName,
      typeId: f.typeId,
      province: 'Lâm Đồng',
      commune: f.commune,
      address: f.address,
    });
  }
  const renames = [];
  for (const r of event.renames ?? [])
    renames.push({ unitId: await idOf(r.code), name: r.name, shortName: r.shortName });
  const moves = [];
  for (const m of event.moves ?? [])
    moves.push({ unitId: await idOf(m.code), newParent: await ref(m.newParentCode) });
  const dissolve = [];
  for (const code of event.dissolve ?? []) dissolve.push(await idOf(code));
  return {
    kind: event.kind,
    effectiveOn: event.effectiveOn,
    decisionNo: event.decisionNo,
    decisionDate: event.decisionDate,
    note: event.note,
    found,
    renames,
    moves,
    dissolve,
    mergeTarget: event.mergeTargetCode ? await ref(event.mergeTargetCode) : undefined,
  };
}

/** Applies one event through the restructuring engine: one transaction, one event. */
async function applyEvent(handle: DatabaseHandle, event: DemoEvent, idOf: (code: string) => Promise<string>) {
  return restructure(handle.db, null, await toRestructurePlan(event, idOf));
}

/**
 * Loads the demo federation into a prepared (migrated, reference data loaded) database that does not hold it yet.
 * Deterministic: the same seed gives the same codes, names, dates and structure.
 */
export async function loadDemo(
  handle: DatabaseHandle,
  options: { seed?: number; onProgress?: (step: string, done: number, total: number) => void },
): Promise<{ units: number; members: number; logins: DemoLogin[] }> {
  const progress = options.onProgress ?? (() => undefined);
  const plan: DemoPlan = buildDemoPlan(options.seed ?? DEFAULT_DEMO_SEED);
  const db = handle.db;
  if (!(await hasUnitType(db, 'commune_union'))) {
    throw new Error(
      'Cơ sở dữ liệu chưa được khởi tạo (chưa có danh mục loại đơn vị): hãy chạy migrate trước khi nạp dữ liệu mẫu.',
    );
  }
  if (await unitIdByCode(db, plan.codes.province)) {
    throw new Error(
      `Dữ liệu mẫu đã có trong cơ sở dữ liệu (đơn vị mã ${plan.codes.province}); hãy dùng một cơ sở dữ liệu mới.`,
    );
  }

  // The confederation's founding (28/07/1929) is history, not the demo's: recorded on its own, without the demo's
  // note. The demo's units follow in one import, dated from the province's founding and marked as demo data.
  const history = plan.units.filter((u) => u.code === plan.codes.confederation);
  const demoUnits = plan.units.filter((u) => u.code !== plan.codes.confederation);
  progress(STEPS.found, 0, plan.units.length);
  await importUnits(db, null, history, { note: null });
  await importUnits(db, null, demoUnits, {
    decisionNo: undefined,
    note: DEMO_NOTE(demoUnits.length),
    onProgress: (done, total) => progress(STEPS.found, history.length + done, history.length + total),
  });

  const idOf = unitIds(handle);
  // Members before the organisation's history: a CĐCS is emptied by its merger transfers before it ends.
  const grassrootsIds = new Map<string, string>();
  for (const unit of plan.grassroots) grassrootsIds.set(unit.code, await idOf(unit.code));
  const members = await loadDemoMembers(db, plan.members, grassrootsIds, await idOf(plan.codes.province), {
    admitted: (done, total) => progress(STEPS.members, done, total),
    history: (done, total) => progress(STEPS.memberHistory, done, total),
  });

  const events = plan.history.length;
  progress(STEPS.history, 0, events);
  for (const [i, event] of plan.history.entries()) {
    await new Promise((resolve) => setImmediate(resolve));
    await applyEvent(handle, event, idOf);
    progress(STEPS.history, i + 1, events);
  }

  progress(STEPS.restructure, 0, 1);
  const result = await applyEvent(handle, plan.restructuring, idOf);
  progress(STEPS.restructure, 1, 1);

  progress(STEPS.users, 0, DEMO_USERS.length);
  const userIds = new Map<string, string>();
  for (const [i, user] of DEMO_USERS.entries()) {
    const grants =
      user.role === 'system_admin' || !user.unit
        ? []
        : [{ role: user.role, unitId: await idOf(plan.codes[user.unit]) }];
    const created = await createUser(db, null, {
      username: user.username,
      fullName: user.fullName,
      password: user.password,
      isSystemAdmin: user.role === 'system_admin',
      grants,
    });
    userIds.set(user.username, created.id);
    progress(STEPS.users, i + 1, DEMO_USERS.length);
  }

  // The CĐCS officer's proposals wait in the province's approval queue (since 1/7/2025 the province approves).
  progress(STEPS.proposals, 0, 1);
  const officer = await loadActor(db, userIds.get(DEMO_PROPOSER)!);
  if (!officer) throw new Error(`Dữ liệu mẫu: không có tài khoản ${DEMO_PROPOSER}`);
  await proposeMembers(db, officer, await idOf(plan.codes.phiLieng), {
    proposedOn: DEMO_HORIZON,
    people: plan.members.proposals.map(({ unitCode: _unit, ...person }) => person),
  });
  progress(STEPS.proposals, 1, 1);

  // Two years of reports and targets, recorded by the system administrator as history brought in.
  const admin = await loadActor(db, userIds.get(DEMO_ADMIN)!);
  if (!admin) throw new Error(`Dữ liệu mẫu: không có tài khoản ${DEMO_ADMIN}`);
  progress(STEPS.reports, 0, 1);
  await loadDemoReports(db, admin, plan.seed, plan, idOf, (done, total) =>
    progress(STEPS.reports, done, total),
  );

  return {
    units: plan.units.length + result.founded.length,
    members: members.members,
    logins: demoLogins(),
  };
}
