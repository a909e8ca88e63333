/**
 * Audit completeness, generated from the route table: every mutation route under /api (POST, PUT, PATCH, DELETE)
 * has a recipe here that makes one successful call, and the call must leave exactly the audit rows the recipe
 * expects (action, actor, unit, entity, before and after), no more and no fewer. A new mutation route without a
 * recipe fails the first test, so a change that writes no audit row cannot slip in unnoticed.
 */
import { randomBytes } from 'node:crypto';
import type { Response as InjectResponse } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import { queryRows, sql } from '../src/platform/db';
import { routeTableOf, type App } from '../src/platform/http';
import type { Actor } from '../src/features/access/model';
import { loadActor } from '../src/features/access/service';
import { unitTemplateColumns } from '../src/features/organisation/services/unit-file';
import * as members from '../src/features/members/service';
import * as reporting from '../src/features/reporting/service';
import ExcelJS from 'exceljs';
import { admitMember, membersXlsx, personFixture, templateRow } from '../src/features/members/test-factories';
import { auditFieldKeysOf } from '../web/src/features/admin/audit-labels';
import { vi as viCatalog } from '../web/src/app/i18n/vi';
import { en as enCatalog } from '../web/src/app/i18n/en';
import { createTestDatabase } from './support/db';
import {
  buildProvince,
  call,
  foundAs,
  freshPassword,
  importJobEnd,
  logIn,
  makeUser,
  TEST_PASSWORD,
  testApp,
  uniqueCode,
  uploadFile,
  type Session,
} from './support/factories';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const MUTATIONS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** A signed-in user as the recipes use them: the session and who they are. */
interface User extends Session {
  id: string;
  username: string;
}

/** An audit row as a recipe expects it; `actorId` defaults to the user who made the call. */
interface Expected {
  action: string;
  entity: string;
  entityId: string | null;
  unitId: string | null;
  before: unknown;
  after: unknown;
  actorId?: string | null;
}

interface AuditRow {
  id: number;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  unitId: string | null;
  before: unknown;
  after: unknown;
}

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let system: Actor;
let sysAdmin: User;
let provinceAdmin: User;
let districtAdmin: User;

async function signIn(grants: Parameters<typeof makeUser>[1], isSystemAdmin = false): Promise<User> {
  const user = await makeUser(handle, grants, { isSystemAdmin });
  return { ...(await logIn(app, user.username)), id: user.id, username: user.username };
}

/** The mutation route a request reaches: the route whose pattern matches, static segments before parameters. */
function routeOf(method: string, url: string): string | undefined {
  const path = url.split('?')[0]!;
  const candidates = routeTableOf(app)
    .filter((r) => r.method === method && r.url.startsWith('/api/'))
    .filter((r) => new RegExp(`^${r.url.replace(/:\w+/g, '[^/]+')}$`).test(path))
    .sort((a, b) => (a.url.match(/:/g)?.length ?? 0) - (b.url.match(/:/g)?.length ?? 0));
  return candidates[0] ? `${method} ${candidates[0].url}` : undefined;
}

async function lastAuditId(): Promise<number> {
  const [row] = await queryRows<{ id: number | null }>(
    handle.db,
    sql`SELECT max(id)::int AS id FROM audit_log`,
  );
  return row?.id ?? 0;
}

async function auditRowsAfter(id: number): Promise<AuditRow[]> {
  return queryRows<AuditRow>(
    handle.db,
    sql`SELECT id::int AS id, actor_id AS "actorId", action, entity, entity_id AS "entityId", unit_id AS "unitId",
               before, after
          FROM audit_log WHERE id > ${id} ORDER BY id`,
  );
}

/**
 * What a recipe works with: `send` is the call under test (the audit rows counted are those written from the first
 * `send` on); set-up calls go through `call` or the services, before `send`.
 */
class Kit {
  mark: number | undefined;
  actor: User | null = null;
  readonly reached: string[] = [];

  async send(user: User | null, method: Method, url: string, payload?: unknown): Promise<InjectResponse> {
    await this.begin(user, method, url);
    const res = user
      ? await call(app, user, method, url, payload)
      : await app.inject({ method, url, payload: payload as object });
    expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 400)}`).toBeLessThan(300);
    return res;
  }

  async upload(
    user: User,
    url: string,
    file: Buffer | string,
    fileName: string,
    fields: Record<string, string> = {},
  ): Promise<InjectResponse> {
    await this.begin(user, 'POST', url);
    const res = await uploadFile(app, user, url, file, fileName, fields);
    expect(res.statusCode, `POST ${url}: ${res.body.slice(0, 400)}`).toBeLessThan(300);
    return res;
  }

  private async begin(user: User | null, method: Method, url: string): Promise<void> {
    if (this.mark === undefined) this.mark = await lastAuditId();
    this.actor = user;
    this.reached.push(routeOf(method, url) ?? `${method} ${url} (no route)`);
  }
}

type Recipe = (kit: Kit) => Promise<Expected[]>;

/** A member admitted (through the services) at a CĐCS on 1/3/2015. */
async function member(unitId: string, overrides: Parameters<typeof personFixture>[0] = {}) {
  const person = personFixture(overrides);
  const admitted = await admitMember(handle.db, system, unitId, person);
  return { ...admitted, person };
}

/** A CĐCS founded under a unit on 1/1/2012, for a restructuring of its own. */
function freshCdcs(parentId: string, name = `CĐCS Thử nghiệm ${uniqueCode()}`) {
  return foundAs(handle, {
    typeId: 'grassroots_union',
    name,
    parentId,
    effectiveOn: '2012-01-01',
    sector: 'public_service',
  });
}

/** The version the member record carries for an edit (sent when the API gives one). */
async function memberVersion(unitId: string, memberId: string): Promise<Record<string, unknown>> {
  const res = await call(app, districtAdmin, 'GET', `/api/units/${unitId}/members/${memberId}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json<{ member: { version?: unknown }; version?: unknown }>();
  const version = body.member.version ?? body.version;
  return version === undefined ? {} : { version };
}

async function grantIdOf(userId: string, unitId: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    handle.db,
    sql`SELECT id FROM role_grants WHERE user_id = ${userId}::uuid AND unit_id = ${unitId}::uuid`,
  );
  return row!.id;
}

/** Waits for a member import job to end and returns it. */
const importJob = (user: User, unitId: string, jobId: string) => importJobEnd(app, user, unitId, jobId);

const obj = (shape: Record<string, unknown>) => expect.objectContaining(shape) as unknown;

/** A report file as Excel would save it after a person typed `value` in the unit's row, under the header given. */
async function fillCell(
  body: Buffer,
  sheetName: string,
  unitCode: string,
  headerStart: string,
  value: number,
) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName)!;
  const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => (typeof v === 'string' ? v : ''));
  const row = [...Array(sheet.rowCount).keys()]
    .map((n) => n + 1)
    .find((r) => sheet.getCell(r, 1).value === unitCode)!;
  sheet.getCell(
    row,
    headers.findIndex((h) => h.startsWith(headerStart)),
  ).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A CĐCS report of Phi Liêng for a half-year, saved and submitted through the services. */
async function fileReport(period: string) {
  const saved = await reporting.saveReport(handle.db, system, p.phiLieng, 'SK6T', period, {
    version: null,
    values: { field_visits: 2 },
  });
  const moved = await reporting.moveReport(handle.db, system, p.phiLieng, 'SK6T', period, 'submit', {
    version: saved.version,
  });
  return { id: saved.id, version: moved.version };
}

/** The audit row of a report's status move. */
function reportMove(
  id: string,
  period: string,
  transition: string,
  from: string,
  to: string,
  more: Record<string, unknown> = {},
): Expected {
  return {
    action: `report.${transition}`,
    entity: 'report',
    entityId: id,
    unitId: p.phiLieng,
    before: { form: 'SK6T', period, status: from },
    after: { form: 'SK6T', period, status: to, ...more },
  };
}

/** A form version as the catalogue recipes send it. */
const CATALOGUE_VERSION = {
  periodTypeId: 'year',
  deadlineDaysAfterEnd: 10,
  reminderOffsets: [0],
  fillerTypes: ['grassroots_union'],
  sections: [{ titleVi: 'Hoạt động', titleEn: 'Activities', indicators: ['field_visits'] }],
  rules: [],
};

const recipes: Record<string, Recipe> = {
  // ---- Signing in and out, passwords
  'POST /api/auth/login': async (kit) => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    await kit.send(null, 'POST', '/api/auth/login', { username: user.username, password: TEST_PASSWORD });
    return [
      {
        action: 'auth.login',
        entity: 'user',
        entityId: user.id,
        unitId: null,
        before: null,
        after: null,
        actorId: user.id,
      },
    ];
  },

  'POST /api/auth/logout': async (kit) => {
    const user = await signIn([{ role: 'unit_viewer', unitId: p.phiLieng }]);
    await kit.send(user, 'POST', '/api/auth/logout', {});
    return [
      { action: 'auth.logout', entity: 'user', entityId: user.id, unitId: null, before: null, after: null },
    ];
  },

  'POST /api/auth/password': async (kit) => {
    const user = await signIn([{ role: 'unit_viewer', unitId: p.phiLieng }]);
    await kit.send(user, 'POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      password: freshPassword(),
    });
    return [
      {
        action: 'user.password',
        entity: 'user',
        entityId: user.id,
        unitId: p.phiLieng,
        before: null,
        after: null,
      },
    ];
  },

  // ---- Users and grants
  'POST /api/users': async (kit) => {
    const username = `u${uniqueCode().toLowerCase()}`;
    const res = await kit.send(districtAdmin, 'POST', '/api/users', {
      username,
      fullName: 'Trần Thị Mới',
      password: TEST_PASSWORD,
      grants: [{ role: 'unit_officer', unitId: p.phiLieng }],
    });
    return [
      {
        action: 'user.create',
        entity: 'user',
        entityId: res.json<{ id: string }>().id,
        unitId: p.phiLieng,
        before: null,
        after: {
          username,
          fullName: 'Trần Thị Mới',
          isSystemAdmin: false,
          grants: [{ role: 'unit_officer', unitId: p.phiLieng }],
        },
      },
    ];
  },

  'PATCH /api/users/:userId': async (kit) => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    await kit.send(districtAdmin, 'PATCH', `/api/users/${user.id}`, {
      fullName: 'Nguyễn Văn Đổi',
      phone: '0912000111',
    });
    return [
      {
        action: 'user.update',
        entity: 'user',
        entityId: user.id,
        unitId: p.phiLieng,
        before: obj({ fullName: 'Nguyễn Văn Thử', phone: null, disabled: false }),
        after: obj({ fullName: 'Nguyễn Văn Đổi', phone: '0912000111' }),
      },
    ];
  },

  'POST /api/users/:userId/password': async (kit) => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    await kit.send(districtAdmin, 'POST', `/api/users/${user.id}/password`, { password: freshPassword() });
    return [
      {
        action: 'user.password',
        entity: 'user',
        entityId: user.id,
        unitId: p.phiLieng,
        before: null,
        after: null,
      },
    ];
  },

  'POST /api/users/:userId/grants': async (kit) => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRongClinic }]);
    await kit.send(districtAdmin, 'POST', `/api/users/${user.id}/grants`, {
      role: 'unit_officer',
      unitId: p.phiLieng,
    });
    return [
      {
        action: 'user.grant',
        entity: 'role_grant',
        entityId: await grantIdOf(user.id, p.phiLieng),
        unitId: p.phiLieng,
        before: null,
        after: { userId: user.id, role: 'unit_officer', unitId: p.phiLieng },
      },
    ];
  },

  'DELETE /api/grants/:grantId': async (kit) => {
    const user = await makeUser(handle, [
      { role: 'unit_viewer', unitId: p.damRongClinic },
      { role: 'unit_officer', unitId: p.phiLieng },
    ]);
    const grantId = await grantIdOf(user.id, p.phiLieng);
    await kit.send(districtAdmin, 'DELETE', `/api/grants/${grantId}`);
    return [
      {
        action: 'user.revoke',
        entity: 'role_grant',
        entityId: grantId,
        unitId: p.phiLieng,
        before: obj({ id: grantId, userId: user.id, role: 'unit_officer', unitId: p.phiLieng }),
        after: null,
      },
    ];
  },

  // ---- The organisation
  'PATCH /api/units/:unitId': async (kit) => {
    const unitId = await freshCdcs(p.damRong);
    await kit.send(districtAdmin, 'PATCH', `/api/units/${unitId}`, {
      address: 'Thôn 2, xã Phi Liêng',
      commune: 'Xã Phi Liêng',
    });
    return [
      {
        action: 'unit.update',
        entity: 'unit',
        entityId: unitId,
        unitId,
        before: obj({ address: null, commune: null, sector: 'public_service', groups: [] }),
        after: { address: 'Thôn 2, xã Phi Liêng', commune: 'Xã Phi Liêng' },
      },
    ];
  },

  'POST /api/units': async (kit) => {
    const code = uniqueCode('CDCS-');
    const res = await kit.send(districtAdmin, 'POST', '/api/units', {
      code,
      name: 'CĐCS Trường Mầm non Rô Men',
      typeId: 'grassroots_union',
      sector: 'public_service',
      parentId: p.damRong,
      effectiveOn: '2024-09-01',
      decisionNo: '12/QĐ-LĐLĐ',
    });
    const id = res.json<{ founded: { id: string }[] }>().founded[0]!.id;
    return [
      {
        action: 'unit.found',
        entity: 'unit',
        entityId: id,
        unitId: id,
        before: null,
        after: obj({
          code,
          name: 'CĐCS Trường Mầm non Rô Men',
          typeId: 'grassroots_union',
          parentId: p.damRong,
          effectiveOn: '2024-09-01',
          kind: 'found',
          decisionNo: '12/QĐ-LĐLĐ',
          eventId: res.json<{ eventId: number }>().eventId,
        }),
      },
    ];
  },

  'POST /api/units/:unitId/rename': async (kit) => {
    const unitId = await freshCdcs(p.damRong, 'CĐCS Trường Tiểu học Cũ');
    await kit.send(districtAdmin, 'POST', `/api/units/${unitId}/rename`, {
      name: 'CĐCS Trường Tiểu học Mới',
      effectiveOn: '2024-01-01',
    });
    return [
      {
        action: 'unit.rename',
        entity: 'unit',
        entityId: unitId,
        unitId,
        before: { name: 'CĐCS Trường Tiểu học Cũ', shortName: 'CĐCS Trường Tiểu học Cũ' },
        after: obj({ name: 'CĐCS Trường Tiểu học Mới', effectiveOn: '2024-01-01', kind: 'rename' }),
      },
    ];
  },

  'POST /api/units/:unitId/move': async (kit) => {
    const unitId = await freshCdcs(p.damRong);
    await kit.send(provinceAdmin, 'POST', `/api/units/${unitId}/move`, {
      newParentId: p.lamHa,
      effectiveOn: '2024-01-01',
    });
    return [
      {
        action: 'unit.move',
        entity: 'unit',
        entityId: unitId,
        unitId,
        before: { parentId: p.damRong, parentName: 'LĐLĐ huyện Đam Rông' },
        after: obj({ parentId: p.lamHa, parentName: 'LĐLĐ huyện Lâm Hà', effectiveOn: '2024-01-01' }),
      },
    ];
  },

  'POST /api/units/:unitId/dissolve': async (kit) => {
    const unitId = await freshCdcs(p.damRong);
    await kit.send(districtAdmin, 'POST', `/api/units/${unitId}/dissolve`, { effectiveOn: '2024-01-01' });
    return [
      {
        action: 'unit.dissolve',
        entity: 'unit',
        entityId: unitId,
        unitId,
        before: { endedOn: null },
        after: obj({ endedOn: '2024-01-01', kind: 'dissolve' }),
      },
    ];
  },

  'POST /api/units/merge': async (kit) => {
    const source = await freshCdcs(p.damRong);
    const target = await freshCdcs(p.damRong);
    const moved = await member(source);
    await kit.send(districtAdmin, 'POST', '/api/units/merge', {
      sourceIds: [source],
      targetId: target,
      effectiveOn: '2024-07-01',
    });
    return [
      {
        action: 'member.transfer_all',
        entity: 'unit',
        entityId: source,
        unitId: source,
        before: null,
        after: obj({ toUnitId: target, count: 1, memberIds: [moved.memberId], effectiveOn: '2024-07-01' }),
      },
      {
        action: 'unit.dissolve',
        entity: 'unit',
        entityId: source,
        unitId: source,
        before: { endedOn: null },
        after: obj({ endedOn: '2024-07-01', kind: 'merge' }),
      },
    ];
  },

  'POST /api/units/:unitId/split': async (kit) => {
    const source = await freshCdcs(p.damRong);
    const [a, b] = [uniqueCode('TACH-'), uniqueCode('TACH-')];
    const res = await kit.send(districtAdmin, 'POST', `/api/units/${source}/split`, {
      effectiveOn: '2024-07-01',
      newUnits: [
        { code: a, name: 'CĐCS Phân hiệu Một', typeId: 'grassroots_union', sector: 'public_service' },
        { code: b, name: 'CĐCS Phân hiệu Hai', typeId: 'grassroots_union', sector: 'public_service' },
      ],
    });
    const founded = res.json<{ founded: { id: string; code: string }[] }>().founded;
    const idOf = (code: string) => founded.find((f) => f.code === code)!.id;
    return [
      ...[a, b].map((code) => ({
        action: 'unit.found',
        entity: 'unit',
        entityId: idOf(code),
        unitId: idOf(code),
        before: null,
        after: obj({ code, parentId: p.damRong, effectiveOn: '2024-07-01', kind: 'split' }),
      })),
      {
        action: 'unit.dissolve',
        entity: 'unit',
        entityId: source,
        unitId: source,
        before: { endedOn: null },
        after: obj({ endedOn: '2024-07-01', kind: 'split' }),
      },
    ];
  },

  'POST /api/restructurings': async (kit) => {
    const moving = await freshCdcs(p.damRong);
    const code = uniqueCode('MOI-');
    const res = await kit.send(provinceAdmin, 'POST', '/api/restructurings', {
      effectiveOn: '2024-07-01',
      decisionNo: '99/QĐ-LĐLĐ',
      found: [
        { key: 'moi', code, name: 'CĐCS Trạm Y tế mới', typeId: 'grassroots_union', parentId: p.lamHa },
      ],
      moves: [{ unitId: moving, newParentId: p.lamHa }],
    });
    const founded = res.json<{ founded: { id: string }[] }>().founded[0]!.id;
    return [
      {
        action: 'unit.found',
        entity: 'unit',
        entityId: founded,
        unitId: founded,
        before: null,
        after: obj({ code, parentId: p.lamHa, kind: 'restructure', decisionNo: '99/QĐ-LĐLĐ' }),
      },
      {
        action: 'unit.move',
        entity: 'unit',
        entityId: moving,
        unitId: moving,
        before: { parentId: p.damRong, parentName: 'LĐLĐ huyện Đam Rông' },
        after: obj({ parentId: p.lamHa, effectiveOn: '2024-07-01', kind: 'restructure' }),
      },
    ];
  },

  'PUT /api/unit-types/:id': async (kit) => {
    const typeId = `to_thu_${randomBytes(3).toString('hex')}`;
    const body = {
      nameVi: 'Tổ công đoàn thử',
      nameEn: 'Test union group',
      shortVi: 'Tổ CĐ',
      level: 6,
      powers: [],
      validFrom: '2020-01-01',
      parents: [{ parentTypeId: 'grassroots_union', validFrom: '2020-01-01' }],
    };
    await kit.send(sysAdmin, 'PUT', `/api/unit-types/${typeId}`, body);
    return [
      {
        action: 'unit_type.create',
        entity: 'unit_type',
        entityId: typeId,
        unitId: null,
        before: null,
        after: obj({
          id: typeId,
          nameVi: 'Tổ công đoàn thử',
          level: 6,
          parents: [obj({ ...body.parents[0] })],
        }),
      },
    ];
  },

  'PUT /api/unit-groups/:id': async (kit) => {
    const groupId = `khoi_${randomBytes(3).toString('hex')}`;
    await kit.send(sysAdmin, 'PUT', `/api/unit-groups/${groupId}`, { name: 'Khối thử nghiệm' });
    return [
      {
        action: 'unit_group.create',
        entity: 'unit_group',
        entityId: groupId,
        unitId: null,
        before: null,
        after: { id: groupId, name: 'Khối thử nghiệm' },
      },
    ];
  },

  'PUT /api/sectors/:id': async (kit) => {
    const sectorId = `y_te_${randomBytes(3).toString('hex')}`;
    const body = { nameVi: 'Y tế', nameEn: 'Health', shortVi: 'Y tế', validFrom: '2026-01-01' };
    await kit.send(sysAdmin, 'PUT', `/api/sectors/${sectorId}`, body);
    return [
      {
        action: 'sector.create',
        entity: 'sector',
        entityId: sectorId,
        unitId: null,
        before: null,
        after: obj({ id: sectorId, ...body, validTo: '9999-12-31', legalBasis: null }),
      },
    ];
  },

  'POST /api/units/:unitId/import': async (kit) => {
    const codes = [uniqueCode('NHAP-'), uniqueCode('NHAP-')];
    const csv = [
      unitTemplateColumns.join(','),
      ...codes.map((code, i) =>
        [code, `CĐCS Trường nhập ${i + 1}`, '', 'Công đoàn cơ sở', '', '', '', '', '', '', '02/09/2012'].join(
          ',',
        ),
      ),
    ].join('\n');
    const res = await kit.upload(districtAdmin, `/api/units/${p.damRong}/import`, csv, 'Đơn vị.csv');
    return [
      {
        action: 'unit.import',
        entity: 'unit',
        entityId: String(res.json<{ eventId: number }>().eventId),
        unitId: p.damRong,
        before: null,
        after: { count: 2, codes },
      },
    ];
  },

  // ---- Members
  'PATCH /api/units/:unitId/members/:memberId': async (kit) => {
    const m = await member(p.phiLieng, { fullName: 'Lê Thị Sửa' });
    const version = await memberVersion(p.damRong, m.memberId);
    await kit.send(districtAdmin, 'PATCH', `/api/units/${p.damRong}/members/${m.memberId}`, {
      ...version,
      fullName: 'Lê Thị Đã Sửa',
    });
    // The row lands under the unit the member belongs to, not the unit the edit was made through.
    return [
      {
        action: 'member.update',
        entity: 'member',
        entityId: m.memberId,
        unitId: p.phiLieng,
        before: obj({ fullName: 'Lê Thị Sửa' }),
        after: obj({ fullName: 'Lê Thị Đã Sửa', code: m.code }),
      },
    ];
  },

  'POST /api/units/:unitId/members/:memberId/transfer': async (kit) => {
    const m = await member(p.phiLieng);
    await kit.send(districtAdmin, 'POST', `/api/units/${p.damRong}/members/${m.memberId}/transfer`, {
      toUnitId: p.damRongClinic,
      effectiveOn: '2024-03-01',
    });
    const after = obj({
      fromUnitId: p.phiLieng,
      fromUnit: 'CĐCS Trường THCS Phi Liêng',
      toUnitId: p.damRongClinic,
      toUnit: 'CĐCS Trạm Y tế xã Đạ Rsal',
      effectiveOn: '2024-03-01',
    });
    return [
      {
        action: 'member.transfer_out',
        entity: 'member',
        entityId: m.memberId,
        unitId: p.phiLieng,
        before: null,
        after,
      },
      {
        action: 'member.transfer_in',
        entity: 'member',
        entityId: m.memberId,
        unitId: p.damRongClinic,
        before: null,
        after,
      },
    ];
  },

  'POST /api/units/:unitId/members/:memberId/leave': async (kit) => {
    const m = await member(p.phiLieng);
    await kit.send(districtAdmin, 'POST', `/api/units/${p.damRong}/members/${m.memberId}/leave`, {
      effectiveOn: '2024-03-01',
      reason: 'job_ended',
    });
    return [
      {
        action: 'member.leave',
        entity: 'member',
        entityId: m.memberId,
        unitId: p.phiLieng,
        before: null,
        after: obj({ unit: 'CĐCS Trường THCS Phi Liêng', effectiveOn: '2024-03-01', reason: 'job_ended' }),
      },
    ];
  },

  'POST /api/units/:unitId/members/:memberId/reinstate': async (kit) => {
    const m = await member(p.phiLieng);
    await members.leaveMember(handle.db, system, p.damRong, m.memberId, {
      effectiveOn: '2023-01-01',
      reason: 'job_ended',
    });
    await kit.send(districtAdmin, 'POST', `/api/units/${p.damRong}/members/${m.memberId}/reinstate`, {
      toUnitId: p.damRongClinic,
      effectiveOn: '2024-03-01',
    });
    return [
      {
        action: 'member.reinstate',
        entity: 'member',
        entityId: m.memberId,
        unitId: p.damRongClinic,
        before: null,
        after: obj({ unit: 'CĐCS Trạm Y tế xã Đạ Rsal', effectiveOn: '2024-03-01' }),
      },
    ];
  },

  'POST /api/units/:unitId/members/:memberId/death': async (kit) => {
    const m = await member(p.phiLieng);
    await kit.send(districtAdmin, 'POST', `/api/units/${p.damRong}/members/${m.memberId}/death`, {
      effectiveOn: '2024-03-01',
    });
    return [
      {
        action: 'member.death',
        entity: 'member',
        entityId: m.memberId,
        unitId: p.phiLieng,
        before: null,
        after: obj({ unit: 'CĐCS Trường THCS Phi Liêng', effectiveOn: '2024-03-01' }),
      },
    ];
  },

  'POST /api/units/:unitId/members/transfer-all': async (kit) => {
    const from = await freshCdcs(p.damRong, 'CĐCS Sắp giải thể');
    const people = [await member(from), await member(from)];
    await kit.send(districtAdmin, 'POST', `/api/units/${from}/members/transfer-all`, {
      toUnitId: p.damRongClinic,
      effectiveOn: '2024-03-01',
    });
    const after = obj({
      fromUnit: 'CĐCS Sắp giải thể',
      toUnitId: p.damRongClinic,
      count: 2,
      memberIds: expect.arrayContaining(people.map((x) => x.memberId)),
      effectiveOn: '2024-03-01',
    });
    return [
      { action: 'member.transfer_all', entity: 'unit', entityId: from, unitId: from, before: null, after },
      {
        action: 'member.transfer_all_in',
        entity: 'unit',
        entityId: p.damRongClinic,
        unitId: p.damRongClinic,
        before: null,
        after,
      },
    ];
  },

  'POST /api/units/:unitId/member-proposals': async (kit) => {
    const people = [
      personFixture({ fullName: 'Hoàng Thị Một' }),
      personFixture({ fullName: 'Hoàng Văn Hai' }),
    ];
    const res = await kit.send(districtAdmin, 'POST', `/api/units/${p.phiLieng}/member-proposals`, {
      people,
    });
    const created = res.json<{ proposals: { id: string; fullName: string }[] }>().proposals;
    return created.map((proposal) => ({
      action: 'member_proposal.create',
      entity: 'member_proposal',
      entityId: proposal.id,
      unitId: p.phiLieng,
      before: null,
      after: obj({ fullName: proposal.fullName, approvingUnitId: p.damRong }),
    }));
  },

  'PUT /api/units/:unitId/member-proposals/:proposalId': async (kit) => {
    const person = personFixture({ fullName: 'Đỗ Thị Sai Tên' });
    const proposed = await members.proposeMembers(handle.db, system, p.phiLieng, { people: [person] });
    const proposalId = proposed.proposals[0]!.id;
    await kit.send(districtAdmin, 'PUT', `/api/units/${p.damRong}/member-proposals/${proposalId}`, {
      ...person,
      fullName: 'Đỗ Thị Đúng Tên',
      version: 1,
    });
    return [
      {
        action: 'member_proposal.update',
        entity: 'member_proposal',
        entityId: proposalId,
        unitId: p.phiLieng,
        before: obj({ fullName: 'Đỗ Thị Sai Tên', status: 'proposed' }),
        after: obj({ fullName: 'Đỗ Thị Đúng Tên', approvingUnitId: p.damRong }),
      },
    ];
  },

  'DELETE /api/units/:unitId/member-proposals/:proposalId': async (kit) => {
    const proposed = await members.proposeMembers(handle.db, system, p.phiLieng, {
      people: [personFixture()],
    });
    const proposalId = proposed.proposals[0]!.id;
    await kit.send(districtAdmin, 'DELETE', `/api/units/${p.damRong}/member-proposals/${proposalId}`);
    return [
      {
        action: 'member_proposal.withdraw',
        entity: 'member_proposal',
        entityId: proposalId,
        unitId: p.phiLieng,
        before: { status: 'proposed' },
        after: { status: 'withdrawn' },
      },
    ];
  },

  'POST /api/units/:unitId/member-proposals/decisions': async (kit) => {
    const [approve, giveBack] = [personFixture({ fullName: 'Vũ Thị Duyệt' }), personFixture()];
    const proposed = await members.proposeMembers(handle.db, system, p.phiLieng, {
      people: [approve, giveBack],
    });
    const [first, second] = proposed.proposals;
    const res = await kit.send(districtAdmin, 'POST', `/api/units/${p.damRong}/member-proposals/decisions`, {
      decisions: [
        { proposalId: first!.id, decision: 'approve' },
        { proposalId: second!.id, decision: 'return', reason: 'Thiếu ảnh' },
      ],
    });
    const admitted = res.json<{ approved: { memberId: string; code: string }[] }>().approved[0]!;
    return [
      {
        action: 'member.admit',
        entity: 'member',
        entityId: admitted.memberId,
        unitId: p.phiLieng,
        before: null,
        after: obj({
          code: admitted.code,
          fullName: 'Vũ Thị Duyệt',
          proposalId: first!.id,
          approvingUnitId: p.damRong,
          secondMembership: false,
        }),
      },
      {
        action: 'member_proposal.return',
        entity: 'member_proposal',
        entityId: second!.id,
        unitId: p.phiLieng,
        before: null,
        after: obj({ reason: 'Thiếu ảnh', approvingUnitId: p.damRong }),
      },
    ];
  },

  'POST /api/units/:unitId/report-import/:formId/:periodCode': async (kit) => {
    const [unit] = await queryRows<{ code: string }>(
      handle.db,
      sql`SELECT code FROM units WHERE id = ${p.phiLieng}`,
    );
    const template = await reporting.buildReportTemplate(handle.db, system, p.damRong, 'SK6T', '2021S1');
    const file = await fillCell(template.body, 'Số liệu', unit!.code, 'Lượt cán bộ đi cơ sở', 4);
    await kit.upload(
      districtAdmin,
      `/api/units/${p.damRong}/report-import/SK6T/2021S1`,
      file,
      'so-lieu.xlsx',
    );
    return [
      {
        action: 'report.import',
        entity: 'report_import',
        entityId: null,
        unitId: p.damRong,
        before: null,
        after: obj({
          form: 'SK6T',
          period: '2021S1',
          format: 'xlsx',
          count: 1,
          changed: 1,
          codes: [unit!.code],
        }),
      },
    ];
  },

  'POST /api/units/:unitId/report-targets-import': async (kit) => {
    const [unit] = await queryRows<{ code: string }>(
      handle.db,
      sql`SELECT code FROM units WHERE id = ${p.phiLieng}`,
    );
    const template = await reporting.buildTargetsFile(handle.db, system, p.damRong, 2026);
    const file = await fillCell(template.body, 'Chỉ tiêu', unit!.code, 'Kết nạp đoàn viên mới', 30);
    await kit.upload(districtAdmin, `/api/units/${p.damRong}/report-targets-import`, file, 'chi-tieu.xlsx', {
      year: '2026',
    });
    return [
      {
        action: 'report.targets',
        entity: 'report_target',
        entityId: `${p.phiLieng}:2026`,
        unitId: p.phiLieng,
        before: { year: 2026, assignedBy: p.damRong, targets: [{ indicator: 'admitted', value: null }] },
        after: { year: 2026, assignedBy: p.damRong, targets: [{ indicator: 'admitted', value: 30 }] },
      },
    ];
  },

  'POST /api/units/:unitId/report-values/:formId/:periodCode': async (kit) => {
    const [unit] = await queryRows<{ code: string }>(
      handle.db,
      sql`SELECT code FROM units WHERE id = ${p.phiLieng}`,
    );
    const res = await kit.send(districtAdmin, 'POST', `/api/units/${p.damRong}/report-values/SK6T/2023S1`, {
      reports: [{ unitCode: unit!.code, values: { tet_gifts: 3 } }],
    });
    expect(res.statusCode, res.body).toBe(200);
    return [
      {
        action: 'report.import',
        entity: 'report_import',
        entityId: null,
        unitId: p.damRong,
        before: null,
        after: {
          form: 'SK6T',
          period: '2023S1',
          format: 'json',
          count: 1,
          changed: 1,
          submitted: 0,
          approved: 0,
          codes: [unit!.code],
        },
      },
    ];
  },
  'POST /api/units/:unitId/member-imports': async (kit) => {
    const file = await membersXlsx([
      templateRow({
        fullName: 'Phan Thị Nhập',
        birthDate: '12/12/1992',
        gender: 'Nữ',
        joinedOn: '01/06/2020',
      }),
      templateRow({
        fullName: 'Phan Văn Nhập',
        birthDate: '11/11/1991',
        gender: 'Nam',
        joinedOn: '01/06/2020',
      }),
    ]);
    const res = await kit.upload(
      districtAdmin,
      `/api/units/${p.damRongClinic}/member-imports`,
      file,
      'Danh sách.xlsx',
      {
        mode: 'register',
      },
    );
    const job = await importJob(districtAdmin, p.damRongClinic, res.json<{ jobId: string }>().jobId);
    expect(job, JSON.stringify(job.error)).toMatchObject({
      state: 'done',
      result: { mode: 'register', created: 2 },
    });
    const ids = await queryRows<{ id: string }>(
      handle.db,
      sql`SELECT id FROM members WHERE full_name IN ('Phan Thị Nhập', 'Phan Văn Nhập')`,
    );
    return [
      {
        action: 'member.import',
        entity: 'member',
        entityId: null,
        unitId: p.damRongClinic,
        before: null,
        after: obj({
          mode: 'register',
          fileName: 'Danh sách.xlsx',
          rows: 2,
          newMembers: 2,
          memberIds: expect.arrayContaining(ids.map((r) => r.id)),
        }),
      },
    ];
  },

  // ---- Periodic reports: a CĐCS report entered, submitted, approved, returned and reopened by the district
  'PUT /api/units/:unitId/reports/:formId/:periodCode': async (kit) => {
    const res = await kit.send(districtAdmin, 'PUT', `/api/units/${p.phiLieng}/reports/SK6T/2024S1`, {
      version: null,
      values: { field_visits: 3, tet_gifts: '105' },
    });
    const id = res.json<{ id: string }>().id;
    return [
      {
        action: 'report.save',
        entity: 'report',
        entityId: id,
        unitId: p.phiLieng,
        before: {
          form: 'SK6T',
          period: '2024S1',
          values: [
            { indicator: 'field_visits', value: null },
            { indicator: 'tet_gifts', value: null },
          ],
        },
        after: {
          form: 'SK6T',
          period: '2024S1',
          values: [
            { indicator: 'field_visits', value: 3 },
            { indicator: 'tet_gifts', value: 105 },
          ],
        },
      },
    ];
  },

  'POST /api/units/:unitId/reports/:formId/:periodCode/submit': async (kit) => {
    const saved = await reporting.saveReport(handle.db, system, p.phiLieng, 'SK6T', '2024S2', {
      version: null,
      values: { field_visits: 1 },
    });
    await kit.send(districtAdmin, 'POST', `/api/units/${p.phiLieng}/reports/SK6T/2024S2/submit`, {
      version: saved.version,
    });
    return [reportMove(saved.id, '2024S2', 'submit', 'draft', 'submitted')];
  },

  'POST /api/units/:unitId/reports/:formId/:periodCode/approve': async (kit) => {
    const filed = await fileReport('2021S2');
    await kit.send(districtAdmin, 'POST', `/api/units/${p.phiLieng}/reports/SK6T/2021S2/approve`, {
      version: filed.version,
    });
    return [reportMove(filed.id, '2021S2', 'approve', 'submitted', 'approved')];
  },

  'POST /api/units/:unitId/reports/:formId/:periodCode/return': async (kit) => {
    const filed = await fileReport('2023S2');
    await kit.send(districtAdmin, 'POST', `/api/units/${p.phiLieng}/reports/SK6T/2023S2/return`, {
      version: filed.version,
      comment: 'Thiếu số liệu quà Tết',
    });
    return [
      reportMove(filed.id, '2023S2', 'return', 'submitted', 'returned', { comment: 'Thiếu số liệu quà Tết' }),
    ];
  },

  'POST /api/units/:unitId/reports/:formId/:periodCode/reopen': async (kit) => {
    const filed = await fileReport('2022S1');
    const approved = await reporting.moveReport(handle.db, system, p.phiLieng, 'SK6T', '2022S1', 'approve', {
      version: filed.version,
    });
    await kit.send(districtAdmin, 'POST', `/api/units/${p.phiLieng}/reports/SK6T/2022S1/reopen`, {
      version: approved.version,
      comment: 'Sai số lượt đi cơ sở',
    });
    return [
      reportMove(filed.id, '2022S1', 'reopen', 'approved', 'returned', { comment: 'Sai số lượt đi cơ sở' }),
    ];
  },

  'PUT /api/units/:unitId/report-targets': async (kit) => {
    await kit.send(districtAdmin, 'PUT', `/api/units/${p.damRong}/report-targets`, {
      year: 2025,
      targets: [{ unitId: p.phiLieng, indicatorCode: 'admitted', value: 20 }],
    });
    return [
      {
        action: 'report.targets',
        entity: 'report_target',
        entityId: `${p.phiLieng}:2025`,
        unitId: p.phiLieng,
        before: { year: 2025, assignedBy: p.damRong, targets: [{ indicator: 'admitted', value: null }] },
        after: { year: 2025, assignedBy: p.damRong, targets: [{ indicator: 'admitted', value: 20 }] },
      },
    ];
  },

  // ---- The report catalogue, edited by the province's administrator (the top of this tree)
  'POST /api/report-catalogue/indicators': async (kit) => {
    const code = `kiem_toan_${randomBytes(3).toString('hex')}`;
    const body = {
      code,
      nameVi: 'Số cuộc đối thoại tại nơi làm việc',
      nameEn: 'Workplace dialogues',
      measure: 'cuộc',
      description: 'Đối thoại định kỳ và đột xuất.',
      valueType: 'count',
      aggregation: 'sum',
      source: 'typed',
    };
    await kit.send(provinceAdmin, 'POST', '/api/report-catalogue/indicators', body);
    const { source: _, ...shown } = body;
    return [
      {
        action: 'report_indicator.create',
        entity: 'report_indicator',
        entityId: code,
        unitId: null,
        before: null,
        after: {
          ...shown,
          source: 'typed',
          registryKey: null,
          formula: null,
          parentCode: null,
          partRule: null,
          validTo: '9999-12-31',
        },
      },
    ];
  },

  'PATCH /api/report-catalogue/indicators/:code': async (kit) => {
    await kit.send(provinceAdmin, 'PATCH', '/api/report-catalogue/indicators/sports_events', {
      nameVi: 'Số giải thể thao, hội thao',
      measure: 'giải',
    });
    return [
      {
        action: 'report_indicator.update',
        entity: 'report_indicator',
        entityId: 'sports_events',
        unitId: null,
        before: obj({ measure: 'cuộc' }),
        after: { nameVi: 'Số giải thể thao, hội thao', measure: 'giải' },
      },
    ];
  },

  'POST /api/report-catalogue/period-types': async (kit) => {
    const id = `ky_${randomBytes(3).toString('hex')}`;
    const definition = {
      codeStyle: 'year',
      parts: [{ n: 1, start: { month: 7, day: 1, yearOffset: -1 }, end: { month: 6, day: 30 } }],
    };
    await kit.send(provinceAdmin, 'POST', '/api/report-catalogue/period-types', {
      id,
      nameVi: 'Năm học',
      nameEn: 'School year',
      definition,
    });
    return [
      {
        action: 'report_period_type.create',
        entity: 'report_period_type',
        entityId: id,
        unitId: null,
        before: null,
        after: { id, nameVi: 'Năm học', nameEn: 'School year', definition: { id, ...definition } },
      },
    ];
  },

  'POST /api/report-catalogue/forms': async (kit) => {
    const id = `KT${randomBytes(2).toString('hex').toUpperCase()}`;
    const version = { ...CATALOGUE_VERSION, validFrom: '2020-01-01' };
    await kit.send(provinceAdmin, 'POST', '/api/report-catalogue/forms', {
      id,
      nameVi: 'Báo cáo kiểm toán',
      nameEn: 'Audit report',
      version,
    });
    return [
      {
        action: 'report_form.create',
        entity: 'report_form',
        entityId: id,
        unitId: null,
        before: null,
        after: { id, nameVi: 'Báo cáo kiểm toán', nameEn: 'Audit report' },
      },
      {
        action: 'report_form_version.create',
        entity: 'report_form_version',
        entityId: `${id}:2020-01-01`,
        unitId: null,
        before: null,
        after: { form: id, ...version, validTo: '9999-12-31', legalBasis: null },
      },
    ];
  },

  'POST /api/report-catalogue/forms/:formId/versions': async (kit) => {
    const id = `KV${randomBytes(2).toString('hex').toUpperCase()}`;
    await reporting.createForm(handle.db, system, {
      id,
      nameVi: 'Báo cáo có phiên bản',
      nameEn: 'Versioned report',
      version: { ...CATALOGUE_VERSION, validFrom: '2020-01-01', legalBasis: null },
    });
    const version = { ...CATALOGUE_VERSION, validFrom: '2025-01-01' };
    await kit.send(provinceAdmin, 'POST', `/api/report-catalogue/forms/${id}/versions`, version);
    return [
      {
        action: 'report_form_version.create',
        entity: 'report_form_version',
        entityId: `${id}:2025-01-01`,
        unitId: null,
        before: null,
        after: {
          form: id,
          ...version,
          validTo: '9999-12-31',
          legalBasis: null,
          previousVersion: { validFrom: '2020-01-01', validTo: '2025-01-01' },
        },
      },
    ];
  },

  'PUT /api/report-catalogue/forms/:formId/versions/:validFrom': async (kit) => {
    const id = `KS${randomBytes(2).toString('hex').toUpperCase()}`;
    await reporting.createForm(handle.db, system, {
      id,
      nameVi: 'Báo cáo sửa phiên bản',
      nameEn: 'Edited report',
      version: { ...CATALOGUE_VERSION, validFrom: '2020-01-01', legalBasis: null },
    });
    const edited = { ...CATALOGUE_VERSION, deadlineDaysAfterEnd: 30, reminderOffsets: [-5, 0, 5] };
    await kit.send(provinceAdmin, 'PUT', `/api/report-catalogue/forms/${id}/versions/2020-01-01`, edited);
    const base = { form: id, validFrom: '2020-01-01', validTo: '9999-12-31', legalBasis: null };
    return [
      {
        action: 'report_form_version.update',
        entity: 'report_form_version',
        entityId: `${id}:2020-01-01`,
        unitId: null,
        before: { ...base, ...CATALOGUE_VERSION },
        after: { ...base, ...edited },
      },
    ];
  },

  'POST /api/units/:unitId/report-reminders/:formId/:periodCode': async (kit) => {
    await kit.send(districtAdmin, 'POST', `/api/units/${p.damRong}/report-reminders/SK6T/2023S1`);
    return [
      {
        action: 'report.remind',
        entity: 'report_reminder',
        entityId: 'SK6T:2023S1',
        unitId: p.damRong,
        before: null,
        after: obj({ form: 'SK6T', period: '2023S1', queued: 0 }),
      },
    ];
  },
};

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  app = await testApp(handle);
  system = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  sysAdmin = await signIn([], true);
  provinceAdmin = await signIn([{ role: 'unit_admin', unitId: p.province }]);
  districtAdmin = await signIn([{ role: 'unit_admin', unitId: p.damRong }]);
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

const byKey = (row: { action: string; entityId: string | null; unitId: string | null }) =>
  `${row.action} ${row.entityId ?? ''} ${row.unitId ?? ''}`;

describe('audit completeness', () => {
  it('every mutation route under /api has a recipe, and every recipe a route', () => {
    const routes = routeTableOf(app)
      .filter((r) => MUTATIONS.includes(r.method) && r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(25);
    const missing = routes.filter((key) => !(key in recipes));
    expect(missing, 'mutation routes without an audit recipe in test/audit-completeness.test.ts').toEqual([]);
    expect(Object.keys(recipes).filter((key) => !routes.includes(key))).toEqual([]);
  });

  async function runRecipe(key: string, recipe: Recipe): Promise<void> {
    const kit = new Kit();
    const expected = await recipe(kit);
    expect(kit.reached, 'the recipe makes one call, to its own route').toEqual([key]);
    const rows = await auditRowsAfter(kit.mark!);
    const actual = rows.map(({ id: _, ...row }) => row).sort((a, b) => byKey(a).localeCompare(byKey(b)));
    const wanted = expected
      .map((e) => ({ ...e, actorId: e.actorId === undefined ? (kit.actor?.id ?? null) : e.actorId }))
      .sort((a, b) => byKey(a).localeCompare(byKey(b)));
    expect(actual).toEqual(wanted);
  }

  for (const [key, recipe] of Object.entries(recipes)) {
    it(`${key}: one successful call writes exactly its audit rows`, () => runRecipe(key, recipe));
  }

  // A route with two ways through it: the member import also proposes, for an officer who may not approve.
  it('POST /api/units/:unitId/member-imports in propose mode writes member_proposal.import', () =>
    runRecipe('POST /api/units/:unitId/member-imports', async (kit) => {
      const officer = await signIn([{ role: 'unit_officer', unitId: p.phiLieng }]);
      const file = await membersXlsx([
        templateRow({
          fullName: 'Lò Thị Đề Nghị',
          birthDate: '10/10/1994',
          gender: 'Nữ',
          joinedOn: '01/06/2020',
        }),
      ]);
      const res = await kit.upload(officer, `/api/units/${p.phiLieng}/member-imports`, file, 'Đề nghị.xlsx');
      const job = await importJob(officer, p.phiLieng, res.json<{ jobId: string }>().jobId);
      expect(job, JSON.stringify(job.error)).toMatchObject({
        state: 'done',
        result: { mode: 'propose', created: 1 },
      });
      const [proposal] = await queryRows<{ id: string }>(
        handle.db,
        sql`SELECT id FROM member_proposals WHERE full_name = 'Lò Thị Đề Nghị'`,
      );
      return [
        {
          action: 'member_proposal.import',
          entity: 'member_proposal',
          entityId: null,
          unitId: p.phiLieng,
          before: null,
          after: obj({
            mode: 'propose',
            fileName: 'Đề nghị.xlsx',
            rows: 1,
            approvingUnitId: p.damRong,
            proposalIds: [proposal!.id],
          }),
        },
      ];
    }));

  it('refused logins are audited too, without an actor: unknown user, wrong password, lock-out', async () => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    const attempt = async (username: string, status: number) => {
      const mark = await lastAuditId();
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: `${TEST_PASSWORD}x` },
      });
      expect(res.statusCode).toBe(status);
      return (await auditRowsAfter(mark)).map(({ id: _, ...row }) => row);
    };
    const refused = { actorId: null, entity: 'user', unitId: null, before: null };
    const nobody = `khong.co.${randomBytes(3).toString('hex')}`;
    expect(await attempt(nobody, 401)).toEqual([
      { ...refused, action: 'auth.login_failed', entityId: nobody, after: { reason: 'unknown_user' } },
    ]);
    expect(await attempt(user.username, 401)).toEqual([
      { ...refused, action: 'auth.login_failed', entityId: user.id, after: { failures: 1 } },
    ]);
    // The app allows five failures (LOGIN_MAX_FAILURES): the fifth locks the account.
    for (let i = 2; i <= 4; i += 1) await attempt(user.username, 401);
    expect(await attempt(user.username, 423)).toEqual([
      { ...refused, action: 'auth.locked', entityId: user.id, after: { failures: 5 } },
    ]);
  });

  // Last, after every recipe above has written its rows: the reads that are audited too (a record viewed, a list
  // exported, cards printed, a look-up by CCCD, a unit list exported, a person's own data), then every field of
  // every row written in this file must be named in both languages, as the audit log shows it.
  it('every field an audit row shows has a Vietnamese and an English label', async () => {
    const m = await member(p.phiLieng, { fullName: 'Đinh Thị Nhãn' });
    const reads = [
      `/api/units/${p.damRong}/members/${m.memberId}`,
      `/api/units/${p.damRong}/members/${m.memberId}/export`,
      `/api/units/${p.damRong}/members/export.xlsx?gender=female`,
      `/api/units/${p.damRong}/members/export.xlsx`,
      `/api/units/${p.damRong}/members/${m.memberId}/card.pdf`,
      `/api/units/${p.phiLieng}/member-cards.pdf`,
      `/api/units/${p.damRong}/members?q=${m.person.cccd}`,
      `/api/units/${p.damRong}/export?format=csv`,
    ];
    for (const url of reads) {
      const res = await call(app, districtAdmin, 'GET', url);
      expect(res.statusCode, `GET ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
    }
    const rows = await auditRowsAfter(0);
    const actions = new Set(rows.map((r) => r.action));
    for (const read of [
      'member.view',
      'member.export',
      'member.export_self',
      'member.card_print',
      'unit.export',
    ])
      expect(actions, read).toContain(read);
    const catalogs = { vi: viCatalog as Record<string, string>, en: enCatalog as Record<string, string> };
    for (const [lang, catalog] of Object.entries(catalogs)) {
      const unlabelled = rows.flatMap((r) =>
        [...auditFieldKeysOf(r.before), ...auditFieldKeysOf(r.after)]
          .filter((key) => !catalog[`auditField.${key}`])
          .map((key) => `${r.action}: ${key}`),
      );
      expect([...new Set(unlabelled)], `audit fields without a label in ${lang}`).toEqual([]);
    }
  });
});
