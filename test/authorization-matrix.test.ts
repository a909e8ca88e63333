/**
 * The authorization matrix, generated from the app's route table. A district administrator (Đam Rông) calls every
 * route; each route has a request template whose every id is one the district owns, tagged with its kind (unit,
 * member, proposal, import job, user, role grant). The matrix replaces one id at a time with an id of the same kind
 * from outside the district — another district, the province above, another province, a member who moved away, a
 * user with one role outside — and expects the exact refusal: 403 for a unit, user or grant out of scope, 404 for a
 * member, proposal or job the unit does not hold now. After the whole sweep the row count of every table is what it
 * was: nothing was written.
 *
 * A route without a template fails the matrix, so does a unit id in a request that the route does not declare in its
 * access (unless listed below with the reason), and so does a route declared `authenticated` that is not in the list
 * of what such routes may return.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import { queryRows, sql } from '../src/platform/db';
import { routeTableOf, type App, type RouteAccess, type RouteInfo } from '../src/platform/http';
import type { Actor } from '../src/features/access/model';
import { grantsOf } from '../src/features/access/store';
import { loadActor } from '../src/features/access/service';
import { proposeMembers, transferMember } from '../src/features/members/service';
import { admitMember, membersXlsx, personFixture, templateRow } from '../src/features/members/test-factories';
import { unitTemplateColumns } from '../src/features/organisation/services/unit-file';
import { createTestDatabase } from './support/db';
import {
  buildProvince,
  call,
  freshPassword,
  importJobEnd,
  logIn,
  makeUser,
  testApp,
  uploadFile,
  type Session,
} from './support/factories';

type Kind = 'unit' | 'member' | 'proposal' | 'job' | 'user' | 'grant';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request with «token» placeholders for the district's own objects. */
interface Template {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

const TOKENS: Record<string, Kind> = {
  '«cdcs»': 'unit',
  '«cdcs2»': 'unit',
  '«district»': 'unit',
  '«member»': 'member',
  '«proposal»': 'proposal',
  '«job»': 'job',
  '«user»': 'user',
  '«grant»': 'grant',
};

const ON = '2026-03-01';
/** A report form and period the reads answer for. */
const REPORT = { formId: 'SK6T', periodCode: '2023S1' };
const strong = freshPassword();

/** Every route's request, filled with ids the district owns (system routes: any body, the answer is 403). */
const TEMPLATES: Record<string, Template> = {
  // access
  'POST /api/users': {
    body: {
      username: 'ma.tran.moi',
      fullName: 'Người Thử Ma Trận',
      password: strong,
      grants: [{ role: 'unit_viewer', unitId: '«cdcs»' }],
    },
  },
  'GET /api/users/:userId': { params: { userId: '«user»' } },
  'PATCH /api/users/:userId': { params: { userId: '«user»' }, body: { fullName: 'Tên Mới Ma Trận' } },
  'POST /api/users/:userId/password': { params: { userId: '«user»' }, body: { password: strong } },
  'POST /api/users/:userId/grants': {
    params: { userId: '«user»' },
    body: { role: 'unit_viewer', unitId: '«cdcs»' },
  },
  'DELETE /api/grants/:grantId': { params: { grantId: '«grant»' } },
  'GET /api/audit': { query: { unitId: '«cdcs»' } },
  // members
  'GET /api/units/:unitId/members': { params: { unitId: '«district»' }, query: { q: 'nguyen' } },
  'GET /api/units/:unitId/member-stats': { params: { unitId: '«district»' } },
  'GET /api/units/:unitId/dashboard': { params: { unitId: '«district»' } },
  'GET /api/units/:unitId/members/:memberId': { params: { unitId: '«cdcs»', memberId: '«member»' } },
  'GET /api/units/:unitId/members/:memberId/export': { params: { unitId: '«cdcs»', memberId: '«member»' } },
  'GET /api/units/:unitId/members/:memberId/card.pdf': { params: { unitId: '«cdcs»', memberId: '«member»' } },
  'GET /api/units/:unitId/member-cards.pdf': { params: { unitId: '«district»' }, query: { ids: '«member»' } },
  'PATCH /api/units/:unitId/members/:memberId': {
    params: { unitId: '«cdcs»', memberId: '«member»' },
    body: { phone: '0912000111', version: 1 },
  },
  'POST /api/units/:unitId/members/:memberId/transfer': {
    params: { unitId: '«cdcs»', memberId: '«member»' },
    body: { toUnitId: '«cdcs2»', effectiveOn: ON },
  },
  'POST /api/units/:unitId/members/:memberId/leave': {
    params: { unitId: '«cdcs»', memberId: '«member»' },
    body: { effectiveOn: ON, reason: 'resigned', fromUnitId: '«cdcs»' },
  },
  'POST /api/units/:unitId/members/:memberId/reinstate': {
    params: { unitId: '«cdcs»', memberId: '«member»' },
    body: { toUnitId: '«cdcs»', effectiveOn: ON },
  },
  'POST /api/units/:unitId/members/:memberId/death': {
    params: { unitId: '«cdcs»', memberId: '«member»' },
    body: { effectiveOn: ON },
  },
  'POST /api/units/:unitId/members/transfer-all': {
    params: { unitId: '«cdcs2»' },
    body: { toUnitId: '«cdcs»', effectiveOn: ON },
  },
  'GET /api/units/:unitId/member-proposals': { params: { unitId: '«cdcs»' } },
  'POST /api/units/:unitId/member-proposals': { params: { unitId: '«cdcs»' }, body: { people: [] } },
  'PUT /api/units/:unitId/member-proposals/:proposalId': {
    params: { unitId: '«cdcs»', proposalId: '«proposal»' },
    body: { ...personFixture(), fullName: 'Đỗ Thị Sửa Hồ Sơ', version: 1 },
  },
  'DELETE /api/units/:unitId/member-proposals/:proposalId': {
    params: { unitId: '«cdcs»', proposalId: '«proposal»' },
  },
  'POST /api/units/:unitId/member-proposals/decisions': {
    params: { unitId: '«district»' },
    body: { decisions: [{ proposalId: '«proposal»', decision: 'approve' }] },
  },
  'GET /api/units/:unitId/member-template.xlsx': { params: { unitId: '«cdcs»' } },
  'POST /api/units/:unitId/member-imports': { params: { unitId: '«cdcs»' } },
  'GET /api/units/:unitId/member-imports/:jobId': { params: { unitId: '«cdcs»', jobId: '«job»' } },
  'GET /api/units/:unitId/members/export.xlsx': { params: { unitId: '«district»' } },
  // reporting
  'GET /api/units/:unitId/reports/:formId/:periodCode': {
    params: { unitId: '«cdcs»', formId: 'SK6T', periodCode: '2025S1' },
  },
  'PUT /api/units/:unitId/reports/:formId/:periodCode': {
    params: { unitId: '«cdcs»', formId: 'SK6T', periodCode: '2025S1' },
    body: { version: null, values: { field_visits: 2 } },
  },
  'POST /api/units/:unitId/reports/:formId/:periodCode/submit': {
    params: { unitId: '«cdcs»', formId: 'SK6T', periodCode: '2025S1' },
    body: { version: 1 },
  },
  'POST /api/units/:unitId/reports/:formId/:periodCode/approve': {
    params: { unitId: '«cdcs»', formId: 'SK6T', periodCode: '2025S1' },
    body: { version: 1 },
  },
  'POST /api/units/:unitId/reports/:formId/:periodCode/return': {
    params: { unitId: '«cdcs»', formId: 'SK6T', periodCode: '2025S1' },
    body: { version: 1, comment: 'Thiếu số liệu' },
  },
  'POST /api/units/:unitId/reports/:formId/:periodCode/reopen': {
    params: { unitId: '«cdcs»', formId: 'SK6T', periodCode: '2025S1' },
    body: { version: 1, comment: 'Sai số liệu' },
  },
  'GET /api/units/:unitId/report-totals/:formId/:periodCode': {
    params: { unitId: '«district»', formId: 'SK6T', periodCode: '2025S1' },
  },
  'GET /api/units/:unitId/report-breakdown/:formId/:periodCode': {
    params: { unitId: '«district»', formId: 'SK6T', periodCode: '2025S1' },
  },
  'GET /api/units/:unitId/report-completeness/:formId/:periodCode': {
    params: { unitId: '«district»', formId: 'SK6T', periodCode: '2025S1' },
  },
  'GET /api/units/:unitId/report-approvals': {
    params: { unitId: '«district»' },
    query: { status: 'approved', formId: 'SK6T', periodCode: '2023S1', page: '1', pageSize: '20' },
  },
  'GET /api/units/:unitId/report-targets': { params: { unitId: '«district»' }, query: { year: '2025' } },
  'PUT /api/units/:unitId/report-targets': {
    params: { unitId: '«district»' },
    body: { year: 2025, targets: [{ unitId: '«cdcs»', indicatorCode: 'field_visits', value: 5 }] },
  },
  'POST /api/units/:unitId/report-reminders/:formId/:periodCode': {
    params: { unitId: '«district»', formId: 'SK6T', periodCode: '2023S1' },
  },
  'GET /api/units/:unitId/report-reminders': {
    params: { unitId: '«district»' },
    query: { formId: 'SK6T', periodCode: '2023S1' },
  },
  'GET /api/units/:unitId/report-template/:formId/:periodCode': {
    params: { unitId: '«district»', ...REPORT },
  },
  'POST /api/units/:unitId/report-import/:formId/:periodCode': {
    params: { unitId: '«district»', ...REPORT },
  },
  'POST /api/units/:unitId/report-values/:formId/:periodCode': {
    params: { unitId: '«district»', ...REPORT },
    body: { reports: [{ unitCode: 'KHONG-CO', values: {} }] },
  },
  'GET /api/units/:unitId/report-targets.xlsx': { params: { unitId: '«district»' }, query: { year: '2024' } },
  'POST /api/units/:unitId/report-targets-import': { params: { unitId: '«district»' } },
  'GET /api/units/:unitId/report-totals.xlsx/:formId/:periodCode': {
    params: { unitId: '«district»', ...REPORT },
  },
  'GET /api/units/:unitId/report-breakdown.xlsx/:formId/:periodCode': {
    params: { unitId: '«district»', ...REPORT },
    query: { indicator: 'tet_gifts' },
  },
  'GET /api/units/:unitId/report-document/:formId/:periodCode': {
    params: { unitId: '«district»', formId: 'SK6T', periodCode: '2023S1' },
    query: { format: 'docx' },
  },
  // organisation
  'GET /api/units/:unitId': { params: { unitId: '«cdcs»' } },
  'GET /api/units/:unitId/children': { params: { unitId: '«district»' } },
  'GET /api/units/:unitId/subtree': { params: { unitId: '«district»' } },
  'GET /api/units/:unitId/events': { params: { unitId: '«cdcs»' } },
  'GET /api/units/:unitId/export': { params: { unitId: '«district»' } },
  'PATCH /api/units/:unitId': { params: { unitId: '«cdcs»' }, body: { address: 'Thôn 1, xã Phi Liêng' } },
  'POST /api/units': {
    body: {
      parentId: '«district»',
      code: 'MT-MOI',
      name: 'CĐCS Ma Trận Mới',
      typeId: 'grassroots_union',
      effectiveOn: ON,
    },
  },
  'POST /api/units/:unitId/rename': {
    params: { unitId: '«cdcs»' },
    body: { name: 'CĐCS Tên Mới Ma Trận', effectiveOn: ON },
  },
  'POST /api/units/:unitId/move': {
    params: { unitId: '«cdcs2»' },
    body: { newParentId: '«district»', effectiveOn: ON },
  },
  'POST /api/units/:unitId/dissolve': {
    params: { unitId: '«cdcs2»' },
    body: { effectiveOn: ON, childMoves: [{ unitId: '«cdcs»', newParentId: '«district»' }] },
  },
  'POST /api/units/merge': {
    body: {
      sourceIds: ['«cdcs2»'],
      targetId: '«cdcs»',
      newUnit: {
        parentId: '«district»',
        code: 'MT-GOP',
        name: 'CĐCS Ma Trận Gộp',
        typeId: 'grassroots_union',
      },
      childMoves: [{ unitId: '«cdcs»', newParentId: '«district»' }],
      effectiveOn: ON,
    },
  },
  'POST /api/units/:unitId/split': {
    params: { unitId: '«cdcs»' },
    body: {
      newUnits: [{ code: 'MT-TACH', name: 'CĐCS Ma Trận Tách', typeId: 'grassroots_union' }],
      childMoves: [{ unitId: '«cdcs2»', newParentId: '«district»' }],
      effectiveOn: ON,
    },
  },
  'POST /api/restructurings': {
    body: {
      found: [
        {
          key: 'k',
          code: 'MT-SX',
          name: 'CĐCS Ma Trận Sắp Xếp',
          typeId: 'grassroots_union',
          parentId: '«district»',
        },
      ],
      moves: [{ unitId: '«cdcs2»', newParentId: '«district»' }],
      dissolve: ['«cdcs»'],
      effectiveOn: ON,
    },
  },
  'POST /api/units/:unitId/import': { params: { unitId: '«district»' } },
  'PUT /api/unit-types/:id': { params: { typeId: 'grassroots_union' }, body: {} },
  'PUT /api/unit-groups/:id': { params: { groupId: 'education' }, body: { name: 'Khối mới' } },
  'PUT /api/sectors/:id': {
    params: { sectorId: 'education' },
    body: { nameVi: 'Giáo dục', nameEn: 'Education', shortVi: 'Giáo dục', validFrom: '1950-01-01' },
  },
};

/**
 * Ids that a route takes without guarding them at the door, with the answer the service gives for a foreign one
 * (or `null`: not refused, for the reason given).
 */
const UNGUARDED: Record<string, { status: number | null; why: string }> = {
  'POST /api/units/:unitId/members/:memberId/transfer body.toUnitId': {
    status: null,
    why: 'the receiving unit may be anywhere in the country; the sending side records the transfer',
  },
  'POST /api/units/:unitId/members/:memberId/leave body.fromUnitId': {
    status: 422,
    why: 'it only chooses among the stays the member holds under the unit in the path',
  },
  'PUT /api/units/:unitId/report-targets body.targets[].unitId': {
    status: 400,
    why: 'targets are given only to the units directly below the unit in the path; another is refused in its row',
  },
  'POST /api/units/:unitId/member-proposals/decisions body.decisions[].proposalId': {
    status: 400,
    why: 'a list of decisions is answered row by row: a proposal not this unit’s to decide is "not found" in its row',
  },
};

/** What the reads among them need in their query to answer. */
const AUTHENTICATED_QUERY: Record<string, string> = { 'GET /api/units/search': 'q=phi' };

/** What each `authenticated` route may return, and so what the matrix checks it never lists from outside. */
const AUTHENTICATED: Record<string, string> = {
  'POST /api/auth/logout': 'ends the caller’s own session',
  'GET /api/auth/me': 'the caller, their grants and permissions',
  'POST /api/auth/password': 'changes the caller’s own password (the current one is asked)',
  'GET /api/users': 'the users whose every role lies in the caller’s scope',
  'GET /api/person-values': 'the value lists of a person’s fields (the 54 ethnic groups, religions …)',
  'GET /api/units/roots': 'the tops of the caller’s subtrees',
  'GET /api/units/search': 'units in the caller’s scope; country-wide names for those who record transfers',
  'GET /api/unit-types': 'the unit types and their rules (reference data)',
  'GET /api/sectors': 'the sectors and their dates (reference data)',
  'GET /api/unit-template.xlsx': 'the empty unit template',
  'GET /api/reporting/catalogue': 'the report forms, periods and indicators (reference data)',
  'GET /api/report-catalogue':
    'the report catalogue as its editor reads it (reference data) and whether the caller may edit',
  // The catalogue belongs to no unit: a change is for the top union's administrators, checked in the service
  // (CATALOGUE_CHANGES below: a district administrator is refused each one).
  'POST /api/report-catalogue/indicators': 'adds an indicator to the catalogue (top union only)',
  'PATCH /api/report-catalogue/indicators/:code': 'edits an indicator of the catalogue (top union only)',
  'POST /api/report-catalogue/period-types': 'adds a period type (top union only)',
  'POST /api/report-catalogue/forms': 'adds a report form (top union only)',
  'POST /api/report-catalogue/forms/:formId/versions': 'adds a version of a report form (top union only)',
  'PUT /api/report-catalogue/forms/:formId/versions/:validFrom':
    'edits a version of a report form (top union only)',
};

/** A valid request for each change of the report catalogue: a district administrator must get 403 for each. */
const CATALOGUE_VERSION = {
  periodTypeId: 'year',
  deadlineDaysAfterEnd: 10,
  reminderOffsets: [0],
  fillerTypes: ['grassroots_union'],
  sections: [{ titleVi: 'Hoạt động', titleEn: 'Activities', indicators: ['field_visits'] }],
  rules: [],
};
const CATALOGUE_CHANGES: Record<string, { url: string; body: unknown }> = {
  'POST /api/report-catalogue/indicators': {
    url: '/api/report-catalogue/indicators',
    body: {
      code: 'ma_tran_moi',
      nameVi: 'Chỉ tiêu ma trận',
      nameEn: 'Matrix indicator',
      measure: 'lượt',
      valueType: 'count',
      aggregation: 'sum',
      source: 'typed',
    },
  },
  'PATCH /api/report-catalogue/indicators/:code': {
    url: '/api/report-catalogue/indicators/field_visits',
    body: { nameVi: 'Đi cơ sở (ma trận)' },
  },
  'POST /api/report-catalogue/period-types': {
    url: '/api/report-catalogue/period-types',
    body: {
      id: 'ma_tran_nam',
      nameVi: 'Năm ma trận',
      nameEn: 'Matrix year',
      definition: {
        codeStyle: 'year',
        parts: [{ n: 1, start: { month: 1, day: 1 }, end: { month: 12, day: 31 } }],
      },
    },
  },
  'POST /api/report-catalogue/forms': {
    url: '/api/report-catalogue/forms',
    body: {
      id: 'MATRAN',
      nameVi: 'Biểu ma trận',
      nameEn: 'Matrix form',
      version: { ...CATALOGUE_VERSION, validFrom: '2020-01-01' },
    },
  },
  'POST /api/report-catalogue/forms/:formId/versions': {
    url: '/api/report-catalogue/forms/SK6T/versions',
    body: { ...CATALOGUE_VERSION, validFrom: '2026-01-01' },
  },
  'PUT /api/report-catalogue/forms/:formId/versions/:validFrom': {
    url: '/api/report-catalogue/forms/SK6T/versions/2010-01-01',
    body: CATALOGUE_VERSION,
  },
};
const PUBLIC = new Set(['GET /api/health', 'POST /api/auth/login', 'GET /api/auth/session']);

let handle: DatabaseHandle;
let app: App;
let session: Session;
let a: Awaited<ReturnType<typeof buildProvince>>;
let b: Awaited<ReturnType<typeof buildProvince>>;
let own: Record<string, string>;
let foreign: Record<Kind, Record<string, string>>;
let system: Actor;

const routeKey = (r: RouteInfo) => `${r.method} ${r.url}`;
const apiRoutes = () =>
  routeTableOf(app).filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));

async function jobOf(s: Session, unitId: string, file: Buffer): Promise<string> {
  const res = await uploadFile(app, s, `/api/units/${unitId}/member-imports`, file, 'Danh sách.xlsx', {
    mode: 'register',
  });
  expect(res.statusCode, res.body).toBe(202);
  const jobId = res.json<{ jobId: string }>().jobId;
  await jobEnd(s, unitId, jobId);
  return jobId;
}

const jobEnd = (s: Session, unitId: string, jobId: string) => importJobEnd(app, s, unitId, jobId);

const row = (n: number) =>
  templateRow({
    fullName: `Vũ Thị Ma Trận ${n}`,
    birthDate: '02/02/1990',
    gender: 'Nữ',
    joinedOn: '01/01/2020',
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  a = await buildProvince(handle);
  b = await buildProvince(handle, 'LĐLĐ tỉnh Khánh Hòa');
  app = await testApp(handle);
  system = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  const districtAdmin = await makeUser(handle, [{ role: 'unit_admin', unitId: a.damRong }]);
  session = await logIn(app, districtAdmin.username);
  const lamHaAdmin = await makeUser(handle, [{ role: 'unit_admin', unitId: a.lamHa }]);
  const lamHaSession = await logIn(app, lamHaAdmin.username);

  const member = await admitMember(handle.db, system, a.phiLieng, personFixture(), '2024-02-01');
  const proposal = await proposeMembers(handle.db, system, a.phiLieng, { people: [personFixture()] });
  const ownUser = await makeUser(handle, [{ role: 'unit_viewer', unitId: a.phiLieng }]);
  own = {
    '«cdcs»': a.phiLieng,
    '«cdcs2»': a.damRongClinic,
    '«district»': a.damRong,
    '«member»': member.memberId,
    '«proposal»': proposal.proposals[0]!.id,
    '«job»': await jobOf(session, a.phiLieng, await membersXlsx([row(1)])),
    '«user»': ownUser.id,
    '«grant»': (await grantsOf(handle.db, ownUser.id))[0]!.id,
  };

  const movedAway = await admitMember(handle.db, system, a.phiLieng, personFixture(), '2024-02-01');
  await transferMember(handle.db, system, a.phiLieng, movedAway.memberId, {
    toUnitId: a.lamHaSchool,
    effectiveOn: '2025-05-01',
  });
  const mixed = await makeUser(handle, [
    { role: 'unit_viewer', unitId: a.phiLieng },
    { role: 'unit_viewer', unitId: a.lamHaCoffee },
  ]);
  const sysadmin = await makeUser(handle, [], { isSystemAdmin: true });
  foreign = {
    unit: {
      'another district (Lâm Hà)': a.lamHa,
      'a CĐCS of another district': a.lamHaCoffee,
      'the province above': a.province,
      'another province': b.province,
      'a CĐCS in another province': b.phiLieng,
    },
    member: {
      'a member of another district': (await admitMember(handle.db, system, a.lamHaCoffee, personFixture()))
        .memberId,
      'a member in another province': (await admitMember(handle.db, system, b.phiLieng, personFixture()))
        .memberId,
      'a member who moved away from the district': movedAway.memberId,
    },
    proposal: {
      'a proposal of another district': (
        await proposeMembers(handle.db, system, a.lamHaCoffee, { people: [personFixture()] })
      ).proposals[0]!.id,
      'a proposal in another province': (
        await proposeMembers(handle.db, system, b.phiLieng, { people: [personFixture()] })
      ).proposals[0]!.id,
    },
    job: {
      'an import of another district': await jobOf(lamHaSession, a.lamHaCoffee, await membersXlsx([row(2)])),
    },
    user: {
      'the administrator of another district': lamHaAdmin.id,
      'a user with one role outside the district': mixed.id,
      'a system administrator': sysadmin.id,
    },
    grant: {
      'a role given in another district': (await grantsOf(handle.db, lamHaAdmin.id))[0]!.id,
      'the in-district role of a user who also holds one outside': (await grantsOf(handle.db, mixed.id)).find(
        (g) => g.unitId === a.phiLieng,
      )!.id,
    },
  };
});

afterAll(async () => {
  await app.close();
  await handle.close();
});

/** Every table's row count (sessions and jobs aside: signing in writes a session, a refused import still records its job). */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    handle.db,
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sessions', 'jobs') ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql.raw(`SELECT count(*)::int AS n FROM "${name}"`),
    );
    counts[name] = row!.n;
  }
  return counts;
}

/** The places in a template that hold a token: "params.unitId", "body.childMoves[].unitId", "body.sourceIds[]". */
function slotsOf(value: unknown, path: string, found: { path: string; token: string }[] = []) {
  if (typeof value === 'string') {
    if (value in TOKENS) found.push({ path, token: value });
  } else if (Array.isArray(value)) {
    for (const item of value) slotsOf(item, `${path}[]`, found);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) slotsOf(inner, path ? `${path}.${key}` : key, found);
  }
  return found;
}

/** The template with the token at `path` replaced by `replacement`, every other token by the district's own id. */
function fill(value: unknown, path: string, target: string, replacement: string): unknown {
  if (typeof value === 'string')
    return value in TOKENS ? (path === target ? replacement : own[value]) : value;
  if (Array.isArray(value)) return value.map((item) => fill(item, `${path}[]`, target, replacement));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        fill(inner, path ? `${path}.${key}` : key, target, replacement),
      ]),
    );
  return value;
}

function requestOf(route: RouteInfo, template: Template, target = '', replacement = '') {
  const filled = fill(
    { params: template.params ?? {}, query: template.query ?? {}, body: template.body },
    '',
    target,
    replacement,
  ) as {
    params: Record<string, string>;
    query: Record<string, string>;
    body: unknown;
  };
  let url = route.url.replace(/:(\w+)/g, (_, name: string) => filled.params[name] ?? `:${name}`);
  const search = new URLSearchParams(filled.query).toString();
  if (search) url += `?${search}`;
  return { url, body: filled.body };
}

function declaredPaths(access: RouteAccess): string[] {
  return access.kind === 'units' ? access.paths : [];
}

function expectedStatus(route: RouteInfo, path: string, kind: Kind): number | null {
  const unguarded = UNGUARDED[`${routeKey(route)} ${path}`];
  if (unguarded) return unguarded.status;
  if (kind === 'unit' || kind === 'user' || kind === 'grant') return 403;
  return 404;
}

describe('authorization matrix', () => {
  it('every /api route declares its access, has a template or is listed with what it may return', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const route of routes) {
      const key = routeKey(route);
      expect(route.access, key).toBeDefined();
      const kind = route.access!.kind;
      if (kind === 'public') expect(PUBLIC.has(key), `${key} is public`).toBe(true);
      else if (kind === 'authenticated')
        expect(AUTHENTICATED[key], `${key} is authenticated but not listed`).toBeDefined();
      else if (!TEMPLATES[key]) missing.push(key);
    }
    expect(missing).toEqual([]);
    const used = new Set(routes.map(routeKey));
    for (const key of [...Object.keys(TEMPLATES), ...Object.keys(AUTHENTICATED)])
      expect(used.has(key), key).toBe(true);
  });

  it('a route without an access declaration stops the app from starting', async () => {
    const { buildHttpApp } = await import('../src/platform/http');
    const { testConfig } = await import('./support/factories');
    const bare = await buildHttpApp(
      { db: handle.db, config: testConfig() },
      {
        resolveSession: async () => null,
        checkUnits: async () => {},
        checkUser: async () => {},
        checkGrant: async () => {},
      },
    );
    expect(() => bare.get('/api/forgotten', async () => ({}))).toThrow(/config.access/);
    await bare.close();
  });

  it('every unit id a request carries is guarded at the door, or listed with the service’s answer', () => {
    const unguarded: string[] = [];
    for (const route of apiRoutes()) {
      const template = TEMPLATES[routeKey(route)];
      if (!template || route.access?.kind !== 'units') continue;
      const slots = slotsOf(
        { params: template.params ?? {}, query: template.query ?? {}, body: template.body },
        '',
      );
      for (const slot of slots) {
        if (TOKENS[slot.token] !== 'unit') continue;
        if (!declaredPaths(route.access).includes(slot.path) && !UNGUARDED[`${routeKey(route)} ${slot.path}`])
          unguarded.push(`${routeKey(route)} ${slot.path}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('each id from outside the district, in every place a request holds one, gets the exact refusal; nothing is written', async () => {
    const before = await rowCounts();
    const outcomes: string[] = [];
    let checked = 0;
    for (const route of apiRoutes()) {
      const template = TEMPLATES[routeKey(route)];
      if (!template) continue;
      if (route.access?.kind === 'system') {
        const { url, body } = requestOf(route, template);
        const res = await call(app, session, route.method as Method, url, body);
        checked += 1;
        if (res.statusCode !== 403) outcomes.push(`${routeKey(route)} → ${res.statusCode}, expected 403`);
        continue;
      }
      const slots = slotsOf(
        { params: template.params ?? {}, query: template.query ?? {}, body: template.body },
        '',
      );
      for (const slot of slots) {
        const kind = TOKENS[slot.token]!;
        const expected = expectedStatus(route, slot.path, kind);
        if (expected === null) continue;
        for (const [label, id] of Object.entries(foreign[kind])) {
          const { url, body } = requestOf(route, template, slot.path, id);
          const res = await call(app, session, route.method as Method, url, body);
          checked += 1;
          if (res.statusCode !== expected)
            outcomes.push(
              `${routeKey(route)} ${slot.path} = ${label} → ${res.statusCode}, expected ${expected}: ${res.body.slice(0, 160)}`,
            );
          else if (String(res.headers['content-type']).includes('json'))
            expect((res.json() as { message: string }).message.length).toBeGreaterThan(5);
        }
      }
    }
    expect(outcomes).toEqual([]);
    expect(checked).toBeGreaterThan(150);
    expect(await rowCounts()).toEqual(before);
  });

  it('every read route answers 200 with the district’s own ids (the matrix is not vacuous)', async () => {
    for (const route of apiRoutes()) {
      const template = TEMPLATES[routeKey(route)];
      if (!template || route.method !== 'GET') continue;
      const { url } = requestOf(route, template);
      const res = await call(app, session, 'GET', url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('a member import naming a foreign member by code or by CCCD writes nothing and does not name them', async () => {
    const [other] = await queryRows<{ code: string; cccd: string; fullName: string }>(
      handle.db,
      sql`SELECT code, cccd, full_name AS "fullName" FROM members
          WHERE id = ${foreign.member['a member in another province']!}::uuid`,
    );
    const before = await rowCounts();
    const person = { birthDate: '03/03/1991', gender: 'Nam', joinedOn: '01/01/2020' };
    for (const cells of [
      { ...person, fullName: 'Vũ Văn Lạ', memberCode: other!.code },
      { ...person, fullName: 'Vũ Văn Trùng', cccd: other!.cccd },
    ]) {
      const res = await uploadFile(
        app,
        session,
        `/api/units/${a.phiLieng}/member-imports`,
        await membersXlsx([templateRow(cells)]),
        'Danh sách.xlsx',
        { mode: 'register' },
      );
      expect(res.statusCode, res.body).toBe(202);
      const job = await jobEnd(session, a.phiLieng, res.json<{ jobId: string }>().jobId);
      expect(job.state, JSON.stringify(job)).toBe('failed');
      expect(JSON.stringify(job)).not.toContain(other!.fullName);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('a unit import whose rows name a parent outside the district is refused, nothing written', async () => {
    const [parent] = await queryRows<{ code: string }>(
      handle.db,
      sql`SELECT code FROM units WHERE id = ${a.lamHa}::uuid`,
    );
    const before = await rowCounts();
    const csv = [
      unitTemplateColumns.join(','),
      [
        'MT-NGOAI',
        'CĐCS Trường ngoài phạm vi',
        '',
        'Công đoàn cơ sở',
        parent!.code,
        '',
        '',
        '',
        '',
        '',
        '02/09/2012',
      ].join(','),
    ].join('\n');
    const res = await uploadFile(app, session, `/api/units/${a.damRong}/import`, csv, 'Đơn vị.csv');
    expect(res.statusCode, res.body).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it('lists answered to any signed-in user never show units, users or members outside the district', async () => {
    const outside = new Set([
      // The province above is named as the place of the district's units (their ancestors), as the public tree does.
      ...Object.entries(foreign.unit)
        .filter(([label]) => label !== 'the province above')
        .map(([, id]) => id),
      ...Object.values(foreign.user),
      // Who moved away stays in the district's lists as of a day they were here: the history line, not the record.
      ...Object.entries(foreign.member)
        .filter(([label]) => label !== 'a member who moved away from the district')
        .map(([, id]) => id),
    ]);
    const idsIn = (value: unknown, found = new Set<string>()): Set<string> => {
      if (Array.isArray(value)) for (const item of value) idsIn(item, found);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'id' && typeof inner === 'string') found.add(inner);
          else idsIn(inner, found);
        }
      return found;
    };
    const reads = [
      ...Object.keys(AUTHENTICATED).filter((k) => k.startsWith('GET ')),
      ...Object.keys(TEMPLATES).filter(
        (k) => k.startsWith('GET ') && !k.includes(':memberId') && !k.includes(':jobId'),
      ),
    ];
    for (const key of reads) {
      const route = apiRoutes().find((r) => routeKey(r) === key)!;
      const base = TEMPLATES[key]
        ? requestOf(route, TEMPLATES[key]).url
        : `${route.url}${AUTHENTICATED_QUERY[key] ? `?${AUTHENTICATED_QUERY[key]}` : ''}`;
      const variant = (params: Record<string, string>) => {
        const url = new URL(base, 'http://matrix');
        for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
        return `${url.pathname}${url.search}`;
      };
      for (const url of [base, variant({ q: 'ng', at: '2024-01-01' }), variant({ q: 'lam ha' })]) {
        const res = await call(app, session, 'GET', url);
        expect(res.statusCode, url).toBeLessThan(300);
        if (!String(res.headers['content-type']).includes('json')) continue;
        for (const id of idsIn(res.json())) expect(outside.has(id), `${url} lists ${id}`).toBe(false);
      }
    }
  });

  it('the report catalogue is changed only from the top union: a district administrator is refused each change', async () => {
    const changes = apiRoutes()
      .filter((r) => r.url.startsWith('/api/report-catalogue') && r.method !== 'GET')
      .map(routeKey);
    expect(changes.sort()).toEqual(Object.keys(CATALOGUE_CHANGES).sort());
    const before = await rowCounts();
    for (const [key, { url, body }] of Object.entries(CATALOGUE_CHANGES)) {
      const res = await call(app, session, key.split(' ')[0] as Method, url, body);
      expect(res.statusCode, `${key}: ${res.body.slice(0, 200)}`).toBe(403);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('without a session every non-public route answers 401', async () => {
    for (const route of apiRoutes().filter((r) => r.access?.kind !== 'public')) {
      const url = route.url.replace(/:(\w+)/g, a.phiLieng);
      const res = await app.inject({
        method: route.method as Method,
        url,
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      expect(res.statusCode, routeKey(route)).toBe(401);
    }
  });
});
