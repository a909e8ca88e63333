/** The audit log: every change writes its row in the same transaction; the list shows rows within the actor's scope. */
import type { Database } from '../../../platform/db';
import type { Actor } from '../model';
import * as store from '../store';
import { requireAnyGrant, requireUnit } from '../scope';
import type { AuditAction } from '../audit-actions';

export interface AuditEntry {
  /** One of AUDIT_ACTIONS: a new action is listed there (and labelled in the web catalogs) first. */
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  unitId?: string | null;
  federationId?: string | null;
  before?: unknown;
  after?: unknown;
  /** The client's address when there is no actor to carry it (a failed login). */
  ip?: string | null | undefined;
}

/** The audit row of an entry: who did it (none for the system) and from which address. */
function auditRow(actor: Actor | null, entry: AuditEntry) {
  return {
    actorId: actor?.userId ?? null,
    actorName: actor?.fullName ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    unitId: entry.unitId ?? null,
    federationId: entry.federationId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: actor?.ip ?? entry.ip ?? null,
  };
}

export async function recordAudit(db: Database, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await store.insertAudit(db, auditRow(actor, entry));
}

/** Many audit records at once (a bulk restructuring writes one per unit). */
export async function recordAudits(db: Database, actor: Actor | null, entries: AuditEntry[]): Promise<void> {
  await store.insertAudits(
    db,
    entries.map((entry) => auditRow(actor, entry)),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id a row names (its unit, its subject, ids inside its before and after records), to be shown by name. */
function idsNamedBy(rows: readonly store.AuditRow[]): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      if (UUID.test(value)) ids.add(value.toLowerCase());
    } else if (Array.isArray(value)) {
      if (depth < 4) for (const v of value.slice(0, 200)) visit(v, depth + 1);
    } else if (value !== null && typeof value === 'object' && depth < 4) {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  for (const r of rows) {
    visit(r.unitId, 0);
    visit(r.entityId, 0);
    visit(r.actorId, 0);
    visit(r.before, 0);
    visit(r.after, 0);
  }
  return [...ids];
}

/**
 * One page of the audit rows the actor may read (those about units in its scope on the day of the action), filtered
 * by unit (with the units under it), action and person, with the names of the units, members and users they name.
 */
export async function listAudit(
  db: Database,
  actor: Actor,
  query: store.AuditFilter & { page: number; pageSize: number },
) {
  if (query.unitId) await requireUnit(db, actor, 'audit.read', query.unitId);
  const roots = requireAnyGrant(actor, 'audit.read');
  const { unitId, action, actor: person } = query;
  const page = await store.listAudit(
    db,
    roots,
    { unitId, action, actor: person },
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
  );
  const names = await store.namesOfIds(db, idsNamedBy(page.rows));
  return { ...page, names: Object.fromEntries(names) };
}
