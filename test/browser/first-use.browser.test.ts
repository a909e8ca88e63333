/**
 * What a new user's first tryout of the daily screens found, at 1366×800 and 390×844: touch targets a finger can
 * hit on a phone, icon-only buttons named in Vietnamese, a member list as of a day before its unit existed, unit codes
 * on one line, card printing offered only to those who may print, a page that throws shown inside the layout, and a
 * trend chart whose axis starts at 0.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { DatabaseHandle } from '../../src/platform/db';
import type { Actor } from '../../src/features/access/model';
import { loadActor } from '../../src/features/access/service';
import { proposeMembers } from '../../src/features/members/service';
import { admitMember, personFixture } from '../../src/features/members/test-factories';
import { buildProvince, foundAs, makeUser } from '../support/factories';
import { browserSuite, PHONE, SHOTS, typeDate, type Account } from './helpers';

const POLL = { timeout: 15_000 };
const LAPTOP = { viewport: { width: 1366, height: 800 } };

let p: Awaited<ReturnType<typeof buildProvince>>;
let admin: Actor;
/** The district's administrator (Đam Rông), who approves the CĐCS's proposals. */
let district: Account;
/** A viewer of the district: reads members, changes nothing. */
let viewer: Account;
/** A system administrator: edits the dated reference lists (sectors, unit types). */
let sysAdmin: Account;
let loan: { memberId: string };
/** A CĐCS of Đam Rông founded on 15/03/2018, with a member; a code long enough to wrap at its hyphens. */
let newSchool = '';

const suite = browserSuite(async (handle: DatabaseHandle) => {
  p = await buildProvince(handle);
  admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  district = await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }]);
  viewer = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }]);
  sysAdmin = await makeUser(handle, [], { isSystemAdmin: true });
  loan = await admitMember(
    handle.db,
    admin,
    p.phiLieng,
    personFixture({ fullName: 'Võ Thị Loan' }),
    '2020-03-01',
  );
  await admitMember(handle.db, admin, p.phiLieng, personFixture(), '2021-01-04');
  await proposeMembers(handle.db, admin, p.phiLieng, { people: [personFixture({ fullName: 'Lò Văn Mới' })] });
  newSchool = await foundAs(handle, {
    typeId: 'grassroots_union',
    name: 'CĐCS Trường Mầm non Liêng Srônh',
    code: 'LD-DR-MN-LIENGSRONH-2018',
    parentId: p.damRong,
    effectiveOn: '2018-03-15',
    sector: 'public_service',
  });
  await admitMember(handle.db, admin, newSchool, personFixture(), '2018-04-02');
  // A sibling whose long name leaves the other columns little room.
  await foundAs(handle, {
    typeId: 'grassroots_union',
    name: 'CĐCS Cơ quan Đảng ủy - Hội đồng nhân dân - Ủy ban nhân dân xã Đạ M’Rông và các thôn Đạ Tế, Đạ Nhinh, Liêng Trang, Rô Men, Đạ Pin',
    code: 'LD-DR-CQ-DAMRONG-2018',
    parentId: p.damRong,
    effectiveOn: '2018-03-15',
    sector: 'public_service',
  });
});

/** A fresh context at the size; page errors fail the check, and a failure leaves a screenshot. */
async function withPage(
  name: string,
  size: typeof LAPTOP | typeof PHONE,
  check: (page: Page, context: BrowserContext) => Promise<void>,
  allowErrors = false,
) {
  const context = await suite.newContext(size);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await check(page, context);
    if (!allowErrors) expect(errors).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}first-use-${name}.png` });
    throw error;
  } finally {
    await context.close();
  }
}

/** The daily screens, each with what says it has drawn its data. */
const screens = () => [
  { name: 'member list', path: '/members', ready: 'member-list' },
  { name: 'member record', path: `/members/${p.phiLieng}/${loan.memberId}`, ready: 'member-record' },
  { name: 'unit page', path: `/units/${p.damRong}`, ready: 'unit-children' },
  { name: 'approvals', path: '/members/approvals', ready: 'approval-list' },
];

/**
 * Every control a finger may touch (links, buttons, checkboxes, fields, the clear icons inside fields) smaller than
 * 40 × 40 px, as "what: width×height". A field's own input counts through the box around it.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const targets = [
      'a',
      'button',
      '[role=button]',
      '.ant-checkbox-wrapper',
      '.ant-radio-wrapper',
      '.ant-select',
      '.ant-picker',
      '.ant-input-affix-wrapper',
      '.ant-input-number',
      'input.ant-input:not(.ant-input-affix-wrapper input)',
      '.ant-input-clear-icon',
      '.ant-select-clear',
      '.ant-picker-clear',
      '.ant-typography-copy',
    ].join(',');
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(targets))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (box.width < 39.5 || box.height < 39.5) {
        const what = (el.textContent ?? '').trim().slice(0, 30) || el.getAttribute('aria-label') || '';
        small.push(
          `${el.tagName.toLowerCase()}.${el.classList[0] ?? ''} “${what}”: ${box.width.toFixed(0)}×${box.height.toFixed(0)}`,
        );
      }
    }
    return small;
  });
}

/**
 * The accessible names of the buttons and links that show only an icon, read by the browser's own accessibility
 * tree (Playwright's aria snapshot): "button “search”" where an antd icon's English name is all it has.
 */
async function iconOnlyNames(page: Page): Promise<string[]> {
  const count = await page.evaluate(() => {
    let n = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('a, button, [role=button]'))) {
      el.removeAttribute('data-icon-only');
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if ((el.innerText ?? '').trim() !== '') continue;
      el.setAttribute('data-icon-only', String(n));
      n += 1;
    }
    return n;
  });
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const element = page.locator(`[data-icon-only="${i}"]`);
    const snapshot = await element.ariaSnapshot();
    const first = snapshot.split('\n')[0] ?? '';
    const name = /^- \w+ "(.*)"/.exec(first)?.[1] ?? '';
    const what = await element.evaluate((el) => `${el.tagName.toLowerCase()}.${el.classList[0] ?? ''}`);
    names.push(`${what} “${name}”`);
  }
  return names;
}

/** A Vietnamese name has a letter outside ASCII ("Xóa", "Đóng", "Tìm kiếm"); antd's icon names never do. */
const notVietnamese = (names: string[]) => names.filter((n) => !/“[^”]*[^\u0000-\u007f][^”]*”/.test(n));

describe('a phone’s touch targets', () => {
  it('on the daily screens, every link, checkbox, field and clear icon is at least 40 × 40 px (390×844)', async () => {
    await withPage('touch', PHONE, async (page) => {
      await suite.logIn(page, district, '/');
      const found: Record<string, string[]> = {};
      for (const screen of screens()) {
        await page.goto(`${suite.base}${screen.path}`);
        await page.getByTestId(screen.ready).first().waitFor(POLL);
        if (screen.name === 'member list') {
          // The search with text in it (its clear icon), the filters open (fields, selects, dates).
          await page.getByTestId('member-list-card').first().waitFor(POLL);
          await page.getByTestId('member-search').fill('Lo');
          await page.getByTestId('member-filter-toggle').click();
          await page.getByTestId('member-list-card').first().waitFor(POLL);
        }
        found[screen.name] = await smallTargets(page);
        await page.screenshot({ path: `${SHOTS}first-use-touch-${screen.name.replace(/ /g, '-')}.png` });
      }
      // A dialog's unit picker with a unit chosen: its clear icon.
      await page.goto(`${suite.base}/members/${p.phiLieng}/${loan.memberId}`);
      await page.getByTestId('member-actions').click();
      await page.locator('.ant-dropdown-menu-item').filter({ hasText: 'Chuyển sinh hoạt' }).click();
      await page.getByTestId('member-transfer-to').click();
      await page.keyboard.type('nam ban');
      await page.getByTestId('member-transfer-to-option').first().click();
      await page.locator('.ant-select-clear').waitFor(POLL);
      found.dialog = await smallTargets(page);
      expect(found).toEqual(Object.fromEntries([...screens(), { name: 'dialog' }].map((s) => [s.name, []])));
    });
  });
});

describe('icon-only buttons', () => {
  for (const [label, size] of [
    ['1366×800', LAPTOP],
    ['390×844', PHONE],
  ] as const)
    it(`are named in Vietnamese on the main screens (${label})`, async () => {
      await withPage(`icons-${label}`, size, async (page) => {
        await suite.logIn(page, district, '/');
        const all = [
          { name: 'dashboard', path: '/', ready: 'dashboard-members' },
          { name: 'tree', path: '/units', ready: 'tree-node' },
          ...screens(),
          { name: 'proposals', path: '/members/proposals', ready: 'proposal-list' },
        ];
        const found: Record<string, string[]> = {};
        const seen: Record<string, string[]> = {};
        for (const screen of all) {
          await page.goto(`${suite.base}${screen.path}`);
          await page.getByTestId(screen.ready).first().waitFor(POLL);
          if (screen.name === 'member list') {
            await page.getByTestId('member-search').fill('Lo');
            if (size === PHONE) await page.getByTestId('member-filter-toggle').click();
            await page.getByTestId('member-list').first().waitFor(POLL);
          }
          const names = await iconOnlyNames(page);
          seen[screen.name] = names;
          found[screen.name] = notVietnamese(names);
        }
        // A dialog's close button and a picker's clear icon: the transfer form, a unit chosen.
        await page.goto(`${suite.base}/members/${p.phiLieng}/${loan.memberId}`);
        await page.getByTestId('member-name').waitFor(POLL);
        if (size === PHONE) {
          await page.getByTestId('member-actions').click();
          await page.locator('.ant-dropdown-menu-item').filter({ hasText: 'Chuyển sinh hoạt' }).click();
        } else await page.getByTestId('member-action-transfer').click();
        await page.getByTestId('member-transfer-form').waitFor();
        await page.getByTestId('member-transfer-to').click();
        await page.keyboard.type('nam ban');
        await page.getByTestId('member-transfer-to-option').first().click();
        await page.getByTestId('member-transfer-to').hover();
        const dialog = await iconOnlyNames(page);
        seen.dialog = dialog;
        found.dialog = notVietnamese(dialog);
        expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
        // The sweep found the icon buttons it is about (not an empty page).
        expect(seen.dialog.join()).toMatch(/button\.ant-modal-close/);
        expect(Object.values(seen).flat().length).toBeGreaterThan(3);
      });
    });
});

describe('a page that throws', () => {
  it('shows the boundary’s message inside the layout, and another page drawn after it recovers', async () => {
    await withPage(
      'crash',
      LAPTOP,
      async (page) => {
        await suite.logIn(page, district, '/');
        await page.getByTestId('dashboard-members').waitFor(POLL);
        // A unit's detail the page cannot draw (no unit in it): what an incompatible server would answer.
        const detail = (url: URL) => url.pathname === `/api/units/${p.damRong}`;
        await page.route(detail, (route) =>
          route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }),
        );
        await page.goto(`${suite.base}/units/${p.damRong}`);
        const crashed = page.getByTestId('page-crashed');
        await crashed.waitFor(POLL);
        const text = (await crashed.textContent()) ?? '';
        expect(text).toContain('Trang này gặp lỗi');
        expect(text).toContain('Tải lại trang');
        // The menu around it still works: the tree is drawn in its place, the message gone.
        await page.locator('.ant-layout-sider').getByRole('link', { name: 'Cây tổ chức' }).click();
        await page.getByTestId('tree-node').first().waitFor(POLL);
        expect(await crashed.count()).toBe(0);
        expect(page.url()).toMatch(/\/units$/);
      },
      true,
    );
  });
});

describe('the member list as of a day before its unit existed', () => {
  for (const [label, size] of [
    ['1366×800', LAPTOP],
    ['390×844', PHONE],
  ] as const)
    it(`says the unit was not founded yet, with its founding date, not "0 đoàn viên" (${label})`, async () => {
      await withPage(`not-founded-${label}`, size, async (page) => {
        await suite.logIn(page, district, `/members?unit=${newSchool}&at=2017-06-01`);
        const note = page.getByTestId('member-list-not-founded');
        await note.waitFor(POLL);
        expect(await note.textContent()).toBe(
          'CĐCS Trường Mầm non Liêng Srônh chưa thành lập vào ngày 01/06/2017 (thành lập ngày 15/03/2018).',
        );
        expect(await page.getByText('0 đoàn viên').count()).toBe(0);
        // From its founding on, its members as before.
        await page.goto(`${suite.base}/members?unit=${newSchool}&at=2018-06-01`);
        await page.getByText('1 đoàn viên', { exact: true }).waitFor(POLL);
        expect(await note.count()).toBe(0);
      });
    });
});

describe('the sub-unit table', () => {
  it('keeps each unit code on one line (1366×800)', async () => {
    await withPage('codes', LAPTOP, async (page) => {
      await suite.logIn(page, district, `/units/${p.damRong}`);
      const cells = page
        .getByTestId('unit-children')
        .locator('td')
        .filter({ hasText: /^LD-DR-/ });
      await cells.first().waitFor(POLL);
      // One line box each, whatever room the long name leaves the column.
      const lines = await cells.evaluateAll((tds) =>
        tds.map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          return `${td.textContent}: ${tops.size}`;
        }),
      );
      expect(lines).toEqual(['LD-DR-CQ-DAMRONG-2018: 1', 'LD-DR-MN-LIENGSRONH-2018: 1']);
    });
  });
});

describe('actions offered by permission', () => {
  for (const [label, size] of [
    ['1366×800', LAPTOP],
    ['390×844', PHONE],
  ] as const)
    it(`a viewer is offered no card printing, no row selection and no record actions; an officer is (${label})`, async () => {
      await withPage(`viewer-${label}`, size, async (page, context) => {
        await suite.logIn(page, viewer, '/members');
        const list = page.getByTestId(size === PHONE ? 'member-list-card' : 'member-link');
        await list.first().waitFor(POLL);
        for (const testId of ['member-cards-batch', 'member-cards-selected', 'member-add', 'member-import'])
          expect(await page.getByTestId(testId).count(), testId).toBe(0);
        expect(await page.locator('.ant-checkbox-wrapper').count()).toBe(0);
        // The list's export is a reading: offered.
        expect(await page.getByTestId('member-export').count()).toBe(1);
        await page.goto(`${suite.base}/members/${p.phiLieng}/${loan.memberId}`);
        await page.getByTestId('member-name').waitFor(POLL);
        await page.getByTestId('member-record').first().waitFor(POLL);
        expect(await page.getByTestId('member-actions').count()).toBe(0);
        expect(await page.locator('[data-testid^="member-action-"]').count()).toBe(0);

        // The district's administrator, at the same screens: the cards and the selection are there.
        await context.clearCookies();
        await suite.logIn(page, district, '/members');
        await page.getByTestId('member-cards-batch').waitFor(POLL);
        await list.first().waitFor(POLL);
        expect(await page.locator('.ant-checkbox-wrapper').count()).toBeGreaterThan(0);
        await page.goto(`${suite.base}/members/${p.phiLieng}/${loan.memberId}`);
        await page.getByTestId('member-name').waitFor(POLL);
        if (size === PHONE) {
          await page.getByTestId('member-actions').click();
          await page.locator('.ant-dropdown-menu-item').filter({ hasText: 'In thẻ' }).waitFor(POLL);
        } else await page.getByTestId('member-action-card').waitFor(POLL);
      });
    });
});

describe('the dialogs of the admin pages, in the shared dialog frame', () => {
  it('a dated list’s entry: the server’s refusal beside its field, then saved into the list (1366×800)', async () => {
    await withPage('dated-entry', LAPTOP, async (page) => {
      await suite.logIn(page, sysAdmin, '/admin/unit-types');
      const sectors = page.getByTestId('sectors');
      await sectors.getByRole('button', { name: 'Thêm khu vực' }).click();
      const dialog = page.getByTestId('dated-entry-form');
      await dialog.waitFor(POLL);
      await dialog.getByLabel('Mã khu vực').fill('nong_lam_truong');
      await dialog.getByLabel('Viết tắt').fill('NLT');
      await dialog.getByLabel('Tên tiếng Việt').fill('Nông, lâm trường');
      await dialog.getByLabel('Tên tiếng Anh').fill('State farms and forestry enterprises');
      await typeDate(page, 'dated-entry-from', '01/01/2020');
      await typeDate(page, 'dated-entry-to', '01/01/2019');
      await page.getByTestId('dated-entry-submit').click();
      // The server's reason, beside the end date.
      await dialog
        .locator('.ant-form-item')
        .filter({ hasText: 'Đến ngày' })
        .getByText('Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.')
        .waitFor(POLL);
      await typeDate(page, 'dated-entry-to', '01/01/2021');
      await page.getByTestId('dated-entry-submit').click();
      await page.getByText('Đã lưu khu vực.').waitFor(POLL);
      await dialog.waitFor({ state: 'detached' });
      await sectors.getByText('Nông, lâm trường', { exact: true }).waitFor(POLL);
    });
  });

  it('a user’s password set by their administrator: refused with the reason, then set and used (1366×800)', async () => {
    await withPage('password-reset', LAPTOP, async (page, context) => {
      await suite.logIn(page, district, '/admin/users');
      const row = page.locator('.ant-table-row').filter({ hasText: viewer.username });
      await row.getByTestId('user-actions').click();
      await page.getByRole('menuitem', { name: 'Đặt lại mật khẩu' }).click();
      const dialog = page.getByTestId('user-password-form');
      await dialog.waitFor(POLL);
      await page.getByTestId('user-password-new').fill('12345678');
      await page.getByTestId('user-password-submit').click();
      // The server's reason beside the field, the summary above the form.
      const reason = dialog
        .locator('.ant-form-item')
        .filter({ hasText: 'Mật khẩu mới' })
        .locator('.ant-form-item-explain-error');
      await reason.first().waitFor(POLL);
      expect(await reason.allTextContents()).toEqual(['Mật khẩu phải có ít nhất 10 ký tự.']);
      expect(await page.getByTestId('user-password-error').textContent()).toContain(
        'Dữ liệu nhập chưa hợp lệ.',
      );
      const fresh = 'suong-mu-doi-thong-da-lat-1971';
      await page.getByTestId('user-password-new').fill(fresh);
      await page.getByTestId('user-password-submit').click();
      await page.getByText('Đã đặt lại mật khẩu.').waitFor(POLL);
      await dialog.waitFor({ state: 'detached' });
      await context.clearCookies();
      const signIn = await page.request.post(`${suite.base}/api/auth/login`, {
        data: { username: viewer.username, password: fresh },
      });
      expect(signIn.status()).toBe(200);
      viewer = { ...viewer, password: fresh };
    });
  });
});
