/**
 * The organisation screens an officer uses every day, at a laptop's 1366×800 and a phone's 390×844: the unit search
 * ranks the district before its CĐCS and says how many match; a unit seen before its founding is "not yet founded"
 * with its actions off; a rename to the same name is refused in Vietnamese; the sub-units and the parent history show
 * every column at 1366 px; a large decision is one line of the
 * unit's timeline that opens on request; the units file carries the blocs (khối).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildProvince, makeUser } from '../support/factories';
import { restructure } from '../../src/features/organisation/service';
import { setGroupsOfUnit } from '../../src/features/organisation/unit-type-store';
import { browserSuite, pageErrors, PHONE, SHOTS, sideways, type Account } from './helpers';

let province: Awaited<ReturnType<typeof buildProvince>>;
let user: Account;

const suite = browserSuite(async (handle) => {
  province = await buildProvince(handle);
  user = await makeUser(handle, [{ role: 'unit_admin', unitId: province.province }]);
  // The province's decision of 01/01/2024 moves six CĐCS between districts: on one CĐCS's timeline it is one line.
  await restructure(handle.db, null, {
    kind: 'restructure',
    effectiveOn: '2024-01-01',
    decisionNo: '01/QĐ-LĐLĐ',
    moves: [
      { unitId: province.phiLieng, newParent: { id: province.lamHa } },
      { unitId: province.damRongClinic, newParent: { id: province.lamHa } },
      { unitId: province.lamHaCoffee, newParent: { id: province.damRong } },
      { unitId: province.lamHaSchool, newParent: { id: province.damRong } },
      { unitId: province.eduSchool1, newParent: { id: province.damRong } },
      { unitId: province.eduSchool2, newParent: { id: province.lamHa } },
    ],
  });
  await setGroupsOfUnit(handle.db, province.phiLieng, ['education']);
});
const { newContext } = suite;
const logIn = (page: Page) => suite.logIn(page, user, '/');

const LAPTOP = { viewport: { width: 1366, height: 800 } };

for (const [size, device] of [
  ['1366×800', LAPTOP],
  ['390×844', PHONE],
] as const) {
  const phone = size === '390×844';
  describe(`daily organisation screens at ${size}`, () => {
    it('ranks, refuses what changes nothing, shows a unit before its founding and a large decision', async () => {
      const context = await newContext(device);
      const page = await context.newPage();
      const problems = pageErrors(page);
      await logIn(page);
      const shot = (name: string) =>
        page.screenshot({
          path: `${SHOTS}org-daily-${phone ? 'phone' : 'laptop'}-${name}.png`,
          fullPage: true,
        });

      // Search: the district federation before the CĐCS that carry its name, with the total.
      await page.goto(`${suite.base}/units`);
      await page.getByTestId('unit-search-input').fill('dam rong');
      await page.getByTestId('unit-search-total').waitFor();
      const first = page.getByTestId('unit-search-result').first();
      await expect.poll(() => first.textContent()).toContain('LĐLĐ huyện Đam Rông');
      expect(await page.getByTestId('unit-search-total').textContent()).toMatch(/Hiện \d+ trên \d+ đơn vị/);
      await shot('search');

      // A unit seen on a day before it was founded (1/1/2010): not yet founded, nothing to do.
      await page.goto(`${suite.base}/units/${province.phiLieng}?at=2005-06-01`);
      await expect.poll(() => page.getByTestId('unit-status').textContent()).toContain('Chưa thành lập');
      expect(await page.getByTestId('unit-status').textContent()).toContain('01/01/2010');
      if (phone) {
        await page.getByTestId('unit-actions').click();
        const rename = page.locator('.ant-dropdown-menu-item').filter({ hasText: 'Đổi tên' });
        await rename.waitFor();
        expect(await rename.getAttribute('aria-disabled')).toBe('true');
        await page.keyboard.press('Escape');
      } else {
        for (const action of ['action-rename', 'action-move', 'action-dissolve', 'action-attributes'])
          expect(await page.getByTestId(action).isDisabled()).toBe(true);
      }
      await shot('not-founded');

      // Today: the timeline shows the decision as one line with its count; it opens on request.
      await page.goto(`${suite.base}/units/${province.phiLieng}`);
      await expect.poll(() => page.getByTestId('unit-status').textContent()).toContain('Đang hoạt động');
      const collapsed = page.getByTestId('timeline-event-collapsed');
      await collapsed.waitFor();
      expect(await collapsed.textContent()).toContain('Quyết định gồm 6 thay đổi');
      expect(await collapsed.textContent()).not.toContain('CĐCS Trường THPT Chu Văn An');
      const expand = page.getByTestId('timeline-event-expand');
      const box = await expand.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(40);
      await expand.click();
      await expect.poll(() => collapsed.textContent()).toContain('CĐCS Trường THPT Chu Văn An');
      if (phone) expect(await sideways(page)).toBeLessThanOrEqual(0);
      await shot('timeline');

      // The district's sub-units and the CĐCS's parent history show every column, counts and dates included,
      // without scrolling sideways; on a phone each row is a card.
      await page.goto(`${suite.base}/units/${province.damRong}`);
      const subUnits = page.getByTestId('unit-children');
      await subUnits.getByText('CĐCS Công ty Cà phê Lâm Hà').first().waitFor();
      await page.goto(`${suite.base}/units/${province.phiLieng}`);
      await page.getByTestId('unit-parent-history').getByText('LĐLĐ huyện Lâm Hà').first().waitFor();
      if (phone) expect(await sideways(page)).toBeLessThanOrEqual(0);
      else {
        for (const [path, table] of [
          [`/units/${province.damRong}`, 'unit-children'],
          [`/units/${province.phiLieng}`, 'unit-parent-history'],
        ] as const) {
          await page.goto(`${suite.base}${path}`);
          const last = page.getByTestId(table).locator('thead th').last();
          await last.waitFor();
          const box = (await last.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(1366);
          expect(await sideways(page)).toBeLessThanOrEqual(0);
        }
      }
      await page.goto(`${suite.base}/units/${province.phiLieng}`);
      await expect.poll(() => page.getByTestId('unit-status').textContent()).toContain('Đang hoạt động');

      // Renaming to the name it already has is refused, in Vietnamese, beside the name.
      if (phone) {
        await page.getByTestId('unit-actions').click();
        await page.locator('.ant-dropdown-menu-item').filter({ hasText: 'Đổi tên' }).click();
      } else await page.getByTestId('action-rename').click();
      const form = page.getByTestId('rename-form');
      await form.waitFor();
      await page.getByTestId('event-submit').click();
      await expect.poll(() => form.textContent()).toContain('trùng với tên');
      await shot('rename-refused');

      // The units file carries the blocs in a "Khối" column.
      const file = await page.request.get(`${suite.base}/api/units/${province.lamHa}/export?format=csv`);
      expect(file.ok()).toBe(true);
      const lines = (await file.text()).split('\r\n');
      expect(lines[0]).toMatch(/;Khối$/);
      expect(lines.find((l) => l.includes('CĐCS Trường THCS Phi Liêng'))).toMatch(/;Khối Giáo dục$/);

      expect(problems).toEqual([]);
      await context.close();
    });
  });
}
