/**
 * Changing one's own password in a real browser: the form asks for the current password, shows the server's
 * Vietnamese reasons beside the fields (a wrong current password, a new one too easy to guess), and the new password
 * signs in afterwards.
 */
import { describe, expect, it } from 'vitest';
import { buildProvince, makeUser, TEST_PASSWORD } from '../support/factories';
import { browserSuite, DESKTOP, pageErrors, type Account } from './helpers';

let user: Account;

const suite = browserSuite(async (handle) => {
  const province = await buildProvince(handle);
  // makeUser names everyone "Nguyễn Văn Thử": "nguyenvanthu1990" is their own name and a year.
  user = await makeUser(handle, [{ role: 'unit_viewer', unitId: province.phiLieng }]);
});
const { newContext, logInWithForm } = suite;

describe('changing one’s own password', () => {
  it('asks for the current password, explains refusals in Vietnamese, and the new password signs in', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    const problems = pageErrors(page);
    await logInWithForm(page, user);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Đổi mật khẩu' }).click();
    const dialog = page.getByRole('dialog');
    const save = dialog.getByRole('button', { name: 'Lưu' });
    const fill = async (current: string, next: string) => {
      await dialog.getByTestId('password-current').fill(current);
      await dialog.getByTestId('password-new').fill(next);
      await dialog.getByTestId('password-confirm').fill(next);
      await save.click();
    };

    await save.click();
    await dialog.getByText('Nhập mật khẩu hiện tại.').waitFor();

    await fill('khong-phai-mat-khau', 'mua-thu-ha-noi-lang-gio');
    await dialog.getByText('Mật khẩu hiện tại không đúng.').waitFor();

    await fill(TEST_PASSWORD, 'nguyenvanthu1990');
    await dialog
      .getByText(/Mật khẩu quá dễ đoán\./)
      .first()
      .waitFor();

    await fill(TEST_PASSWORD, 'mua-thu-ha-noi-lang-gio');
    await page.getByText('Đã đổi mật khẩu.').waitFor();
    await context.close();

    const again = await (await newContext(DESKTOP)).newPage();
    // Through the form from a page that needs a session: back there once signed in.
    await logInWithForm(again, { username: user.username, password: 'mua-thu-ha-noi-lang-gio' }, '/members');
    await again.waitForURL(/\/members$/);
    await again.getByTestId('user-menu').waitFor();
    expect(problems).toEqual([]);
  });
});
