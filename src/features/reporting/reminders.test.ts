/**
 * Reminders through a real SMTP exchange (a server started in the test), on PGlite or PostgreSQL, on a fixed
 * "today": SK6T 2023S1 is due on 05/07/2023 and reminds three days before, on the day and three days after. Exactly
 * the officers with an e-mail of the units that have not submitted get one mail each; a unit that submitted, a
 * viewer, an officer without an address and the province itself get none; a second run the same day sends nothing.
 * An upper union sends them now over HTTP (audited) and reads the log of what went to whom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db';
import {
  buildProvince,
  call,
  logIn,
  testApp,
  TEST_PASSWORD,
  uniqueCode,
} from '../../../test/support/factories';
import { startSmtpServer, type TestSmtp } from '../../../test/support/smtp';
import { loadConfig } from '../../platform/config';
import type { DatabaseHandle } from '../../platform/db';
import type { App } from '../../platform/http';
import { createMailer, drainOutbox, type Mailer } from '../../platform/mail/sender';
import type { Role } from '../access/model';
import { createUser, loadActor } from '../access/service';
import * as service from './service';

let handle: DatabaseHandle;
let smtp: TestSmtp;
let mailer: Mailer;
let p: Awaited<ReturnType<typeof buildProvince>>;

const FORM = 'SK6T';
const S1 = '2023S1';

async function officer(role: Role, unitId: string, email: string | null, fullName = 'Nguyễn Thị Nhắc') {
  const username = `u${uniqueCode().toLowerCase()}`;
  const user = await createUser(handle.db, null, {
    username,
    fullName,
    password: TEST_PASSWORD,
    email,
    grants: [{ role, unitId }],
  });
  return { id: user.id, username, email };
}

/** Sends the outbox and returns what arrived since `from`: [recipient, subject, text]. */
async function deliver(): Promise<{ to: string; subject: string; text: string }[]> {
  const before = smtp.received.length;
  await drainOutbox(handle.db, mailer);
  return smtp.received
    .slice(before)
    .map((m) => ({ to: m.to[0]!, subject: m.parsed.subject ?? '', text: m.parsed.text ?? '' }))
    .sort((a, b) => a.to.localeCompare(b.to));
}

let emails: Record<string, string>;

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  mailer = createMailer(loadConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Công Đoàn Số <nhac@congdoan.test>' }))!;
  p = await buildProvince(handle);
  await officer('unit_admin', p.phiLieng, 'chu.tich.phi.lieng@congdoan.test', 'Ka Thị Hoa');
  await officer('unit_officer', p.phiLieng, 'Ke.Toan.Phi.Lieng@congdoan.test', 'Lơ Mu Ha Ban');
  await officer('unit_viewer', p.phiLieng, 'xem.phi.lieng@congdoan.test');
  await officer('unit_officer', p.damRongClinic, 'tram.y.te@congdoan.test');
  await officer('unit_officer', p.lamHaCoffee, null);
  await officer('unit_officer', p.lamHa, 'lam.ha@congdoan.test');
  await officer('unit_officer', p.province, 'tinh@congdoan.test');
  const clinic = (await loadActor(handle.db, (await officer('unit_officer', p.eduSchool1, null)).id))!;
  // One unit has already submitted: it gets no reminder.
  const saved = await service.saveReport(handle.db, clinic, p.eduSchool1, FORM, S1, {
    version: null,
    values: { tet_gifts: '10' },
  });
  await service.moveReport(handle.db, clinic, p.eduSchool1, FORM, S1, 'submit', { version: saved.version });
  await officer('unit_officer', p.eduSchool1, 'da.nop@congdoan.test');
  emails = {
    admin: 'chu.tich.phi.lieng@congdoan.test',
    officer: 'Ke.Toan.Phi.Lieng@congdoan.test',
    clinic: 'tram.y.te@congdoan.test',
    lamHa: 'lam.ha@congdoan.test',
  };
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await handle.close();
});

describe('the daily reminders', () => {
  it('finds the periods whose reminder days fall on today', async () => {
    const catalogue = await service.loadCatalogue(handle.db);
    const due = (today: string) =>
      service.remindersDue(catalogue, today).map((d) => `${d.fp.form.id} ${d.fp.period.code} ${d.offset}`);
    expect(due('2023-07-02')).toEqual(['SK6T 2023S1 -3']);
    expect(due('2023-07-05')).toEqual(['SK6T 2023S1 0']);
    expect(due('2023-07-08')).toEqual(['SK6T 2023S1 3']);
    // Mẫu 2-HĐCĐ: half-year to 31/05, due ten days later.
    expect(due('2023-06-10')).toEqual(['HDCD2 2023S1 0']);
    expect(due('2023-07-03')).toEqual([]);
  });

  it('three days before the deadline: one mail per officer of each missing unit, none again the same day', async () => {
    const run = await service.sendDueReminders(handle.db, '2023-07-02');
    expect(run.runs).toHaveLength(1);
    const mails = await deliver();
    expect(mails.map((m) => m.to)).toEqual(
      [emails.admin, emails.officer, emails.clinic, emails.lamHa]
        .map((e) => e!)
        .sort((a, b) => a.localeCompare(b)),
    );
    const toAdmin = mails.find((m) => m.to === emails.admin)!;
    expect(toAdmin.subject).toMatch(
      /^Nhắc nộp báo cáo .+ – 6 tháng đầu năm 2023 \(sắp đến hạn\) – CĐCS Trường THCS Phi Liêng$/,
    );
    expect(toAdmin.text).toContain('Kính gửi Ka Thị Hoa,');
    expect(toAdmin.text).toContain('CĐCS Trường THCS Phi Liêng chưa nộp báo cáo');
    expect(toAdmin.text).toContain('Hạn nộp: 05/07/2023. Còn 3 ngày nữa là đến hạn nộp (05/07/2023).');
    expect(toAdmin.text).toContain(`/reports/${p.phiLieng}/SK6T/2023S1`);
    // The units that were reminded, and the one nobody can be written to.
    expect(run.runs[0]).toMatchObject({ queued: 4, alreadyQueued: 0 });
    expect(run.runs[0]!.withoutEmail.map((u) => u.name)).toContain('CĐCS Công ty Cà phê Lâm Hà');

    const again = await service.sendDueReminders(handle.db, '2023-07-02');
    expect(again.runs[0]).toMatchObject({ queued: 0, alreadyQueued: 4 });
    expect(await deliver()).toEqual([]);
  });

  it('on the deadline and after it, each says where the day stands; a unit that submitted meanwhile is left out', async () => {
    const onDay = await (async () => {
      await service.sendDueReminders(handle.db, '2023-07-05');
      return deliver();
    })();
    expect(onDay).toHaveLength(4);
    expect(onDay[0]!.subject).toContain('(hôm nay là hạn cuối)');
    expect(onDay[0]!.text).toContain('Hôm nay (05/07/2023) là ngày cuối cùng của hạn nộp.');

    const clinicOfficer = (await loadActor(
      handle.db,
      (await officer('unit_officer', p.damRongClinic, null)).id,
    ))!;
    const saved = await service.saveReport(handle.db, clinicOfficer, p.damRongClinic, FORM, S1, {
      version: null,
      values: { tet_gifts: '3' },
    });
    await service.moveReport(handle.db, clinicOfficer, p.damRongClinic, FORM, S1, 'submit', {
      version: saved.version,
    });
    await service.sendDueReminders(handle.db, '2023-07-08');
    const after = await deliver();
    expect(after.map((m) => m.to)).not.toContain(emails.clinic);
    expect(after).toHaveLength(3);
    expect(after[0]!.subject).toContain('(đã quá hạn)');
    expect(after[0]!.text).toContain('Báo cáo đã quá hạn 3 ngày (hạn nộp là 05/07/2023).');
  });
});

describe('reminders sent now by an upper union', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp(handle);
  });
  afterAll(async () => app.close());

  it('the district reminds its missing units now (audited) and reads the log; a CĐCS may not', async () => {
    const district = await officer('unit_admin', p.damRong, 'huyen@congdoan.test');
    const session = await logIn(app, district.username);
    const res = await call(app, session, 'POST', `/api/units/${p.damRong}/report-reminders/${FORM}/${S1}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ units: number; queued: number; offset: number }>();
    // Only Phi Liêng is missing under Đam Rông (the clinic submitted); today is long after the deadline.
    expect(body.units).toBe(1);
    expect(body.queued).toBe(2);
    expect(body.offset).toBeGreaterThan(365);
    const mails = await deliver();
    expect(mails.map((m) => m.to)).toEqual(
      [emails.admin, emails.officer].sort((a, b) => a!.localeCompare(b!)),
    );
    // Asked twice the same day, nothing more is sent.
    const twice = await call(app, session, 'POST', `/api/units/${p.damRong}/report-reminders/${FORM}/${S1}`);
    expect(twice.json()).toMatchObject({ queued: 0, alreadyQueued: 2 });
    expect(await deliver()).toEqual([]);

    const audit = await call(app, session, 'GET', `/api/audit?unitId=${p.damRong}`);
    expect(JSON.stringify(audit.json())).toContain('report.remind');

    const log = await call(
      app,
      session,
      'GET',
      `/api/units/${p.damRong}/report-reminders?formId=${FORM}&periodCode=${S1}`,
    );
    expect(log.statusCode, log.body).toBe(200);
    const reminders = log.json<{
      reminders: { unitName: string; toAddress: string; state: string; offset: number }[];
    }>().reminders;
    // Three days before, on the day, after (the clinic twice, Phi Liêng's two officers thrice) and now.
    expect(
      reminders
        .filter((r) => r.toAddress === emails.clinic)
        .map((r) => r.offset)
        .sort(),
    ).toEqual([-3, 0]);
    expect(reminders.filter((r) => r.toAddress === emails.admin)).toHaveLength(4);
    expect(reminders.every((r) => r.state === 'sent')).toBe(true);
    expect(reminders.map((r) => r.toAddress)).not.toContain(emails.lamHa);
    expect(new Set(reminders.map((r) => r.unitName))).toEqual(
      new Set(['CĐCS Trường THCS Phi Liêng', 'CĐCS Trạm Y tế xã Đạ Rsal']),
    );

    // A CĐCS officer cannot remind the district above it.
    const cdcs = await officer('unit_officer', p.phiLieng, null);
    const refused = await call(
      app,
      await logIn(app, cdcs.username),
      'POST',
      `/api/units/${p.damRong}/report-reminders/${FORM}/${S1}`,
    );
    expect(refused.statusCode).toBe(403);
  });
});
