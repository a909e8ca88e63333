/**
 * Which CĐCS each row of a member file goes to. A file imported into a CĐCS may leave the "Mã CĐCS" column empty
 * (every row goes there, as before); a file imported at an upper union (a district federation, a sector union) must
 * name on each row a grassroots union that lies under that union today, authorised against today's tree, alive on
 * the day of the import, and that the actor may import into (proposing: members.write on the CĐCS; registering:
 * members.approve on the unit that admits for it). Every code is looked up once, whatever the number of rows, and a
 * row whose code fails is named by its row and column, in Vietnamese and English (errors.ts importUnitProblem).
 */
import type { Database } from '../../../platform/db';
import { formatDate } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { unitsUnder, unitsWithPermission } from '../../access/service';
import { normalizeUnitCode, unitCodeProblem } from '../../organisation/model';
import type { ImportMode } from '../exchange-contract';
import { importUnitProblem, type ImportUnitProblemCode } from '../errors';
import { ADMIT_POWER, MEMBER_UNIT_MIN_LEVEL } from '../model';
import * as unitStore from '../unit-store';
import type { MemberImportRow } from './member-file';
import type { RowProblem } from './import-checks';

/** Where the file is imported: a CĐCS (or a unit inside one), or an upper union whose rows each name their CĐCS. */
export interface ImportTarget {
  unit: unitStore.UnitFacts;
  /** The target is above the grassroots level: every row must name its CĐCS. */
  wholeUnion: boolean;
  /** The unit that admits for the target (a CĐCS's; for an upper union, the one the plan judged the mode by). */
  approvingUnit: { id: string; name: string };
}

export interface Placement {
  /** The unit of each row, in the file's order; null where the row's code was refused (a problem names it). */
  units: (unitStore.UnitFacts | null)[];
  /** The unit that admits for each placed unit, by the placed unit's id. */
  approverOf: ReadonlyMap<string, { id: string; name: string }>;
  problems: RowProblem[];
}

/** What one distinct code came to: a unit, or the problem every row naming it gets. */
type Outcome =
  | { unit: unitStore.UnitFacts; approver: { id: string; name: string } }
  | { problem: ImportUnitProblemCode; params: Record<string, string> };

/**
 * Places a file's rows a part at a time (as the file is read): each part's new codes are judged once (one query each
 * step; a file of 200,000 rows names a few hundred CĐCS at most), the codes judged before are not asked again.
 * `approverOf` holds every unit placed so far.
 */
export function rowPlacer(
  actor: Actor | null,
  target: ImportTarget,
  options: { mode: ImportMode; date: string; today: string },
) {
  const outcomes = new Map<string, Outcome>();
  const approverOf = new Map<string, { id: string; name: string }>([[target.unit.id, target.approvingUnit]]);
  return {
    approverOf: approverOf as ReadonlyMap<string, { id: string; name: string }>,
    /** The rows of a part, `offset` being the index of its first row in the file. */
    async place(db: Database, rows: readonly MemberImportRow[], offset: number): Promise<Placement> {
      const codeOf = rows.map((r) => normalizeUnitCode(r.unitCode ?? ''));
      const named = [
        ...new Set(codeOf.filter((c) => c !== '' && c !== target.unit.code && !outcomes.has(c))),
      ];
      if (named.length > 0)
        for (const [code, outcome] of await judgeCodes(db, actor, target, named, options)) {
          outcomes.set(code, outcome);
          if ('unit' in outcome) approverOf.set(outcome.unit.id, outcome.approver);
        }
      const problems: RowProblem[] = [];
      const units = rows.map((row, index) => {
        const code = codeOf[index]!;
        const rowNumber = row.rowNumber ?? offset + index + 2;
        const refuse = (problem: ImportUnitProblemCode, params: Record<string, string>) => {
          problems.push({
            rowNumber,
            field: 'unitCode',
            code: problem,
            ...importUnitProblem(problem, params),
          });
          return null;
        };
        if (code === '')
          return target.wholeUnion ? refuse('unit_code_missing', { target: target.unit.name }) : target.unit;
        if (code === target.unit.code)
          return target.wholeUnion
            ? refuse('unit_not_grassroots', { unit: target.unit.name, code })
            : target.unit;
        const outcome = outcomes.get(code)!;
        return 'unit' in outcome ? outcome.unit : refuse(outcome.problem, outcome.params);
      });
      return { units, approverOf, problems };
    },
  };
}

/**
 * Each distinct code of the file judged in order: its form, a unit with it, the unit ended (while it lay under the
 * target), under the target today, a CĐCS or a unit inside one, alive on the day of the import, a unit that
 * admits for it, and the actor's permission.
 */
async function judgeCodes(
  db: Database,
  actor: Actor | null,
  target: ImportTarget,
  codes: readonly string[],
  options: { mode: ImportMode; date: string; today: string },
): Promise<Map<string, Outcome>> {
  const { mode, date, today } = options;
  const byCode = new Map((await unitStore.unitFactsByCodes(db, codes)).map((u) => [u.code, u]));
  const found = [...byCode.values()];
  const underToday = await unitsUnder(
    db,
    target.unit.id,
    found.map((u) => u.id),
    today,
  );
  // An ended unit is named as ended only when it lay under the target on its last day; else it is simply foreign.
  const endedUnder = new Set<string>();
  for (const u of found.filter((x) => x.endedOn <= today && !underToday.has(x.id))) {
    const lastDay = new Date(Date.parse(`${u.endedOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if ((await unitsUnder(db, target.unit.id, [u.id], lastDay)).has(u.id)) endedUnder.add(u.id);
  }
  const candidates = found.filter((u) => underToday.has(u.id) && u.level >= MEMBER_UNIT_MIN_LEVEL);
  const approvers = await unitStore.nearestAncestorsWithPower(
    db,
    candidates.map((u) => u.id),
    date,
    ADMIT_POWER,
  );
  const permitted =
    actor === null
      ? null
      : mode === 'propose'
        ? await unitsWithPermission(
            db,
            actor,
            'members.write',
            candidates.map((u) => u.id),
            date,
          )
        : await unitsWithPermission(
            db,
            actor,
            'members.approve',
            [...new Set([...approvers.values()].map((a) => a.id))],
            today,
          );

  const outcomes = new Map<string, Outcome>();
  for (const code of codes) {
    const unit = byCode.get(code);
    const named: Record<string, string> = unit ? { unit: unit.name, code: unit.code } : { code };
    const refuse = (problem: ImportUnitProblemCode, extra: Record<string, string> = {}) =>
      outcomes.set(code, { problem, params: { target: target.unit.name, ...named, ...extra } });
    if (!unit) {
      refuse(unitCodeProblem(code) && /[;,\s]/.test(code) ? 'unit_code_several' : 'unit_unknown');
      continue;
    }
    if (endedUnder.has(unit.id)) refuse('unit_ended', { date: formatDate(unit.endedOn) });
    else if (!underToday.has(unit.id))
      outcomes.set(code, {
        problem: 'unit_out_of_scope',
        params: { target: target.unit.name, code },
      });
    else if (unit.level < MEMBER_UNIT_MIN_LEVEL) refuse('unit_not_grassroots');
    else if (!(unit.foundedOn <= date && date < unit.endedOn))
      refuse('unit_not_active', { date: formatDate(date) });
    else {
      const approver = approvers.get(unit.id);
      if (!approver) refuse('unit_no_approver', { date: formatDate(date) });
      else if (permitted && !permitted.has(mode === 'propose' ? unit.id : approver.id))
        refuse(
          'unit_forbidden',
          mode === 'propose'
            ? { action: 'đề nghị kết nạp đoàn viên', actionEn: 'propose members for admission' }
            : { action: 'nhập thẳng đoàn viên', actionEn: 'register members directly' },
        );
      else outcomes.set(code, { unit, approver });
    }
  }
  return outcomes;
}
