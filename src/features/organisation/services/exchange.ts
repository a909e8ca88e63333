/**
 * Units in and out of files, as use-cases: the template, exporting a subtree as it stood on a date (audited), and
 * importing a file under a unit (every bad row reported, nothing written then).
 */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { formatDate, isIsoDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudit, requireSystemAdmin, requireUnit } from '../../access/service';
import * as exportStore from '../export-store';
import * as unitStore from '../unit-store';
import * as unitTypeStore from '../unit-type-store';
import { listSectors } from './manage-sectors';
import { importUnits, type ImportResult } from './import-units';
import {
  CSV_TYPE,
  parseUnitFile,
  writeUnitsCsv,
  writeUnitsXlsx,
  writeUnitTemplate,
  XLSX_TYPE,
} from './unit-file';

export * from './unit-file';

export type UnitFileFormat = 'xlsx' | 'csv';
/** A unit named by id (the web app) or by code (the command line). */
export type UnitSelector = { id: string } | { code: string };

export interface UnitFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  count: number;
}

async function findUnitBy(db: Database, selector: UnitSelector) {
  const unit =
    'id' in selector
      ? await unitStore.findUnit(db, selector.id)
      : await unitStore.findUnitByCode(db, selector.code.trim().toUpperCase());
  if (!unit) {
    throw new AppError('not_found', {
      what: 'id' in selector ? 'đơn vị' : `đơn vị có mã "${selector.code}"`,
    });
  }
  return unit;
}

/** The unit with this code; throws `not_found` naming the code. */
export async function requireUnitByCode(db: Database, code: string) {
  return findUnitBy(db, { code });
}

/** How many units the database holds, ended ones included (the command line loads the demo only into none). */
export async function countAllUnits(db: Database): Promise<number> {
  const types = await unitTypeStore.listUnitTypes(db);
  const counts = await Promise.all(types.map((t) => unitTypeStore.countUnitsOfType(db, t.id)));
  return counts.reduce((a, b) => a + b, 0);
}

/** The Excel template with the unit types and the sectors that apply today in its drop-downs. */
export async function unitTemplateFile(db: Database): Promise<UnitFile> {
  const types = await unitTypeStore.listUnitTypes(db);
  const sectors = await listSectors(db, todayIso());
  return {
    fileName: 'Mẫu nhập đơn vị.xlsx',
    contentType: XLSX_TYPE,
    body: await writeUnitTemplate(types, sectors),
    count: 0,
  };
}

const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\r\n]+/g, '-').trim();

/**
 * Exports a unit and everything under it as it stood on `at` (default today), or every unit when no unit is given
 * (the command line only). Parent codes outside the exported set are left empty, so the file imports again under
 * whichever unit is chosen then. `actor` null is the command line acting as the system.
 */
export async function exportUnitFile(
  db: Database,
  actor: Actor | null,
  input: { unit?: UnitSelector | undefined; at?: string | undefined; format: UnitFileFormat },
): Promise<UnitFile> {
  const at = input.at ?? todayIso();
  if (!isIsoDate(at)) {
    throw new AppError('validation_failed', {}, [{ field: 'at', message: `Ngày "${at}" không hợp lệ.` }]);
  }
  const unit = input.unit ? await findUnitBy(db, input.unit) : null;
  if (actor) {
    if (unit) await requireUnit(db, actor, 'org.read', unit.id, at);
    else requireSystemAdmin(actor);
  }
  if (unit && !(unit.foundedOn <= at && at < unit.endedOn)) {
    throw new AppError('unit_not_active', { unit: unit.name, date: formatDate(at) });
  }
  const exported = await exportStore.unitsForExport(db, unit ? [unit.id] : 'all', at);
  const codes = new Set(exported.map((u) => u.code));
  const units = exported.map((u) =>
    u.parentCode && codes.has(u.parentCode) ? u : { ...u, parentCode: null },
  );
  const names = {
    types: new Map((await unitTypeStore.listUnitTypes(db)).map((t) => [t.id, t.nameVi])),
    sectors: new Map((await listSectors(db)).map((s) => [s.id, s.shortVi])),
  };
  const body = input.format === 'csv' ? writeUnitsCsv(units, names) : await writeUnitsXlsx(units, names);
  await recordAudit(db, actor, {
    action: 'unit.export',
    entity: 'unit',
    entityId: unit?.id ?? null,
    unitId: unit?.id ?? null,
    federationId: unit?.federationId ?? null,
    after: { format: input.format, at, count: units.length },
  });
  const title = `Danh sách đơn vị - ${unit ? unit.shortName || unit.name : 'toàn hệ thống'} - ${formatDate(at).replace(/\//g, '-')}`;
  return {
    fileName: `${safeFileName(title)}.${input.format}`,
    contentType: input.format === 'csv' ? CSV_TYPE : XLSX_TYPE,
    body,
    count: units.length,
  };
}

/**
 * Imports the units of an Excel or CSV file. Rows whose parent code is empty go under `parent` (when given; without
 * it they become roots, which only the system may create). Every bad row is reported and nothing is written then.
 */
export async function importUnitFile(
  db: Database,
  actor: Actor | null,
  file: { buffer: Buffer; fileName: string },
  options: {
    parent?: UnitSelector | undefined;
    decisionNo?: string | undefined;
    onParsed?: (rows: number) => void;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<ImportResult> {
  const parent = options.parent ? await findUnitBy(db, options.parent) : null;
  if (parent && actor) await requireUnit(db, actor, 'org.write', parent.id);
  const rows = await parseUnitFile(file.buffer, file.fileName);
  options.onParsed?.(rows.length);
  if (parent) for (const row of rows) if (!row.parentCode?.trim()) row.parentCode = parent.code;
  try {
    return await importUnits(db, actor, rows, {
      decisionNo: options.decisionNo?.trim() || undefined,
      note: `Nhập ${rows.length} đơn vị từ tệp "${file.fileName}"`,
      onProgress: options.onProgress,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'import_failed') throw error;
    // People fix a file from top to bottom: list the problems in row order.
    const rowOf = (field: string) => Number(/^Dòng (\d+)/.exec(field)?.[1] ?? 0);
    const problems = [...error.problems].sort((a, b) => rowOf(a.field) - rowOf(b.field));
    throw new AppError(error.code, error.params, problems);
  }
}
