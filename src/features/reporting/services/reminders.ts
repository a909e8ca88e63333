/**
 * Reminders to the units that have not reported. Every day (a scheduled job at the composition root) each form's
 * periods whose reminder days (the version's offsets against the deadline) fall on today get one mail per officer
 * with an e-mail of every expected unit still missing, from the top units of the tree down; an upper union may
 * send them now to the missing units under it. Mails go through the outbox (platform/mail) with a key per form,
 * period, unit, day against the deadline and address, so a run repeated the same day queues nothing more.
 */
import type { Database } from '../../../platform/db';
import * as mailStore from '../../../platform/mail/store';
import { addDays, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudit, requireUnit } from '../../access/service';
import { periodContaining, reminderDates } from '../periods';
import { REMINDER_MAIL_KIND, reminderKey, reminderMail } from '../reminder-mail';
import * as treeStore from '../tree-store';
import { formPeriodOf, loadCatalogue, resolveFormPeriod, type Catalogue, type FormPeriod } from './catalogue';
import { expectedReports } from './completeness';

const DAY_MS = 86_400_000;

/** Days from `from` to `to` (ISO dates): positive when `to` is later. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface ReminderOutcome {
  /** Expected units still missing their report. */
  units: number;
  /** Mails queued now. */
  queued: number;
  /** Mails this run would have written that were already in the outbox. */
  alreadyQueued: number;
  /** Missing units none of whose officers has an e-mail address: someone has to call them. */
  withoutEmail: { unitId: string; name: string }[];
}

/** Queues the reminders of one form and period to the missing units under each of `rootIds`. */
async function queueReminders(
  db: Database,
  fp: FormPeriod,
  rootIds: readonly string[],
  offset: number,
  by: { userId: string } | null,
): Promise<ReminderOutcome> {
  const missing = new Map<string, { id: string; name: string }>();
  for (const rootId of rootIds)
    for (const r of await expectedReports(db, fp, rootId))
      if (r.timeliness === 'missing') missing.set(r.unit.id, { id: r.unit.id, name: r.unit.name });
  const officers = await treeStore.officersOf(db, [...missing.keys()]);
  const mails = new Map<string, mailStore.NewMail>();
  for (const officer of officers) {
    const unit = missing.get(officer.unitId);
    const email = officer.email?.trim();
    if (!unit || !email) continue;
    const facts = {
      unit,
      form: fp.form,
      period: fp.period,
      deadline: fp.deadline,
      offset,
      officer: { fullName: officer.fullName, email },
    };
    const key = reminderKey(facts);
    mails.set(key, {
      kind: REMINDER_MAIL_KIND,
      dedupeKey: key,
      toAddress: email,
      toName: officer.fullName,
      ...reminderMail(facts),
      ref: {
        unitId: unit.id,
        formId: fp.form.id,
        periodCode: fp.period.code,
        offset,
        deadline: fp.deadline,
        ...(by ? { sentBy: by.userId } : {}),
      },
    });
  }
  const { queued } = await mailStore.enqueue(db, [...mails.values()]);
  const reached = new Set(officers.filter((o) => o.email?.trim()).map((o) => o.unitId));
  return {
    units: missing.size,
    queued,
    alreadyQueued: mails.size - queued,
    withoutEmail: [...missing.values()]
      .filter((u) => !reached.has(u.id))
      .map((u) => ({ unitId: u.id, name: u.name })),
  };
}

/** The form periods with a reminder day on `today`, each with its offset against the deadline. */
export function remindersDue(catalogue: Catalogue, today: string): { fp: FormPeriod; offset: number }[] {
  const due: { fp: FormPeriod; offset: number }[] = [];
  for (const form of catalogue.forms) {
    const codes = new Set<string>();
    for (const version of catalogue.versions.filter((v) => v.formId === form.id)) {
      const type = catalogue.periodTypes.get(version.periodTypeId)?.definition;
      if (!type) continue;
      for (const offset of version.reminderOffsets) {
        // The period whose deadline lies `offset` days before today ends `deadlineDaysAfterEnd` days before that.
        const end = addDays(today, -offset - version.deadlineDaysAfterEnd);
        const period = periodContaining(type, end);
        if (period.end === end) codes.add(period.code);
      }
    }
    for (const code of codes) {
      let fp: FormPeriod;
      try {
        fp = formPeriodOf(catalogue, form.id, code);
      } catch {
        continue; // the code belongs to a version of another period type, not in force for that period
      }
      for (const d of reminderDates(fp.deadline, fp.version.reminderOffsets))
        if (d.date === today) due.push({ fp, offset: d.offset });
    }
  }
  return due;
}

/**
 * The daily run: every reminder due on `today` (a Vietnam date; the job passes today's) to the missing units of the
 * whole tree. Run twice the same day, the second run queues nothing.
 */
export async function sendDueReminders(db: Database, today: string) {
  const catalogue = await loadCatalogue(db);
  const runs = [];
  for (const { fp, offset } of remindersDue(catalogue, today)) {
    const roots = (await treeStore.topUnits(db, fp.period.end)).map((u) => u.id);
    const outcome = await queueReminders(db, fp, roots, offset, null);
    runs.push({ formId: fp.form.id, periodCode: fp.period.code, offset, ...outcome });
  }
  return { today, runs };
}

/** An upper union reminds the missing units under it now (offset: today against the deadline). */
export async function remindNow(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  today: string = todayIso(),
) {
  const scoped = await requireUnit(db, actor, 'reports.approve', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const offset = daysBetween(fp.deadline, today);
  return db.transaction(async (tx) => {
    const outcome = await queueReminders(tx, fp, [unitId], offset, { userId: actor.userId });
    await recordAudit(tx, actor, {
      action: 'report.remind',
      entity: 'report_reminder',
      entityId: `${fp.form.id}:${fp.period.code}`,
      unitId,
      federationId: scoped.federationId,
      after: {
        form: fp.form.id,
        period: fp.period.code,
        units: outcome.units,
        queued: outcome.queued,
        alreadyQueued: outcome.alreadyQueued,
      },
    });
    return { formId: fp.form.id, periodCode: fp.period.code, deadline: fp.deadline, offset, ...outcome };
  });
}

/** What reminders of a form and period went to the units under `unitId`: to whom, when, how each ended. */
export async function listReminders(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
) {
  await requireUnit(db, actor, 'reports.read', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const units = (await treeStore.unitsOfPeriod(db, unitId, fp.period.start, fp.period.end)).filter(
    (u) => u.depth > 0,
  );
  const names = new Map(units.map((u) => [u.id, u.name]));
  const rows = await mailStore.listByRef(db, {
    kind: REMINDER_MAIL_KIND,
    ref: { formId: fp.form.id, periodCode: fp.period.code },
    inKey: 'unitId',
    inValues: [...names.keys()],
  });
  return {
    formId: fp.form.id,
    periodCode: fp.period.code,
    deadline: fp.deadline,
    reminders: rows.map((r) => {
      const ref = (r.ref ?? {}) as { unitId?: string; offset?: number };
      return {
        id: r.id,
        unitId: ref.unitId ?? '',
        unitName: names.get(ref.unitId ?? '') ?? '',
        toAddress: r.toAddress,
        toName: r.toName,
        subject: r.subject,
        offset: ref.offset ?? 0,
        state: r.state,
        attempts: r.attempts,
        lastError: r.lastError,
        createdAt: r.createdAt.toISOString(),
        sentAt: r.state === 'sent' && r.sentAt ? r.sentAt.toISOString() : null,
      };
    }),
  };
}
