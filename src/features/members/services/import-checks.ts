/**
 * The checks of a member list before import, set-based so that 100,000 rows take seconds: the same rules as a
 * proposal (admission-checks.preparePeople: preparePerson on each row, joining date against the unit's life, member
 * codes, the duplicate guard against active members and pending proposals anywhere, duplicates inside the list,
 * former members taken back under their old code), with a handful of queries over lists instead of one per row,
 * and every problem named as data: its row as Excel shows it, its column, its kind and its message. One function per
 * step, in the order below; each adds the problems it finds to the same list.
 */
import type { Database } from '../../../platform/db';
import type { Problem } from '../../../platform/errors';
import { formatDate, isIsoDate } from '../../../lib/dates';
import { textProblem } from '../../../lib/text';
import type { Actor } from '../../access/model';
import { unitsUnder, unitsWithPermission } from '../../access/service';
import * as bulk from '../bulk-store';
import { PERSON_TEXT_LIMITS } from '../contract';
import type { ImportMode, ImportPhase, ImportProblemCode } from '../exchange-contract';
import { memberCodeProblem, normalizeMemberCode } from '../member-code';
import {
  deriveStays,
  maskCccd,
  maskPhone,
  PERSON_FIELDS,
  statusOn,
  type MembershipEventKind,
} from '../model';
import { preparePerson, type Person } from '../person';
import * as unitStore from '../unit-store';
import * as recordStore from '../record-store';
import { sameIdentity, stayStartOf } from './admission-checks';
import { changedFields } from './update-member';
import { holds, loadUnits } from './common';
import { memberImportFailed } from '../errors';
import {
  MEMBER_FIELD_LABELS,
  maskedCellMessage,
  type MaskedCells,
  type MemberFileField,
  type MemberImportRow,
} from './member-file';

/** A row ready to write. */
export interface CheckedRow {
  rowNumber: number;
  person: Person;
  /** The CĐCS the row goes to (import-placement.ts). */
  unit: unitStore.UnitFacts;
  /** A former member taken back under their code (named by member code or found by CCCD). */
  existingMemberId: string | null;
  /**
   * The day the stay in the unit starts when the row admits or registers: the joining date, or the unit's founding
   * when the person joined the union before the unit existed (the joining date stays their union join date).
   */
  admittedOn: string;
  /** The file gave the join date; a proposal without one joins on the day of its approval (null on the proposal). */
  joinedOnGiven: boolean;
  /**
   * A member of the unit, named by member code or CCCD: the row corrects their record (the fields it changes,
   * written as the edit form writes them: update-member.ts), or changes nothing (`changed` empty).
   */
  update: { member: recordStore.MemberRow; changed: (keyof Person)[] } | null;
}

export interface RowProblem {
  rowNumber: number;
  field: MemberFileField;
  code: ImportProblemCode;
  message: string;
  messageEn?: string | undefined;
}

/** The text cells of a row, checked by the text policy with the lengths of the forms. */
const TEXT_FIELDS = Object.keys(PERSON_TEXT_LIMITS) as (keyof typeof PERSON_TEXT_LIMITS)[];

/** Problems listed in full; the error says how many there are in all and how many rows they fall on. */
export const MAX_LISTED_PROBLEMS = 1000;
/** Candidates per duplicate-guard query: as many as a look-up by list (bulk-store.LOOKUP_CHUNK, and why). */
const DUPLICATE_CHUNK = bulk.LOOKUP_CHUNK;
/** Rows between two yields to the event loop while each row is checked on its own (step 1). */
const YIELD_EVERY = 1000;

/** The indexes from `from` to `to` (excluded). */
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A problem as the API sends it: data (row, column, code) and the sentence, with the old "Dòng N: Cột" field. */
export function importProblem(p: RowProblem): Problem {
  const column = MEMBER_FIELD_LABELS[p.field];
  return {
    field: `Dòng ${p.rowNumber}: ${column}`,
    row: p.rowNumber,
    column,
    code: p.code,
    message: p.message,
    ...(p.messageEn ? { messageEn: p.messageEn } : {}),
  };
}

/** Every problem in row order, the first MAX_LISTED_PROBLEMS listed; the message counts bad rows and problems. */
export function importFailed(problems: readonly RowProblem[]) {
  const sorted = [...problems].sort((a, b) => a.rowNumber - b.rowNumber);
  const badRows = new Set(sorted.map((p) => p.rowNumber)).size;
  return memberImportFailed(badRows, sorted.length, sorted.slice(0, MAX_LISTED_PROBLEMS).map(importProblem));
}

export interface CheckOptions {
  mode: ImportMode;
  /** The proposal date (propose) or the day of the import (register). */
  date: string;
  today: string;
  onProgress?: ((phase: ImportPhase, done: number, total: number) => void) | undefined;
}

/** What every step shares: the rows so far, their member codes, the problems found, and cached unit look-ups. */
interface Checking {
  db: Database;
  actor: Actor | null;
  options: CheckOptions;
  /** Rows whose CĐCS was refused (import-placement.ts): no check against a unit is made for them. */
  unplaced: Set<number>;
  checked: CheckedRow[];
  /** The normalized member code each row names (null: none, or one already refused). */
  fileCodes: (string | null)[];
  /** Rows naming an active member by their code: reported once, not again by the duplicate guard. */
  activeByCode: Set<number>;
  /** Rows naming a member of their own unit (by code or CCCD), by row index: the member's id (step 5). */
  own: Map<number, string>;
  /** The file's record version of each row (the export's column), null when the file has none. */
  fileVersions: (number | null)[];
  /** The file's columns the rows lack (the same for every row): an update keeps the member's value there. */
  absent: readonly MemberFileField[];
  /** Each row's CCCD and phone cells as an export masked them (member-file.ts), read in step 5. */
  masked: (MaskedCells | undefined)[];
  problems: RowProblem[];
  /** The rows of the part being checked: indexes `from` to `to` (excluded) of `checked`. */
  from: number;
  to: number;
  /**
   * Ids this import has written (members, or proposals) before the part is checked: on the import's own transaction
   * the look-ups see them, but they are the file's rows, which step 2 compares in memory.
   */
  ours: ReadonlySet<string>;
  /** The first row of each CCCD, name and date of birth, and member code (step 2), over the parts checked. */
  twins: {
    byCccd: Map<string, number>;
    byName: Map<string, number>;
    withoutCccdByName: Map<string, number>;
    byCode: Map<string, number>;
  };
  addAt: (index: number, field: MemberFileField, code: ImportProblemCode, message: string) => void;
  /** Where a person is, as the actor may be told: the unit's name, or "another unit" outside their scope. */
  whereIs: (unitId: string, knownName?: string) => Promise<string>;
}

/**
 * The checks of a file's rows, each into the unit its placement gives it (import-placement.ts: `target` for a row that
 * names none), a part at a time in the file's order (an import checks a part while it writes the one before): each part is checked against the parts before it (duplicates in the file, in memory) and against the
 * database (`db`, the import's transaction or a connection beside it, which sees what others committed). Problems
 * gather in `problems`; `finish` throws them all, the placement's last, or does nothing when there are none.
 */
export function importRowChecker(actor: Actor | null, target: unitStore.UnitFacts, options: CheckOptions) {
  const problems: RowProblem[] = [];
  const checked: CheckedRow[] = [];
  const visible = new Map<string, boolean>();
  const unitNames = new Map<string, string>();
  const state: Checking = {
    db: undefined as unknown as Database,
    actor,
    options,
    unplaced: new Set(),
    checked,
    fileCodes: [],
    activeByCode: new Set(),
    own: new Map(),
    fileVersions: [],
    absent: [],
    masked: [],
    problems,
    from: 0,
    to: 0,
    ours: new Set(),
    twins: { byCccd: new Map(), byName: new Map(), withoutCccdByName: new Map(), byCode: new Map() },
    addAt: (index, field, code, message) =>
      problems.push({ rowNumber: checked[index]!.rowNumber, field, code, message }),
    whereIs: async (unitId, knownName) => {
      if (!visible.has(unitId))
        visible.set(
          unitId,
          actor === null || (await holds(state.db, actor, 'members.read', unitId, options.today)),
        );
      if (!visible.get(unitId)) return 'ở một đơn vị khác';
      if (!unitNames.has(unitId))
        unitNames.set(
          unitId,
          knownName ?? (await loadUnits(state.db, [unitId])).get(unitId)?.name ?? 'một đơn vị khác',
        );
      return `tại "${unitNames.get(unitId)!}"`;
    },
  };
  return {
    checked: checked as readonly CheckedRow[],
    problems: problems as readonly RowProblem[],
    /**
     * Checks the rows from the end of the last part to `to` (excluded): `rows` and `units` are the file's (the rows
     * read so far, and the unit of each row placed so far, null where refused). `ours`: the ids the import wrote.
     */
    async check(
      db: Database,
      rows: readonly MemberImportRow[],
      units: readonly (unitStore.UnitFacts | null)[],
      to: number,
      ours: ReadonlySet<string>,
    ): Promise<CheckedRow[]> {
      const from = checked.length;
      Object.assign(state, { db, from, to, ours });
      if (from === 0) state.absent = rows[0]?.absent ?? [];
      for (let i = from; i < to; i += 1) {
        if (!units[i]) state.unplaced.add(i);
        state.fileVersions.push(rows[i]!.version ?? null);
        state.masked.push(rows[i]!.masked);
      }
      await checkEachRow(state, rows, (i) => units[i] ?? target);
      findTwinsInFile(state);
      await checkNamedMemberCodes(state);
      const fresh = await guardAgainstDuplicates(state);
      await prepareUpdates(state);
      refuseMaskedCells(state);
      await takeBackFormerMembers(state, fresh.rows, fresh.activeMatches);
      if (options.mode === 'register') await fitRegisteredHistories(state);
      return checked.slice(from, to);
    },
    /** Throws `member_import_failed` naming every problem found, then the placement's; else nothing. */
    finish(placementProblems: readonly RowProblem[]): void {
      // The placement's problems last: a row's problems read in the order of the columns, the CĐCS code near the end.
      const all = [...problems, ...placementProblems];
      if (all.length) throw importFailed(all);
    },
  };
}

/** 1. Each row on its own: what the file could not read, the text policy, the person's rules, the joining date, the
 *  form of the member code. */
async function checkEachRow(
  state: Checking,
  rows: readonly MemberImportRow[],
  unitOf: (index: number) => unitStore.UnitFacts,
): Promise<void> {
  const { options, checked, fileCodes, problems, unplaced, from, to } = state;
  const { date, today } = options;
  for (let index = from; index < to; index += 1) {
    const row = rows[index]!;
    const rowNumber = row.rowNumber ?? index + 2;
    const add = (field: MemberFileField, code: ImportProblemCode, message: string) =>
      problems.push({ rowNumber, field, code, message });
    for (const p of row.problems ?? []) add(p.field, 'unreadable', p.message);
    // The text policy of the forms (contract.ts): the same lengths, no control or invisible characters.
    const refused = new Set<string>();
    for (const field of TEXT_FIELDS) {
      const value = row[field];
      const problem =
        typeof value === 'string' ? textProblem(value, PERSON_TEXT_LIMITS[field], { min: 0 }) : null;
      if (problem) {
        add(field, 'invalid_text', problem);
        refused.add(field);
      }
    }
    // A proposal may leave the join date empty, as the proposal form may: the person then joins on the day of the
    // approval and is judged on the proposal's date meanwhile (admission-checks.ts). Registering needs each person's
    // join date: an empty cell is named as empty.
    const joinedGiven = Boolean(row.joinedOn?.trim());
    const { person, problems: own } = preparePerson(
      { ...row, joinedOn: joinedGiven ? row.joinedOn! : options.mode === 'propose' ? date : '' },
      today,
    );
    for (const p of own)
      if (!refused.has(p.field))
        add(
          p.field as MemberFileField,
          'invalid_value',
          p.field === 'joinedOn' && !joinedGiven
            ? 'Ngày vào công đoàn: chưa nhập. Khi nhập thẳng danh sách đoàn viên, cần ngày kết nạp của từng người (dd/mm/yyyy); chọn "Đề nghị kết nạp" để ngày duyệt là ngày vào công đoàn.'
            : p.message,
        );
    // A refused cell is not looked up (a NUL byte cannot even be sent to the database): the row fails anyway.
    if (refused.has('cccd')) person.cccd = null;
    const unit = unitOf(index);
    if (!own.some((p) => p.field === 'joinedOn')) {
      const joined = formatDate(person.joinedOn);
      if (person.joinedOn > date)
        add(
          'joinedOn',
          'joined_after_date',
          `Ngày vào công đoàn ${joined} không được sau ngày đề nghị ${formatDate(date)}.`,
        );
      else if (!unplaced.has(index) && !(person.joinedOn < unit.endedOn))
        add(
          'joinedOn',
          'unit_not_active',
          `Ngày vào công đoàn ${joined}: "${unit.name}" không hoạt động vào ngày này.`,
        );
    }
    let code: string | null = null;
    if (row.memberCode?.trim() && !refused.has('memberCode')) {
      code = normalizeMemberCode(row.memberCode.trim());
      const problem = memberCodeProblem(code);
      if (problem) {
        add('memberCode', 'member_code_invalid', problem);
        code = null;
      }
    }
    fileCodes.push(code);
    // A row whose CĐCS was refused carries the target only to keep its place: the import fails, nothing is written.
    checked.push({
      rowNumber,
      person,
      unit,
      existingMemberId: null,
      admittedOn: stayStartOf(person.joinedOn, unit),
      joinedOnGiven: joinedGiven,
      update: null,
    });
    // A turn of the event loop now and then: the reading of the file and the writing go on meanwhile.
    if ((index + 1) % YIELD_EVERY === 0) await yieldToEventLoop();
  }
}

/** 2. The same person, or the same code, twice in the file (maps, not pairs: a file may have 100,000 rows). */
function findTwinsInFile(state: Checking): void {
  const { checked, fileCodes, addAt, from, to } = state;
  const {
    byCccd: firstByCccd,
    byName: firstByName,
    withoutCccdByName: firstWithoutCccdByName,
    byCode: firstByCode,
  } = state.twins;
  for (let i = from; i < to; i += 1) {
    const { person } = checked[i]!;
    // sameIdentity: two CCCDs decide alone; otherwise the folded name and the date of birth (when both are there).
    const key =
      person.searchText && isIsoDate(person.birthDate) ? `${person.birthDate}|${person.searchText}` : null;
    const byCccd = person.cccd ? firstByCccd.get(person.cccd) : undefined;
    const byName = key === null ? undefined : (person.cccd ? firstWithoutCccdByName : firstByName).get(key);
    const twin = Math.min(byCccd ?? Infinity, byName ?? Infinity);
    if (twin !== Infinity) {
      const how = twin === byCccd ? 'cccd' : 'fullName';
      addAt(
        i,
        how,
        'duplicate_in_file',
        `Trùng với dòng ${checked[twin]!.rowNumber} (${how === 'cccd' ? 'cùng số CCCD' : 'cùng họ tên và ngày sinh'}).`,
      );
    }
    if (person.cccd && !firstByCccd.has(person.cccd)) firstByCccd.set(person.cccd, i);
    if (key !== null && !firstByName.has(key)) firstByName.set(key, i);
    if (key !== null && !person.cccd && !firstWithoutCccdByName.has(key)) firstWithoutCccdByName.set(key, i);
    const code = fileCodes[i];
    if (code) {
      const first = firstByCode.get(code);
      if (first !== undefined)
        addAt(
          i,
          'memberCode',
          'duplicate_in_file',
          `Mã đoàn viên ${code} trùng với dòng ${checked[first]!.rowNumber}.`,
        );
      else firstByCode.set(code, i);
    }
  }
}

/**
 * 3. Member codes in the file: a code is issued by the registry's sequence, never taken from a file (a row with
 *    9999999999 once moved the national sequence to its end and stopped every approval in the country). A file
 *    names a code to update a member of the row's unit (an exported list edited and imported again: step 5), or to
 *    take back a former member under it: the code is held, by this person, who is not active now (a member
 *    elsewhere moves here by a transfer, or joins a second organisation through a proposal) and has not died.
 */
async function checkNamedMemberCodes(state: Checking): Promise<void> {
  const { db, checked, fileCodes, addAt, activeByCode, whereIs, from, to, ours } = state;
  const { today } = state.options;
  const part = range(from, to);
  const named = [...new Set(part.flatMap((i) => (fileCodes[i] ? [fileCodes[i]] : [])))];
  const holders = new Map(
    (await bulk.membersByCodes(db, named)).filter((m) => !ours.has(m.id)).map((m) => [m.code, m]),
  );
  const holderStays = groupBy(
    await bulk.staysOfMembers(
      db,
      [...holders.values()].map((m) => m.id),
    ),
    (s) => s.memberId,
  );
  const openStays = (memberId: string) =>
    (holderStays.get(memberId) ?? []).filter((s) => s.validFrom <= today && today < s.validTo);
  const belongs = await unitsHolding(
    state,
    part.flatMap((i) => {
      const holder = fileCodes[i] ? holders.get(fileCodes[i]) : undefined;
      return holder ? openStays(holder.id).map((s) => [checked[i]!.unit.id, s.unitId] as const) : [];
    }),
  );
  for (const i of part) {
    const row = checked[i]!;
    const code = fileCodes[i];
    if (!code) continue;
    const holder = holders.get(code);
    if (!holder) {
      addAt(
        i,
        'memberCode',
        'member_code_unknown',
        `Không có đoàn viên mang mã ${code}. Mã đoàn viên do hệ thống cấp khi ghi: với người mới, để trống cột này.`,
      );
      continue;
    }
    const now = openStays(holder.id);
    if (now.some((s) => belongs(row.unit.id, s.unitId))) {
      // A member of this unit: the row updates their record. The code says who; the row may correct name, date of
      // birth or CCCD, not all three at once (a code copied onto the wrong row).
      activeByCode.add(i);
      if (resembles(holder, row.person)) state.own.set(i, holder.id);
      else
        addAt(
          i,
          'memberCode',
          'member_code_other_person',
          `Mã đoàn viên ${code} là của ${holder.fullName} (sinh ${formatDate(holder.birthDate)}), không khớp họ tên, ngày sinh và CCCD của dòng này.`,
        );
      continue;
    }
    if (!sameIdentity(holder, row.person)) {
      addAt(
        i,
        'memberCode',
        'member_code_other_person',
        `Mã đoàn viên ${code} không phải của người này (họ tên, ngày sinh hoặc CCCD khác).`,
      );
      continue;
    }
    const stays = holderStays.get(holder.id) ?? [];
    const status = statusOn(stays, today);
    if (status === 'active') {
      activeByCode.add(i);
      addAt(
        i,
        'memberCode',
        'already_member',
        `Mã đoàn viên ${code}: người này đang sinh hoạt ${await whereIs(now[0]!.unitId)}. ${TRANSFER_ADVICE}`,
      );
    } else if (status === 'deceased')
      addAt(i, 'memberCode', 'deceased', `Mã đoàn viên ${code} là của một đoàn viên đã từ trần.`);
    else if (stays.some((s) => s.unitId === row.unit.id && s.validTo > row.person.joinedOn))
      addAt(
        i,
        'joinedOn',
        'history_conflict',
        `Người này sinh hoạt tại đơn vị đến sau ngày ${formatDate(row.person.joinedOn)}; kiểm tra ngày vào công đoàn.`,
      );
    else row.existingMemberId = holder.id;
  }
}

/** What a row naming a member of another unit is told: a member moves by a transfer, not by an import. */
const TRANSFER_ADVICE =
  'Tệp nhập không chuyển đoàn viên giữa các đơn vị: để người này về sinh hoạt ở đây, đơn vị đang quản lý (hoặc cấp trên chung) ghi "Chuyển sinh hoạt" trên trang của đoàn viên; sau đó có thể nhập tệp để cập nhật thông tin.';

/**
 * The code names the member of the row's unit: at least one of name, date of birth and CCCD still agrees, so that
 * a typing error in one can be corrected by import, and a code copied onto another person's row is refused.
 */
function resembles(member: bulk.KnownMember, person: Person): boolean {
  return (
    member.searchText === person.searchText ||
    member.birthDate === person.birthDate ||
    (member.cccd !== null && member.cccd === person.cccd)
  );
}

/**
 * Whether a member's unit (of an open stay) is a row's unit or lies under it today: a CĐCS's file reaches the
 * members of the units inside it. One closure query per distinct unit of the rows.
 */
async function unitsHolding(
  state: Checking,
  pairs: readonly (readonly [rowUnitId: string, memberUnitId: string])[],
): Promise<(rowUnitId: string, memberUnitId: string) => boolean> {
  const byRowUnit = new Map<string, Set<string>>();
  for (const [rowUnit, memberUnit] of pairs) {
    const set = byRowUnit.get(rowUnit) ?? new Set<string>();
    set.add(memberUnit);
    byRowUnit.set(rowUnit, set);
  }
  const under = new Map<string, Set<string>>();
  for (const [rowUnit, memberUnits] of byRowUnit)
    under.set(rowUnit, await unitsUnder(state.db, rowUnit, [...memberUnits], state.options.today));
  return (rowUnit, memberUnit) => under.get(rowUnit)?.has(memberUnit) ?? false;
}

/**
 * 4. The duplicate guard: active members and pending proposals anywhere in the country. Returns the rows that name
 *    no one yet (for step 5) and the active members found.
 */
async function guardAgainstDuplicates(state: Checking) {
  const { db, checked, addAt, activeByCode, whereIs, from, to, ours } = state;
  const fresh = range(from, to)
    .map((i) => ({ row: checked[i]!, i }))
    .filter(
      ({ row, i }) =>
        row.existingMemberId === null && !activeByCode.has(i) && isIsoDate(row.person.birthDate),
    );
  const activeMatches = new Set<string>();
  for (let start = 0; start < fresh.length; start += DUPLICATE_CHUNK) {
    const chunk = fresh.slice(start, start + DUPLICATE_CHUNK);
    const matches = (
      await bulk.findDuplicatesBulk(
        db,
        chunk.map(({ row }) => row.person),
        state.options.today,
      )
    ).filter((m) => !ours.has(m.id));
    const byCccd = new Map<string, recordStore.DuplicateMatch>();
    const byName = new Map<string, recordStore.DuplicateMatch[]>();
    for (const m of matches) {
      if (m.kind === 'member') activeMatches.add(m.id);
      if (m.cccd && !byCccd.has(m.cccd)) byCccd.set(m.cccd, m);
      const key = `${m.birthDate}|${m.searchText}`;
      byName.set(key, [...(byName.get(key) ?? []), m]);
    }
    const matchOf = ({ person: p }: CheckedRow) =>
      (p.cccd ? byCccd.get(p.cccd) : undefined) ??
      byName.get(`${p.birthDate}|${p.searchText}`)?.find((m) => sameIdentity(p, m) !== null);
    const belongs = await unitsHolding(
      state,
      chunk.flatMap(({ row }) => {
        const match = matchOf(row);
        return match?.kind === 'member' ? [[row.unit.id, match.unitId] as const] : [];
      }),
    );
    for (const { row, i } of chunk) {
      const p = row.person;
      const match = matchOf(row);
      if (!match) continue;
      const how = sameIdentity(p, match);
      const own = match.kind === 'member' && belongs(row.unit.id, match.unitId);
      // A member of the row's unit found by CCCD: the row updates their record (step 5), when the name or the date
      // of birth still agrees (a mistyped CCCD that is another member's must not rename that member).
      if (own && how === 'cccd') {
        if (match.searchText === p.searchText || match.birthDate === p.birthDate) state.own.set(i, match.id);
        else
          addAt(
            i,
            'cccd',
            'cccd_taken',
            `Số CCCD ${p.cccd ?? ''} là của đoàn viên ${match.fullName} (sinh ${formatDate(match.birthDate)}), không khớp họ tên và ngày sinh của dòng này; kiểm tra lại số CCCD.`,
          );
        continue;
      }
      const where = await whereIs(match.unitId, match.unitName);
      const who =
        how === 'cccd' ? `Số CCCD ${p.cccd ?? ''}` : `${p.fullName} (sinh ${formatDate(p.birthDate)})`;
      addAt(
        i,
        how === 'cccd' ? 'cccd' : 'fullName',
        match.kind === 'member' ? 'already_member' : 'already_proposed',
        own
          ? `${who}: người này đã là đoàn viên ${where}. Để cập nhật thông tin của người này, ghi Mã đoàn viên hoặc số CCCD của họ vào dòng (như trong tệp xuất danh sách).`
          : match.kind === 'member'
            ? `${who}: người này đã là đoàn viên ${where}. ${TRANSFER_ADVICE}`
            : `${who}: người này đang được đề nghị kết nạp ${where}.`,
      );
    }
  }
  return { rows: fresh, activeMatches };
}

/**
 * 5. The rows naming a member of their own unit update that member's record as the edit form does (update-member.ts):
 *    the fields that differ are written, a row that changes nothing is counted unchanged. A row exported before
 *    someone edited the record is refused (its version), so that importing an old file does not undo that edit;
 *    the actor needs members.write on the unit (and members.pii to change a CCCD or phone); a new CCCD must be
 *    no one else's. Columns the file lacks keep the member's values, and so do CCCD and phone cells masked by the
 *    export when the mask is the stored number's (a list exported without members.pii, imported again, changes
 *    nothing there).
 */
async function prepareUpdates(state: Checking): Promise<void> {
  const { db, actor, checked, addAt, fileVersions, absent, from, to } = state;
  const { today } = state.options;
  // The rows of this part naming a member of their unit (the parts before were prepared before).
  const own = new Map([...state.own].filter(([i]) => i >= from && i < to));
  if (own.size === 0) return;
  const ids = [...new Set(own.values())];
  const records = new Map<string, recordStore.MemberRow>();
  for (let start = 0; start < ids.length; start += DUPLICATE_CHUNK)
    for (const m of await recordStore.findMembers(db, ids.slice(start, start + DUPLICATE_CHUNK)))
      records.set(m.id, m);
  const rowUnits = [...new Set([...own.keys()].map((i) => checked[i]!.unit.id))];
  const writable = actor && (await unitsWithPermission(db, actor, 'members.write', rowUnits, today));
  const personal = actor && (await unitsWithPermission(db, actor, 'members.pii', rowUnits, today));
  const kept = absent.filter((f): f is keyof Person & MemberFileField => f in PERSON_KEYS);
  const newCccds: { i: number; memberId: string; cccd: string }[] = [];
  for (const [i, memberId] of own) {
    const row = checked[i]!;
    const member = records.get(memberId)!;
    const person = row.person as unknown as Record<string, unknown>;
    for (const field of kept) person[field] = member[field];
    // An empty join date keeps the member's (a proposal's file may leave it empty).
    if (!row.joinedOnGiven) person.joinedOn = member.joinedOn;
    const masked = state.masked[i];
    if (masked) {
      const mismatched = MASKED_FIELDS.filter((f) => masked[f] && masked[f] !== MASK[f](member[f]));
      for (const field of mismatched)
        addAt(
          i,
          field,
          'unreadable',
          `${maskedCellMessage(field, masked[field]!)} Số đã che không khớp số đang lưu của ${member.fullName}.`,
        );
      if (mismatched.length) continue;
      for (const field of MASKED_FIELDS) if (masked[field]) person[field] = member[field];
      state.masked[i] = undefined;
    }
    const changed = changedFields(member, row.person);
    const version = fileVersions[i];
    if (changed.length === 0) row.update = { member, changed };
    else if (version != null && version !== member.version)
      addAt(
        i,
        'memberCode',
        'edited_since_export',
        `${member.fullName} (mã ${member.code}): hồ sơ đã được sửa trên hệ thống sau khi xuất tệp này; hãy xuất lại danh sách rồi sửa trên tệp mới, để không ghi đè thay đổi đó.`,
      );
    else if (writable && !writable.has(row.unit.id))
      addAt(
        i,
        'memberCode',
        'not_permitted',
        `${member.fullName} (mã ${member.code}): bạn không có quyền sửa thông tin đoàn viên của "${row.unit.name}".`,
      );
    else if (personal && !personal.has(row.unit.id) && changed.some((k) => k === 'cccd' || k === 'phone'))
      addAt(
        i,
        changed.includes('cccd') ? 'cccd' : 'phone',
        'not_permitted',
        `${member.fullName} (mã ${member.code}): bạn không có quyền sửa số CCCD, số điện thoại của đoàn viên.`,
      );
    else {
      row.update = { member, changed };
      if (changed.includes('cccd') && row.person.cccd) newCccds.push({ i, memberId, cccd: row.person.cccd });
    }
  }
  const holders = new Map(
    (
      await bulk.membersByCccds(
        db,
        newCccds.map((c) => c.cccd),
      )
    )
      .filter((m) => !state.ours.has(m.id))
      .map((m) => [m.cccd!, m]),
  );
  for (const { i, memberId, cccd } of newCccds) {
    const holder = holders.get(cccd);
    if (holder && holder.id !== memberId)
      addAt(
        i,
        'cccd',
        'cccd_taken',
        `Số CCCD ${cccd} đã là của đoàn viên ${await holderName(state, holder)}.`,
      );
  }
}

const MASKED_FIELDS = ['cccd', 'phone'] as const;
const MASK = { cccd: maskCccd, phone: maskPhone };

/** A masked CCCD or phone on any row but a member's of its unit (step 5) cannot be read: the row names it. */
function refuseMaskedCells(state: Checking): void {
  for (let i = state.from; i < state.to; i += 1)
    for (const field of MASKED_FIELDS) {
      const masked = state.masked[i];
      if (masked?.[field] && !state.own.has(i))
        state.addAt(i, field, 'unreadable', maskedCellMessage(field, masked[field]));
    }
}

/** The fields of a person that a file's column may hold (a column the file lacks keeps the member's value). */
const PERSON_KEYS: Record<string, true> = Object.fromEntries(PERSON_FIELDS.map((k) => [k, true]));

/** A CCCD's holder as the actor may be told: their name and code when they may read them, else "khác". */
async function holderName(state: Checking, holder: bulk.KnownMember): Promise<string> {
  const stays = await bulk.staysOfMembers(state.db, [holder.id]);
  const now = stays.find((s) => s.validFrom <= state.options.today && state.options.today < s.validTo);
  const where = now ?? stays[stays.length - 1];
  if (!where) return 'khác';
  const seen = (await state.whereIs(where.unitId)) !== 'ở một đơn vị khác';
  return seen ? `${holder.fullName} (mã ${holder.code})` : 'khác';
}

/** 6. A former member (same CCCD, no stay now) comes back under their old code, unless they have died. */
async function takeBackFormerMembers(
  state: Checking,
  fresh: readonly { row: CheckedRow; i: number }[],
  activeMatches: ReadonlySet<string>,
): Promise<void> {
  const { db, addAt } = state;
  const former = new Map(
    (
      await bulk.membersByCccds(
        db,
        fresh.flatMap(({ row }) => (row.person.cccd ? [row.person.cccd] : [])),
      )
    )
      .filter((m) => !activeMatches.has(m.id) && !state.ours.has(m.id))
      .map((m) => [m.cccd!, m]),
  );
  const formerStays = groupBy(
    await bulk.staysOfMembers(
      db,
      [...former.values()].map((m) => m.id),
    ),
    (s) => s.memberId,
  );
  for (const { row, i } of fresh) {
    const member = row.person.cccd ? former.get(row.person.cccd) : undefined;
    if (!member) continue;
    const stays = formerStays.get(member.id) ?? [];
    if (stays.some((s) => s.unitId === row.unit.id && s.validTo > row.person.joinedOn))
      addAt(
        i,
        'joinedOn',
        'history_conflict',
        `Người này sinh hoạt tại đơn vị đến sau ngày ${formatDate(row.person.joinedOn)}; kiểm tra ngày vào công đoàn.`,
      );
    else if (statusOn(stays, state.options.today) === 'deceased')
      addAt(i, 'cccd', 'deceased', `Số CCCD ${row.person.cccd} là của một đoàn viên đã từ trần.`);
    else row.existingMemberId = member.id;
  }
}

/**
 * 7. Registering someone already in the registry adds an admission to their history: it must fit it (the same
 *    replay recordEvents does when writing), so that the row, not the whole file, is named when it does not.
 */
async function fitRegisteredHistories(state: Checking): Promise<void> {
  const { db, checked, addAt, unplaced, from, to } = state;
  const known = range(from, to)
    .map((i) => ({ row: checked[i]!, i }))
    .filter(({ row, i }) => row.existingMemberId !== null && !unplaced.has(i));
  const events = groupBy(
    await bulk.eventsOfMembersBulk(
      db,
      known.map(({ row }) => row.existingMemberId!),
    ),
    (e) => e.memberId,
  );
  const units = await loadUnits(db, [
    ...known.map(({ row }) => row.unit.id),
    ...[...events.values()].flat().map((e) => e.unitId),
  ]);
  const unitName = (id: string) => units.get(id)?.name ?? 'một đơn vị khác';
  for (const { row, i } of known) {
    const history = (events.get(row.existingMemberId!) ?? []).map((e) => ({
      seq: e.id,
      kind: e.kind as MembershipEventKind,
      unitId: e.unitId,
      effectiveOn: e.effectiveOn,
    }));
    const seq = history.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
    history.push({ seq, kind: 'admit', unitId: row.unit.id, effectiveOn: row.admittedOn });
    const derived = deriveStays(history, unitName);
    if (!derived.ok) addAt(i, 'joinedOn', 'history_conflict', `${row.person.fullName}: ${derived.reason}.`);
  }
}
