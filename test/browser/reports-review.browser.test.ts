/**
 * A report's review between a CĐCS and its district, and the yearly targets, in Chromium against the real server:
 * - return: the district returns a submitted report with a comment; the CĐCS reads it on its report, corrects a figure
 *   and submits again; the district approves;
 * - reopen: the district reopens an approved report from the "Đã duyệt" tab with a reason; the CĐCS reads the reason
 *   and can edit again;
 * - the autosave conflict: two people edit the same draft; the second one's save is refused (409), the page reloads
 *   the report keeping what that person typed, says so in Vietnamese, and saves it on the new version;
 * - targets: the province assigns the district a yearly target on the grid; the district's report then shows the
 *   target and how much of it a figure reaches.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { DatabaseHandle } from '../../src/platform/db';
import { loadActor } from '../../src/features/access/service';
import * as reporting from '../../src/features/reporting/service';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, DESKTOP, PHONE, SHOTS, pageErrors, sideways, type Account } from './helpers';

const POLL = { timeout: 20_000 };
const FORM = 'SK6T';

let p: Awaited<ReturnType<typeof buildProvince>>;
let phiLieng: Account;
let clinic: Account & { id: string };
let coffee: Account;
let district: Account & { id: string };
let province: Account;
/** The newest period of the form, the one the entry page opens on. */
let period: { code: string; year: number };

async function seed(handle: DatabaseHandle) {
  p = await buildProvince(handle);
  phiLieng = await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }]);
  clinic = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRongClinic }]);
  coffee = await makeUser(handle, [{ role: 'unit_officer', unitId: p.lamHaCoffee }]);
  district = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }]);
  province = await makeUser(handle, [{ role: 'unit_officer', unitId: p.province }]);
  const catalogue = await reporting.listCatalogue(handle.db);
  const newest = catalogue.forms.find((f) => f.id === FORM)!.recentPeriods[0]!;
  period = { code: newest.code, year: newest.year };
  // The clinic's report, approved by the district: what the reopen journey starts from.
  const officer = (await loadActor(handle.db, clinic.id))!;
  const approver = (await loadActor(handle.db, district.id))!;
  const saved = await reporting.saveReport(handle.db, officer, p.damRongClinic, FORM, period.code, {
    version: null,
    values: { tet_gifts: 12, field_visits: 3 },
  });
  const submitted = await reporting.moveReport(
    handle.db,
    officer,
    p.damRongClinic,
    FORM,
    period.code,
    'submit',
    {
      version: saved.version,
    },
  );
  await reporting.moveReport(handle.db, approver, p.damRongClinic, FORM, period.code, 'approve', {
    version: submitted.version,
  });
}

const suite = browserSuite(seed);

/** Runs a step in a fresh desktop context; page errors fail it, and a failure leaves a screenshot. */
async function step(
  name: string,
  run: (page: Page, context: BrowserContext) => Promise<void>,
  size: typeof DESKTOP | typeof PHONE = DESKTOP,
) {
  const context = await suite.newContext(size);
  const page = await context.newPage();
  const errors = pageErrors(page);
  try {
    await run(page, context);
    expect(errors).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}reports-review-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

/** Opens the entry page on the newest period and waits for the report to load (its status tag and its inputs). */
async function openEntry(page: Page, user: Account) {
  await suite.logIn(page, user, `/reports/entry?form=${FORM}&period=${period.code}`);
  await page.getByTestId('report-entry').waitFor();
  await page.getByTestId('report-input-tet_gifts').waitFor(POLL);
  await page.getByTestId('report-status').waitFor(POLL);
}

/** Waits until the autosave says it saved. */
const saved = (page: Page) =>
  page
    .getByTestId('report-save-state')
    .getByText(/Đã lưu lúc \d\d:\d\d/)
    .waitFor(POLL);

/** Submits the report on the entry page and waits for its status to say so. */
async function submit(page: Page) {
  await page.getByTestId('report-submit').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Nộp báo cáo' }).click();
  await page.getByTestId('report-status').getByText('Đã nộp').waitFor(POLL);
}

/** The approval queue's row of a unit, once it is shown. */
async function queueRow(page: Page, unitName: string) {
  const row = page.getByTestId('report-approvals').locator('tr').filter({ hasText: unitName });
  await row.waitFor(POLL);
  return row;
}

/** Clicks a tab of the approval queue and waits for its count to be known. */
async function openTab(page: Page, tab: 'submitted' | 'approved' | 'returned', label: RegExp) {
  const tabLabel = page.getByTestId(`approval-tab-${tab}`);
  await tabLabel.filter({ hasText: label }).waitFor(POLL);
  await tabLabel.click();
  await page.waitForURL((url) => tab === 'submitted' || url.searchParams.get('tab') === tab);
}

describe('the review of a report between a CĐCS and its district', () => {
  it('return: the district returns it with a comment, the CĐCS corrects and resubmits, the district approves', async () => {
    const comment = 'Số suất quà Tết chưa khớp sổ theo dõi, đề nghị kiểm tra lại.';
    await step('return-submit', async (page) => {
      await openEntry(page, phiLieng);
      await page.getByTestId('report-input-tet_gifts').fill('105');
      await saved(page);
      await submit(page);
    });

    await step('return-decide', async (page) => {
      await suite.logIn(page, district, '/reports/approvals');
      await page
        .getByTestId('approval-tab-submitted')
        .filter({ hasText: /Chờ duyệt \(\d+\)/ })
        .waitFor(POLL);
      const row = await queueRow(page, 'CĐCS Trường THCS Phi Liêng');
      await row.getByTestId('approval-open').click();
      const review = page.getByTestId('report-review');
      await review.getByTestId('review-value-tet_gifts').getByText('105').waitFor(POLL);
      await review.getByTestId('review-return').click();
      // The comment is required: an empty one is refused on the spot.
      const ask = page
        .locator('.ant-modal')
        .filter({ hasText: 'Trả lại báo cáo của CĐCS Trường THCS Phi Liêng' });
      await ask.getByRole('button', { name: 'Trả lại' }).click();
      await ask.getByText('Nhập nhận xét: đơn vị cần biết phải sửa gì.').waitFor();
      await ask.getByTestId('review-comment').fill(comment);
      await ask.getByRole('button', { name: 'Trả lại' }).click();
      await page.getByText('Đã trả lại báo cáo của CĐCS Trường THCS Phi Liêng.').waitFor(POLL);
      // It waits for the unit now, under "Đã trả lại", with the comment.
      await openTab(page, 'returned', /Đã trả lại \([1-9]\d*\)/);
      const returned = await queueRow(page, 'CĐCS Trường THCS Phi Liêng');
      expect(await returned.getByTestId('approval-comment').textContent()).toBe(comment);
    });

    await step('return-correct', async (page) => {
      await openEntry(page, phiLieng);
      await page.getByTestId('report-status').getByText('Bị trả lại').waitFor(POLL);
      const alert = page.getByTestId('report-returned');
      await alert.getByText(comment).waitFor(POLL);
      expect(await alert.textContent()).toContain('Cấp trên đã trả lại báo cáo');
      const gifts = page.getByTestId('report-input-tet_gifts');
      expect(await gifts.inputValue()).toBe('105');
      await gifts.fill('110');
      await saved(page);
      await submit(page);
    });

    await step('return-approve', async (page) => {
      await suite.logIn(page, district, '/reports/approvals');
      const row = await queueRow(page, 'CĐCS Trường THCS Phi Liêng');
      await row.getByTestId('approval-open').click();
      const review = page.getByTestId('report-review');
      await review.getByTestId('review-value-tet_gifts').getByText('110').waitFor(POLL);
      await review.getByTestId('review-approve').click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Duyệt' }).click();
      await page.getByText('Đã duyệt báo cáo của CĐCS Trường THCS Phi Liêng.').waitFor(POLL);
      await openTab(page, 'approved', /Đã duyệt \([1-9]\d*\)/);
      await queueRow(page, 'CĐCS Trường THCS Phi Liêng');
    });
  });

  it('reopen: the district reopens an approved report from "Đã duyệt" with a reason; the CĐCS edits again', async () => {
    const reason = 'Cần bổ sung số lần thăm hỏi đoàn viên ốm đau.';
    // On a phone the tabs and the cards fit the screen.
    await step(
      'reopen-phone',
      async (page) => {
        await suite.logIn(page, district, '/reports/approvals?tab=approved');
        await page
          .getByTestId('approval-tab-approved')
          .filter({ hasText: /Đã duyệt \([1-9]\d*\)/ })
          .waitFor(POLL);
        await page.getByText('CĐCS Trạm Y tế xã Đạ Rsal').first().waitFor(POLL);
        await page.getByTestId('approval-tab-returned').waitFor();
        expect(await sideways(page)).toBeLessThanOrEqual(0);
        const open = page.getByTestId('approval-open').first();
        expect((await open.boundingBox())!.height).toBeGreaterThanOrEqual(40);
      },
      PHONE,
    );
    await step('reopen-decide', async (page) => {
      await suite.logIn(page, district, '/reports/approvals');
      await openTab(page, 'approved', /Đã duyệt \([1-9]\d*\)/);
      const row = await queueRow(page, 'CĐCS Trạm Y tế xã Đạ Rsal');
      await row.getByTestId('approval-open').click();
      const review = page.getByTestId('report-review');
      await review.getByTestId('review-value-tet_gifts').getByText('12').waitFor(POLL);
      await review.getByTestId('review-reopen').click();
      const ask = page
        .locator('.ant-modal')
        .filter({ hasText: 'Mở lại báo cáo đã duyệt của CĐCS Trạm Y tế xã Đạ Rsal' });
      await ask.getByTestId('review-comment').fill(reason);
      await ask.getByRole('button', { name: 'Mở lại' }).click();
      await page.getByText('Đã mở lại báo cáo của CĐCS Trạm Y tế xã Đạ Rsal.').waitFor(POLL);
      // It left the approved list for the returned one.
      await page
        .getByTestId('report-approvals')
        .locator('tr')
        .filter({ hasText: 'CĐCS Trạm Y tế xã Đạ Rsal' })
        .waitFor({ state: 'detached', ...POLL });
      await openTab(page, 'returned', /Đã trả lại \([1-9]\d*\)/);
      const returned = await queueRow(page, 'CĐCS Trạm Y tế xã Đạ Rsal');
      expect(await returned.getByTestId('approval-comment').textContent()).toBe(reason);
    });

    await step('reopen-edit', async (page) => {
      await openEntry(page, clinic);
      await page.getByTestId('report-status').getByText('Bị trả lại').waitFor(POLL);
      await page.getByTestId('report-returned').getByText(reason).waitFor(POLL);
      const visits = page.getByTestId('report-input-field_visits');
      expect(await visits.isEditable()).toBe(true);
      await visits.fill('5');
      await saved(page);
      await page.reload();
      await page.getByTestId('report-input-field_visits').waitFor(POLL);
      await expect.poll(() => page.getByTestId('report-input-field_visits').inputValue(), POLL).toBe('5');
    });
  });

  it('two people edit one draft: the later save gets 409, the page reloads, keeps what they typed and says so', async () => {
    await step('conflict', async (first) => {
      // The first person starts the draft.
      await openEntry(first, coffee);
      await first.getByTestId('report-input-tet_gifts').fill('40');
      await saved(first);

      // The second person opens the same draft in another browser.
      const other = await suite.newContext(DESKTOP);
      try {
        const second = await other.newPage();
        const errors = pageErrors(second);
        await openEntry(second, coffee);
        await expect.poll(() => second.getByTestId('report-input-tet_gifts').inputValue(), POLL).toBe('40');

        // Meanwhile the first person changes another figure: the second person's copy is now one version behind.
        await first.getByTestId('report-input-tet_gifts_value').pressSequentially('20000000');
        await saved(first);
        expect(await first.getByTestId('report-input-tet_gifts_value').inputValue()).toBe('20.000.000');

        const refused = second.waitForResponse(
          (r) => r.request().method() === 'PUT' && r.url().includes('/reports/') && r.status() === 409,
          POLL,
        );
        await second.getByTestId('report-input-field_visits').fill('7');
        expect((await refused).status()).toBe(409);
        // Said in Vietnamese; the report reloaded (the first person's figure shows) and what was typed kept and saved.
        await second
          .getByTestId('report-conflict')
          .getByText(
            'Báo cáo vừa được thay đổi ở nơi khác. Đã tải lại bản mới; các ô bạn vừa nhập được giữ nguyên và sẽ được lưu.',
          )
          .waitFor(POLL);
        await expect
          .poll(() => second.getByTestId('report-input-tet_gifts_value').inputValue(), POLL)
          .toBe('20.000.000');
        expect(await second.getByTestId('report-input-field_visits').inputValue()).toBe('7');
        await saved(second);
        expect(errors).toEqual([]);
      } finally {
        await other.close();
      }

      // Both figures are kept on the server.
      await first.reload();
      await first.getByTestId('report-input-field_visits').waitFor(POLL);
      await expect.poll(() => first.getByTestId('report-input-field_visits').inputValue(), POLL).toBe('7');
      expect(await first.getByTestId('report-input-tet_gifts_value').inputValue()).toBe('20.000.000');
      expect(await first.getByTestId('report-input-tet_gifts').inputValue()).toBe('40');
    });
  });

  it('targets: the province assigns the district a yearly target; the district sees it and the rate reached', async () => {
    await step('targets-assign', async (page) => {
      await suite.logIn(page, province, '/reports/targets');
      await page.getByTestId('report-targets').waitFor();
      const cell = page.getByTestId(`target-${p.damRong}-tet_gifts`);
      await cell.waitFor(POLL);
      // The grid opens on this year, the year of the newest period.
      await page.getByTestId('report-targets').getByText(`Năm ${period.year}`).waitFor(POLL);
      await cell.fill('200');
      await page.getByText('1 ô đã sửa').waitFor();
      await page.getByTestId('targets-save').click();
      await page.getByText('Đã lưu 1 chỉ tiêu.').waitFor(POLL);
      await expect.poll(() => cell.inputValue(), POLL).toBe('200');
    });

    await step('targets-district', async (page) => {
      await openEntry(page, district);
      const context = page.getByTestId('report-context-tet_gifts');
      await context.getByText(/Chỉ tiêu năm: 200/).waitFor(POLL);
      await page.getByTestId('report-input-tet_gifts').fill('150');
      await context.getByText(/đạt 75(,0)?% chỉ tiêu/).waitFor(POLL);
      await saved(page);
      // The roll-up shows the target beside the district's figures.
      await page.goto(`${suite.base}/reports/summary?form=${FORM}&period=${period.code}`);
      const row = page
        .getByTestId('report-totals')
        .locator('tr')
        .filter({ has: page.getByTestId('total-tet_gifts') });
      await row.waitFor(POLL);
      await row.getByText('200', { exact: true }).waitFor(POLL);
    });
  });
});
