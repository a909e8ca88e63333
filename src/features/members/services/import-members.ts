/**
 * The member list in and out of Excel, as use-cases: the template, importing a list into a CĐCS in one transaction
 * (registering members who already belong to it, or proposing them for admission), and exporting any filtered list.
 *
 * Registering writes what approval writes (services/decide-proposals.ts): a member code, the admission
 * event on the joining date and the stays derived from it (services/history.ts recordEvents), but set-based: codes
 * from one sequence call, multi-row inserts in chunks, one audit row for the whole file.
 */
import { compareVietnamese } from '../../../lib/text';
import { isUniqueViolation, lockTransaction, withSideConnection, type Database } from '../../../platform/db';
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
import { recordEvents } from './history';
import { asChanges, recordStayChanges, type UnitStayChange } from './tallies';
import { importRowChecker, type CheckedRow, type RowProblem } from './import-checks';
import { rowPlacer } from './import-placement';
import { applyImportUpdates } from './import-updates';
import {
  feedOfRows,
  streamMemberFile,
  writeMemberTemplate,
  XLSX_TYPE,
  type MemberImportRow,
  type MemberRowFeed,
} from './member-file';
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
  const progress = phaseProgress(options.onProgress);
  progress.fileRead(input.rows.length);
  return importFeed(db, actor, plan, feedOfRows(input.rows), input.fileName ?? null, progress, today);
}

/** Rows checked, then written, at a time: the checks of one part run while the part before is written. */
const PART = 5000;
const FIRST_PART = 1000;

/**
 * The import of the rows of `feed` (a file being read, or a list), as a pipeline in one transaction: the rows read so
 * far are placed and checked a part at a time while the part before is written, and the file goes on being read
 * meanwhile. On PostgreSQL the checks' queries run on a second connection of the pool (withSideConnection): they see
 * what others committed, and this import's own earlier rows are checked in memory (duplicates in the file); on PGlite
 * (one connection) the same steps run one after the other on the transaction. All or nothing: once a row is bad no
 * part is written any more, every part is still checked so that every bad row is named, and the transaction is rolled
 * back. Rows naming members of their unit (updates) and people already in the registry are written last, once every
 * row passed; the tallies change once for the file's new members.
 */
async function importFeed(
  db: Database,
  actor: Actor | null,
  plan: ImportPlan,
  feed: MemberRowFeed,
  fileName: string | null,
  progress: PhaseProgress,
  today: string,
): Promise<MemberImportResult> {
  const importOnce = () =>
    db.transaction((tx) =>
      withSideConnection(db, (side) => pipeline(tx, side, actor, plan, feed, fileName, progress, today)),
    );
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await importOnce();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Someone outside this federation's imports (an approval, an import into another federation) registered one
      // of these people (same CCCD) between the checks and the writing: checked again, the rows are named.
      if (attempt < 3) continue;
      throw memberImportRegisteredMeanwhile();
    }
  }
}

async function pipeline(
  tx: Database,
  side: Database | null,
  actor: Actor | null,
  plan: ImportPlan,
  feed: MemberRowFeed,
  fileName: string | null,
  progress: PhaseProgress,
  today: string,
): Promise<MemberImportResult> {
  const reader = side ?? tx;
  const options = { mode: plan.mode, date: plan.date, today };
  const placer = rowPlacer(actor, plan, options);
  const checker = importRowChecker(actor, plan.unit, options);
  const writer = partWriter(tx, actor, plan, placer.approverOf, fileName, progress);
  const units: (unitStore.UnitFacts | null)[] = [];
  const placementProblems: RowProblem[] = [];
  // One import at a time per federation, checked and written in one transaction: the same file sent twice at once
  // (two tabs, a double click, two officers) is checked the second time against what the first wrote, so its rows
  // are refused by row as duplicates instead of admitting the same people twice. A file of an upper union holds the
  // lock of every federation its CĐCS belong to, taken in one order (by key) so that two such files cannot deadlock.
  const locked = new Set<string>();
  const lock = async (keys: readonly string[]) => {
    for (const key of keys.filter((k) => !locked.has(k)).sort()) {
      await lockTransaction(tx, key);
      locked.add(key);
    }
  };
  const place = async (to: number) => {
    const placed = await placer.place(reader, feed.rows.slice(units.length, to), units.length);
    units.push(...placed.units);
    placementProblems.push(...placed.problems);
    return placed.units;
  };
  if (plan.unit.level >= FEDERATION_LEVEL) {
    // Every unit under a federation (or under a unit inside one) is of that federation: its lock is known at once.
    await lock(admissionLockKeys([plan.unit]));
  } else {
    // Above the federations (the country), only the whole file says which federations it touches.
    await feed.finished;
    await lock(admissionLockKeys([plan.unit, ...(await place(feed.rows.length))]));
  }
  // The part being written (its error kept until the next part is checked), and whether a bad row was found.
  let writing: Promise<void> = Promise.resolve();
  const failed: { error?: unknown; yes: boolean } = { yes: false };
  let bad = false;
  try {
    for (let start = 0; ;) {
      // A small first part: the writing starts as soon as a few rows are read and checked.
      const size = start === 0 ? FIRST_PART : PART;
      await feed.ready(start + size);
      const end = Math.min(start + size, feed.rows.length);
      if (end === start) break;
      // Units named by this part in another federation (only when the data disagree with federation_id): locked now.
      if (units.length < end) await lock(admissionLockKeys(await place(end)));
      const part = await checker.check(reader, feed.rows, units, end, writer.written);
      progress.checked(end);
      if (failed.yes) throw failed.error;
      bad ||= checker.problems.length > 0 || placementProblems.length > 0;
      if (!bad) {
        const prepared = await writer.prepare(reader, part);
        await writing;
        if (failed.yes) throw failed.error;
        writing = writer.write(prepared).catch((error: unknown) => {
          failed.yes = true;
          failed.error = error;
        });
        // One connection: the next part is checked on the transaction once this one is written.
        if (!side) await writing;
      }
      start = end;
    }
    await writing;
    if (failed.yes) throw failed.error;
  } finally {
    await writing;
  }
  progress.checksDone(checker.checked.filter((r) => r.update === null).length);
  checker.finish(placementProblems);
  return writer.finish(checker.checked, today);
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The level of the federations (province federations, national sector unions): units at or below it have one. */
const FEDERATION_LEVEL = 2;

/** The admission lock of every federation the units belong to, each once, in one order. */
function admissionLockKeys(units: readonly (unitStore.UnitFacts | null)[]): string[] {
  const keys = new Set(units.flatMap((u) => (u ? [admissionLockKey(federationOf(u))] : [])));
  return [...keys].sort();
}

/** What the rows of one CĐCS came to: counted for the result, and audited once each. */
interface UnitWrites {
  unit: unitStore.UnitFacts;
  approvingUnit: { id: string; name: string };
  /** Rows admitting or proposing someone (not updates). */
  rows: number;
  /** New members (register) or proposals (propose), in the file's order. */
  ids: string[];
  /** People already in the registry, registered at the end (register). */
  known: CheckedRow[];
}

/**
 * Writes the checked parts of a file on the import's transaction, in the file's order. Registering, a person new to
 * the registry gets what approval gives (a member code from the sequence, the admission on the joining date, the
 * stays model.deriveStays makes of it), each table a part at a time in one COPY; proposing, the part's proposals.
 * `finish` writes what waits for every row to pass: the updates of members of the unit (import-updates.ts), people
 * already in the registry (history.recordEvents replays their history with the new admission, checked beforehand row
 * by row), the tallies of the new members (once for the file) and one audit row per CĐCS.
 */
function partWriter(
  tx: Database,
  actor: Actor | null,
  plan: ImportPlan,
  approverOf: ReadonlyMap<string, { id: string; name: string }>,
  fileName: string | null,
  progress: PhaseProgress,
) {
  const recordedBy = actor?.userId ?? null;
  const written = new Set<string>();
  const byUnit = new Map<string, UnitWrites>();
  let done = 0;
  const unitOf = (row: CheckedRow) => {
    let entry = byUnit.get(row.unit.id);
    if (!entry) {
      entry = { unit: row.unit, approvingUnit: approverOf.get(row.unit.id)!, rows: 0, ids: [], known: [] };
      byUnit.set(row.unit.id, entry);
    }
    return entry;
  };
  // The stays an admission makes depend on the unit and the day alone: derived once for each, not once a person.
  const staysByDay = new Map<string, ReturnType<typeof admissionStays>>();
  const staysOn = (unit: unitStore.UnitFacts, day: string) => {
    const key = `${unit.id}|${day}`;
    if (!staysByDay.has(key)) staysByDay.set(key, admissionStays(unit, day));
    return staysByDay.get(key)!;
  };
  // The new stays counted for the tallies: one change per unit, period, gender, ethnic group and year of birth with
  // its number of people (tally.netChanges), not one per person.
  const counted = new Map<string, UnitStayChange>();

  /**
   * A part's new members made ready to write: codes from the sequence (on `reader`: a sequence is not rolled back
   * anyway), ids, and the COPY text of the people, their admissions and their stays.
   */
  async function prepareRegister(reader: Database, rows: readonly CheckedRow[]) {
    const fresh: CheckedRow[] = [];
    const known: CheckedRow[] = [];
    for (const r of rows) (r.existingMemberId === null ? fresh : known).push(r);
    // Every new member's code comes from the sequence, in the file's order; a file never sets one (import-checks.ts).
    const codes = await recordStore.nextMemberCodeNumbers(reader, fresh.length);
    const ids = newIds(fresh.length);
    const people = bulk.prepareMembers(
      tx,
      (function* () {
        for (const [i, r] of fresh.entries())
          yield {
            person: r.person,
            id: ids[i]!,
            federationId: federationOf(r.unit),
            code: formatMemberCode(codes[i]!),
          };
      })(),
    );
    // A turn of the event loop between tables: the part before is being written meanwhile.
    await turn();
    const admissions = bulk.prepareAdmissions(
      tx,
      (function* () {
        for (const [i, r] of fresh.entries())
          yield {
            federationId: federationOf(r.unit),
            memberId: ids[i]!,
            unitId: r.unit.id,
            kind: 'admit',
            effectiveOn: r.admittedOn,
            recordedBy,
          };
      })(),
    );
    await turn();
    // The part's stays counted for the tallies: one change per unit, period, gender, ethnic group and year of birth
    // with its number of people (tally.netChanges), not one per person.
    const changes = new Map<string, UnitStayChange>();
    const stays = bulk.prepareFirstStays(
      tx,
      (function* () {
        for (const [i, r] of fresh.entries()) {
          const federationId = federationOf(r.unit);
          const { birthDate, gender, ethnicityCode } = r.person;
          for (const s of staysOn(r.unit, r.admittedOn)) {
            const key = `${s.unitId}|${s.validFrom}|${s.validTo}|${gender}|${ethnicityCode}|${birthDate.slice(0, 4)}`;
            const change = changes.get(key);
            if (change) change.sign += 1;
            else
              changes.set(key, asChanges([{ ...s, federationId, birthDate, gender, ethnicityCode }], 1)[0]!);
            yield {
              memberId: ids[i]!,
              unitId: s.unitId,
              federationId,
              validFrom: s.validFrom,
              validTo: s.validTo,
              startKind: s.startKind,
              endKind: s.endKind,
              birthDate,
            };
          }
        }
      })(),
    );
    return { fresh, known, ids, tables: [people, admissions, stays], changes };
  }

  /** Stores a prepared part; what it did counts once it is stored (a part not stored leaves no trace). */
  async function register(prepared: Awaited<ReturnType<typeof prepareRegister>>): Promise<void> {
    const { fresh, known, ids, tables, changes } = prepared;
    for (const table of tables) await bulk.copyPrepared(tx, table);
    for (const [i, r] of fresh.entries()) {
      unitOf(r).ids.push(ids[i]!);
      written.add(ids[i]!);
    }
    for (const r of known) unitOf(r).known.push(r);
    for (const [key, c] of changes) {
      const change = counted.get(key);
      if (change) change.sign += c.sign;
      else counted.set(key, c);
    }
    done += fresh.length;
  }

  async function propose(rows: readonly CheckedRow[]): Promise<void> {
    const ids = newIds(rows.length);
    const proposals = rows.map((r, i) => {
      const entry = unitOf(r);
      entry.ids.push(ids[i]!);
      written.add(ids[i]!);
      return {
        ...r.person,
        joinedOn: r.joinedOnGiven ? r.person.joinedOn : null,
        id: ids[i]!,
        federationId: federationOf(r.unit),
        unitId: r.unit.id,
        approvingUnitId: entry.approvingUnit.id,
        proposedOn: plan.date,
        existingMemberId: r.existingMemberId,
        createdBy: recordedBy,
      };
    });
    await bulk.insertProposalsBulk(tx, proposals);
    done += rows.length;
  }

  return {
    /** The ids written so far (members or proposals): the checks of the next parts leave them out (see ours). */
    written: written as ReadonlySet<string>,
    /**
     * Makes a checked part ready to write (its rows that admit or propose; updates wait for `finish`), on `reader`
     * for what it asks the database: meanwhile the part before may still be being stored.
     */
    async prepare(reader: Database, part: readonly CheckedRow[]) {
      const rows = part.filter((r) => r.update === null);
      return { rows, register: plan.mode === 'register' ? await prepareRegister(reader, rows) : null };
    },
    /** Writes a prepared part on the transaction. */
    async write(prepared: {
      rows: readonly CheckedRow[];
      register: Awaited<ReturnType<typeof prepareRegister>> | null;
    }) {
      for (const r of prepared.rows) unitOf(r).rows += 1;
      await (prepared.register ? register(prepared.register) : propose(prepared.rows));
      progress.written(done);
    },
    /** What waits for every row to pass, then the result. */
    async finish(rows: readonly CheckedRow[], today: string): Promise<MemberImportResult> {
      // Rows naming members of their own unit update them (import-updates.ts).
      await applyImportUpdates(tx, actor, rows, fileName, today);
      // The units' tallies change once for the whole file (tallies.ts).
      await recordStayChanges(tx, [...counted.values()]);
      for (const entry of byUnit.values()) {
        const { unit, approvingUnit } = entry;
        const memberIds = [...entry.ids];
        for (let start = 0; start < entry.known.length; start += WRITE_CHUNK) {
          const chunk = entry.known.slice(start, start + WRITE_CHUNK);
          await recordEvents(
            tx,
            recordedBy,
            chunk.map((r) => ({
              memberId: r.existingMemberId!,
              kind: 'admit',
              unitId: unit.id,
              effectiveOn: r.admittedOn,
            })),
            new Map(chunk.map((r) => [r.existingMemberId!, r.person.fullName])),
          );
          memberIds.push(...chunk.map((r) => r.existingMemberId!));
          done += chunk.length;
          progress.written(done);
        }
        const federationId = federationOf(unit);
        if (plan.mode === 'register')
          await recordAudit(tx, actor, {
            action: 'member.import',
            entity: 'member',
            unitId: unit.id,
            federationId,
            after: {
              mode: 'register',
              fileName,
              rows: entry.rows,
              newMembers: entry.ids.length,
              alreadyInRegistry: entry.known.length,
              approvingUnitId: approvingUnit.id,
              memberIds,
            },
          });
        else
          await recordAudit(tx, actor, {
            action: 'member_proposal.import',
            entity: 'member_proposal',
            unitId: unit.id,
            federationId,
            after: {
              mode: 'propose',
              fileName,
              rows: entry.rows,
              approvingUnitId: approvingUnit.id,
              proposedOn: plan.date,
              proposalIds: entry.ids,
            },
          });
      }
      progress.written(done);
      return importResult(plan, [...byUnit.values()], rows);
    },
  };
}

const updates = (rows: readonly CheckedRow[]) => rows.filter((r) => r.update !== null);

/**
 * What the person reads: the count of new people, of members updated and unchanged, how many went to each CĐCS (by
 * name) and who approves.
 */
function importResult(
  plan: ImportPlan,
  groups: readonly UnitWrites[],
  rows: readonly CheckedRow[],
): MemberImportResult {
  const updated = updates(rows).filter((r) => r.update!.changed.length > 0).length;
  const approvers = new Map(groups.map((g) => [g.approvingUnit.id, g.approvingUnit]));
  return {
    mode: plan.mode,
    created: groups.reduce((n, g) => n + g.rows, 0),
    updated,
    unchanged: updates(rows).length - updated,
    approvingUnit: groups[0]?.approvingUnit ?? plan.approvingUnit,
    approvingUnits: [...approvers.values()],
    units: groups
      .map((g) => ({ id: g.unit.id, name: g.unit.name, code: g.unit.code, created: g.rows }))
      .sort((a, b) => compareVietnamese(a.name, b.name)),
  };
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

/**
 * The progress of an import as one phase at a time, the earliest not over: reading until the file is read (rows read
 * so far), checking until every row is checked (rows checked of the file's), then writing (rows written of those to
 * write). The phases overlap (importFeed); what the person sees moves forward only.
 */
interface PhaseProgress {
  reading(rows: number): void;
  fileRead(rows: number): void;
  checked(rows: number): void;
  checksDone(toWrite: number): void;
  written(rows: number): void;
}

function phaseProgress(onProgress: ImportProgress | undefined): PhaseProgress {
  const at = { read: 0, fileRows: -1, checked: 0, toWrite: -1, written: 0 };
  const phase = (): ImportPhase => (at.fileRows < 0 ? 'reading' : at.toWrite < 0 ? 'checking' : 'writing');
  const tell = (when: ImportPhase) => {
    if (!onProgress || phase() !== when) return;
    if (when === 'reading') onProgress('reading', at.read, 0);
    else if (when === 'checking') onProgress('checking', at.checked, at.fileRows);
    else onProgress('writing', at.written, at.toWrite);
  };
  return {
    reading(rows) {
      at.read = rows;
      tell('reading');
    },
    fileRead(rows) {
      at.fileRows = rows;
      tell('checking');
    },
    checked(rows) {
      at.checked = rows;
      tell('checking');
    },
    checksDone(toWrite) {
      at.checked = Math.max(at.checked, at.fileRows);
      tell('checking');
      at.toWrite = toWrite;
      tell('writing');
    },
    written(rows) {
      at.written = Math.min(rows, at.toWrite < 0 ? rows : at.toWrite);
      tell('writing');
    },
  };
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
  const progress = phaseProgress(options.onProgress);
  progress.reading(0);
  // The file is read while its first rows are checked and written (importFeed).
  const feed = streamMemberFile(file, fileName, (n) => progress.reading(n));
  void feed.finished.then(
    (rows) => progress.fileRead(rows.length),
    () => undefined,
  );
  return importFeed(db, actor, plan, feed, fileName, progress, today);
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
