/**
 * Bulk founding of units from a list (an import file, the demo, the national benchmark): every row validated
 * against the reference data and the tree on its founding date, every bad row reported, nothing written unless all
 * rows are good, then units, names, parent links and closure written in a few set-based statements.
 */
import type { Database } from '../../../platform/db';
import { AppError, type Problem } from '../../../platform/errors';
import { formatDate, isIsoDate, OPEN_END } from '../../../lib/dates';
import { foldVietnamese, normalizeText, textProblem } from '../../../lib/text';
import { formatNumber } from '../../../lib/numbers';
import type { Actor } from '../../access/model';
import { recordAudit, requireSystemAdmin, requireUnit } from '../../access/service';
import { orgRowProblem, type OrgProblemCode } from '../errors';
import { normalizeUnitCode, placementAllowed, sectorProblem, UNIT_CODE } from '../model';
import { MIN_UNIT_NAME, UNIT_TEXT_LIMITS } from '../contract';
import * as eventStore from '../event-store';
import * as exportStore from '../export-store';
import * as parentStore from '../parent-store';
import * as sectorStore from '../sector-store';
import * as unitStore from '../unit-store';
import * as unitTypeStore from '../unit-type-store';

export interface UnitImportRow {
  /** The row number people see in their file (header is row 1). */
  rowNumber: number;
  code: string;
  name: string;
  shortName?: string | null | undefined;
  typeId: string;
  parentCode?: string | null | undefined;
  sector?: string | null | undefined;
  province?: string | null | undefined;
  commune?: string | null | undefined;
  address?: string | null | undefined;
  foundingDecisionNo?: string | null | undefined;
  foundedOn: string;
  /** Unit groups (khối) by name or id, separated by ";" in the file; replaced by their ids once checked. */
  groups?: string[] | undefined;
}

export interface ImportResult {
  created: number;
  eventId: number;
}

const CHUNK = 1000;

/** The text cells of a row, the limit of each (as in the forms) and the column people see. */
const TEXT_FIELDS: readonly [keyof UnitImportRow, keyof typeof UNIT_TEXT_LIMITS, string][] = [
  ['code', 'code', 'Mã đơn vị'],
  ['name', 'name', 'Tên đơn vị'],
  ['shortName', 'shortName', 'Tên viết tắt'],
  ['parentCode', 'code', 'Mã đơn vị cấp trên'],
  ['province', 'province', 'Tỉnh/Thành phố'],
  ['commune', 'commune', 'Xã/Phường'],
  ['address', 'address', 'Địa chỉ'],
  ['foundingDecisionNo', 'decisionNo', 'Số quyết định thành lập'],
];

/** Checks every row and returns the problems, each naming its row ("Dòng 12") and field. */
export async function validateUnitRows(db: Database, rows: UnitImportRow[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const types = new Map((await unitTypeStore.listUnitTypes(db)).map((t) => [t.id, t]));
  const typeByName = new Map(
    [...types.values()].flatMap((t) => [
      [foldVietnamese(t.nameVi), t.id],
      [foldVietnamese(t.shortVi), t.id],
    ]),
  );
  const rules = await unitTypeStore.listUnitTypeRules(db);
  const groups = await unitTypeStore.listUnitGroups(db);
  const groupByKey = new Map(
    groups.flatMap((g) => [[foldVietnamese(g.name), g.id] as const, [foldVietnamese(g.id), g.id] as const]),
  );
  const groupNames = groups.map((g) => g.name).join('; ');
  // Sectors by id, name or short name; the one named must apply on the row's founding date.
  const sectors = await sectorStore.listSectors(db);
  const sectorByKey = new Map(
    sectors.flatMap((s) => [s.id, s.nameVi, s.shortVi].map((k) => [foldVietnamese(k), s] as const)),
  );
  const sectorNames = sectors.map((s) => s.shortVi).join('; ');
  const inFile = new Map<string, UnitImportRow>();
  for (const row of rows) {
    const coded = (column: string, code: OrgProblemCode, params: Record<string, string | number> = {}) =>
      problems.push(orgRowProblem(row.rowNumber, column, code, params));
    // The text policy of the forms (contract.ts): the same lengths, no control or invisible characters.
    const refused = new Set<keyof UnitImportRow>();
    for (const [field, limit, label] of TEXT_FIELDS) {
      const value = row[field];
      const problem =
        typeof value === 'string' ? textProblem(value, UNIT_TEXT_LIMITS[limit], { min: 0 }) : null;
      if (problem) {
        problems.push({ field: `Dòng ${row.rowNumber}: ${label}`, message: problem });
        refused.add(field);
      }
    }
    // A refused code is not looked up (a NUL byte cannot even be sent to the database).
    if (refused.has('parentCode')) row.parentCode = null;
    row.code = normalizeUnitCode(row.code ?? '');
    row.name = normalizeText(row.name ?? '');
    if (!types.has(row.typeId)) row.typeId = typeByName.get(foldVietnamese(row.typeId ?? '')) ?? row.typeId;
    if (refused.has('code')) row.code = '';
    else if (!row.code) coded('Mã đơn vị', 'row_code_empty');
    else if (!UNIT_CODE.pattern.test(row.code))
      coded('Mã đơn vị', 'row_code_pattern', { code: row.code, min: UNIT_CODE.min, max: UNIT_CODE.max });
    else if (inFile.has(row.code))
      coded('Mã đơn vị', 'row_code_repeated', { code: row.code, other: inFile.get(row.code)!.rowNumber });
    else inFile.set(row.code, row);
    if (!refused.has('name') && row.name.length < MIN_UNIT_NAME)
      coded('Tên đơn vị', 'row_name_too_short', { min: MIN_UNIT_NAME });
    if (!types.has(row.typeId)) coded('Loại đơn vị', 'row_unknown_type', { type: row.typeId });
    if (!isIsoDate(row.foundedOn)) coded('Ngày thành lập', 'row_bad_date', { value: row.foundedOn });
    if (row.sector) {
      const written = normalizeText(row.sector);
      const sector = sectorByKey.get(foldVietnamese(written));
      if (!sector) coded('Khu vực', 'row_unknown_sector', { sector: written, sectors: sectorNames });
      else {
        row.sector = sector.id;
        if (isIsoDate(row.foundedOn) && sectorProblem(sectors, sector.id, row.foundedOn))
          coded('Khu vực', 'row_sector_not_current', {
            sector: sector.shortVi,
            date: formatDate(row.foundedOn),
          });
      }
    }
    const groupIds: string[] = [];
    for (const written of row.groups ?? []) {
      const id = groupByKey.get(foldVietnamese(written));
      if (id) groupIds.push(id);
      else coded('Khối', 'row_unknown_group', { group: written, groups: groupNames });
    }
    row.groups = [...new Set(groupIds)];
  }
  const codes = [...inFile.keys()];
  const existing = new Map<string, { id: string; typeId: string; foundedOn: string; endedOn: string }>();
  const parentCodes = [...new Set(rows.map((r) => normalizeUnitCode(r.parentCode ?? '')).filter(Boolean))];
  for (let i = 0; i < codes.length + parentCodes.length; i += CHUNK) {
    const batch = [...codes, ...parentCodes].slice(i, i + CHUNK);
    const found = await exportStore.unitLivesByCode(db, batch);
    for (const f of found) existing.set(f.code, f);
  }
  for (const row of rows) {
    const coded = (column: string, code: OrgProblemCode, params: Record<string, string | number> = {}) =>
      problems.push(orgRowProblem(row.rowNumber, column, code, params));
    if (row.code && inFile.get(row.code) === row && existing.has(row.code))
      coded('Mã đơn vị', 'row_code_exists', { code: row.code });
    const parentCode = normalizeUnitCode(row.parentCode ?? '');
    if (!parentCode) continue;
    const parentInFile = inFile.get(parentCode);
    const parent = parentInFile
      ? { typeId: parentInFile.typeId, foundedOn: parentInFile.foundedOn, endedOn: OPEN_END }
      : existing.get(parentCode);
    if (!parent) {
      coded('Mã đơn vị cấp trên', 'row_unknown_parent', { code: parentCode });
      continue;
    }
    if (parentCode === row.code) {
      coded('Mã đơn vị cấp trên', 'row_own_parent');
      continue;
    }
    if (isIsoDate(row.foundedOn) && !(parent.foundedOn <= row.foundedOn && row.foundedOn < parent.endedOn)) {
      coded('Ngày thành lập', 'row_parent_inactive', { code: parentCode, date: formatDate(row.foundedOn) });
    } else if (
      isIsoDate(row.foundedOn) &&
      types.has(row.typeId) &&
      !placementAllowed(rules, parent.typeId, row.typeId, row.foundedOn)
    ) {
      coded('Loại đơn vị', 'row_type_not_allowed', {
        child: types.get(row.typeId)!.nameVi,
        parent: types.get(parent.typeId)?.nameVi ?? parent.typeId,
        date: formatDate(row.foundedOn),
      });
    }
  }
  return problems;
}

/** Orders rows so that every parent in the file comes before its children. */
function parentsFirst(rows: UnitImportRow[]): UnitImportRow[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const depth = new Map<string, number>();
  const depthOf = (row: UnitImportRow, seen: Set<string>): number => {
    const known = depth.get(row.code);
    if (known !== undefined) return known;
    const parentCode = normalizeUnitCode(row.parentCode ?? '');
    const parent = byCode.get(parentCode);
    const d = parent && !seen.has(parent.code) ? depthOf(parent, seen.add(row.code)) + 1 : 0;
    depth.set(row.code, d);
    return d;
  };
  for (const row of rows) depthOf(row, new Set());
  return [...rows].sort((a, b) => (depth.get(a.code) ?? 0) - (depth.get(b.code) ?? 0));
}

/**
 * Imports units in one transaction. `actor` null is the command line acting as the system. Throws `import_failed`
 * with every problem when any row is bad; nothing is written then.
 */
export async function importUnits(
  db: Database,
  actor: Actor | null,
  rows: UnitImportRow[],
  options: {
    decisionNo?: string | undefined;
    /** The event's note; null for none (a founding recorded as history, not as "imported from a file"). */
    note?: string | null | undefined;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<ImportResult> {
  if (rows.length === 0) throw new AppError('import_bad_file', { reason: 'tệp không có dòng dữ liệu nào' });
  const problems = await validateUnitRows(db, rows);
  if (problems.length)
    throw new AppError(
      'import_failed',
      { count: formatNumber(new Set(problems.map((p) => p.field.split(':')[0])).size) },
      problems,
    );
  const inFile = new Set(rows.map((r) => r.code));
  const outsideParents = [
    ...new Set(rows.map((r) => normalizeUnitCode(r.parentCode ?? '')).filter((c) => c && !inFile.has(c))),
  ];
  if (actor) {
    if (rows.some((r) => !normalizeText(r.parentCode ?? ''))) requireSystemAdmin(actor);
    for (const code of outsideParents) {
      const parent = await unitStore.findUnitByCode(db, code);
      if (parent) await requireUnit(db, actor, 'org.write', parent.id);
    }
  }
  const ordered = parentsFirst(rows);
  return db.transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const code of outsideParents) {
      const parent = await unitStore.findUnitByCode(tx, code);
      if (parent) ids.set(code, parent.id);
    }
    let done = 0;
    for (let i = 0; i < ordered.length; i += CHUNK) {
      const chunk = ordered.slice(i, i + CHUNK);
      const created = await unitStore.insertUnitsBulk(
        tx,
        chunk.map((r) => {
          const shortName = normalizeText(r.shortName ?? '') || r.name;
          return {
            code: r.code,
            name: r.name,
            shortName,
            searchText: foldVietnamese(`${r.name} ${shortName} ${r.code}`),
            typeId: r.typeId,
            sector: r.sector || null,
            province: r.province ? normalizeText(r.province) : null,
            commune: r.commune ? normalizeText(r.commune) : null,
            address: r.address ? normalizeText(r.address) : null,
            foundingDecisionNo: r.foundingDecisionNo || options.decisionNo || null,
            foundedOn: r.foundedOn,
          };
        }),
      );
      for (const u of created) ids.set(u.code, u.id);
      await parentStore.insertParentLinks(
        tx,
        chunk
          .filter((r) => normalizeText(r.parentCode ?? ''))
          .map((r) => ({
            unitId: ids.get(r.code)!,
            parentId: ids.get(normalizeUnitCode(r.parentCode!))!,
            validFrom: r.foundedOn,
          })),
      );
      done += chunk.length;
      options.onProgress?.(done, ordered.length);
    }
    const newIds = ordered.map((r) => ids.get(r.code)!);
    await unitTypeStore.addUnitsToGroups(
      tx,
      ordered.flatMap((r) => (r.groups ?? []).map((groupId) => ({ groupId, unitId: ids.get(r.code)! }))),
    );
    await parentStore.rebuildClosure(tx, newIds);
    await unitStore.makeFederationsOwnThemselves(tx, newIds);
    const firstDate = ordered.map((r) => r.foundedOn).sort()[0]!;
    const eventId = await eventStore.insertEvent(
      tx,
      {
        kind: 'found',
        decisionNo: options.decisionNo ?? null,
        effectiveOn: firstDate,
        note: options.note === undefined ? `Nhập ${rows.length} đơn vị từ tệp` : options.note,
        details: { imported: rows.length },
        recordedBy: actor?.userId ?? null,
      },
      newIds.map((unitId) => ({ unitId, role: 'subject' })),
    );
    await recordAudit(tx, actor, {
      action: 'unit.import',
      entity: 'unit',
      entityId: String(eventId),
      unitId: ids.get(normalizeUnitCode(ordered[0]!.parentCode ?? '')) ?? newIds[0] ?? null,
      after: { count: rows.length, codes: ordered.slice(0, 50).map((r) => r.code) },
    });
    return { created: rows.length, eventId };
  });
}
