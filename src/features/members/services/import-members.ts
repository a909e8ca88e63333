/**
 * The member list in and out of Excel, as use-cases: the template, importing a list into a CĐCS in one transaction
 * (registering members who already belong to it, or proposing them for admission), and exporting any filtered list.
 *
 * Registering writes what approval writes (services/decide-proposals.ts): a member code, the admission
 * event on the joining date and the stays derived from it (services/history.ts recordEvents), but set-based: codes
 * from one sequence call, multi-row inserts in chunks, one audit row for the whole file.
 */
import { isUniqueViolation, lockTransaction, type Database } from '../../../platform/db';
import { newIds } from '../../../platform/ids';
import { AppError } from '../../../platform/errors';
import { formatDate, todayIso } from '../../../lib/dates';
import { formatNumber } from '../../../lib/numbers';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import * as bulk from '../bulk-store';
import type { ImportMode, ImportPhase, MemberImportResult } from '../exchange-contract';
import { formatMemberCode } from '../member-code';
import { ADMIT_POWER, deriveStays } from '../model';
import {
  invalidInput,
  memberImportRegisteredMeanwhile,
  membershipConflict,
  noAdmittingUnit,
  unitNotActive,
  unitNotFound,
} from '../errors';
import { MEMBER_UNIT_MIN_LEVEL } from '../model';
import * as unitStore from '../unit-store';
import * as recordStore from '../record-store';
import { admissionLockKey, federationOf, holds, requireMembers } from './common';
import { recordEvents, type NewEvent } from './history';
import { asChanges, recordStayChanges, type UnitStayChange } from './tallies';
import { checkImportRows, type CheckedRow } from './import-checks';
import { placeImportRows } from './import-placement';
import { applyImportUpdates } from './import-updates';
import { readMemberFile, writeMemberTemplate, XLSX_TYPE, type MemberImportRow } from './member-file';
import { listEthnicities } from './ensure-reference-data';

/**
 * The operator at the server's terminal (the command line), for the read-only use-cases that take an actor:
 * it may read everything. Never used for an HTTP request; what it writes is audited with no actor (the system).
 */
export const SYSTEM_OPERATOR: Actor = Object.freeze({
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  fullName: 'Hệ thống (dòng lệnh)',
  isSystemAdmin: true,
  grants: [],
});

export type { MemberImportRow };

export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportOptions {
  onProgress?: ImportProgress | undefined;
  today?: string | undefined;
}

export interface ImportPlan {
  mode: ImportMode;
  /** Where the file is imported: a CĐCS (or a unit inside one), or an upper union (`wholeUnion`). */
  unit: unitStore.UnitFacts;
  /** The file is imported at an upper union: each row names its CĐCS (import-placement.ts). */
  wholeUnion: boolean;
  /** The unit that admits for `unit` (the unit itself for an upper union that admits). */
  approvingUnit: { id: string; name: string };
  /** The proposal date (propose), or the day of the import (register). */
  date: string;
}

/** People already in the registry per recordEvents call (the new ones are written each table in one COPY). */
const WRITE_CHUNK = 5000;

/**
 * Who may import what into `unitId`: registering needs members.approve over the unit that holds the power to admit
 * for it (or a system administrator, or the command line); proposing needs members.write on the unit. Without a
 * mode, register when allowed, else propose. `actor` null is the system. `unitId` may be an upper union: the file
 * then names each row's CĐCS, and each is judged again when the file is checked (import-placement.ts).
 */
export async function planMemberImport(
  db: Database,
  actor: Actor | null,
  unitId: string,
  input: { mode?: ImportMode | undefined; effectiveOn?: string | undefined } = {},
  today = todayIso(),
): Promise<ImportPlan> {
  const date = input.effectiveOn ?? today;
  if (date > today)
    throw invalidInput([
      { field: 'effectiveOn', message: `Ngày đề nghị ${formatDate(date)} không được sau hôm nay.` },
    ]);
  if (actor) await requireMembers(db, actor, 'members.read', unitId, date);
  const [unit] = await unitStore.unitFacts(db, [unitId]);
  if (!unit) throw unitNotFound();
  if (!(unit.foundedOn <= date && date < unit.endedOn)) throw unitNotActive(unit.name, date);
  const wholeUnion = unit.level < MEMBER_UNIT_MIN_LEVEL;
  const approvingUnit =
    wholeUnion && unit.powers.includes(ADMIT_POWER)
      ? { id: unit.id, name: unit.name }
      : await unitStore.nearestAncestorWithPower(db, unit.id, date, ADMIT_POWER);
  if (!approvingUnit) throw noAdmittingUnit(unit.name, date);
  const mayRegister = actor === null || (await holds(db, actor, 'members.approve', approvingUnit.id, today));
  const mode = input.mode ?? (mayRegister ? 'register' : 'propose');
  if (mode === 'register' && !mayRegister)
    throw new AppError('forbidden', {}, [
      {
        field: 'mode',
        message: `Chỉ cán bộ có quyền duyệt kết nạp của "${approvingUnit.name}" mới nhập thẳng được danh sách đoàn viên; hãy chọn "Đề nghị kết nạp" để gửi danh sách cho "${approvingUnit.name}" duyệt.`,
      },
    ]);
  if (mode === 'propose' && actor) await requireMembers(db, actor, 'members.write', unitId, date);
  return { mode, unit, wholeUnion, approvingUnit, date };
}

/**
 * Imports a list of people into a CĐCS, or into the CĐCS of an upper union that each row names: every row is placed
 * (import-placement.ts) and checked (import-checks.ts) and nothing is written when any is bad (`import_failed`
 * naming each row); otherwise everything is written in one transaction, with one audit row per CĐCS.
 */
export async function importMembers(
  db: Database,
  actor: Actor | null,
  unitId: string,
  input: {
    rows: readonly MemberImportRow[];
    mode?: ImportMode | undefined;
    effectiveOn?: string | undefined;
    fileName?: string | undefined;
  },
  options: ImportOptions = {},
): Promise<MemberImportResult> {
  const today = options.today ?? todayIso();
  const plan = await planMemberImport(db, actor, unitId, input, today);
  if (input.rows.length === 0)
    throw invalidInput([{ field: 'rows', message: 'Danh sách đoàn viên cần nhập đang trống.' }]);
  const write = plan.mode === 'register' ? registerMembers : proposeInBulk;
  // One import at a time per federation, checked and written in one transaction: the same file sent twice at once
  // (two tabs, a double click, two officers) is checked the second time against what the first wrote, so its rows
  // are refused by row as duplicates instead of admitting the same people twice. A file of an upper union holds the
  // lock of every federation its CĐCS belong to, taken in one order (by key) so that two such files cannot deadlock.
  const checkAndWrite = () =>
    db.transaction(async (tx) => {
      const placement = await placeImportRows(tx, actor, plan, input.rows, { ...plan, today });
      for (const key of admissionLockKeys([plan.unit, ...placement.units])) await lockTransaction(tx, key);
      const checked = await checkImportRows(tx, actor, { target: plan.unit, ...placement }, input.rows, {
        mode: plan.mode,
        date: plan.date,
        today,
        onProgress: options.onProgress,
      });
      // Rows naming members of their own unit update them (import-updates.ts); the others admit or propose.
      await applyImportUpdates(tx, actor, checked, input.fileName ?? null, today);
      const groups = byUnit(
        checked.filter((r) => r.update === null),
        placement.approverOf,
      );
      let written = 0;
      for (const group of groups) {
        // Each CĐCS's rows are written as a file into that CĐCS is; progress counts the whole file.
        const offset = written;
        const onProgress: ImportProgress | undefined = options.onProgress
          ? (phase, done) =>
              options.onProgress!(phase, offset + done, checked.length - updates(checked).length)
          : undefined;
        await write(tx, actor, group.plan(plan), group.rows, input.fileName ?? null, onProgress);
        written += group.rows.length;
      }
      return importResult(plan, groups, checked);
    });
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await checkAndWrite();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Someone outside this federation's imports (an approval, an import into another federation) registered one
      // of these people (same CCCD) between the checks and the writing: checked again, the rows are named.
      if (attempt < 3) continue;
      throw memberImportRegisteredMeanwhile();
    }
  }
}

/** The admission lock of every federation the units belong to, each once, in one order. */
function admissionLockKeys(units: readonly (unitStore.UnitFacts | null)[]): string[] {
  const keys = new Set(units.flatMap((u) => (u ? [admissionLockKey(federationOf(u))] : [])));
  return [...keys].sort();
}

interface UnitGroup {
  unit: unitStore.UnitFacts;
  approvingUnit: { id: string; name: string };
  rows: CheckedRow[];
  /** The plan of an import of these rows alone into their CĐCS. */
  plan: (whole: ImportPlan) => ImportPlan;
}

/** The checked rows by CĐCS, in the order the file first names each. */
function byUnit(
  rows: readonly CheckedRow[],
  approverOf: ReadonlyMap<string, { id: string; name: string }>,
): UnitGroup[] {
  const groups = new Map<string, UnitGroup>();
  for (const row of rows) {
    let group = groups.get(row.unit.id);
    if (!group) {
      const { unit } = row;
      const approvingUnit = approverOf.get(unit.id)!;
      group = {
        unit,
        approvingUnit,
        rows: [],
        plan: (whole) => ({ ...whole, unit, approvingUnit, wholeUnion: false }),
      };
      groups.set(unit.id, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

const updates = (rows: readonly CheckedRow[]) => rows.filter((r) => r.update !== null);

/**
 * What the person reads: the count of new people, of members updated and unchanged, how many went to each CĐCS (by
 * name) and who approves.
 */
function importResult(
  plan: ImportPlan,
  groups: readonly UnitGroup[],
  rows: readonly CheckedRow[],
): MemberImportResult {
  const updated = updates(rows).filter((r) => r.update!.changed.length > 0).length;
  const approvers = new Map(groups.map((g) => [g.approvingUnit.id, g.approvingUnit]));
  return {
    mode: plan.mode,
    created: groups.reduce((n, g) => n + g.rows.length, 0),
    updated,
    unchanged: updates(rows).length - updated,
    approvingUnit: groups[0]?.approvingUnit ?? plan.approvingUnit,
    approvingUnits: [...approvers.values()],
    units: groups
      .map((g) => ({ id: g.unit.id, name: g.unit.name, code: g.unit.code, created: g.rows.length }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  };
}

/**
 * Registers the checked rows on the import's transaction. A person new to the registry gets what approval gives (a member
 * code, the admission on the joining date, the stays model.deriveStays makes of it), written in multi-row inserts:
 * with no earlier history there is nothing to replay. A person already in the registry goes through
 * history.recordEvents, which replays their history with the new admission (checked beforehand, row by row).
 */
async function registerMembers(
  tx: Database,
  actor: Actor | null,
  plan: ImportPlan,
  rows: readonly CheckedRow[],
  fileName: string | null,
  onProgress: ImportProgress | undefined,
): Promise<void> {
  const { unit } = plan;
  const federationId = federationOf(unit);
  const recordedBy = actor?.userId ?? null;
  const total = rows.length;
  const fresh = rows.filter((r) => r.existingMemberId === null);
  const known = rows.filter((r) => r.existingMemberId !== null);
  onProgress?.('writing', 0, total);
  // Every new member's code comes from the sequence; a file never sets one (import-checks.ts, step 3).
  const codes = await recordStore.nextMemberCodeNumbers(tx, fresh.length);
  const ids = newIds(fresh.length);
  // The stays an admission makes depend on the day alone: derived once a day, not once a person.
  const staysByDay = new Map<string, ReturnType<typeof admissionStays>>();
  const staysOn = (day: string) => {
    if (!staysByDay.has(day)) staysByDay.set(day, admissionStays(unit, day));
    return staysByDay.get(day)!;
  };
  // Each table in one COPY whose rows are made while the database stores the ones before (bulk-store copyRows):
  // the people, their admissions, their stays; the share of the writing each takes, for the progress.
  const progress = (before: number, share: number) => (n: number) =>
    onProgress?.('writing', Math.round(before + n * share), total);
  const people = function* () {
    for (const [i, r] of fresh.entries())
      yield { ...r.person, id: ids[i]!, federationId, code: formatMemberCode(codes[i]!) };
  };
  await bulk.copyMembers(tx, people(), progress(0, 0.5));
  await bulk.copyAdmissions(
    tx,
    (function* () {
      for (const [i, r] of fresh.entries())
        yield {
          federationId,
          memberId: ids[i]!,
          unitId: unit.id,
          kind: 'admit',
          effectiveOn: r.admittedOn,
          recordedBy,
        };
    })(),
    progress(fresh.length * 0.5, 0.2),
  );
  // The stays are made as the database takes them, and counted for the tallies on the way: one change per day,
  // gender, ethnic group and year of birth with its number of people (tally.netChanges), not one per person.
  const counted = new Map<string, UnitStayChange>();
  const stayCount = fresh.reduce((n, r) => n + staysOn(r.admittedOn).length, 0);
  const stays = function* () {
    for (const [i, r] of fresh.entries())
      for (const s of staysOn(r.admittedOn)) {
        const { birthDate, gender, ethnicityCode } = r.person;
        const key = `${s.unitId}|${s.validFrom}|${s.validTo}|${gender}|${ethnicityCode}|${birthDate.slice(0, 4)}`;
        const change = counted.get(key);
        if (change) change.sign += 1;
        else counted.set(key, asChanges([{ ...s, federationId, birthDate, gender, ethnicityCode }], 1)[0]!);
        yield { ...s, memberId: ids[i]!, federationId, birthDate };
      }
  };
  await bulk.copyFirstStays(
    tx,
    stays(),
    progress(fresh.length * 0.7, (0.3 * fresh.length) / Math.max(1, stayCount)),
  );
  // The unit's tallies change once for the whole file (tallies.ts).
  await recordStayChanges(tx, [...counted.values()]);
  const memberIds: string[] = [...ids];
  let done = fresh.length;
  for (let start = 0; start < known.length; start += WRITE_CHUNK) {
    const chunk = known.slice(start, start + WRITE_CHUNK);
    const events: NewEvent[] = chunk.map((r) => ({
      memberId: r.existingMemberId!,
      kind: 'admit',
      unitId: unit.id,
      effectiveOn: r.admittedOn,
    }));
    await recordEvents(
      tx,
      recordedBy,
      events,
      new Map(chunk.map((r) => [r.existingMemberId!, r.person.fullName])),
    );
    memberIds.push(...chunk.map((r) => r.existingMemberId!));
    done += chunk.length;
    onProgress?.('writing', done, total);
  }
  await recordAudit(tx, actor, {
    action: 'member.import',
    entity: 'member',
    unitId: unit.id,
    federationId,
    after: {
      mode: 'register',
      fileName,
      rows: total,
      newMembers: fresh.length,
      alreadyInRegistry: known.length,
      approvingUnitId: plan.approvingUnit.id,
      memberIds,
    },
  });
}

/** The stays one admission makes (model.deriveStays on a history of that one event). */
function admissionStays(unit: unitStore.UnitFacts, joinedOn: string) {
  const derived = deriveStays(
    [{ seq: 1, kind: 'admit', unitId: unit.id, effectiveOn: joinedOn }],
    () => unit.name,
  );
  if (!derived.ok) throw membershipConflict(unit.name, joinedOn, derived.reason);
  return derived.stays;
}

async function proposeInBulk(
  tx: Database,
  actor: Actor | null,
  plan: ImportPlan,
  rows: readonly CheckedRow[],
  fileName: string | null,
  onProgress: ImportProgress | undefined,
): Promise<void> {
  const { unit, approvingUnit, date } = plan;
  const federationId = federationOf(unit);
  onProgress?.('writing', 0, rows.length);
  const ids = newIds(rows.length);
  const proposals = rows.map((r, i) => ({
    ...r.person,
    id: ids[i]!,
    federationId,
    unitId: unit.id,
    approvingUnitId: approvingUnit.id,
    proposedOn: date,
    existingMemberId: r.existingMemberId,
    createdBy: actor?.userId ?? null,
  }));
  await bulk.insertProposalsBulk(tx, proposals, (done) => onProgress?.('writing', done, rows.length));
  await recordAudit(tx, actor, {
    action: 'member_proposal.import',
    entity: 'member_proposal',
    unitId: unit.id,
    federationId,
    after: {
      mode: 'propose',
      fileName,
      rows: rows.length,
      approvingUnitId: approvingUnit.id,
      proposedOn: date,
      proposalIds: proposals.map((x) => x.id),
    },
  });
}

/**
 * Imports an Excel (.xlsx) or CSV file of members into a CĐCS (see importMembers). Who may do it is checked before
 * the file is read; progress goes reading → checking → writing.
 */
export async function importMemberFile(
  db: Database,
  actor: Actor | null,
  unitId: string,
  file: Buffer,
  fileName: string,
  options: ImportOptions & {
    mode?: ImportMode | undefined;
    effectiveOn?: string | undefined;
  } = {},
): Promise<MemberImportResult> {
  const today = options.today ?? todayIso();
  const plan = await planMemberImport(db, actor, unitId, options, today);
  options.onProgress?.('reading', 0, 0);
  const rows = await readMemberFile(file, fileName, (n) => options.onProgress?.('reading', n, 0));
  return importMembers(
    db,
    actor,
    unitId,
    { rows, mode: plan.mode, effectiveOn: options.effectiveOn, fileName },
    { onProgress: options.onProgress, today },
  );
}

// -------------------------------------------------------------------------------------------------------------
// Template and export

export interface MemberFile {
  fileName: string;
  contentType: string;
  buffer: Buffer;
}

/** The Excel template with today's 54 ethnic groups; for a unit, its name is printed in the guide. */
export async function memberTemplateFile(
  db: Database,
  actor: Actor | null,
  unitId: string | null,
): Promise<MemberFile> {
  let unit: unitStore.UnitFacts | undefined;
  if (unitId) {
    if (actor) await requireMembers(db, actor, 'members.read', unitId);
    [unit] = await unitStore.unitFacts(db, [unitId]);
  }
  const ethnicities = await listEthnicities(db);
  return {
    fileName: 'Mẫu nhập đoàn viên.xlsx',
    contentType: XLSX_TYPE,
    buffer: await writeMemberTemplate({
      ethnicities,
      unitName: unit?.name,
      upperUnion: unit ? unit.level < MEMBER_UNIT_MIN_LEVEL : false,
    }),
  };
}

/**
 * "Đã nhập 1.489 đoàn viên vào …" or "Đã gửi đề nghị kết nạp …": the sentence a person reads when it is done; for a
 * file of an upper union, how many rows went to how many CĐCS.
 */
export function describeImport(result: MemberImportResult, unitName: string): string {
  const count = formatNumber(result.created);
  const approvers = result.approvingUnits.map((u) => u.name).join(', ');
  const [only] = result.units;
  // Rows naming members already in the unit: "; cập nhật 3 đoàn viên, 33 không đổi".
  const others =
    result.updated || result.unchanged
      ? `; cập nhật ${formatNumber(result.updated)} đoàn viên, ${formatNumber(result.unchanged)} không đổi`
      : '';
  const where =
    result.units.length === 0 || (result.units.length === 1 && only && only.name === unitName)
      ? unitName
      : `${formatNumber(result.units.length)} CĐCS của ${unitName}`;
  if (result.created === 0) return `Không có người mới trong tệp${others}.`;
  return result.mode === 'register'
    ? `Đã nhập ${count} đoàn viên vào ${where}${others}.`
    : `Đã gửi đề nghị kết nạp ${count} người của ${where}; chờ ${approvers} duyệt${others}.`;
}
