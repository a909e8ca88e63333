/**
 * The organisation journey in a real browser: log in, find a CĐCS by typing without diacritics, record its move to
 * another district federation, see it in the timeline, and check the tree over the API. Plus a phone-width check.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, DESKTOP, pageErrors, PHONE, SHOTS, sideways, typeDate, type Account } from './helpers';

let province: Awaited<ReturnType<typeof buildProvince>>;
let user: Account;

const suite = browserSuite(async (handle) => {
  province = await buildProvince(handle);
  user = await makeUser(handle, [{ role: 'unit_admin', unitId: province.province }]);
});
const { newContext } = suite;
/** Logs in from the home page, which sends a stranger to the login page first. */
const logIn = (page: Page) => suite.logIn(page, user, '/');

describe('organisation in the browser', () => {
  it('finds a CĐCS by typing without diacritics, moves it to another district and shows the event', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    const problems = pageErrors(page);

    await page.goto(`${suite.base}/login`);
    await expect.poll(() => page.getByTestId('login-submit').textContent()).toContain('Đăng nhập');
    await page.screenshot({ path: `${SHOTS}login.png` });

    await logIn(page);
    await page.getByTestId('dashboard-counts').waitFor();
    await expect.poll(() => page.getByTestId('dashboard-counts').textContent()).toContain('CĐCS6');
    await page.screenshot({ path: `${SHOTS}dashboard.png`, fullPage: true });

    // The tree, then search without diacritics.
    await page.getByTestId('side-menu').getByText('Cây tổ chức').click();
    await page.waitForURL(/\/units$/);
    await page.getByTestId('tree-node').first().waitFor();
    await page.getByTestId('unit-search-input').fill('dam rong');
    const result = page.getByTestId('unit-search-result').filter({ hasText: 'LĐLĐ huyện Đam Rông' });
    await result.first().waitFor();
    await page.screenshot({ path: `${SHOTS}tree-search.png`, fullPage: true });
    await result.first().click();

    // Đam Rông, then its CĐCS.
    await page.waitForURL(new RegExp(`/units/${province.damRong}`));
    await expect.poll(() => page.getByTestId('unit-name').textContent()).toBe('LĐLĐ huyện Đam Rông');
    await page.getByTestId('unit-children').getByRole('link', { name: 'CĐCS Trường THCS Phi Liêng' }).click();
    await page.waitForURL(new RegExp(`/units/${province.phiLieng}`));
    await expect.poll(() => page.getByTestId('unit-name').textContent()).toBe('CĐCS Trường THCS Phi Liêng');

    // Record the move to Lâm Hà effective 01/03/2024.
    await page.getByTestId('action-move').click();
    const parentSelect = page.getByTestId('move-new-parent');
    await parentSelect.click();
    await page.keyboard.type('lam ha');
    const option = page.getByTestId('move-new-parent-option').filter({ hasText: 'LĐLĐ huyện Lâm Hà' });
    await option.first().waitFor();
    await option.first().click();
    await typeDate(page, 'event-effective-date', '01/03/2024');
    await page.getByTestId('event-decision-no').fill('15/QĐ-LĐLĐ');
    await page
      .getByTestId('move-form')
      .getByRole('textbox', { name: 'Ghi chú' })
      .fill('Theo đề nghị của LĐLĐ huyện Đam Rông');
    await page.screenshot({ path: `${SHOTS}move-form.png` });
    await page.getByTestId('event-submit').click();
    await page.getByTestId('move-form').waitFor({ state: 'detached' });

    const timeline = page.getByTestId('unit-timeline');
    await expect.poll(() => timeline.textContent()).toContain('Chuyển về');
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain('01/03/2024');
    expect(text).toContain('15/QĐ-LĐLĐ');
    expect(text).toContain('LĐLĐ huyện Lâm Hà');
    await page.screenshot({ path: `${SHOTS}unit-after-move.png`, fullPage: true });

    // The tree itself changed from the effective date, not before.
    const before = await page.request.get(`${suite.base}/api/units/${province.phiLieng}?at=2024-02-29`);
    const after = await page.request.get(`${suite.base}/api/units/${province.phiLieng}?at=2024-03-01`);
    expect(before.ok() && after.ok()).toBe(true);
    expect(((await before.json()) as { atDate: { parentId: string } }).atDate.parentId).toBe(
      province.damRong,
    );
    expect(((await after.json()) as { atDate: { parentId: string } }).atDate.parentId).toBe(province.lamHa);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders the tree on a phone without horizontal overflow', async () => {
    const context = await newContext(PHONE);
    const page = await context.newPage();
    await logIn(page);
    await page.goto(`${suite.base}/units`);
    await page.getByTestId('tree-node').first().waitFor();
    await page.getByTestId('unit-search-input').waitFor();
    const overflow = await sideways(page);
    await page.screenshot({ path: `${SHOTS}phone-tree.png`, fullPage: true });
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByTestId('menu-button').click();
    await page.getByTestId('side-menu').waitFor();
    // The context asks for less motion (helpers.ts): the drawer is in place at once, no slide to wait for.
    const slide = () =>
      page
        .locator('.ant-drawer-content-wrapper')
        .evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration) || 0);
    expect(await slide()).toBe(0);
    await page.screenshot({ path: `${SHOTS}phone-menu.png` });
    await page.getByTestId('side-menu').getByText('Tổng quan').click();
    // Without that setting the drawer slides, as before.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.getByTestId('menu-button').click();
    await page.getByTestId('side-menu').waitFor();
    expect(await slide()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await page.emulateMedia({ reducedMotion: 'reduce' });

    await page.goto(`${suite.base}/units/${province.lamHa}`);
    await page.getByTestId('unit-children').waitFor();
    await page.getByTestId('unit-timeline').waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}phone-unit.png`, fullPage: true });
    await context.close();
  });

  it('shows the server’s reason when a restructuring is refused, and switches to English', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    const problems = pageErrors(page);
    await logIn(page);

    // A new unit's empty card opens (it once blanked the app), and the summary counts it.
    await page.goto(`${suite.base}/restructure`);
    await page.getByRole('button', { name: 'Thêm đơn vị mới' }).click();
    await page.getByText('Đơn vị mới 1').waitFor();
    expect(await page.getByTestId('page-crashed').count()).toBe(0);
    await page.getByText(/Sẽ thành lập 1, chuyển 0, giải thể 0 đơn vị/).waitFor();
    await page.locator('.ant-card-type-inner').getByRole('button', { name: 'Xóa' }).click();
    await page.getByText(/Sẽ thành lập 0, chuyển 0, giải thể 0 đơn vị/).waitFor();

    // Dissolving a district federation that still has CĐCS is refused with the server's message.
    await page.getByRole('button', { name: 'Thêm đơn vị giải thể' }).click();
    await page.getByTestId('restructure-dissolve').click();
    await page.keyboard.type('lam ha');
    await page
      .getByTestId('restructure-dissolve-option')
      .filter({ hasText: 'LĐLĐ huyện Lâm Hà' })
      .first()
      .click();
    await page.getByTestId('restructure-submit').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Ghi nhận sắp xếp' }).click();
    const error = page.getByTestId('restructure-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('đơn vị trực thuộc đang hoạt động');
    await page.screenshot({ path: `${SHOTS}restructure-error.png`, fullPage: true });

    for (const [path, heading, shot] of [
      ['/admin/users', 'Người dùng', 'users'],
      ['/admin/audit', 'Nhật ký thao tác', 'audit'],
      ['/admin/unit-types', 'Loại đơn vị', 'unit-types'],
    ] as const) {
      await page.goto(`${suite.base}${path}`);
      await page.locator('.ant-card-head-title').filter({ hasText: heading }).waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await page.screenshot({ path: `${SHOTS}${shot}.png`, fullPage: true });
    }
    // The sectors are listed under the unit types, from the database, education among them.
    await page.getByTestId('sectors').getByText('Giáo dục', { exact: true }).first().waitFor();

    await page.getByTestId('language-switch').getByText('EN').click();
    await page.getByTestId('side-menu').getByText('Organisation tree').waitFor();
    await page.screenshot({ path: `${SHOTS}english.png`, fullPage: true });
    await page.getByTestId('language-switch').getByText('VI').click();
    await page.getByTestId('side-menu').getByText('Cây tổ chức').waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
