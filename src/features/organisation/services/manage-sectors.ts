/**
 * Sectors (khu vực) as reference data with effective dates: the list every picker, file and count reads, the check
 * a unit's sector passes on the day it is set, and the administrator's edits.
 */
import type { Database } from '../../../platform/db';
import { dayBefore, formatDate, OPEN_END, todayIso } from '../../../lib/dates';
import { normalizeText } from '../../../lib/text';
import type { Actor } from '../../access/model';
import { recordAudit, requireSystemAdmin } from '../../access/service';
import { invalidOrgInput } from '../errors';
import { rangeCovers, sectorProblem } from '../model';
import { defaultSectors } from '../reference-data';
import * as sectorStore from '../sector-store';

export type Sector = sectorStore.SectorRow;

/** Loads the default sectors where they are missing (an edited sector keeps its edits). */
export async function ensureSectors(db: Database): Promise<void> {
  await sectorStore.insertSectors(
    db,
    defaultSectors.map((s, i) => ({
      ...s,
      validTo: s.validTo ?? OPEN_END,
      legalBasis: s.legalBasis ?? null,
      sortOrder: i,
    })),
  );
}

/** The sectors that apply on `at`, or every sector with its dates (ended ones still name past units). */
export async function listSectors(db: Database, at?: string): Promise<Sector[]> {
  const all = await sectorStore.listSectors(db);
  return at ? all.filter((s) => rangeCovers({ from: s.validFrom, to: s.validTo }, at)) : all;
}

/** Refuses (400 naming `field`) a sector that does not exist or does not apply on `date`. */
export async function requireSectorOn(
  db: Database,
  sectorId: string,
  date: string,
  field = 'sector',
): Promise<void> {
  const sectors = await sectorStore.listSectors(db);
  const problem = sectorProblem(sectors, sectorId, date);
  if (problem === 'unknown') throw invalidOrgInput(field, 'unknown_sector', { sector: sectorId });
  if (problem === 'not_current') {
    const name = sectors.find((s) => s.id === sectorId)?.nameVi ?? sectorId;
    throw invalidOrgInput(field, 'sector_not_current', { sector: name, date: formatDate(date) });
  }
}

/** The day a unit's attributes are judged on: today, or its last day when it has ended. */
export function attributeDate(endedOn: string, today = todayIso()): string {
  return endedOn <= today ? dayBefore(endedOn) : today;
}

export interface SectorInput {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  validFrom: string;
  validTo: string;
  legalBasis?: string | null | undefined;
}

/** Creates or edits a sector (names, dates, legal basis). System administrators only; audited. */
export async function saveSector(db: Database, actor: Actor, input: SectorInput): Promise<void> {
  requireSystemAdmin(actor);
  if (input.validTo <= input.validFrom) throw invalidOrgInput('validTo', 'sector_dates_reversed');
  await db.transaction(async (tx) => {
    const before = await sectorStore.findSector(tx, input.id);
    const row = {
      ...input,
      nameVi: normalizeText(input.nameVi),
      nameEn: normalizeText(input.nameEn),
      shortVi: normalizeText(input.shortVi),
      legalBasis: input.legalBasis ?? null,
      sortOrder: before?.sortOrder ?? (await sectorStore.nextSectorOrder(tx)),
    };
    await sectorStore.upsertSector(tx, row);
    await recordAudit(tx, actor, {
      action: before ? 'sector.update' : 'sector.create',
      entity: 'sector',
      entityId: input.id,
      before: before ?? null,
      after: row,
    });
  });
}
