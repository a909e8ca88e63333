/**
 * The periodic report's journey through three hands: a CĐCS officer on a phone enters figures (the draft saves by
 * itself and says when), then submits; the district officer approves it from the queue after reading the figures; the
 * province officer sees the figure rolled up, who has reported and who has not (a CĐCS that did not report named in
 * the missing list).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DatabaseHandle } from '../../src/platform/db';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, DESKTOP, PHONE, SHOTS, pageErrors, sideways, type Account } from './helpers';

const POLL = { timeout: 15_000 };

let p: Awaited<ReturnType<typeof buildProvince>>;
let grassroots: Account;
let district: Account;
let province: Account;

async function seed(handle: DatabaseHandle) {
  p = await buildProvince(handle);
  grassroots = await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }]);
  district = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }]);
  province = await makeUser(handle, [{ role: 'unit_officer', unitId: p.province }]);
}

const suite = browserSuite(seed);

/** The controls inside a test id's box that a finger cannot hit (under 40 × 40 px), as "what: width×height". */
function smallTargets(page: Page, testId: string): Promise<string[]> {
  return page.evaluate((id) => {
    const root = document.querySelector(`[data-testid="${id}"]`);
    const small: string[] = [];
    for (const el of Array.from(
      root?.querySelectorAll<HTMLElement>('a, button, .ant-select, .ant-input-affix-wrapper, textarea') ?? [],
    )) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.width < 39.5 || box.height < 39.5)
        small.push(
          `${(el.textContent ?? '').trim().slice(0, 30)}: ${box.width.toFixed(0)}×${box.height.toFixed(0)}`,
        );
    }
    return small;
  }, testId);
}

/** Runs a step in a fresh context; page errors fail it, and a failure leaves a screenshot. */
async function step(name: string, size: typeof PHONE | typeof DESKTOP, run: (page: Page) => Promise<void>) {
  const context = await suite.newContext(size);
  const page = await context.newPage();
  const errors = pageErrors(page);
  try {
    await run(page);
    expect(errors).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}reports-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

describe('a half-year report from the CĐCS to the province', () => {
  it('is entered on a phone, saved by itself, submitted, approved by the district and rolled up at the province', async () => {
    await step('entry', PHONE, async (page) => {
      await suite.logIn(page, grassroots, '/reports/entry');
      await page.getByTestId('report-entry').waitFor();
      // The newest period comes first, labelled as people say it (once the catalogue and the report have loaded).
      await page
        .getByTestId('report-period')
        .filter({ hasText: /6 tháng/ })
        .waitFor();
      await page
        .getByTestId('report-deadline')
        .filter({ hasText: /Hạn nộp/ })
        .waitFor();
      expect(await page.getByTestId('report-period').textContent()).toMatch(/6 tháng (đầu|cuối) năm \d{4}/);
      expect(await page.getByTestId('report-status').textContent()).toBe('Chưa nhập');
      expect(await page.getByTestId('report-deadline').textContent()).toMatch(/Hạn nộp \d\d\/\d\d\/\d{4}/);
      // On a phone only the first section is open: the care section is opened by a tap.
      await page.getByTestId('report-section-1').click();
      const gifts = page.getByTestId('report-input-tet_gifts');
      await gifts.fill('105');
      const money = page.getByTestId('report-input-tet_gifts_value');
      await money.pressSequentially('52500000');
      // Thousands dots as the person types.
      expect(await money.inputValue()).toBe('52.500.000');
      // Nobody pressed "save": the draft is saved a moment after the typing stops.
      await page
        .getByTestId('report-save-state')
        .getByText(/Đã lưu lúc \d\d:\d\d/)
        .waitFor(POLL);
      expect(await page.getByTestId('report-status').textContent()).toBe('Đang nhập');
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      expect(await smallTargets(page, 'report-entry')).toEqual([]);
      const submit = page.getByTestId('report-submit');
      const box = (await submit.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(40);
      await submit.click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Nộp báo cáo' }).click();
      await page.getByTestId('report-status').getByText('Đã nộp').waitFor(POLL);
      // A reload shows what the server keeps.
      await page.reload();
      await page.getByTestId('report-status').getByText('Đã nộp').waitFor(POLL);
      await page.getByTestId('report-section-1').click();
      expect(await page.getByTestId('report-input-tet_gifts_value').inputValue()).toBe('52.500.000');
    });

    await step('approval', DESKTOP, async (page) => {
      await suite.logIn(page, district, '/reports/approvals');
      const row = page
        .getByTestId('report-approvals')
        .locator('tr')
        .filter({ hasText: 'CĐCS Trường THCS Phi Liêng' });
      await row.waitFor(POLL);
      expect(await row.textContent()).toContain('Đúng hạn');
      await row.getByTestId('approval-open').click();
      const review = page.getByTestId('report-review');
      await review.getByTestId('review-value-tet_gifts_value').getByText('52.500.000 đ').waitFor(POLL);
      await review.getByTestId('review-approve').click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Duyệt' }).click();
      await page.getByText('Đã duyệt báo cáo của CĐCS Trường THCS Phi Liêng.').waitFor(POLL);
      await page.getByText('Không có báo cáo nào chờ duyệt.').waitFor(POLL);
    });

    await step('summary', DESKTOP, async (page) => {
      await suite.logIn(page, province, '/reports/summary');
      await page.getByTestId('report-summary').waitFor();
      await page.getByTestId('completeness-submitted').getByText('1', { exact: true }).waitFor(POLL);
      const missing = page.getByTestId('completeness-missing-list');
      await missing.getByText('CĐCS Trạm Y tế xã Đạ Rsal').waitFor(POLL);
      expect(await missing.textContent()).not.toContain('Phi Liêng');
      // The approved figure rolled up to the province; its total opens the units directly below.
      const total = page.getByTestId('total-tet_gifts');
      await total.getByText('105').waitFor(POLL);
      await total.click();
      const drill = page.getByTestId('drill-units');
      const damRong = drill.locator('tr').filter({ hasText: 'LĐLĐ huyện Đam Rông' });
      await damRong.waitFor(POLL);
      expect(await damRong.textContent()).toContain('105');
      await page.getByTestId('chart-ranking').waitFor(POLL);
      // The roll-up goes out as Excel from a button on the page, on the basis shown.
      const href = await page.getByTestId('summary-download-totals').getAttribute('href');
      expect(href).toMatch(/\/report-totals\.xlsx\/.+basis=approved/);
      const file = await page.request.get(`${suite.base}${href}`);
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toContain('spreadsheetml');
    });
  });
});
