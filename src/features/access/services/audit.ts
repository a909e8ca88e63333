/** The audit log: every change writes its row in the same transaction; the list shows rows within the actor's scope. */
import type { Database } from '../../../platform/db';
import type { Actor } from '../model';
import * as store from '../store';
import { requireAnyGrant, requireUnit } from '../scope';

export interface AuditEntry {
  action: string;
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

export async function listAudit(
  db: Database,
  actor: Actor,
  query: { unitId?: string | undefined; action?: string | undefined; page: number; pageSize: number },
) {
  if (query.unitId) await requireUnit(db, actor, 'audit.read', query.unitId);
  const roots = requireAnyGrant(actor, 'audit.read');
  return store.listAudit(db, roots, query, {
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
}
