/**
 * Tests only: people and admissions built through the product's own services (propose, then approve as a system
 * administrator), so every member in a test has real events, stays and a real member code; users loaded as actors;
 * rows and workbooks in the member template's columns.
 */
import ExcelJS from 'exceljs';
import type { Database, DatabaseHandle } from '../../platform/db';
import { buildHttpApp, type App } from '../../platform/http';
import { makeUser, testConfig } from '../../../test/support/factories';
export { rejects } from '../../../test/support/errors';
import type { Actor, Role } from '../access/model';
import { registerAccessRoutes } from '../access/routes';
import { loadActor, scopeGuard } from '../access/service';
import { registerOrganisationRoutes } from '../organisation/routes';
import { registerMembersRoutes } from './routes';
import { decideProposals, proposeMembers, type ProposalInput } from './service';
import {
  MEMBERS_SHEET,
  memberTemplateColumns,
  memberTemplateFields,
  type MemberFileField,
} from './services/member-file';

let counter = 0;
const seed = Math.floor(Math.random() * 1_000_000);

/** A valid person: the CCCD matches the gender and year of birth (province of birth registration 068, Lâm Đồng). */
export function personFixture(overrides: Partial<ProposalInput> = {}): ProposalInput {
  counter += 1;
  const birthDate = overrides.birthDate ?? '1990-05-17';
  const gender = overrides.gender ?? 'female';
  const year = Number(birthDate.slice(0, 4));
  const centuryDigit = (year >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
  const serial = String((seed + counter * 7919) % 1_000_000).padStart(6, '0');
  return {
    fullName: `Nguyễn Thị Mẫu ${String.fromCharCode(65 + (counter % 26))}`,
    birthDate,
    gender,
    ethnicityCode: '01',
    cccd: `068${centuryDigit}${String(year).slice(2)}${serial}`,
    phone: null,
    joinedOn: '2015-03-01',
    ...overrides,
  };
}

/** Proposes one person at `unitId` on `proposedOn` and approves it at the unit that holds the power. */
export async function admitMember(
  db: Database,
  admin: Actor,
  unitId: string,
  person: ProposalInput,
  proposedOn?: string,
): Promise<{ memberId: string; code: string; approvingUnitId: string }> {
  const proposal = await proposeMembers(db, admin, unitId, { proposedOn, people: [person] });
  const decided = await decideProposals(db, admin, proposal.approvingUnit.id, [
    { proposalId: proposal.proposals[0]!.id, decision: 'approve' },
  ]);
  const approved = decided.approved[0]!;
  return { memberId: approved.memberId, code: approved.code, approvingUnitId: proposal.approvingUnit.id };
}

/**
 * An HTTP app with the access, organisation and member routes, built like server.createApp (which registers the
 * member routes once src/server.ts does).
 */
export async function membersTestApp(db: Database): Promise<App> {
  const ctx = { db, config: testConfig() };
  const app = await buildHttpApp(ctx, scopeGuard(db), { logger: false });
  registerAccessRoutes(app, ctx);
  registerOrganisationRoutes(app, ctx);
  registerMembersRoutes(app, ctx);
  await app.ready();
  return app;
}

/** A new user holding `role` at `unitId`, as the services see them. */
export async function actorWith(handle: DatabaseHandle, role: Role, unitId: string): Promise<Actor> {
  return (await loadActor(handle.db, (await makeUser(handle, [{ role, unitId }])).id))!;
}

/** A new system administrator, as the services see them. */
export async function systemAdmin(handle: DatabaseHandle): Promise<Actor> {
  return (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
}

/** Cells of a row in the member template, by field. */
export type TemplateCells = Partial<Record<MemberFileField, string>>;

const EVERY_ROW: TemplateCells = { ethnicityCode: 'Kinh', partyMember: 'Không' };

/**
 * One row in the template's column order, as people type it: each cell from `cells`, else from `defaults`, else
 * "Kinh" (ethnicity) and "Không" (not a party member), else empty.
 */
export function templateRow(cells: TemplateCells, defaults: TemplateCells = {}): string[] {
  return memberTemplateFields.map((field) => cells[field] ?? defaults[field] ?? EVERY_ROW[field] ?? '');
}

/** An .xlsx file with one sheet "Đoàn viên": the header (the template's unless given), then the rows. */
export async function membersXlsx(
  rows: readonly (string | number | Date | null)[][],
  header: readonly string[] = memberTemplateColumns,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(MEMBERS_SHEET);
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
