/**
 * Every audit action has a label in both languages (AuditEntry.action takes only AUDIT_ACTIONS, so an action the
 * server writes is listed), and the fields the records carry are named in both.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/features/access/audit-actions';
import { vi } from '../web/src/app/i18n/vi';
import { en } from '../web/src/app/i18n/en';

const catalogs = { vi: vi as Record<string, string>, en: en as Record<string, string> };

/** Fields the audit records of users, units and members carry (services' before/after). */
const RECORD_FIELDS = [
  'name',
  'shortName',
  'code',
  'typeId',
  'parentId',
  'parentName',
  'effectiveOn',
  'endedOn',
  'decisionNo',
  'kind',
  'fullName',
  'username',
  'grants',
  'role',
  'unitId',
  'userId',
  'birthDate',
  'gender',
  'cccd',
  'phone',
  'joinedOn',
  'approvingUnitId',
  'proposedOn',
  'status',
  'reason',
  'note',
  'unit',
  'fromUnit',
  'toUnit',
  'count',
  'memberIds',
  'filters',
  'printedFrom',
];

describe('audit labels', () => {
  it('names every action in Vietnamese and English, differently', () => {
    for (const [lang, catalog] of Object.entries(catalogs)) {
      const missing = AUDIT_ACTIONS.filter((a) => !catalog[`auditAction.${a}`]);
      expect(missing, lang).toEqual([]);
    }
    const untranslated = AUDIT_ACTIONS.filter((a) => vi[`auditAction.${a}`] === en[`auditAction.${a}`]);
    expect(untranslated).toEqual([]);
  });

  it('names the fields the records carry', () => {
    for (const [lang, catalog] of Object.entries(catalogs)) {
      const missing = RECORD_FIELDS.filter((f) => !catalog[`auditField.${f}`]);
      expect(missing, lang).toEqual([]);
    }
  });
});
