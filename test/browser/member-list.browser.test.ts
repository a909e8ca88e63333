/**
 * The member list as a district officer uses it every day, at 1366×800 and on a phone (390×844): a deep page kept
 * in the address, the exact full name first and a CCCD found by its first digits, an upside-down age range refused
 * in the form alone, the export downloaded with the filter on screen, the status column in view and pagination
 * targets a finger can hit.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadActor } from '../../src/features/access/service';
import { admitMember, personFixture } from '../../src/features/members/test-factories';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, DESKTOP, pageErrors, PHONE, typeDate, type Account } from './helpers';

const POLL = { timeout: 15_000 };

let province: Awaited<ReturnType<typeof buildProvince>>;
let officer: Account;
let thuyCccd = '';

const GIVEN = ['An', 'Bình', 'Cúc', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Khánh', 'Lan', 'Linh', 'Mai', 'Minh'];

const suite = browserSuite(async (handle) => {
  province = await buildProvince(handle);
  officer = await makeUser(handle, [{ role: 'unit_officer', unitId: province.damRong }]);
  const admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  const thuy = personFixture({ fullName: 'Trần Thị Thủy', birthDate: '1990-04-30', gender: 'female' });
  thuyCccd = thuy.cccd ?? '';
  await admitMember(handle.db, admin, province.phiLieng, thuy);
  await admitMember(
    handle.db,
    admin,
    province.damRongClinic,
    personFixture({ fullName: 'Trần Thị Thúy', birthDate: '1995-09-09', gender: 'female' }),
  );
  // Enough people for a second page on a phone (20 a page).
  for (const [i, given] of GIVEN.entries())
    for (const family of ['Lê Văn', 'Phạm Thị'])
      await admitMember(
        handle.db,
        admin,
        i % 2 ? province.phiLieng : province.damRongClinic,
        personFixture({ fullName: `${family} ${given}`, birthDate: `19${70 + i}-0${(i % 9) + 1}-15` }),
      );
});
const { newContext, logIn } = suite;

const memberRequests = (page: Page) => {
  const urls: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/units\/[^/]+\/members\?/.test(r.url())) urls.push(r.url());
  });
  return urls;
};

async function search(page: Page, text: string) {
  const box = page.getByTestId('member-search');
  await box.fill(text);
  await expect.poll(() => new URL(page.url()).searchParams.get('q'), POLL).toBe(text);
}

const names = (page: Page) => page.getByTestId('member-link').allTextContents();

describe.each([
  ['desktop 1366×800', { ...DESKTOP, viewport: { width: 1366, height: 800 } }],
  ['phone 390×844', PHONE],
] as const)('the member list on a %s', (size, device) => {
  it('keeps page 1.000, ranks the exact name first, finds a CCCD by its first digits', async () => {
    const context = await newContext(device);
    const page = await context.newPage();
    const problems = pageErrors(page);
    await logIn(page, officer);
    const requests = memberRequests(page);
    await page.goto(`${suite.base}/members?page=1000`);
    await page.getByTestId('members-title').waitFor();
    await expect
      .poll(() => requests.some((u) => new URL(u).searchParams.get('page') === '1000'), POLL)
      .toBe(true);
    expect(new URL(page.url()).searchParams.get('page')).toBe('1000');

    // While the list loads (held back here) it says nothing of "no members": the spinner alone is shown.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/units\/[^/]+\/members\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('members-title').waitFor();
    await page.locator('.ant-spin-spinning').first().waitFor();
    expect(await page.getByText('Không có đoàn viên phù hợp với bộ lọc.').count()).toBe(0);
    expect(await page.getByText('Chưa có dữ liệu').count()).toBe(0);
    // Let it through; the requests that follow pass the route at once.
    release();
    await page.getByTestId('member-link').first().waitFor();
    await search(page, 'Trần Thị Thúy');
    await expect.poll(async () => (await names(page))[0], POLL).toBe('Trần Thị Thúy');
    await search(page, 'Trần Thị Thủy');
    await expect.poll(async () => (await names(page))[0], POLL).toBe('Trần Thị Thủy');
    await search(page, thuyCccd.slice(0, 9));
    await expect.poll(() => names(page), POLL).toEqual(['Trần Thị Thủy']);
    expect(problems, size).toEqual([]);
    await context.close();
  });

  it('refuses ages 30–25 in the form alone, with one message and no request', async () => {
    const context = await newContext(device);
    const page = await context.newPage();
    await logIn(page, officer);
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('members-title').waitFor();
    const count = page.getByTestId('member-list-count');
    await expect.poll(() => count.textContent(), POLL).toMatch(/^[\d.]+ đoàn viên$/);
    if (device === PHONE) await page.getByTestId('member-filter-toggle').click();
    const requests = memberRequests(page);
    await page.getByLabel('Tuổi từ', { exact: true }).pressSequentially('30');
    await expect.poll(() => new URL(page.url()).searchParams.get('ageFrom'), POLL).toBe('30');
    await page.getByLabel('đến', { exact: true }).pressSequentially('25');
    await expect.poll(() => new URL(page.url()).searchParams.get('ageTo'), POLL).toBe('25');
    await expect
      .poll(() => page.getByTestId('member-filter-age-invalid').count(), { timeout: 30_000 })
      .toBe(1);
    await page.waitForTimeout(800);
    expect(requests.filter((u) => new URL(u).searchParams.get('ageTo') === '25')).toEqual([]);
    // One message: the form's, no error from the server beside it.
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.locator('.ant-message-error').count()).toBe(0);
    expect(await page.getByTestId('member-export').isDisabled()).toBe(true);
    // No count from the previous filter in the header, no rows of it below: the list asks for the filter first.
    expect(await count.textContent()).toBe('Đoàn viên');
    expect(await page.getByTestId('member-link').count()).toBe(0);
    await page.getByText('Sửa bộ lọc ở trên để xem danh sách.').waitFor(POLL);
    await context.close();
  });

  it('says an impossible as-of date typed with Enter cannot be read, and the box keeps the date in use', async () => {
    const context = await newContext(device);
    const page = await context.newPage();
    await logIn(page, officer);
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('member-link').first().waitFor();
    if (device === PHONE) await page.getByTestId('member-filter-toggle').click();
    const box = page.getByTestId('member-filter-at');
    await typeDate(page, 'member-filter-at', '01/01/2024');
    await expect.poll(() => new URL(page.url()).searchParams.get('at'), POLL).toBe('2024-01-01');
    await typeDate(page, 'member-filter-at', '99/99/2020');
    const unreadable = page.getByTestId('member-filter-at-unreadable');
    await unreadable.waitFor(POLL);
    expect(await unreadable.textContent()).toContain('Không đọc được ngày “99/99/2020”');
    // The box and the list agree: both on 01/01/2024.
    await expect.poll(() => box.inputValue(), POLL).toBe('01/01/2024');
    expect(new URL(page.url()).searchParams.get('at')).toBe('2024-01-01');
    // A readable date clears the message.
    await typeDate(page, 'member-filter-at', '02/01/2024');
    await expect.poll(() => new URL(page.url()).searchParams.get('at'), POLL).toBe('2024-01-02');
    expect(await unreadable.count()).toBe(0);
    await context.close();
  });

  it('exports the filter on screen, the search box as typed included', async () => {
    const context = await newContext({ ...device, acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, officer);
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('members-title').waitFor();
    // Typed and exported at once, before the list has caught up with the box.
    await page.getByTestId('member-search').fill('Phạm Thị');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('member-export').click(),
    ]);
    expect(new URL(download.url()).searchParams.get('q')).toBe('Phạm Thị');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Đoàn viên')!;
    const exported = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => String(r[2]));
    expect(exported).toHaveLength(GIVEN.length);
    expect(exported.every((name) => name.startsWith('Phạm Thị'))).toBe(true);
    await context.close();
  });

  it('shows the status column at 1366 px and pagination a finger can hit on a phone', async () => {
    const context = await newContext(device);
    const page = await context.newPage();
    await logIn(page, officer);
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('member-link').first().waitFor();
    if (device === PHONE) {
      const targets = page.locator('.ant-pagination-item, .ant-pagination-prev, .ant-pagination-next');
      expect(await targets.count()).toBeGreaterThan(2);
      for (const box of await targets.evaluateAll((els) => els.map((e) => e.getBoundingClientRect())))
        expect(Math.min(box.width, box.height), JSON.stringify(box)).toBeGreaterThanOrEqual(40);
    } else {
      const status = page.getByRole('columnheader', { name: 'Tình trạng' });
      const box = (await status.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1366);
      expect(box.x).toBeGreaterThanOrEqual(0);
    }
    await context.close();
  });
});
