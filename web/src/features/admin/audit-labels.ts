/**
 * The audit log in the reader's words: every action by name (AUDIT_ACTIONS is exhaustive: a new action without
 * `auditAction.<action>` in the catalogs does not compile), every field the records use by name, ids by the names
 * the server sends beside the rows.
 */
import type { AuditAction } from '../../app/contract';
import { AUDIT_ACTIONS } from '../../app/contract';
import type { MessageKey, Translate } from '../../app/i18n';

export { AUDIT_ACTIONS };

const isAuditAction = (value: string): value is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(value);

/** The catalog key of each action's label. */
export function auditActionKey(action: AuditAction): MessageKey {
  return `auditAction.${action}`;
}

export function auditActionLabel(action: string, t: Translate): string {
  return isAuditAction(action) ? t(auditActionKey(action)) : action;
}

/** The field's label when the catalogs know it. */
export function auditFieldKey(key: string, catalog: Record<string, string>): MessageKey | null {
  const messageKey = `auditField.${key}`;
  return messageKey in catalog ? (messageKey as MessageKey) : null;
}
