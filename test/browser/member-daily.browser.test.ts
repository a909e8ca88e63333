/**
 * The member screens an officer uses every day, walked at 1366×800 and at 390×844: a transfer dated too early says
 * the server's reason, printing a unit's cards shows the count and the limit first, the proposals and approvals keep
 * their status and action columns in view, the approval names the person and the new member code, a correction shows
 * in the record's history, and an empty name in the propose form says it must not be empty.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Database, DatabaseHandle } from '../../src/platform/db';
import { queryRows, sql } from '../../src/platform/db';
import type { Actor } from '../../src/features/access/model';
import { loadActor } from '../../src/features/access/service';
import { proposeMembers } from '../../src/features/members/service';
import { admitMember, personFixture } from '../../src/features/members/test-factories';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, PHONE, SHOTS, typeDate, type Account } from './helpers';

const POLL = { timeout: 15_000 };

let p: Awaited<ReturnType<typeof buildProvince>>;
let db: Database;
let admin: Actor;
let grassroots: Account;
let district: Account;
let loan: { memberId: string };
let hoa: { memberId: string };
const movers: { memberId: string }[] = [];
let lamHaOfficer!: Account;

async function seed(handle: DatabaseHandle) {
  db = handle.db;
  p = await buildProvince(handle);
  admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  grassroots = await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }]);
  district = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }]);
  // Phi Liêng: Võ Thị Loan, a member since 01/03/2020, Lý Thị Hoa and one more.
  loan = await admitMember(
    handle.db,
    admin,
    p.phiLieng,
    personFixture({ fullName: 'Võ Thị Loan', joinedOn: '2020-03-01' }),
    '2020-03-01',
  );
  hoa = await admitMember(
    handle.db,
    admin,
    p.phiLieng,
    personFixture({ fullName: 'Lý Thị Hoa' }),
    '2021-01-04',
  );
  await admitMember(handle.db, admin, p.phiLieng, personFixture(), '2021-01-04');
  // At a school in Lâm Hà, with its own officer: two who move to the clinic in Đạ Rsal (one per screen size),
  // out of that officer's reach.
  lamHaOfficer = await makeUser(handle, [{ role: 'unit_officer', unitId: p.lamHaSchool }]);
  for (const fullName of ['Đinh Văn Chuyển', 'Đinh Thị Chuyển'])
    movers.push(
      await admitMember(handle.db, admin, p.lamHaSchool, personFixture({ fullName }), '2021-01-04'),
    );
}

const suite = browserSuite(seed);

const SIZES = {
  '1366×800': { viewport: { width: 1366, height: 800 } },
  '390×844': PHONE,
} as const;
type Size = keyof typeof SIZES;
const phone = (size: Size) => size === '390×844';

/** Runs the check once at each size in a fresh context; page errors fail it, and a failure leaves a screenshot. */
function atBothSizes(title: string, check: (page: Page, size: Size) => Promise<void>) {
  it.each(Object.keys(SIZES) as Size[])(`${title} (%s)`, async (size) => {
    const context = await suite.newContext(SIZES[size]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await check(page, size);
      expect(errors).toEqual([]);
    } catch (error) {
      await page.screenshot({
        path: `${SHOTS}member-daily-${title.slice(0, 24).replace(/\W+/g, '-')}-${size}.png`,
      });
      throw error;
    } finally {
      await context.close();
    }
  });
}

/** Opens one of the record's actions: a button on a laptop, an item of the actions menu on a phone. */
async function memberAction(page: Page, size: Size, key: string, label: string) {
  if (!phone(size)) return page.getByTestId(`member-action-${key}`).click();
  await page.getByTestId('member-actions').click();
  await page.locator('.ant-dropdown-menu-item').filter({ hasText: label }).click();
}

/** The right edge of an element, to compare with the viewport's width. */
async function rightEdge(page: Page, testId: string) {
  const box = (await page.getByTestId(testId).first().boundingBox())!;
  return box.x + box.width;
}

describe('the member screens an officer uses every day', () => {
  atBothSizes(
    'a transfer dated before the member joined is refused in the form, before any confirmation',
    async (page, size) => {
      await suite.logIn(page, grassroots, `/members/${p.phiLieng}/${loan.memberId}`);
      await page.getByTestId('member-name').getByText('Võ Thị Loan', { exact: true }).waitFor();
      await memberAction(page, size, 'transfer', 'Chuyển sinh hoạt');
      await page.getByTestId('member-transfer-form').waitFor();
      await page.getByTestId('member-transfer-to').click();
      await page.keyboard.type('phi lieng');
      await page.getByTestId('member-transfer-to-option').first().waitFor(POLL);
      await page.getByTestId('member-transfer-to-option').first().click();
      await typeDate(page, 'member-event-date', '01/01/2019');
      await page.getByTestId('member-form-submit').click();
      // The date is judged against the stay it ends, under the date, in Vietnamese: the officer is not asked to
      // confirm a transfer the server would refuse.
      const message = page
        .getByTestId('member-transfer-form')
        .getByText('Ngày hiệu lực phải sau ngày bắt đầu sinh hoạt tại');
      await message.waitFor(POLL);
      expect(await message.textContent()).toContain('(01/03/2020)');
      expect(await page.getByTestId('member-transfer-confirm').count()).toBe(0);
      // A date after the stay began goes on to the confirmation.
      await typeDate(page, 'member-event-date', '01/01/2024');
      await page.getByTestId('member-form-submit').click();
      const confirm = page.getByTestId('member-transfer-confirm');
      await confirm.waitFor(POLL);
      expect(await confirm.textContent()).toContain('Từ ngày: 01/01/2024');
    },
  );

  atBothSizes('printing a unit’s cards shows the count and the limit first', async (page) => {
    await suite.logIn(page, grassroots, '/members');
    await page.getByTestId('member-list').waitFor();
    await page.getByTestId('member-cards-batch').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain('In 3 thẻ');
    expect(text).toContain('tối đa 2.000 thẻ');
    await confirm.getByRole('button', { name: 'Hủy' }).click();
    await confirm.waitFor({ state: 'detached' });
  });

  atBothSizes(
    'proposals and approvals keep status and actions in view; the approval names the person and the code',
    async (page, size) => {
      const name = phone(size) ? 'Đinh Thị Bình' : 'Đinh Thị An';
      if (!phone(size)) {
        await proposeMembers(db, admin, p.phiLieng, { people: [personFixture({ fullName: name })] });
        await suite.logIn(page, grassroots, '/members/proposals');
      } else {
        // On a phone she is sent through the form, from the member list, which then opens the proposals.
        await suite.logIn(page, grassroots, '/members');
        await page.getByTestId('member-add').click();
        const form = page.getByTestId('propose-form');
        await form.waitFor();
        await form.getByTestId('propose-unit').getByText('CĐCS Trường THCS Phi Liêng').waitFor();
        await page.getByTestId('propose-person-0-name').fill(name);
        await typeDate(page, 'propose-person-0-birth', '12/08/1992');
        await page.getByTestId('propose-person-0').getByText('Nữ', { exact: true }).click();
        await page.getByTestId('member-form-submit').click();
        await form.waitFor({ state: 'detached' });
        await page.waitForURL(/\/members\/proposals$/);
        await page.getByTestId('proposal-name').filter({ hasText: name }).waitFor(POLL);
      }
      await page.getByTestId('proposal-status').first().waitFor(POLL);
      if (!phone(size)) {
        expect(await rightEdge(page, 'proposal-status')).toBeLessThanOrEqual(1366);
        expect(await rightEdge(page, 'proposal-correct')).toBeLessThanOrEqual(1366);
      } else {
        // A phone: the card's buttons and the status tabs inside the screen, nothing scrolled sideways.
        expect(await rightEdge(page, 'proposal-correct')).toBeLessThanOrEqual(390);
        // Every button of every card lies inside its card: "Sửa hồ sơ" and "Rút hồ sơ" wrap to a new line
        // rather than run past its edge.
        const outside = await page.getByTestId('proposal-list-card').evaluateAll((cards) =>
          cards.flatMap((card) => {
            const edge = card.getBoundingClientRect();
            return [...card.querySelectorAll('button')]
              .map((button) => ({ text: button.textContent ?? '', box: button.getBoundingClientRect() }))
              .filter(
                ({ box }) =>
                  box.left < edge.left ||
                  box.right > edge.right ||
                  box.top < edge.top ||
                  box.bottom > edge.bottom,
              )
              .map(({ text, box }) => `${text}: ${box.left}–${box.right} in ${edge.left}–${edge.right}`);
          }),
        );
        expect(outside).toEqual([]);
        expect(await page.getByTestId('proposal-withdraw').count()).toBeGreaterThan(0);
        const tabs = await page
          .getByTestId('proposal-status-filter')
          .locator('.ant-segmented-item')
          .evaluateAll((items) => items.map((item) => item.getBoundingClientRect().right));
        expect(Math.max(...tabs)).toBeLessThanOrEqual(390);
      }
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}member-daily-proposals-${size}.png` });

      const districtContext = await suite.newContext(SIZES[size]);
      const upper = await districtContext.newPage();
      await suite.logIn(upper, district, '/members/approvals');
      const approve = upper.getByTestId('approval-approve-one');
      await approve.first().waitFor(POLL);
      if (!phone(size)) expect(await rightEdge(upper, 'approval-approve-one')).toBeLessThanOrEqual(1366);
      // Several at once, on a phone too: a checkbox per card, the bulk button counts them.
      if (phone(size)) {
        await upper.getByTestId('approval-list-check').first().click();
        await expect.poll(() => upper.getByTestId('approval-approve').textContent()).toContain('1');
        await upper.getByTestId('approval-list-check').first().click();
      } else {
        const cut = await upper
          .getByTestId('approval-list')
          .locator('thead th')
          .evaluateAll((cells) => cells.filter((th) => th.scrollWidth > th.clientWidth + 1).length);
        expect(cut).toBe(0);
      }
      await approve.first().click();
      const confirm = upper.locator('.ant-modal-confirm');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain(`Duyệt kết nạp ${name}?`);
      await confirm.getByRole('button', { name: 'Duyệt' }).click();
      const done = upper.locator('.ant-message').getByText(`Đã duyệt kết nạp ${name}`);
      await done.waitFor(POLL);
      const [member] = await queryRows<{ code: string }>(
        db,
        sql`SELECT code FROM members WHERE full_name = ${name}`,
      );
      expect(await done.textContent()).toContain(`mã đoàn viên ${member!.code}`);
      await districtContext.close();
    },
  );

  atBothSizes('a correction of the personal data shows in the record’s history', async (page, size) => {
    await suite.logIn(page, grassroots, `/members/${p.phiLieng}/${hoa.memberId}`);
    await page
      .getByTestId('member-name')
      .getByText(/^Lý Thị Hoa/)
      .waitFor();
    await memberAction(page, size, 'edit', 'Sửa thông tin');
    const form = page.getByTestId('member-edit-form');
    await form.waitFor();
    const name = phone(size) ? 'Lý Thị Hoa Bình' : 'Lý Thị Hoa An';
    await page.getByTestId('member-edit-person-name').fill(name);
    await page.getByTestId('member-form-submit').click();
    await form.waitFor({ state: 'detached' });
    const card = page.locator('.ant-card').filter({ hasText: 'Sửa thông tin cá nhân' });
    await expect
      .poll(async () => (await card.getByTestId('member-corrections').textContent()) ?? '', POLL)
      .toContain(name);
    expect(await card.getByTestId('member-corrections').textContent()).toContain('Họ và tên');
    // The stays table shows its last column (how the stay ended) inside a laptop's width; a phone shows cards.
    if (!phone(size)) {
      const last = page.getByTestId('member-stays').locator('thead th').last();
      const box = (await last.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1366);
    }
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
  });

  atBothSizes('an empty name in the propose form says it must not be empty', async (page) => {
    await suite.logIn(page, grassroots, '/members');
    await page.getByTestId('member-add').click();
    await page.getByTestId('propose-form').waitFor();
    await page.getByTestId('member-form-submit').click();
    await expect
      .poll(() => page.getByTestId('propose-person-0').textContent(), POLL)
      .toMatch(/Họ và tên không được để trống/i);
  });
  atBothSizes('dates typed the usual ways are read, and an unreadable one says so', async (page, size) => {
    await suite.logIn(page, grassroots, `/members/${p.phiLieng}/${loan.memberId}`);
    await page.getByTestId('member-name').getByText('Võ Thị Loan', { exact: true }).waitFor();
    await memberAction(page, size, 'edit', 'Sửa thông tin');
    await page.getByTestId('member-edit-form').waitFor();
    const birth = page.getByTestId('member-edit-person-birth');
    const unreadable = page.getByTestId('member-edit-person-birth-unreadable');
    for (const typed of ['5/8/1993', '05081993', '5-8-1993', '05/08/1993']) {
      await birth.click();
      await birth.press('Control+A');
      await birth.pressSequentially(typed);
      await page.getByTestId('member-edit-person-name').click();
      await expect.poll(() => birth.inputValue(), POLL).toBe('05/08/1993');
      expect(await unreadable.count()).toBe(0);
    }
    await birth.click();
    await birth.press('Control+A');
    await birth.pressSequentially('31/02/1993');
    await page.getByTestId('member-edit-person-name').click();
    await unreadable.waitFor(POLL);
    expect(await unreadable.textContent()).toContain('Không đọc được ngày “31/02/1993”');
  });

  atBothSizes(
    'after a transfer the officer lands on the list, told where the member went',
    async (page, size) => {
      const mover = movers[phone(size) ? 1 : 0]!;
      await suite.logIn(page, lamHaOfficer, `/members/${p.lamHaSchool}/${mover.memberId}`);
      await page
        .getByTestId('member-name')
        .getByText(/Đinh .* Chuyển/)
        .waitFor();
      await memberAction(page, size, 'transfer', 'Chuyển sinh hoạt');
      await page.getByTestId('member-transfer-form').waitFor();
      await page.getByTestId('member-transfer-to').click();
      await page.keyboard.type('tram y te da rsal');
      const option = page.getByTestId('member-transfer-to-option').filter({ hasText: 'Đạ Rsal' }).first();
      await option.waitFor(POLL);
      await option.click();
      await page.getByTestId('member-form-submit').click();
      // The confirmation names the receiving unit, the unit above it and the day.
      const confirm = page.getByTestId('member-transfer-confirm');
      await confirm.waitFor(POLL);
      const today = new Date().toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
      expect(await confirm.innerText()).toBe(
        `Đến: CĐCS Trạm Y tế xã Đạ Rsal\nThuộc: LĐLĐ tỉnh Lâm Đồng › Đam Rông\nTừ ngày: ${today}`,
      );
      expect(await page.locator('.ant-modal-confirm-title').textContent()).toMatch(
        /^Chuyển sinh hoạt của Đinh .* Chuyển\?$/,
      );
      await page.getByTestId('member-transfer-confirm-ok').click();
      await page.waitForURL((url) => url.pathname === '/members', POLL);
      const note = page.getByTestId('member-transferred-note');
      await note.waitFor(POLL);
      expect(await note.textContent()).toMatch(
        /Đinh .* Chuyển đã chuyển sinh hoạt đến CĐCS Trạm Y tế xã Đạ Rsal/,
      );
      expect(await page.getByText('Đoàn viên không còn thuộc đơn vị này').count()).toBe(0);
    },
  );
});
