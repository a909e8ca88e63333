/**
 * One member file for a whole district (issue 11, item 19): the district officer opens "Nhập từ Excel", keeps the
 * district as the unit, is told that every row must name its CĐCS, uploads a file whose rows name two CĐCS (one row
 * a CĐCS of another district: refused by row, nothing written), then the corrected file, and reads how many rows went
 * to each CĐCS.
 */
import { describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../src/platform/db';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, DESKTOP, pageErrors, SHOTS, type Account } from './helpers';

let province: Awaited<ReturnType<typeof buildProvince>>;
let districtOfficer: Account;
let codes: Map<string, string>;

const suite = browserSuite(async (handle) => {
  province = await buildProvince(handle);
  districtOfficer = await makeUser(handle, [{ role: 'unit_officer', unitId: province.damRong }]);
  codes = new Map(
    (await queryRows<{ id: string; code: string }>(handle.db, sql`SELECT id, code FROM units`)).map((u) => [
      u.id,
      u.code,
    ]),
  );
});
const { newContext, logIn } = suite;

describe('a member file for a whole district, in the browser', () => {
  it('names each row’s CĐCS, refuses a foreign one by row, then says how many went to each CĐCS', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    const problems = pageErrors(page);
    await logIn(page, districtOfficer);
    await page.goto(`${suite.base}/members`);
    await page.getByTestId('members-title').waitFor();
    await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
    const wizard = page.getByTestId('import-wizard');
    await wizard.waitFor();
    await page.getByTestId('import-next').click();

    // The district is the unit: the screen says the file must name each row's CĐCS.
    const upper = page.getByTestId('import-unit-upper');
    await upper.waitFor();
    expect(await upper.textContent()).toContain('mỗi dòng của tệp phải ghi cột "Mã CĐCS"');
    await page.screenshot({ path: `${SHOTS}member-import-union-file.png` });

    const header = 'Họ và tên,Ngày sinh (dd/mm/yyyy),Giới tính,Ngày vào công đoàn (dd/mm/yyyy),Mã CĐCS';
    const rows = [
      `Vi Thị Huyện,03/02/1988,Nữ,01/09/2023,${codes.get(province.phiLieng)}`,
      `Vi Văn Huyện,04/03/1989,Nam,01/09/2023,${codes.get(province.damRongClinic)}`,
      `Vi Thị Xã,05/04/1990,Nữ,01/09/2023,${codes.get(province.damRongClinic)}`,
    ];
    const upload = (lines: string[]) =>
      wizard.locator('input[type=file]').setInputFiles({
        name: 'ca-huyen.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from([header, ...lines].join('\n'), 'utf8'),
      });
    await upload([...rows, `Vi Văn Ngoài,06/05/1991,Nam,01/09/2023,${codes.get(province.lamHaSchool)}`]);
    await page.getByTestId('import-mode-register').click();
    await page.getByTestId('import-start').click();
    const failed = page.getByTestId('import-failed');
    await failed.waitFor();
    const table = page.getByTestId('import-problems');
    expect(await table.textContent()).toContain(
      `Mã "${codes.get(province.lamHaSchool)}" là của một đơn vị không thuộc "LĐLĐ huyện Đam Rông" hôm nay.`,
    );
    expect(await table.textContent()).toContain('Mã CĐCS');

    await page.getByTestId('import-again').click();
    await page.getByTestId('import-next').click();
    await upload(rows);
    await page.getByTestId('import-mode-register').click();
    await page.getByTestId('import-start').click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('Đã đưa 3 đoàn viên vào danh sách của 2 CĐCS.');
    const units = page.getByTestId('import-units');
    expect(await units.textContent()).toContain('CĐCS Trạm Y tế xã Đạ Rsal');
    expect(await units.textContent()).toContain('CĐCS Trường THCS Phi Liêng');
    await page.screenshot({ path: `${SHOTS}member-import-union-done.png` });
    expect(problems).toEqual([]);
    await context.close();
  });
});
