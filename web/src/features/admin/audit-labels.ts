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

/**
 * Fields a record carries for the machine, never shown: internal numbers (the restructuring event's id, a name's sort
 * key) and a second
 * wording of a value the reader already sees labelled (a leave's `reasonLabel` beside its `reason`).
 */
export const HIDDEN_AUDIT_FIELDS: ReadonlySet<string> = new Set(['eventId', 'reasonLabel', 'sortKey']);

/** An id field and the field carrying the same thing by name: with both in a record, only the name is shown. */
const NAMED_TWINS: Record<string, string> = {
  fromUnitId: 'fromUnit',
  toUnitId: 'toUnit',
  parentId: 'parentName',
  approvingUnitId: 'approvingUnit',
  unitId: 'unit',
};

/** Nothing to say: no value, an empty text or list, or a record whose fields are all empty. */
export function isEmptyAuditValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmptyAuditValue);
  return false;
}

/**
 * The fields of a before/after record as the log shows them, in their order: no machine-only field, no id beside
 * its own name, nothing empty (an export without filters says nothing about filters).
 */
export function shownAuditFields(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).filter(
    ([key, value]) =>
      !HIDDEN_AUDIT_FIELDS.has(key) &&
      !(NAMED_TWINS[key] !== undefined && !isEmptyAuditValue(record[NAMED_TWINS[key]])) &&
      !isEmptyAuditValue(value),
  );
}

/** Whether a before/after record has anything to show. */
export function hasShownAuditFields(value: unknown): boolean {
  if (isEmptyAuditValue(value)) return false;
  if (typeof value !== 'object' || Array.isArray(value)) return true;
  return shownAuditFields(value as Record<string, unknown>).length > 0;
}

/**
 * Every field key a record may show, at any depth (the fields of a grant in a list, of an export's filters): what
 * must have a label in both catalogs.
 */
export function auditFieldKeysOf(value: unknown): string[] {
  const keys = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) for (const item of v) visit(item);
    else if (v !== null && typeof v === 'object')
      for (const [key, inner] of shownAuditFields(v as Record<string, unknown>)) {
        keys.add(key);
        visit(inner);
      }
  };
  visit(value);
  return [...keys];
}

/** A field's label in the reader's language (a member's corrections name their fields the same way). */
export function auditFieldLabel(key: string, t: Translate, catalog: Record<string, string>): string | null {
  const messageKey = auditFieldKey(key, catalog);
  return messageKey ? t(messageKey) : null;
}
