/**
 * The screens an officer uses every day, walked at 1366×800 and at 390×844: a visitor's first page without console
 * errors, an account whose unit has ended, the audit log in words, the server's reasons in errors and the 409
 * reload, the users page on a phone, touch targets, the menu cut to the role, the dashboard's member figures, English
 * formats.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DatabaseHandle } from '../../src/platform/db';
import { createUser, loadActor } from '../../src/features/access/service';
import { applyPlan, renameUnit, updateUnitAttributes } from '../../src/features/organisation/service';
import { leaveMember, transferMember } from '../../src/features/members/service';
import { admitMember, personFixture } from '../../src/features/members/test-factories';
import { buildProvince, foundAs, makeUser, TEST_PASSWORD } from '../support/factories';
import { browserSuite, PHONE, SHOTS, sideways, type Account } from './helpers';

let p: Awaited<ReturnType<typeof buildProvince>>;
let endedDistrict = '';
/** A CĐCS of the province's 1/7/2025 decision: renamed and moved to a commune union with 14 others. */
let restructuredSchool = '';
const accounts: Record<'provinceAdmin' | 'viewer' | 'officer' | 'ended', Account> = {
  provinceAdmin: { username: '', password: TEST_PASSWORD },
  viewer: { username: '', password: TEST_PASSWORD },
  officer: { username: '', password: TEST_PASSWORD },
  ended: { username: '', password: TEST_PASSWORD },
};
const year = new Date().getFullYear();

async function seed(handle: DatabaseHandle) {
  p = await buildProvince(handle);
  const admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  const clinic = [];
  for (let i = 0; i < 2; i += 1)
    clinic.push(
      await admitMember(handle.db, admin, p.damRongClinic, personFixture({ gender: 'male' }), '2018-04-01'),
    );
  // The clinic's two men: one transferred to Lâm Hà, one who left; a unit renamed (the log's records of each).
  await transferMember(handle.db, admin, p.damRong, clinic[0]!.memberId, {
    toUnitId: p.lamHaCoffee,
    effectiveOn: '2024-03-01',
  });
  await leaveMember(handle.db, admin, p.damRong, clinic[1]!.memberId, {
    effectiveOn: '2024-03-01',
    reason: 'resigned',
  });
  await renameUnit(
    handle.db,
    admin,
    p.eduSchool2,
    { name: 'CĐCS Trường THPT Chu Văn An Bảo Lộc' },
    {
      effectiveOn: '2024-09-01',
      decisionNo: '45/QĐ-CĐN',
    },
  );

  // The province's 1/7/2025 decision in small: 14 schools of a district (three renamed) move to a new commune union,
  // the district ends.
  const district = await foundAs(handle, {
    typeId: 'district_federation',
    name: 'LĐLĐ huyện Bảo Lâm',
    parentId: p.province,
    effectiveOn: '2012-01-01',
  });
  const schools: string[] = [];
  for (let i = 1; i <= 14; i += 1)
    schools.push(
      await foundAs(handle, {
        typeId: 'grassroots_union',
        name: `CĐCS Trường Tiểu học Lộc Thắng ${i}`,
        parentId: district,
        effectiveOn: '2012-01-01',
        sector: 'public_service',
      }),
    );
  restructuredSchool = schools[0]!;
  const restructured = await handle.db.transaction((tx) =>
    applyPlan(tx, admin, {
      kind: 'restructure',
      effectiveOn: '2025-07-01',
      decisionNo: '1583/QĐ-TLĐ',
      found: [
        {
          key: 'xa',
          code: 'LD-X-LOC-THANG',
          name: 'Công đoàn xã Lộc Thắng',
          typeId: 'commune_union',
          parent: { id: p.province },
        },
      ],
      renames: schools.slice(0, 3).map((unitId, i) => ({
        unitId,
        name: `CĐCS Trường Tiểu học xã Lộc Thắng ${i + 1}`,
      })),
      moves: schools.map((unitId) => ({ unitId, newParent: { key: 'xa' } })),
      dissolve: [district],
    }),
  );
  // (Written first, so that the newest audit rows are the admissions below.)
  // Phi Liêng: 12 women and 4 men, the last two admitted this year; the clinic: 2 men.
  for (let i = 0; i < 16; i += 1) {
    const joinedOn = i >= 14 ? `${year}-01-02` : '2018-04-01';
    const gender = i < 12 ? 'female' : 'male';
    await admitMember(handle.db, admin, p.phiLieng, personFixture({ gender, joinedOn }), joinedOn);
  }

  const provinceAdmin = await createUser(handle.db, null, {
    username: 'hanh.tran',
    fullName: 'Trần Thị Hạnh',
    password: TEST_PASSWORD,
    grants: [{ role: 'unit_admin', unitId: p.province }],
  });
  accounts.provinceAdmin.username = 'hanh.tran';
  // Phi Liêng joins the commune union too, after its admissions (its dashboard's latest event).
  await handle.db.transaction((tx) =>
    applyPlan(tx, admin, {
      kind: 'move',
      effectiveOn: '2025-07-01',
      moves: [{ unitId: p.phiLieng, newParent: { id: restructured.founded[0]!.id } }],
    }),
  );
  const hanh = (await loadActor(handle.db, provinceAdmin.id))!;
  await updateUnitAttributes(handle.db, hanh, p.phiLieng, { address: 'Thôn 2, xã Phi Liêng' });
  accounts.viewer.username = (await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }])).username;
  accounts.officer.username = (
    await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }])
  ).username;

  // A district that ended on 01/07/2025, and an account whose only role is there.
  endedDistrict = await foundAs(handle, {
    typeId: 'district_federation',
    name: 'LĐLĐ huyện Đạ Tẻh',
    parentId: p.province,
    effectiveOn: '2012-01-01',
  });
  await handle.db.transaction((tx) =>
    applyPlan(tx, null, { kind: 'dissolve', effectiveOn: '2025-07-01', dissolve: [endedDistrict] }),
  );
  accounts.ended.username = (
    await makeUser(handle, [{ role: 'unit_admin', unitId: endedDistrict }])
  ).username;
}

const suite = browserSuite(seed);

const SIZES = {
  '1366×800': { viewport: { width: 1366, height: 800 } },
  '390×844': PHONE,
} as const;
type Size = keyof typeof SIZES;
const phone = (size: Size) => size === '390×844';

/**
 * Runs the check once at each size, in a fresh Vietnamese context; console errors fail it (with `failedLoads`, the
 * browser's own line for an HTTP error the check provokes is allowed). A failure leaves a screenshot.
 */
function atBothSizes(
  title: string,
  check: (page: Page, size: Size) => Promise<void>,
  { failedLoads = false }: { failedLoads?: boolean } = {},
) {
  it.each(Object.keys(SIZES) as Size[])(`${title} (%s)`, async (size) => {
    const context = await suite.newContext(SIZES[size]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (failedLoads && message.text().startsWith('Failed to load resource')) return;
      errors.push(message.text());
    });
    try {
      await check(page, size);
      expect(errors).toEqual([]);
    } catch (error) {
      if (errors.length) console.error(`page errors: ${errors.join(' | ')}`);
      await page.screenshot({ path: `${SHOTS}daily-${title.slice(0, 24).replace(/\W+/g, '-')}-${size}.png` });
      throw error;
    } finally {
      await context.close();
    }
  });
}

async function openMenu(page: Page, size: Size) {
  if (phone(size)) await page.getByTestId('menu-button').click();
  await page.getByTestId('side-menu').waitFor();
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The change column's text of the first row of an action (filtered by the action's label). */
async function changeOf(page: Page, action: string): Promise<string> {
  await page.getByTestId('audit-filter-action').click();
  await page.keyboard.type(action);
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: new RegExp(`^${action}$`) })
    .click();
  await expect.poll(() => page.getByTestId('audit-action').first().textContent()).toBe(action);
  return (await page.getByTestId('audit-change').first().textContent()) ?? '';
}
const times = (text: string, part: string) => text.split(part).length - 1;

/**
 * Issue 11's audit findings: no raw key, no internal number, no field twice, the proposal's person by name, nothing
 * for what is empty, the page kept in the address, and every column on a 1366 px screen.
 */
async function auditReadsRight(page: Page, size: Size) {
  const all = (await page.getByTestId('audit-table').textContent()) ?? '';
  expect(all).not.toContain('không rõ tên');
  expect(all).toContain('Hồ sơ đề nghị của: ');
  for (const change of await page.getByTestId('audit-change').allTextContents())
    expect(change, 'a record with one side has no lone heading').not.toMatch(/^Sau/);
  if (!phone(size)) {
    for (const header of ['Nội dung thay đổi', 'Địa chỉ IP']) {
      const box = await page.locator('.ant-table-thead th').filter({ hasText: header }).boundingBox();
      expect(box, header).not.toBeNull();
      expect(box!.x + box!.width, `${header} inside the screen`).toBeLessThanOrEqual(1366);
    }
  }
  // The second page in the address, kept by a reload.
  await page.locator('.ant-pagination-item-2').click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  await page.reload();
  await expect.poll(() => page.locator('.ant-pagination-item-active').textContent()).toBe('2');
  await page.goto(`${suite.base}/admin/audit`);
  await page.getByTestId('audit-action').first().waitFor();

  const transfer = await changeOf(page, 'Chuyển sinh hoạt đi');
  expect(transfer).not.toContain('fromUnitId');
  expect(times(transfer, 'Đến đơn vị')).toBe(1);
  expect(transfer).toContain('Đến đơn vị: CĐCS Công ty Cà phê Lâm Hà');
  const leave = await changeOf(page, 'Thôi sinh hoạt');
  expect(times(leave, 'Lý do')).toBe(1);
  expect(leave).toContain('Lý do: Xin thôi sinh hoạt');
  const rename = await changeOf(page, 'Đổi tên đơn vị');
  expect(rename).not.toContain('Mã sự kiện');
  expect(rename).toMatch(/Tên: CĐCS Trường Tiểu học Lộc Thắng \d.*Tên: CĐCS Trường Tiểu học xã Lộc Thắng \d/);
  await page.goto(`${suite.base}/admin/audit`);
  await page.getByTestId('audit-action').first().waitFor();
}

describe('the daily screens', () => {
  atBothSizes('a visitor’s first page logs no error', async (page) => {
    const session = page.waitForResponse((r) => r.url().endsWith('/api/auth/session'));
    await page.goto(`${suite.base}/`);
    expect((await session).status()).toBe(200);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-username').waitFor();
  });

  atBothSizes(
    'an account whose unit has ended is told so, with the unit’s history a click away',
    async (page) => {
      await suite.logIn(page, accounts.ended);
      const notice = page.getByTestId('ended-unit');
      await notice.waitFor();
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain('đã kết thúc hoạt động');
      expect(text).toContain('LĐLĐ huyện Đạ Tẻh');
      expect(text).toContain('01/07/2025');
      expect(await page.getByText('chưa được phân quyền').count()).toBe(0);
      await page.getByTestId('ended-unit-history').click();
      await page.waitForURL(
        (url) => url.pathname === `/units/${endedDistrict}` && url.search === '?at=2025-06-30',
      );
      await expect.poll(() => page.getByTestId('unit-name').textContent()).toBe('LĐLĐ huyện Đạ Tẻh');
    },
  );

  atBothSizes(
    'the audit log reads as Vietnamese, filters on the server, and as English in English',
    async (page, size) => {
      await suite.logIn(page, accounts.provinceAdmin, '/admin/audit');
      const table = page.getByTestId('audit-table');
      await page.getByTestId('audit-action').first().waitFor();
      const all = (await table.textContent()) ?? '';
      expect(all).not.toMatch(UUID);
      expect(all).not.toContain('{"');
      expect(all).toContain('Kết nạp đoàn viên');
      expect(all).toContain('CĐCS Trường THCS Phi Liêng');
      expect(all).toContain('Ngày vào công đoàn');
      for (const at of await page.getByTestId('audit-at').allTextContents())
        expect(at).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      await auditReadsRight(page, size);

      // 36 admission rows and more: the pages' buttons are touch targets on a phone.
      if (phone(size)) {
        const item = await page.locator('.ant-pagination-item').first().boundingBox();
        expect(item!.height).toBeGreaterThanOrEqual(40);
      }

      // By person: the province administrator's one change, its field by name.
      await page.getByTestId('audit-filter-person').locator('input').fill('tran thi hanh');
      await page.getByTestId('audit-filter-person').locator('input').press('Enter');
      await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('1 bản ghi');
      expect(await page.getByTestId('audit-action').allTextContents()).toEqual(['Sửa thông tin đơn vị']);
      expect(await page.getByTestId('audit-change').first().textContent()).toContain(
        'Địa chỉ: Thôn 2, xã Phi Liêng',
      );
      expect(await page.getByTestId('audit-unit').first().textContent()).toBe('CĐCS Trường THCS Phi Liêng');
      await page.getByTestId('audit-filter-person').locator('input').fill('');
      await page.getByTestId('audit-filter-person').locator('input').press('Enter');

      // By action.
      await page.getByTestId('audit-filter-action').click();
      await page.keyboard.type('Đề nghị kết nạp');
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^Đề nghị kết nạp$/ })
        .click();
      await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('18 bản ghi');
      expect(new Set(await page.getByTestId('audit-action').allTextContents())).toEqual(
        new Set(['Đề nghị kết nạp']),
      );

      // English.
      if (phone(size)) {
        await page.getByTestId('menu-button').click();
        await page.getByTestId('language-switch').getByText('EN').click();
        await page.keyboard.press('Escape');
      } else await page.getByTestId('language-switch').getByText('EN').click();
      await expect
        .poll(() => page.getByTestId('audit-action').first().textContent())
        .toBe('Admission proposed');
      expect((await table.textContent()) ?? '').not.toMatch(/fromUnitId|toUnitId|Số điện thoại|Đề nghị/);
      expect(await page.getByTestId('audit-at').first().textContent()).toMatch(
        /^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}$/,
      );
      expect(await page.getByTestId('audit-total').textContent()).toBe('18 records');
    },
  );

  atBothSizes(
    'errors say what the server said, and a 409 offers to reload',
    async (page, size) => {
      await suite.logIn(page, accounts.provinceAdmin, `/units/${p.phiLieng}`);
      await page.getByTestId('unit-name').waitFor();
      const replies = [
        {
          status: 400,
          body: {
            code: 'validation_failed',
            message: 'Dữ liệu nhập chưa hợp lệ.',
            messageEn: 'The input is not valid.',
            problems: [{ field: 'ids', message: 'Tối đa 2.000 thẻ mỗi lần in; hãy in theo từng CĐCS.' }],
          },
        },
        {
          status: 409,
          body: {
            code: 'version_conflict',
            message:
              'Đã có người sửa đơn vị trong lúc bạn làm việc; hãy tải lại để xem bản mới rồi sửa tiếp.',
            messageEn:
              'Someone changed the unit while you were working; reload to see the new version, then edit again.',
            problems: [],
          },
        },
      ];
      await page.route(`**/api/units/${p.phiLieng}`, async (route) => {
        if (route.request().method() !== 'PATCH') return route.continue();
        const reply = replies.shift()!;
        return route.fulfill({ status: reply.status, json: reply.body });
      });
      if (phone(size)) {
        await page.getByTestId('unit-actions').click();
        await page.locator('.ant-dropdown-menu-item').filter({ hasText: 'Sửa thông tin' }).click();
      } else await page.getByTestId('action-attributes').click();
      await page.getByTestId('attributes-form').waitFor();

      // The dialog's title stays clear of the close button.
      const overlap = await page.evaluate(() => {
        const modal = document.querySelector('.ant-modal:not([style*="display: none"])');
        const title = modal?.querySelector('.ant-modal-title');
        const close = modal?.querySelector('.ant-modal-close');
        if (!title || !close) return 'missing';
        // A unit name long enough to reach the close button (as the names of companies are).
        title.textContent = `Sửa thông tin: ${'CĐCS Công ty Cổ phần Thủy điện Đa Nhim Hàm Thuận Đa Mi '.repeat(2)}`;
        const range = document.createRange();
        range.selectNodeContents(title);
        const right = Math.max(...[...range.getClientRects()].map((r) => r.right));
        return right - close.getBoundingClientRect().left;
      });
      expect(overlap).not.toBe('missing');
      expect(overlap as number).toBeLessThanOrEqual(0);

      await page.getByTestId('event-submit').click();
      const error = page.getByTestId('event-error');
      await expect.poll(() => error.textContent()).toContain('Dữ liệu nhập chưa hợp lệ.');
      expect(await error.textContent()).toContain('Danh sách đã chọn: Tối đa 2.000 thẻ mỗi lần in');

      await page.getByTestId('event-submit').click();
      await expect.poll(() => error.textContent()).toContain('Đã có người sửa đơn vị');
      const reload = page.waitForRequest(
        (r) => r.method() === 'GET' && r.url().includes(`/api/units/${p.phiLieng}`),
      );
      await page.getByTestId('conflict-reload').click();
      await reload;
      await error.waitFor({ state: 'detached' });
    },
    { failedLoads: true },
  );

  atBothSizes('the users page fits the screen and marks roles on ended units', async (page, size) => {
    await suite.logIn(page, accounts.provinceAdmin, '/admin/users');
    await page.getByTestId('grant-ended').first().waitFor();
    expect(await page.getByTestId('grant-ended').first().textContent()).toContain('đã kết thúc 01/07/2025');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    const actions = await page.getByTestId('user-actions').first().boundingBox();
    expect(actions!.x + actions!.width).toBeLessThanOrEqual(SIZES[size].viewport.width);
    const create = await page.getByTestId('user-create').boundingBox();
    if (phone(size)) {
      expect(create!.height).toBeGreaterThanOrEqual(40);
      expect((await page.getByTestId('menu-button').boundingBox())!.height).toBeGreaterThanOrEqual(40);
    }
    await page.getByTestId('user-create').click();
    const role = page.getByTestId('user-create-role');
    await role.waitFor();
    expect(await role.textContent()).toContain('Chọn vai trò');
    expect(await role.textContent()).not.toContain('Cán bộ đơn vị');
  });

  atBothSizes('the menu shows only what a viewer can use', async (page, size) => {
    await suite.logIn(page, accounts.viewer);
    await openMenu(page, size);
    const menu = (await page.getByTestId('side-menu').textContent()) ?? '';
    expect(menu).toContain('Cây tổ chức');
    expect(menu).toContain('Danh sách đoàn viên');
    for (const hidden of ['Sắp xếp tổ chức', 'Đề nghị kết nạp', 'Người dùng', 'Nhật ký thao tác', 'Sắp có'])
      expect(menu).not.toContain(hidden);
    if (phone(size)) {
      const item = await page
        .getByTestId('side-menu')
        .locator('.ant-menu-item')
        .filter({ hasText: 'Tổng quan' })
        .boundingBox();
      expect(item!.height).toBeGreaterThanOrEqual(40);
    }
  });

  atBothSizes(
    'a CĐCS officer sees no restructuring, no unit types and no sub-unit filter; the province admin does',
    async (page, size) => {
      await suite.logIn(page, accounts.officer);
      await openMenu(page, size);
      const menu = page.getByTestId('side-menu');
      await menu.getByText('Đề nghị kết nạp').waitFor();
      const text = (await menu.textContent()) ?? '';
      expect(text).toContain('Cây tổ chức');
      for (const hidden of ['Sắp xếp tổ chức', 'Loại đơn vị']) expect(text).not.toContain(hidden);
      // Its member list offers no filter by sub-unit: a CĐCS has none.
      await page.goto(`${suite.base}/members`);
      await page.getByTestId('member-link').first().waitFor();
      if (phone(size)) await page.getByTestId('member-filter-toggle').click();
      await page.getByTestId('member-filters').waitFor();
      await page.getByTestId('member-filter-at').waitFor();
      // Once the page has asked for everything (its sub-units among it).
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId('member-filter-unit').count()).toBe(0);

      // The province's administrator restructures its units and narrows its list to one of them.
      await page.context().clearCookies();
      await suite.logIn(page, accounts.provinceAdmin);
      await openMenu(page, size);
      await page.getByTestId('side-menu').getByText('Sắp xếp tổ chức').waitFor();
      await page.goto(`${suite.base}/members`);
      await page.getByTestId('member-link').first().waitFor();
      if (phone(size)) await page.getByTestId('member-filter-toggle').click();
      await page.getByTestId('member-filter-unit').waitFor();
    },
  );

  atBothSizes(
    'a CĐCS officer’s dashboard gives its own member figures, in both languages',
    async (page, size) => {
      await suite.logIn(page, accounts.officer);
      await expect
        .poll(() => page.getByTestId('dashboard-unit').textContent())
        .toBe('CĐCS Trường THCS Phi Liêng');
      const total = page.getByTestId('dashboard-members-total');
      await expect.poll(() => total.textContent()).toContain('16');
      expect(await page.getByTestId('dashboard-members-women').textContent()).toContain('75,0% tổng số');
      expect(await page.getByTestId('dashboard-members-admitted').textContent()).toContain(
        `Kết nạp mới năm ${year}2`,
      );
      await page.getByTestId('dashboard-trend').locator('svg').first().waitFor();
      const eventUnits = await page.getByTestId('dashboard-event-unit').allTextContents();
      expect(eventUnits.length).toBeGreaterThan(0);
      expect(eventUnits.every((name) => name.trim().length > 0)).toBe(true);
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      if (phone(size)) {
        await page.getByTestId('menu-button').click();
        await page.getByTestId('language-switch').getByText('EN').click();
        await page.keyboard.press('Escape');
      } else await page.getByTestId('language-switch').getByText('EN').click();
      await expect
        .poll(() => page.getByTestId('dashboard-members-women').textContent())
        .toContain('75.0% of all');
    },
  );

  atBothSizes(
    'a large decision on a unit’s timeline: the real former names, grouped by kind, a few lines each',
    async (page, size) => {
      await suite.logIn(page, accounts.provinceAdmin, `/units/${restructuredSchool}`);
      const event = page.getByTestId('timeline-event').filter({ hasText: '01/07/2025' });
      await event.waitFor();
      expect(await event.textContent()).toContain(
        'Đơn vị này được chuyển từ LĐLĐ huyện Bảo Lâm về Công đoàn xã Lộc Thắng',
      );
      await event.getByTestId('timeline-event-expand').click();
      const renamed = event.getByTestId('timeline-group-renamed');
      expect(await renamed.textContent()).toContain(
        '“CĐCS Trường Tiểu học Lộc Thắng 2” → “CĐCS Trường Tiểu học xã Lộc Thắng 2”',
      );
      const moved = event.getByTestId('timeline-group-moved');
      expect(await moved.locator('li').count()).toBe(10);
      await moved.getByTestId('timeline-group-more').click();
      expect(await moved.locator('li').count()).toBe(14);
      // Lines, not a paragraph: the opened decision stays a readable height in the side column.
      const box = await event.boundingBox();
      expect(box!.height).toBeLessThan(phone(size) ? 2000 : 1500);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
    },
  );

  atBothSizes(
    'a CĐCS dashboard’s recent events are about that CĐCS, a move saying where to',
    async (page) => {
      await suite.logIn(page, accounts.officer);
      const events = page.getByTestId('dashboard-events');
      await events.waitFor();
      const text = (await events.textContent()) ?? '';
      expect(text).toContain('CĐCS Trường THCS Phi Liêng được chuyển đến Công đoàn xã Lộc Thắng');
      expect(text).not.toContain('Lộc Thắng 1');
      expect(text).not.toContain('đơn vị khác');
    },
  );

  atBothSizes(
    'a CĐCS’s own screens: no empty sub-unit sections, its own list, the last page offered, who approves',
    async (page) => {
      await suite.logIn(page, accounts.officer);
      await expect.poll(() => page.getByTestId('dashboard-members-total').textContent()).toContain('16');
      // The trend's value axis starts at 0 (16 members over the year): a change of one member is not drawn as a
      // fall from the top of the chart to its foot.
      const trend = page.getByTestId('dashboard-trend');
      await trend.locator('svg').first().waitFor();
      await expect
        .poll(async () => (await trend.locator('svg text').allTextContents()).length)
        .toBeGreaterThan(2);
      const labels = (await trend.locator('svg text').allTextContents()).map((l) => l.trim());
      const values = labels.filter((l) => /^\d+$/.test(l)).map(Number);
      expect(Math.min(...values)).toBe(0);
      expect(Math.max(...values)).toBeGreaterThanOrEqual(16);
      await expect.poll(() => page.getByText('Đơn vị trực thuộc theo loại').count()).toBe(0);

      await page.goto(`${suite.base}/units/${p.phiLieng}`);
      await page.getByTestId('unit-details').waitFor();
      await expect.poll(() => page.getByTestId('unit-children').count()).toBe(0);
      expect(await page.getByTestId('unit-details').textContent()).not.toContain('Đơn vị cấp dưới');
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await page.goto(`${suite.base}/members?page=99`);
      const pastEnd = page.getByTestId('member-list-past-end');
      await pastEnd.waitFor();
      expect(await pastEnd.textContent()).toContain('Trang 99 không có: danh sách chỉ có 1 trang.');
      expect(await page.getByText('Đoàn viên của CĐCS Trường THCS Phi Liêng').count()).toBe(1);
      expect(await page.getByText('và các đơn vị trực thuộc').count()).toBe(0);
      await page.getByTestId('member-list-last-page').click();
      await page.getByTestId('member-link').first().waitFor();
      expect(await page.getByTestId('member-list-past-end').count()).toBe(0);
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await page.goto(`${suite.base}/members/approvals`);
      const noRight = page.getByTestId('approvals-no-right');
      await noRight.waitFor();
      // Phi Liêng now stands under the commune union of Lộc Thắng, which does not admit: the province approves.
      await expect
        .poll(() => noRight.textContent())
        .toContain('đề nghị kết nạp của các CĐCS thuộc đơn vị này do “LĐLĐ tỉnh Lâm Đồng” duyệt');
      expect(await page.getByText('Chọn đơn vị cấp trên').count()).toBe(0);
    },
  );

  atBothSizes(
    'tables never cut a header; sub-units full width with their status; the tree search names ended units',
    async (page, size) => {
      await suite.logIn(page, accounts.provinceAdmin, '/members');
      await page.getByTestId('member-link').first().waitFor();
      const cutHeaders = (testId: string) =>
        page
          .getByTestId(testId)
          .locator('thead th')
          .evaluateAll((cells) =>
            cells.filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.textContent ?? ''),
          );
      if (phone(size)) {
        // A phone card: the key fields, the rest one tap away.
        const card = page.getByTestId('member-list-card').first();
        expect(await card.textContent()).not.toContain('Ngày sinh');
        await card.getByTestId('member-list-more').click();
        expect(await card.textContent()).toContain('Ngày sinh');
      } else {
        expect(await cutHeaders('member-list')).toEqual([]);
        expect(await page.getByTestId('member-list').locator('thead th').allTextContents()).toContain(
          'Ngày vào công đoàn',
        );
      }
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await page.goto(`${suite.base}/units/${p.province}`);
      const children = page.getByTestId('unit-children');
      await children.getByText('LĐLĐ huyện Đam Rông').first().waitFor();
      expect(await children.textContent()).toContain('Đang hoạt động');
      if (!phone(size)) {
        expect(await cutHeaders('unit-children')).toEqual([]);
        expect((await children.boundingBox())!.width).toBeGreaterThan(1000);
        expect(await children.locator('thead th').allTextContents()).toContain('Tình trạng');
      }
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await page.goto(`${suite.base}/units`);
      await page.getByTestId('unit-search-input').fill('da teh');
      const ended = page.getByTestId('unit-search-ended-result');
      await ended.first().waitFor();
      expect(await ended.first().textContent()).toContain('LĐLĐ huyện Đạ Tẻh');
      expect(await ended.first().textContent()).toContain('đã kết thúc · ngày cuối 30/06/2025');
      // Beside look-alikes alive today (typo-tolerant), or alone: said either way.
      expect(await page.getByTestId('unit-search-ended').textContent()).toMatch(
        /^(Đơn vị đã kết thúc cũng khớp|Không có đơn vị đang hoạt động vào ngày)/,
      );
      expect(await sideways(page)).toBeLessThanOrEqual(0);
    },
  );
});
