/**
 * The catalogue editor on the real database: who may edit (the administrator of the top union, a system
 * administrator; not a district's), indicators with their formulas and "of which" links, period types checked by
 * periods.ts, forms and versions checked against the catalogue; what reports already hold is protected (409s that
 * say what to do instead); every change audited; an edit read at once by the entry form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { queryRows, sql } from '../../platform/db';
import type { App } from '../../platform/http';
import { todayIso } from '../../lib/dates';
import { createTestDatabase } from '../../../test/support/db';
import { rejects } from '../../../test/support/errors';
import { buildProvince, call, logIn, makeUser, testApp } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { actorWith, systemAdmin } from '../members/test-factories';
import type { CreateFormVersionRequest, CreateIndicatorRequest } from './catalogue-contract';
import * as service from './service';

let handle: DatabaseHandle;
let admin: Actor;
let topAdmin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await systemAdmin(handle);
  p = await buildProvince(handle);
  topAdmin = await actorWith(handle, 'unit_admin', p.province);
});
afterAll(async () => handle.close());

const indicator = (over: Partial<CreateIndicatorRequest> = {}): CreateIndicatorRequest => ({
  code: `thu_${Math.random().toString(36).slice(2, 8)}`,
  nameVi: 'Số lớp tập huấn kỹ năng số',
  nameEn: 'Digital skills classes',
  measure: 'lớp',
  description: 'Các lớp do công đoàn tổ chức hoặc phối hợp tổ chức trong kỳ.',
  valueType: 'count',
  aggregation: 'sum',
  source: 'typed',
  formula: null,
  ...over,
});

const version = (
  indicators: string[],
  over: Partial<CreateFormVersionRequest> = {},
): CreateFormVersionRequest => ({
  validFrom: '2020-01-01',
  periodTypeId: 'year',
  deadlineDaysAfterEnd: 15,
  reminderOffsets: [-3, 0],
  fillerTypes: ['grassroots_union'],
  sections: [{ titleVi: 'Hoạt động', titleEn: 'Activities', indicators }],
  rules: [],
  legalBasis: null,
  ...over,
});

async function auditOf(entityId: string) {
  return queryRows<{ action: string; actorId: string; before: unknown; after: unknown }>(
    handle.db,
    sql`SELECT action, actor_id AS "actorId", before, after FROM audit_log
        WHERE entity_id = ${entityId} AND action LIKE 'report\\_%' ORDER BY id`,
  );
}

async function problemsOf(promise: Promise<unknown>, code = 'report_config_invalid') {
  return (await rejects(promise, code)).problems;
}

describe('who may edit the catalogue', () => {
  it('the administrator of the top union and a system administrator; not a district, not an officer', async () => {
    expect(await service.canEditCatalogue(handle.db, admin)).toBe(true);
    expect(await service.canEditCatalogue(handle.db, topAdmin)).toBe(true);
    const district = await actorWith(handle, 'unit_admin', p.damRong);
    const officer = await actorWith(handle, 'unit_officer', p.province);
    for (const actor of [district, officer]) {
      expect(await service.canEditCatalogue(handle.db, actor)).toBe(false);
      await rejects(service.createIndicator(handle.db, actor, indicator()), 'forbidden');
      await rejects(service.updateIndicator(handle.db, actor, 'field_visits', { nameVi: 'X' }), 'forbidden');
    }
    expect((await service.getCatalogueForEditor(handle.db, district)).canEdit).toBe(false);
  });
});

describe('indicators', () => {
  it('creates an indicator, audited with what it is', async () => {
    const input = indicator();
    await service.createIndicator(handle.db, topAdmin, input);
    const read = await service.getCatalogueForEditor(handle.db, topAdmin);
    expect(read.indicators.find((i) => i.code === input.code)).toMatchObject({
      nameVi: input.nameVi,
      description: input.description,
      measure: 'lớp',
      active: true,
    });
    expect(await auditOf(input.code)).toEqual([
      {
        action: 'report_indicator.create',
        actorId: topAdmin.userId,
        before: null,
        after: expect.objectContaining({
          code: input.code,
          valueType: 'count',
          aggregation: 'sum',
        }) as unknown,
      },
    ]);
  });

  it('refuses a taken code (409), an aggregation that does not fit the type, a link without its check', async () => {
    await rejects(
      service.createIndicator(handle.db, admin, indicator({ code: 'field_visits' })),
      'report_catalogue_exists',
    );
    expect(
      await problemsOf(
        service.createIndicator(handle.db, admin, indicator({ valueType: 'text', aggregation: 'sum' })),
      ),
    ).toEqual([{ field: 'aggregation', message: expect.stringContaining('kiểu chữ') as unknown }]);
    expect(
      await problemsOf(service.createIndicator(handle.db, admin, indicator({ parentCode: 'khong_co_tong' }))),
    ).toEqual([
      { field: 'parentCode', message: expect.stringContaining('"khong_co_tong"') as unknown },
      { field: 'partRule', message: expect.stringContaining('trong đó') as unknown },
    ]);
  });

  it('checks a formula with the formula language: unknown indicators and cycles are named', async () => {
    const unknown = await problemsOf(
      service.createIndicator(
        handle.db,
        admin,
        indicator({ source: 'formula', formula: 'tet_gifts + qua_khong_co', valueType: 'count' }),
      ),
    );
    expect(unknown).toEqual([
      { field: 'formula', message: expect.stringContaining('"qua_khong_co"') as unknown },
    ]);
    const cycle = await problemsOf(
      service.createIndicator(
        handle.db,
        admin,
        indicator({ code: 'vong_tron', source: 'formula', formula: 'vong_tron + tet_gifts' }),
      ),
    );
    expect(cycle).toEqual([
      { field: 'formula', message: expect.stringContaining('vong_tron → vong_tron') as unknown },
    ]);
    const typo = await problemsOf(
      service.createIndicator(handle.db, admin, indicator({ source: 'formula', formula: 'tet_gifts +' })),
    );
    expect(typo[0]!.field).toBe('formula');
    const ok = indicator({ source: 'formula', formula: 'tet_gifts_value / tet_gifts', measure: 'đồng' });
    await service.createIndicator(handle.db, admin, ok);
  });

  it('edits names, measure and description; type and aggregation only while no report holds a value', async () => {
    const input = indicator();
    await service.createIndicator(handle.db, admin, input);
    await service.updateIndicator(handle.db, topAdmin, input.code, {
      nameVi: 'Số lớp bồi dưỡng kỹ năng số',
      measure: 'lượt',
      valueType: 'percent',
      aggregation: 'average',
    });
    const [, update] = await auditOf(input.code);
    expect(update).toEqual({
      action: 'report_indicator.update',
      actorId: topAdmin.userId,
      before: { nameVi: input.nameVi, measure: 'lớp', valueType: 'count', aggregation: 'sum' },
      after: {
        nameVi: 'Số lớp bồi dưỡng kỹ năng số',
        measure: 'lượt',
        valueType: 'percent',
        aggregation: 'average',
      },
    });

    // field_visits is on SK6T: once a report holds a value, its type is fixed; its names still change.
    await service.saveReport(handle.db, admin, p.phiLieng, 'SK6T', '2023S1', {
      version: null,
      values: { field_visits: 4 },
    });
    const refused = await rejects(
      service.updateIndicator(handle.db, admin, 'field_visits', { valueType: 'money' }),
      'report_indicator_has_values',
    );
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('đã có số liệu');
    await rejects(
      service.updateIndicator(handle.db, admin, 'field_visits', { aggregation: 'max' }),
      'report_indicator_has_values',
    );
    await service.updateIndicator(handle.db, admin, 'field_visits', {
      description: 'Lượt cán bộ xuống cơ sở.',
    });
    await rejects(
      service.updateIndicator(handle.db, admin, 'khong_co', { nameVi: 'X' }),
      'report_indicator_not_found',
    );
  });

  it('deactivates rather than deletes: old forms still read it, a new version may not list it', async () => {
    const input = indicator();
    await service.createIndicator(handle.db, admin, input);
    await service.updateIndicator(handle.db, admin, input.code, { active: false });
    const read = await service.getCatalogueForEditor(handle.db, admin);
    expect(read.indicators.find((i) => i.code === input.code)).toMatchObject({
      active: false,
      validTo: todayIso(),
    });
    const problems = await problemsOf(
      service.createForm(handle.db, admin, {
        id: 'NGUNG',
        nameVi: 'Biểu thử chỉ tiêu ngừng',
        nameEn: 'Deactivated test',
        version: version([input.code], { validFrom: todayIso() }),
      }),
    );
    expect(problems).toEqual([
      {
        field: 'version.sections.0.indicators.0',
        message: expect.stringContaining('đã ngừng sử dụng') as unknown,
      },
    ]);
    await service.updateIndicator(handle.db, admin, input.code, { active: true });
    expect(
      (await service.getCatalogueForEditor(handle.db, admin)).indicators.find((i) => i.code === input.code)
        ?.active,
    ).toBe(true);
  });
});

describe('period types', () => {
  it('checks the definition with periods.ts and names the field; an id is taken once', async () => {
    const problems = await problemsOf(
      service.createPeriodType(handle.db, admin, {
        id: 'nua_nam_lech',
        nameVi: 'Nửa năm lệch',
        nameEn: 'Shifted half-year',
        definition: {
          codeStyle: 'half',
          parts: [{ n: 1, start: { month: 1, day: 1 }, end: { month: 6, day: 30 } }],
        },
      }),
    );
    expect(problems).toEqual([
      { field: 'definition.parts', message: expect.stringContaining('cần đúng 2 phần') as unknown },
    ]);
    const gap = await problemsOf(
      service.createPeriodType(handle.db, admin, {
        id: 'nua_nam_ho',
        nameVi: 'Nửa năm hở',
        nameEn: 'Half-year with a gap',
        definition: {
          codeStyle: 'half',
          parts: [
            { n: 1, start: { month: 1, day: 1 }, end: { month: 6, day: 29 } },
            { n: 2, start: { month: 7, day: 1 }, end: { month: 12, day: 31 } },
          ],
        },
      }),
    );
    expect(gap.length).toBeGreaterThan(0);
    expect(gap[0]!.message).toMatch(/30\/06|ngày|phần/);
    await service.createPeriodType(handle.db, topAdmin, {
      id: 'nam_tai_chinh',
      nameVi: 'Năm tài chính công đoàn',
      nameEn: 'Union financial year',
      definition: {
        codeStyle: 'year',
        parts: [{ n: 1, start: { month: 10, day: 1, yearOffset: -1 }, end: { month: 9, day: 30 } }],
      },
    });
    expect(await auditOf('nam_tai_chinh')).toEqual([
      {
        action: 'report_period_type.create',
        actorId: topAdmin.userId,
        before: null,
        after: expect.objectContaining({ id: 'nam_tai_chinh', nameVi: 'Năm tài chính công đoàn' }) as unknown,
      },
    ]);
    await rejects(
      service.createPeriodType(handle.db, admin, {
        id: 'year',
        nameVi: 'Năm',
        nameEn: 'Year',
        definition: {
          codeStyle: 'year',
          parts: [{ n: 1, start: { month: 1, day: 1 }, end: { month: 12, day: 31 } }],
        },
      }),
      'report_catalogue_exists',
    );
  });
});

describe('forms and versions', () => {
  it('refuses a version naming what the catalogue lacks, a formula without its inputs, a rule outside the form', async () => {
    const formula = indicator({ source: 'formula', formula: 'tet_gifts_value / tet_gifts', measure: 'đồng' });
    await service.createIndicator(handle.db, admin, formula);
    const problems = await problemsOf(
      service.createForm(handle.db, admin, {
        id: 'LOI',
        nameVi: 'Biểu lỗi',
        nameEn: 'Faulty form',
        version: version(['tet_gifts', 'chi_tieu_la', formula.code], {
          periodTypeId: 'ky_la',
          fillerTypes: ['loai_la'],
          rules: [{ kind: 'le', left: 'tet_gifts', right: 'admitted' }],
        }),
      }),
    );
    expect(problems.map((x) => x.field)).toEqual([
      'version.periodTypeId',
      'version.fillerTypes.0',
      'version.sections.0.indicators.1',
      `version.sections.0.indicators.2`,
      'version.rules.0.right',
    ]);
    expect(problems[2]!.message).toContain('"chi_tieu_la"');
    expect(problems[3]!.message).toContain('"Trị giá quà Tết"');
  });

  it('a form and its versions: reported periods are protected, a new version reads at once in the entry form', async () => {
    const extra = indicator({ nameVi: 'Số sáng kiến chuyển đổi số' });
    await service.createIndicator(handle.db, admin, extra);
    await service.createForm(handle.db, topAdmin, {
      id: 'CDS',
      nameVi: 'Báo cáo chuyển đổi số',
      nameEn: 'Digital transformation report',
      version: version(['field_visits']),
    });
    expect((await auditOf('CDS')).map((a) => a.action)).toEqual(['report_form.create']);
    expect((await auditOf('CDS:2020-01-01')).map((a) => a.action)).toEqual(['report_form_version.create']);
    await rejects(
      service.createForm(handle.db, admin, {
        id: 'CDS',
        nameVi: 'X',
        nameEn: 'X',
        version: version(['field_visits']),
      }),
      'report_catalogue_exists',
    );

    // Before any report the version may be edited.
    await service.updateFormVersion(handle.db, admin, 'CDS', '2020-01-01', {
      ...version(['field_visits']),
      deadlineDaysAfterEnd: 20,
    });
    await service.saveReport(handle.db, admin, p.phiLieng, 'CDS', '2024', {
      version: null,
      values: { field_visits: 2 },
    });

    const inUse = await rejects(
      service.updateFormVersion(handle.db, admin, 'CDS', '2020-01-01', version(['field_visits', extra.code])),
      'report_version_in_use',
    );
    expect(inUse.status).toBe(409);
    expect(inUse.message).toContain('kỳ 2024');
    expect(inUse.message).toContain('Hãy tạo phiên bản mới');

    const early = await rejects(
      service.createFormVersion(
        handle.db,
        admin,
        'CDS',
        version([extra.code, 'field_visits'], { validFrom: '2024-06-01' }),
      ),
      'report_version_date_invalid',
    );
    expect(early.message).toContain('đã có báo cáo kỳ 2024');
    expect(early.message).toContain('31/12/2024');
    const before = await rejects(
      service.createFormVersion(
        handle.db,
        admin,
        'CDS',
        version(['field_visits'], { validFrom: '2019-01-01' }),
      ),
      'report_version_date_invalid',
    );
    expect(before.message).toContain('phải sau ngày áp dụng của phiên bản mới nhất (01/01/2020)');

    await service.createFormVersion(
      handle.db,
      topAdmin,
      'CDS',
      version(['field_visits', extra.code], { validFrom: '2025-01-01' }),
    );
    expect(await auditOf('CDS:2025-01-01')).toEqual([
      {
        action: 'report_form_version.create',
        actorId: topAdmin.userId,
        before: null,
        after: expect.objectContaining({
          form: 'CDS',
          validFrom: '2025-01-01',
          previousVersion: { validFrom: '2020-01-01', validTo: '2025-01-01' },
        }) as unknown,
      },
    ]);
    const officer = await actorWith(handle, 'unit_officer', p.phiLieng);
    const codes = async (period: string) =>
      (await service.getReport(handle.db, officer, p.phiLieng, 'CDS', period)).indicators.map((i) => i.code);
    expect(await codes('2025')).toEqual(['field_visits', extra.code]);
    expect(await codes('2024')).toEqual(['field_visits']);

    const listed = (await service.getCatalogueForEditor(handle.db, admin)).forms.find((f) => f.id === 'CDS')!;
    expect(listed.versions.map((v) => [v.validFrom, v.validTo, v.reports])).toEqual([
      ['2020-01-01', '2025-01-01', 1],
      ['2025-01-01', '9999-12-31', 0],
    ]);
    await service.updateFormVersion(handle.db, admin, 'CDS', '2025-01-01', {
      ...version(['field_visits', extra.code]),
      rules: [{ kind: 'le', left: extra.code, right: 'field_visits' }],
    });
    const [, edit] = await auditOf('CDS:2025-01-01');
    expect(edit).toMatchObject({
      action: 'report_form_version.update',
      before: { rules: [] },
      after: { rules: [{ kind: 'le', left: extra.code, right: 'field_visits' }] },
    });
    await rejects(
      service.updateFormVersion(handle.db, admin, 'CDS', '2023-01-01', version(['field_visits'])),
      'report_version_not_found',
    );
  });
});

describe('over HTTP', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp(handle);
  });
  afterAll(async () => app.close());

  it('a bad request is a 400 naming the field in Vietnamese; a district administrator is refused', async () => {
    const top = await makeUser(handle, [{ role: 'unit_admin', unitId: p.province }]);
    const session = await logIn(app, top.username);
    const bad = await call(app, session, 'POST', '/api/report-catalogue/indicators', {
      ...indicator({ code: 'Có Dấu' }),
      valueType: 'so',
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ problems: { field: string; message: string }[] }>().problems;
    expect(fields.map((f) => f.field).sort()).toEqual(['code', 'valueType']);
    expect(fields.find((f) => f.field === 'code')!.message).toContain('Mã chỉ tiêu');

    const period = await call(app, session, 'POST', '/api/report-catalogue/period-types', {
      id: 'quy_le',
      nameVi: 'Quý lệch',
      nameEn: 'Odd quarter',
      definition: { codeStyle: 'quarter', parts: [] },
    });
    expect(period.statusCode).toBe(400);
    expect(period.json()).toMatchObject({
      code: 'report_config_invalid',
      problems: [
        { field: 'definition.parts', message: expect.stringContaining('cần đúng 4 phần') as unknown },
      ],
    });

    const version409 = await call(
      app,
      session,
      'POST',
      '/api/report-catalogue/forms/SK6T/versions',
      version(['field_visits'], { validFrom: '2009-01-01' }),
    );
    expect(version409.statusCode).toBe(409);
    expect(version409.json<{ message: string }>().message).toContain('phiên bản mới nhất');

    const district = await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }]);
    const refused = await call(
      app,
      await logIn(app, district.username),
      'POST',
      '/api/report-catalogue/indicators',
      indicator(),
    );
    expect(refused.statusCode).toBe(403);
    const read = await call(app, await logIn(app, district.username), 'GET', '/api/report-catalogue');
    expect(read.statusCode).toBe(200);
    expect(read.json<{ canEdit: boolean }>().canEdit).toBe(false);
  });
});
