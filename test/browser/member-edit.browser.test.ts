/**
 * Two officers editing one member, in a real browser: the form sends the version of the record it loaded; when
 * someone else saved the record meanwhile the server refuses (409) and the form says so in Vietnamese, loads the
 * record again (the fields this officer did not touch show the other's change, the one typed stays), and the second
 * save keeps both changes.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/platform/db';
import type { Actor } from '../../src/features/access/model';
import { loadActor } from '../../src/features/access/service';
import * as members from '../../src/features/members/service';
import * as recordStore from '../../src/features/members/record-store';
import { admitMember, personFixture } from '../../src/features/members/test-factories';
import { buildProvince, makeUser } from '../support/factories';
import { browserSuite, DESKTOP, pageErrors, type Account } from './helpers';

const POLL = { timeout: 15_000 };

let db: DatabaseHandle['db'];
let province: Awaited<ReturnType<typeof buildProvince>>;
let officer: Account;
let colleague: Actor;
let memberId: string;

const suite = browserSuite(async (handle) => {
  db = handle.db;
  province = await buildProvince(handle);
  officer = await makeUser(handle, [{ role: 'unit_officer', unitId: province.damRong }]);
  colleague = (await loadActor(
    handle.db,
    (await makeUser(handle, [{ role: 'unit_officer', unitId: province.damRong }])).id,
  ))!;
  const admin = await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id);
  memberId = (
    await admitMember(
      handle.db,
      admin!,
      province.phiLieng,
      personFixture({ fullName: 'Lê Thị Hồng', birthDate: '1988-08-08', gender: 'female', phone: null }),
    )
  ).memberId;
});
const { newContext, logIn } = suite;

describe('editing a member someone else has just saved', () => {
  it('is refused with the Vietnamese 409, reloads the record, and the second save keeps both changes', async () => {
    const context = await newContext(DESKTOP);
    const page = await context.newPage();
    const problems = pageErrors(page);
    await logIn(page, officer);
    await page.goto(`${suite.base}/members/${province.damRong}/${memberId}`);
    await page.getByTestId('member-name').getByText('Lê Thị Hồng', { exact: true }).waitFor();
    await page.getByTestId('member-action-edit').click();
    const form = page.getByTestId('member-edit-form');
    await form.waitFor();

    // A colleague saves a phone number on the record this form was loaded from.
    const loaded = (await recordStore.findMember(db, memberId))!;
    await members.updateMember(db, colleague, province.damRong, memberId, {
      phone: '0912345678',
      version: loaded.version,
    });

    const name = page.getByTestId('member-edit-person-name');
    await name.fill('Lê Thị Hồng Nhung');
    await page.getByTestId('member-form-submit').click();
    const error = page.getByTestId('member-form-error');
    await error.getByText(/Đã có người sửa hồ sơ đoàn viên.*hãy tải lại/).waitFor(POLL);
    // The record is loaded again: the phone this officer did not touch shows the colleague's, the name typed stays.
    const phone = form.getByLabel('Điện thoại');
    await expect.poll(() => phone.inputValue(), POLL).toBe('0912345678');
    expect(await name.inputValue()).toBe('Lê Thị Hồng Nhung');
    expect((await recordStore.findMember(db, memberId))!.fullName).toBe('Lê Thị Hồng');

    await page.getByTestId('member-form-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('Đã lưu thông tin đoàn viên.').first().waitFor(POLL);
    const saved = (await recordStore.findMember(db, memberId))!;
    expect(saved).toMatchObject({
      fullName: 'Lê Thị Hồng Nhung',
      phone: '0912345678',
      version: loaded.version + 2,
    });
    expect(problems).toEqual([]);
    await context.close();
  });
});
