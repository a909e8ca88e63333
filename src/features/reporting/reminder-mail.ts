/**
 * The reminder to an officer of a unit that has not reported, in Vietnamese: which unit, form and period, the
 * deadline (dd/mm/yyyy) and where the day stands against it, and the path of the entry screen. Pure: the reminders
 * service queues what this writes.
 */
import { formatDate } from '../../lib/dates';

/** What the outbox calls a report reminder (its log is read by this kind). */
export const REMINDER_MAIL_KIND = 'reporting.reminder';

export interface ReminderFacts {
  unit: { id: string; name: string };
  form: { id: string; nameVi: string };
  period: { code: string; labelVi: string };
  /** ISO date, the last day on time. */
  deadline: string;
  /** Days from the deadline to the day of the reminder: -3 three days before, 0 on the day, 3 three days after. */
  offset: number;
  officer: { fullName: string; email: string };
}

/** The web app's screen where the unit enters and submits this report. */
export function reportEntryPath(unitId: string, formId: string, periodCode: string): string {
  return `/reports/${encodeURIComponent(unitId)}/${encodeURIComponent(formId)}/${encodeURIComponent(periodCode)}`;
}

/** One reminder per form, period, unit, day against the deadline and address: sent once however often it is asked. */
export function reminderKey(f: ReminderFacts): string {
  return `reminder:${f.form.id}:${f.period.code}:${f.unit.id}:${f.offset}:${f.officer.email.toLowerCase()}`;
}

/** Where the day stands against the deadline, as a sentence. */
export function deadlineSentence(deadline: string, offset: number): string {
  const day = formatDate(deadline);
  if (offset < 0) return `Còn ${-offset} ngày nữa là đến hạn nộp (${day}).`;
  if (offset === 0) return `Hôm nay (${day}) là ngày cuối cùng của hạn nộp.`;
  return `Báo cáo đã quá hạn ${offset} ngày (hạn nộp là ${day}).`;
}

export function reminderMail(f: ReminderFacts): { subject: string; body: string } {
  const when = f.offset < 0 ? 'sắp đến hạn' : f.offset === 0 ? 'hôm nay là hạn cuối' : 'đã quá hạn';
  const subject = `Nhắc nộp báo cáo ${f.form.nameVi} – ${f.period.labelVi} (${when}) – ${f.unit.name}`;
  const body = [
    `Kính gửi ${f.officer.fullName},`,
    '',
    `${f.unit.name} chưa nộp báo cáo "${f.form.nameVi}" kỳ ${f.period.labelVi}.`,
    `Hạn nộp: ${formatDate(f.deadline)}. ${deadlineSentence(f.deadline, f.offset)}`,
    '',
    `Đồng chí vui lòng nhập và nộp báo cáo tại màn hình: ${reportEntryPath(f.unit.id, f.form.id, f.period.code)}`,
    '',
    'Thư này do phần mềm Công Đoàn Số gửi tự động; nếu đơn vị đã nộp báo cáo, xin bỏ qua thư này.',
  ].join('\n');
  return { subject, body };
}
