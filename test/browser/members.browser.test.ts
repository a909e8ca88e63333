/**
 * The member registry's journey in a real browser: a CĐCS officer proposes "Trần Thị Thủy", the district federation
 * that holds the power to admit approves her in its queue, finds her by typing "tran thi thuy" without diacritics,
 * opens her record and prints her card (a real PDF). Plus the member list and record on a phone, without sideways
 * scrolling.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadActor } from '../../src/features/access/service';
import { admitMember, personFixture } from '../../src/features/members/test-factories';
import { buildProvince, foundAs, makeUser } from '../support/factories';
import {
  browserSuite,
  DESKTOP,
  keepResponses,
  pageErrors,
  PHONE,
  SHOTS,
  sideways,
  typeDate,
  type Account,
} from './helpers';

/** The machine is shared: give the server time before a polled expectation fails. */
const POLL = { timeout: 15_000 };

let province: Awaited<ReturnType<typeof buildProvince>>;
let grassrootsOfficer: Account;
let districtOfficer: Account;
/** A member of the Đam Rông district, transferred to a CĐCS of another province. */
let mai: { memberId: string };

/**
 * A valid CCCD for a woman born in 1992 whose birth was registered in Lâm Đồng (068): the fourth digit is 1 (a woman
 * born 1900–1999), then the year's last two digits, then six random digits.
 */
function cccdOfWomanBorn1992(): string {
  return `0681${'92'}${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
}

const suite = browserSuite(async (handle) => {
  province = await buildProvince(handle);
  grassrootsOfficer = await makeUser(handle, [{ role: 'unit_officer', unitId: province.phiLieng }]);
  districtOfficer = await makeUser(handle, [{ role: 'unit_officer', unitId: province.damRong }]);
  // The phone check has its own member, admitted through the product's services.
  const admin = await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id);
  await admitMember(
    handle.db,
    admin!,
    province.damRongClinic,
    personFixture({ fullName: 'Ka Nhung Phương Thảo', ethnicityCode: '16', gender: 'female' }),
  );
  // A member who stays in Phi Liêng: the officer's export has someone in it to import again.
  await admitMember(
    handle.db,
    admin!,
    province.phiLieng,
    personFixture({
      fullName: 'Ya Duyên',
      birthDate: '1989-04-04',
      gender: 'female',
      occupation: 'Giáo viên',
    }),
  );
  mai = await admitMember(
    handle.db,
    admin!,
    province.phiLieng,
    personFixture({ fullName: 'Hoàng Thị Mai', birthDate: '1991-05-20', gender: 'female' }),
  );
  // Another province, outside everything the district officer may see.
  const other = await buildProvince(handle, 'LĐLĐ tỉnh Khánh Hòa');
  await foundAs(handle, {
    typeId: 'grassroots_union',
    name: 'CĐCS Công ty Yến sào Khánh Hòa',
    parentId: other.damRong,
    effectiveOn: '2010-01-01',
  });
});
const { newContext, logIn } = suite;

describe('members in the browser', () => {
  it('proposes Trần Thị Thủy, approves her upstairs, finds her without diacritics and prints her card', async () => {
    // The CĐCS officer proposes her.
    const cdcs = await newContext(DESKTOP);
    const page = await cdcs.newPage();
    const problems = pageErrors(page);
    await logIn(page, grassrootsOfficer);
    await page.getByTestId('side-menu').getByText('Danh sách đoàn viên').click();
    await page.waitForURL(/\/members$/);
    await page.getByTestId('members-title').waitFor();
    await page.getByTestId('member-add').click();

    const form = page.getByTestId('propose-form');
    await form.waitFor();
    await form.getByTestId('propose-unit').getByText('CĐCS Trường THCS Phi Liêng').waitFor();
    await page.getByTestId('propose-person-0-name').fill('Trần Thị Thủy');
    await typeDate(page, 'propose-person-0-birth', '12/08/1992');
    await page.getByTestId('propose-person-0').getByText('Nữ', { exact: true }).click();
    await typeDate(page, 'propose-person-0-joined', '01/03/2024');
    await page.getByTestId('propose-person-0-cccd').fill(cccdOfWomanBorn1992());
    await page.screenshot({ path: `${SHOTS}member-propose.png` });
    await page.getByTestId('member-form-submit').click();
    await form.waitFor({ state: 'detached' });

    // Her proposal waits for the district federation.
    await page.waitForURL(/\/members\/proposals$/);
    const proposal = page.locator('.ant-table-row', { hasText: 'Trần Thị Thủy' });
    await proposal.waitFor();
    expect(await proposal.textContent()).toContain('Chờ duyệt');
    expect(await proposal.textContent()).toContain('LĐLĐ huyện Đam Rông');
    await page.screenshot({ path: `${SHOTS}member-proposals.png`, fullPage: true });
    expect(problems).toEqual([]);
    await cdcs.close();

    // The district federation approves her in its queue.
    const district = await newContext(DESKTOP);
    const upper = await district.newPage();
    pageErrors(upper, problems);
    await logIn(upper, districtOfficer);
    await upper.getByTestId('side-menu').getByText('Duyệt kết nạp').click();
    await upper.waitForURL(/\/members\/approvals$/);
    const waiting = upper.locator('.ant-table-row', { hasText: 'Trần Thị Thủy' });
    await waiting.waitFor();
    await waiting.locator('.ant-checkbox-input').check();
    await upper.screenshot({ path: `${SHOTS}member-approvals.png`, fullPage: true });
    await upper.getByTestId('approval-approve').click();
    await upper.locator('.ant-modal-confirm').getByRole('button', { name: 'Duyệt' }).click();
    await upper.getByText(/Đã duyệt kết nạp Trần Thị Thủy, mã đoàn viên \d+\./).waitFor();
    await waiting.waitFor({ state: 'detached' });

    // Found by typing without diacritics.
    await upper.getByTestId('side-menu').getByText('Danh sách đoàn viên').click();
    await upper.waitForURL(/\/members(\?.*)?$/);
    await upper.getByTestId('member-list').waitFor();
    const [searched] = await Promise.all([
      upper.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === 'tran thi thuy'),
      upper.getByTestId('member-search').fill('tran thi thuy'),
    ]);
    const found = (await searched.json()) as { members: { fullName: string }[] };
    // Only her: the other member of the district (Ka Nhung Phương Thảo) is not a near match.
    expect(found.members.map((m) => m.fullName)).toEqual(['Trần Thị Thủy']);
    const link = upper.getByTestId('member-link').filter({ hasText: 'Trần Thị Thủy' });
    await link.first().waitFor();
    await expect.poll(() => upper.getByTestId('member-link').count(), POLL).toBe(found.members.length);
    await upper.screenshot({ path: `${SHOTS}member-search.png`, fullPage: true });

    // The filtered list to Excel: the export carries the search.
    const [download] = await Promise.all([
      upper.waitForEvent('download'),
      upper.getByTestId('member-export').click(),
    ]);
    expect(new URL(download.url()).searchParams.get('q')).toBe('tran thi thuy');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect((await readFile((await download.path())!)).subarray(0, 2).toString('latin1')).toBe('PK');
    await link.first().click();

    // Her record: name, unit, the admission in the history.
    await upper.waitForURL(/\/members\/[0-9a-f-]+\/[0-9a-f-]+$/);
    await upper.getByTestId('member-name').getByText('Trần Thị Thủy', { exact: true }).waitFor();
    expect(await upper.getByTestId('member-current-unit').textContent()).toBe('CĐCS Trường THCS Phi Liêng');
    const history = (await upper.getByTestId('member-timeline').textContent()) ?? '';
    expect(history).toContain('Kết nạp');
    expect(history).toContain('01/03/2024');
    // …and the proposal it was approved on, with who approved it.
    const admission = (await upper.getByTestId('member-event-proposal').first().textContent()) ?? '';
    expect(admission).toMatch(
      /^Theo đề nghị ngày \d{2}\/\d{2}\/\d{4}; .+ duyệt lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
    );
    await upper.screenshot({ path: `${SHOTS}member-record.png`, fullPage: true });

    // Her card: a PDF from the server. The browser reads it as a blob (to open it in a new tab), which leaves
    // nothing for response.body(), so the response is passed through a route that keeps a copy.
    const cards = await keepResponses(upper, '**/card.pdf');
    await upper.getByTestId('member-action-card').click();
    await expect.poll(() => cards.length, POLL).toBe(1);
    const [card] = cards;
    expect(card!.status).toBe(200);
    expect(card!.type).toContain('application/pdf');
    expect(card!.body.subarray(0, 4).toString('latin1')).toBe('%PDF');
    await upper.getByText('Đã mở thẻ đoàn viên để in.').waitFor();

    // The unit page counts her.
    await upper.goto(`${suite.base}/units/${province.phiLieng}`);
    const stats = upper.getByTestId('member-stats');
    await stats.getByText('Tổng số đoàn viên').waitFor();
    expect(await stats.textContent()).toContain('Nữ');
    await upper.screenshot({ path: `${SHOTS}member-unit-counts.png`, fullPage: true });

    expect(problems).toEqual([]);
    await district.close();
  });

  it('imports a list from a file: every bad row in a table, nothing written; then the corrected file', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    const problems = pageErrors(page);
    await logIn(page, grassrootsOfficer);
    await page.goto(`${suite.base}/members/proposals`);
    await page.getByTestId('proposal-list').waitFor();
    const before = await page.request.get(`${suite.base}/api/units/${province.phiLieng}/member-proposals`);
    const proposedBefore = ((await before.json()) as { total: number }).total;

    await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
    const wizard = page.getByTestId('import-wizard');
    await wizard.waitFor();
    const template = await page.request.get(
      `${suite.base}${await page.getByTestId('import-template').getAttribute('href')}`,
    );
    expect(template.status()).toBe(200);
    expect(template.headers()['content-type']).toContain('spreadsheetml');
    await page.getByTestId('import-next').click();

    // A CĐCS officer cannot register members directly: only "propose" is offered.
    expect(await page.getByRole('radio', { name: /Đưa thẳng vào danh sách/ }).isDisabled()).toBe(true);
    const header = 'Họ và tên,Ngày sinh (dd/mm/yyyy),Giới tính,Số CCCD,Ngày vào công đoàn (dd/mm/yyyy)';
    const good = `Hoàng Thị Lan,03/02/1988,Nữ,0681${'88'}123457,01/09/2023`;
    // A woman with a man's CCCD (fourth digit 0).
    const bad = `Lê Thị Hằng,20/11/1995,Nữ,0680${'95'}765432,01/09/2023`;
    const upload = (rows: string[]) =>
      wizard.locator('input[type=file]').setInputFiles({
        name: 'danh-sach.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from([header, ...rows].join('\n'), 'utf8'),
      });
    await upload([good, bad]);
    await page.getByTestId('import-start').click();

    const failed = page.getByTestId('import-failed');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Chưa có dữ liệu nào được ghi');
    const rows = page.getByTestId('import-problems').locator('.ant-table-row');
    await rows.first().waitFor();
    // The one bad row, named by its row in the file (3: the header is row 1) and its column.
    expect(await rows.count()).toBe(1);
    const cells = rows.first().locator('td');
    expect((await cells.nth(0).textContent())?.trim()).toBe('3');
    expect((await cells.nth(1).textContent())?.trim()).toBe('Số CCCD');
    expect(await cells.nth(2).textContent()).toMatch(/chữ số thứ 4/);
    // The search keeps the problems it names and hides the others.
    const search = page.getByTestId('import-problem-search');
    await search.fill('cccd');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    await search.fill('ngay vao cong doan');
    await expect.poll(() => rows.count(), POLL).toBe(0);
    await search.fill('');
    await expect.poll(() => rows.count(), POLL).toBe(1);
    // The row column's header stays on one line (it broke as "Dòn / g").
    const rowHeader = page.getByTestId('import-problems').locator('th').first();
    expect((await rowHeader.textContent())?.trim()).toBe('Dòng');
    expect(
      await rowHeader.evaluate((th) => {
        const title = th.querySelector('.ant-table-column-title') ?? th;
        return title.getBoundingClientRect().height <= parseFloat(getComputedStyle(title).lineHeight) * 1.5;
      }),
    ).toBe(true);
    await page.screenshot({ path: `${SHOTS}member-import-errors.png`, fullPage: true });
    const after = await page.request.get(`${suite.base}/api/units/${province.phiLieng}/member-proposals`);
    expect(((await after.json()) as { total: number }).total).toBe(proposedBefore);

    // The corrected file goes through.
    await page.getByTestId('import-again').click();
    await page.getByTestId('import-next').click();
    await upload([good, bad.replace('068095', '068195')]);
    await page.getByTestId('import-start').click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('Đã gửi đề nghị kết nạp 2 người tới LĐLĐ huyện Đam Rông');
    await page.screenshot({ path: `${SHOTS}member-import-done.png` });

    // The officer exports the CĐCS's list, edits one person in Excel and imports the file back: existing members
    // are updated or left as they are, not refused as "already a member".
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('member-list').locator('.ant-table-row', { hasText: 'Ya Duyên' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('member-export').click(),
    ]);
    const exported = await readFile((await download.path())!);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Đoàn viên')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    const people = sheet.rowCount - 1;
    expect(people).toBeGreaterThan(0);
    let duyên = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(headers.indexOf('Họ và tên') + 1).value === 'Ya Duyên') duyên = n;
    });
    sheet.getRow(duyên).getCell(headers.indexOf('Nghề nghiệp') + 1).value = 'Tổ trưởng chuyên môn';
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.goto(`${suite.base}/members/proposals`);
    await page.getByTestId('proposal-list').waitFor();
    await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
    await wizard.waitFor();
    await page.getByTestId('import-next').click();
    await wizard.locator('input[type=file]').setInputFiles({
      name: download.suggestedFilename(),
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: edited,
    });
    await page.getByTestId('import-start').click();
    const updated = page.getByTestId('import-done');
    await updated.waitFor();
    expect(await updated.textContent()).toContain('Đã cập nhật danh sách đoàn viên theo tệp.');
    expect(await page.getByTestId('import-done-counts').textContent()).toBe(
      `0 đề nghị kết nạp mới, 1 cập nhật, ${people - 1} không đổi.`,
    );
    await page.screenshot({ path: `${SHOTS}member-import-roundtrip.png` });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the member list and a record on a phone without sideways scrolling', async () => {
    const context = await newContext(PHONE);
    const page = await context.newPage();
    await logIn(page, districtOfficer);
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('member-search').waitFor();
    const card = page.getByTestId('member-list').locator('.ant-card', { hasText: 'Ka Nhung Phương Thảo' });
    await card.waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}phone-members.png`, fullPage: true });

    await page.getByTestId('member-filter-toggle').click();
    await page.getByTestId('member-filters').waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}phone-member-filters.png`, fullPage: true });

    await card.getByTestId('member-link').click();
    await page.getByTestId('member-timeline').waitFor();
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}phone-member.png`, fullPage: true });

    // The proposals and the approval queue read as cards too.
    for (const [path, list, shot] of [
      ['/members/proposals', 'proposal-list', 'phone-proposals'],
      ['/members/approvals', 'approval-list', 'phone-approvals'],
    ] as const) {
      await page.goto(`${suite.base}${path}`);
      await page.getByTestId(list).waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}${shot}.png`, fullPage: true });
    }

    // The counts on the unit page: one member, a woman, of the Cơ Ho people.
    await page.goto(`${suite.base}/units/${province.damRongClinic}`);
    const stats = page.getByTestId('member-stats');
    await stats.getByText('Tổng số đoàn viên').waitFor();
    expect(await page.getByTestId('member-stats-ethnicity').textContent()).toContain('Cơ Ho');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}phone-unit-members.png`, fullPage: true });
    await context.close();
  });

  it('transfers a member to a CĐCS of another province, found by typing its name', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    const problems = pageErrors(page);
    await logIn(page, districtOfficer);
    // What the API says before and after: Phi Liêng's members the day before and the day of the transfer, and
    // whether the district still lists her as one of its members.
    const numbers = async () => {
      const on = async (at: string) =>
        (
          (await (
            await page.request.get(`${suite.base}/api/units/${province.phiLieng}/member-stats?at=${at}`)
          ).json()) as { memberships: number }
        ).memberships;
      const listed = (await (
        await page.request.get(`${suite.base}/api/units/${province.damRong}/members?q=hoang%20thi%20mai`)
      ).json()) as { members: { id: string }[] };
      return {
        dayBefore: await on('2025-09-30'),
        dayOf: await on('2025-10-01'),
        listed: listed.members.filter((m) => m.id === mai.memberId).length,
      };
    };
    const before = await numbers();
    expect(before.listed).toBe(1);
    expect(before.dayOf).toBe(before.dayBefore);
    await page.goto(`${suite.base}/members/${province.damRong}/${mai.memberId}`);
    await page.getByTestId('member-name').getByText('Hoàng Thị Mai', { exact: true }).waitFor();
    await page.getByTestId('member-action-transfer').click();
    const form = page.getByTestId('member-transfer-form');
    await form.waitFor();
    await page.getByTestId('member-transfer-to').click();
    await page.keyboard.type('yen sao');
    const option = page
      .getByTestId('member-transfer-to-option')
      .filter({ hasText: 'CĐCS Công ty Yến sào Khánh Hòa' });
    await option.first().waitFor(POLL);
    // Enter does not take the first hit: with no unit chosen, saving asks for one and sends nothing.
    await page.keyboard.press('Enter');
    await page.getByTestId('member-form-submit').click();
    await form.getByText('Chọn đơn vị chuyển đến.').waitFor(POLL);
    expect(await page.getByTestId('member-transfer-confirm').count()).toBe(0);
    await page.getByTestId('member-transfer-to').click();
    await page.keyboard.type('yen sao');
    await option.first().waitFor(POLL);
    // The unit's place in the other province is shown under its name.
    expect(await option.first().textContent()).toContain('LĐLĐ tỉnh Khánh Hòa');
    await option.first().click();
    await typeDate(page, 'member-event-date', '01/10/2025');
    await page.screenshot({ path: `${SHOTS}member-transfer-other-province.png` });
    await page.getByTestId('member-form-submit').click();
    // Sent only once the officer confirms the unit, the ones above it (another province's Đam Rông) and the date.
    const confirm = page.getByTestId('member-transfer-confirm');
    await confirm.waitFor(POLL);
    expect(await confirm.innerText()).toBe(
      'Đến: CĐCS Công ty Yến sào Khánh Hòa\nThuộc: LĐLĐ tỉnh Khánh Hòa › Đam Rông\nTừ ngày: 01/10/2025',
    );
    await page.getByTestId('member-transfer-confirm-ok').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('Đã ghi nhận chuyển sinh hoạt.').first().waitFor(POLL);
    // She left Phi Liêng on the date typed, and the district no longer counts her among its members.
    expect(await numbers()).toEqual({ dayBefore: before.dayBefore, dayOf: before.dayBefore - 1, listed: 0 });
    expect(problems).toEqual([]);
    await context.close();
  });
});
