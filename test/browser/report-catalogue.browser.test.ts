/**
 * The report catalogue changed without a code change: the province's administrator (the top of this tree), on a
 * phone, adds an indicator (a code typed wrong first is named beside its field, in Vietnamese) and puts it in a new
 * version of the half-year form from the current half; the CĐCS officer then finds it in the entry form of the
 * current half. The catalogue's menu entry is the administrator's only.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DatabaseHandle } from '../../src/platform/db';
import { todayIso } from '../../src/lib/dates';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, PHONE, SHOTS, pageErrors, sideways, typeDate, type Account } from './helpers';

const POLL = { timeout: 15_000 };
const CODE = 'doi_thoai_noi_lam_viec';

let administrator: Account;
let grassroots: Account;

async function seed(handle: DatabaseHandle) {
  const p = await buildProvince(handle);
  administrator = await makeUser(handle, [{ role: 'unit_admin', unitId: p.province }]);
  grassroots = await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }]);
}

const suite = browserSuite(seed);

/** The first day of the half-year today falls in (dd/mm/yyyy): the new version governs the current half. */
function currentHalfStart(): string {
  const [year, month] = todayIso().split('-');
  return Number(month) <= 6 ? `01/01/${year}` : `01/07/${year}`;
}

async function step(name: string, run: (page: Page) => Promise<void>) {
  const context = await suite.newContext(PHONE);
  const page = await context.newPage();
  const errors = pageErrors(page);
  try {
    await run(page);
    expect(errors).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}report-catalogue-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

async function menuHasCatalogue(page: Page): Promise<boolean> {
  await page.getByTestId('menu-button').click();
  const menu = page.getByTestId('side-menu');
  await menu.waitFor();
  await menu.getByText('Nhập báo cáo').waitFor();
  const found = (await menu.getByText('Danh mục báo cáo').count()) > 0;
  await page.keyboard.press('Escape');
  return found;
}

describe('the report catalogue', () => {
  it('an indicator added to a new version of a form reaches the CĐCS entry form', async () => {
    await step('admin', async (page) => {
      await suite.logIn(page, administrator, '/reports/catalogue');
      await page.getByTestId('catalogue-form-SK6T').waitFor();
      expect(await menuHasCatalogue(page)).toBe(true);

      await page.getByTestId('indicator-create').click();
      const dialog = page.getByTestId('indicator-form');
      await dialog.getByTestId('indicator-code').fill('Đối thoại');
      await dialog.getByTestId('indicator-name-vi').fill('Số cuộc đối thoại tại nơi làm việc');
      await dialog.getByTestId('indicator-name-en').fill('Workplace dialogues');
      await page.getByTestId('indicator-submit').click();
      // The server's 400 names the code, beside it, in Vietnamese.
      await dialog.getByText(/Mã chỉ tiêu gồm 2–40 chữ thường không dấu/).waitFor(POLL);
      await dialog.getByTestId('indicator-code').fill(CODE);
      await page.getByTestId('indicator-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('catalogue-indicators').getByText(CODE, { exact: false }).first().waitFor(POLL);

      await page.getByTestId('version-create-SK6T').click();
      const version = page.getByTestId('version-form');
      await version.waitFor();
      await typeDate(page, 'version-valid-from', currentHalfStart());
      const indicators = page.getByTestId('version-section-0-indicators');
      await indicators.click();
      await page.keyboard.type('đối thoại tại nơi');
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: 'Số cuộc đối thoại tại nơi làm việc' })
        .click();
      await page.keyboard.press('Escape');
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await page.getByTestId('version-submit').click();
      await version.waitFor({ state: 'detached' });
      const [day, month, year] = currentHalfStart().split('/');
      await page.getByTestId(`version-SK6T-${year}-${month}-${day}`).waitFor(POLL);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
    });

    await step('entry', async (page) => {
      await suite.logIn(page, grassroots, '/reports/entry?form=SK6T');
      await page.getByTestId('report-entry').waitFor();
      expect(await menuHasCatalogue(page)).toBe(false);
      // The current half is the first period offered; the new indicator sits in the first section, open on a phone.
      const input = page.getByTestId(`report-input-${CODE}`);
      await input.waitFor(POLL);
      await input.fill('3');
      await page
        .getByTestId('report-save-state')
        .getByText(/Đã lưu lúc \d\d:\d\d/)
        .waitFor(POLL);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
    });
  });
});
