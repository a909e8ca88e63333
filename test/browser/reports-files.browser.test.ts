/**
 * The report screens with files and counts, in Chromium against the real server:
 * - targets by file: the district downloads its targets file, fills one cell wrongly and uploads it on the targets page;
 *   the page names the row and column of the problem; the corrected file writes and the grid shows the figure;
 * - the units' reports by file, on a phone: the district downloads the template from the summary, a bad cell is named
 *   ("Dòng N, cột "…": …"), the corrected file writes and submits, and the completeness counts it; before the deadline
 *   a unit without a report is "Chưa nộp" in grey, after it "Chưa báo cáo" in red;
 * - the entry page on a phone says how many typed fields are still empty, opens and closes every section with one
 *   button, and the submission's confirmation says how many are empty without refusing.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DatabaseHandle } from '../../src/platform/db';
import * as reporting from '../../src/features/reporting/service';
import { todayIso } from '../../src/lib/dates';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, DESKTOP, PHONE, SHOTS, pageErrors, sideways, type Account } from './helpers';

const POLL = { timeout: 20_000 };
const FORM = 'SK6T';
const TET = 'Quà Tết cho đoàn viên, người lao động khó khăn (suất)';
const PHI_LIENG = 'CĐCS Trường THCS Phi Liêng';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let p: Awaited<ReturnType<typeof buildProvince>>;
let district: Account;
let cdcs: Account;
/** The period the day falls in (its deadline still ahead) and the one before it (its deadline passed). */
let current: string;
let previous: string;

async function seed(handle: DatabaseHandle) {
  p = await buildProvince(handle);
  district = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }]);
  // Not the CĐCS whose report the summary's file writes: this one starts empty.
  cdcs = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRongClinic }]);
  const catalogue = await reporting.listCatalogue(handle.db);
  const periods = catalogue.forms.find((f) => f.id === FORM)!.recentPeriods;
  current = periods[0]!.code;
  previous = periods[1]!.code;
}

const suite = browserSuite(seed);

async function step(name: string, size: typeof PHONE | typeof DESKTOP, run: (page: Page) => Promise<void>) {
  const context = await suite.newContext(size);
  const page = await context.newPage();
  const errors = pageErrors(page);
  try {
    await run(page);
    expect(errors).toEqual([]);
  } catch (error) {
    await page.screenshot({ path: `${SHOTS}reports-files-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

/** A downloaded workbook, a cell set by the unit's name (column 2) and the header, and the file to upload. */
async function workbookFrom(page: Page, testId: string, sheetName: string) {
  const href = await page.getByTestId(testId).getAttribute('href');
  const answer = await page.request.get(`${suite.base}${href}`);
  expect(answer.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await answer.body()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(sheetName)!;
  const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => (typeof v === 'string' ? v : ''));
  const rowOf = (unitName: string) => {
    for (let r = 2; r <= sheet.rowCount; r++) if (sheet.getCell(r, 2).text === unitName) return r;
    throw new Error(`no row for ${unitName}`);
  };
  return {
    rowOf,
    set(unitName: string, header: string, value: ExcelJS.CellValue) {
      sheet.getCell(rowOf(unitName), headers.indexOf(header)).value = value;
    },
    file: async (name: string) => ({
      name,
      mimeType: XLSX,
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    }),
  };
}

describe('the report screens with files', () => {
  it('targets: a bad cell is named by row and column, the corrected file writes', async () => {
    await step('targets', DESKTOP, async (page) => {
      await suite.logIn(page, district, '/reports/targets');
      const cell = page.getByTestId(`target-${p.phiLieng}-tet_gifts`);
      await cell.waitFor(POLL);
      const f = await workbookFrom(page, 'targets-download', 'Chỉ tiêu');
      f.set(PHI_LIENG, TET, 'mười');
      const input = page.getByTestId('report-targets').locator('input[type=file]');
      await input.setInputFiles(await f.file('chi-tieu.xlsx'));
      const problem = page.getByTestId('targets-upload-problem');
      await problem.first().waitFor(POLL);
      expect(await problem.allTextContents()).toEqual([
        expect.stringMatching(new RegExp(`^Dòng ${f.rowOf(PHI_LIENG)}, cột "${literal(TET)}": .+`)),
      ]);
      expect(await page.getByTestId('targets-upload-failed').textContent()).toContain('Chưa ghi gì');
      expect(await cell.inputValue()).toBe('');

      f.set(PHI_LIENG, TET, 120);
      await input.setInputFiles(await f.file('chi-tieu.xlsx'));
      await page
        .getByTestId('targets-upload-done')
        .getByText(`Đã nhập chỉ tiêu năm ${todayIso().slice(0, 4)}: 1 chỉ tiêu thay đổi.`)
        .waitFor(POLL);
      expect(await page.getByTestId('targets-upload-problem').count()).toBe(0);
      // The grid reads the targets again.
      await page.waitForFunction(
        (id) => (document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? '') === '120',
        `target-${p.phiLieng}-tet_gifts`,
        POLL,
      );
    });
  });

  it('the units’ reports: "Chưa nộp" before the deadline, a bad file named, the good one written and submitted, on a phone', async () => {
    await step('summary', PHONE, async (page) => {
      await suite.logIn(page, district, `/reports/summary?form=${FORM}&period=${current}`);
      const missingCard = page.getByTestId('completeness-missing');
      await missingCard.waitFor(POLL);
      // The deadline is ahead: the units yet to report are not late, and the screen does not say they are.
      expect(await missingCard.textContent()).toContain('Chưa nộp');
      expect(await missingCard.textContent()).not.toContain('Chưa báo cáo');
      expect(await page.getByTestId('completeness-missing-title').textContent()).toMatch(
        /^Đơn vị chưa nộp \(\d+\)$/,
      );
      const colour = () =>
        missingCard.locator('.ant-statistic-content').evaluate((el) => getComputedStyle(el).color);
      expect(await colour()).toBe('rgb(89, 89, 89)');

      const f = await workbookFrom(page, 'summary-download-template', 'Số liệu');
      f.set(PHI_LIENG, TET, 'nhiều');
      const input = page.getByTestId('summary-import').locator('input[type=file]');
      await input.setInputFiles(await f.file('bao-cao.xlsx'));
      const problem = page.getByTestId('summary-upload-problem');
      await problem.first().waitFor(POLL);
      expect(await problem.allTextContents()).toEqual([
        expect.stringMatching(
          new RegExp(`^Dòng ${f.rowOf(PHI_LIENG)}, cột "${literal(TET)}": .*số nguyên không âm`),
        ),
      ]);
      // The problem is said once: in the list, not again in the message above it.
      const failed = (await page.getByTestId('summary-upload-failed').textContent()) ?? '';
      expect(failed.split('Dòng ').length - 1).toBe(1);
      // A phone: the list wraps, nothing scrolls sideways, the upload is a finger's size.
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      const button = (await page.getByTestId('summary-upload').boundingBox())!;
      expect(button.height).toBeGreaterThanOrEqual(40);
      expect(await page.getByTestId('completeness-submitted').textContent()).toContain('0');

      f.set(PHI_LIENG, TET, 7);
      await page.getByTestId('summary-upload-submit').click();
      await input.setInputFiles(await f.file('bao-cao.xlsx'));
      await page
        .getByTestId('summary-upload-done')
        .getByText('Đã nhập 1 báo cáo: 1 có số liệu thay đổi, 1 đã nộp, 0 đã duyệt.')
        .waitFor(POLL);
      // The completeness is read again: the unit is counted as submitted.
      await page.getByTestId('completeness-submitted').getByText('1', { exact: true }).waitFor(POLL);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
    });

    await step('after-deadline', DESKTOP, async (page) => {
      await suite.logIn(page, district, `/reports/summary?form=${FORM}&period=${previous}`);
      const missingCard = page.getByTestId('completeness-missing');
      await missingCard.getByText('Chưa báo cáo').waitFor(POLL);
      expect(await page.getByTestId('completeness-missing-title').textContent()).toMatch(
        /^Đơn vị chưa báo cáo \(\d+\)$/,
      );
      expect(
        await missingCard.locator('.ant-statistic-content').evaluate((el) => getComputedStyle(el).color),
      ).toBe('rgb(207, 19, 34)');
    });
  });

  it('the entry page counts the empty fields, opens every section at once and says the count before submitting', async () => {
    await step('entry', PHONE, async (page) => {
      await suite.logIn(page, cdcs, `/reports/entry?form=${FORM}&period=${current}`);
      const count = page.getByTestId('report-empty-count');
      await count.getByText(/^Còn \d+ chỉ tiêu chưa nhập$/).waitFor(POLL);
      const before = Number(/(\d+)/.exec((await count.textContent()) ?? '')![1]);
      expect(before).toBeGreaterThan(2);

      // One button opens every section, then closes them.
      const toggle = page.getByTestId('report-sections-toggle');
      expect(await toggle.textContent()).toContain('Mở tất cả');
      const gifts = page.getByTestId('report-input-tet_gifts');
      expect(await gifts.isVisible()).toBe(false);
      await toggle.click();
      await gifts.waitFor({ state: 'visible' });
      expect(await toggle.textContent()).toContain('Thu gọn');
      expect((await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(40);

      await gifts.fill('105');
      await count.getByText(`Còn ${before - 1} chỉ tiêu chưa nhập`).waitFor(POLL);
      await page.getByTestId('report-input-tet_gifts_value').pressSequentially('52500000');
      await count.getByText(`Còn ${before - 2} chỉ tiêu chưa nhập`).waitFor(POLL);
      await page
        .getByTestId('report-save-state')
        .getByText(/Đã lưu lúc \d\d:\d\d/)
        .waitFor(POLL);
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      await toggle.click();
      await gifts.waitFor({ state: 'hidden' });
      expect(await toggle.textContent()).toContain('Mở tất cả');

      // Empty fields do not stop the submission: the confirmation says how many there are.
      await page.getByTestId('report-submit').click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain(
        `Còn ${before - 2} chỉ tiêu chưa nhập; vẫn nộp được, ô để trống là chưa có số liệu.`,
      );
      await confirm.getByRole('button', { name: 'Nộp báo cáo' }).click();
      await page.getByTestId('report-status').getByText('Đã nộp').waitFor(POLL);
    });
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
