/** What the member use-cases share: permissions, units that can hold members, and how a person is shown. */
import type { Database } from '../../../platform/db';
import type { Actor, Permission } from '../../access/model';
import { holdsOver, requireUnit, type ScopedUnit } from '../../access/service';
import { cannotHoldMembers, unitNotActive, unitNotFound } from '../errors';
import { maskCccd, maskPhone, MEMBER_UNIT_MIN_LEVEL, type MemberPermission } from '../model';
import { ETHNICITY_NAMES } from '../reference-data';
import type { Person } from '../person';
import * as unitStore from '../unit-store';

/** The member permissions are access permissions (access/model.ts PERMISSIONS). */
export function permission(p: MemberPermission): Permission {
  return p;
}

/** Requires `p` over the unit as it stood on `date` (see access.requireUnit). */
export function requireMembers(
  db: Database,
  actor: Actor,
  p: MemberPermission,
  unitId: string,
  date?: string,
): Promise<ScopedUnit> {
  return requireUnit(db, actor, permission(p), unitId, date);
}

/** Whether the actor holds `p` over the unit (judged as requireMembers does), without throwing. */
export function holds(
  db: Database,
  actor: Actor,
  p: MemberPermission,
  unitId: string,
  date?: string,
): Promise<boolean> {
  return holdsOver(db, actor, permission(p), unitId, date);
}

/** The lock under which a federation's admissions are checked for duplicates and written (imports and proposals). */
export function admissionLockKey(federationId: string): string {
  return `member-admission:${federationId}`;
}

export function federationOf(unit: unitStore.UnitFacts): string {
  // A level-2 unit owns itself; a unit outside any federation (a national root) owns its own rows.
  return unit.federationId ?? unit.id;
}

export async function loadUnits(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, unitStore.UnitFacts>> {
  return new Map((await unitStore.unitFacts(db, ids)).map((u) => [u.id, u]));
}

/** A unit where members can stay on `date`: it exists, is alive, and is a CĐCS or a unit inside one. */
export async function requireMemberUnit(
  db: Database,
  unitId: string,
  date: string,
  field = 'unitId',
): Promise<unitStore.UnitFacts> {
  const [unit] = await unitStore.unitFacts(db, [unitId]);
  if (!unit) throw unitNotFound();
  if (!(unit.foundedOn <= date && date < unit.endedOn)) throw unitNotActive(unit.name, date);
  if (unit.level < MEMBER_UNIT_MIN_LEVEL) throw cannotHoldMembers(field, unit.name);
  return unit;
}

type PersonFields = Omit<Person, 'sortKey' | 'searchText' | 'gender' | 'joinedOn'> & {
  gender: string;
  /** A proposal may have none yet (the approval gives it). */
  joinedOn: string | null;
};

/** The person's fields for a reply: CCCD and phone masked unless the viewer holds members.pii. */
export function personView<T extends PersonFields>(
  row: T,
  showPersonalData: boolean,
): PersonViewOf<T['joinedOn']> {
  return {
    fullName: row.fullName,
    birthDate: row.birthDate,
    gender: row.gender,
    ethnicityCode: row.ethnicityCode,
    ethnicityName: ETHNICITY_NAMES.get(row.ethnicityCode) ?? row.ethnicityCode,
    religion: row.religion,
    cccd: showPersonalData ? row.cccd : maskCccd(row.cccd),
    phone: showPersonalData ? row.phone : maskPhone(row.phone),
    email: row.email,
    education: row.education,
    occupation: row.occupation,
    unionPosition: row.unionPosition,
    partyMember: row.partyMember,
    joinedOn: row.joinedOn,
  };
}

interface PersonViewOf<J extends string | null> {
  fullName: string;
  birthDate: string;
  gender: string;
  ethnicityCode: string;
  ethnicityName: string;
  religion: string | null;
  cccd: string | null;
  phone: string | null;
  email: string | null;
  education: string | null;
  occupation: string | null;
  unionPosition: string | null;
  partyMember: boolean;
  joinedOn: J;
}

/** What the audit log keeps of a person: enough to know who, never the whole identity number. */
export function auditPerson(person: PersonFields & { code?: string }) {
  return {
    ...(person.code ? { code: person.code } : {}),
    fullName: person.fullName,
    birthDate: person.birthDate,
    gender: person.gender,
    cccd: maskCccd(person.cccd),
    joinedOn: person.joinedOn,
  };
}
