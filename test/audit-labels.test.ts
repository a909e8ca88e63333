/**
 * Every audit action has a label in both languages (AuditEntry.action takes only AUDIT_ACTIONS, so an action the
 * server writes is listed), and the fields the records carry are named in both.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src/features/access/audit-actions';
import { vi } from '../web/src/app/i18n/vi';
import { en } from '../web/src/app/i18n/en';
import {
  auditFieldKeysOf,
  hasShownAuditFields,
  shownAuditFields,
} from '../web/src/features/admin/audit-labels';

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

  it('uses the app’s own words for proposals and leaving', () => {
    expect(vi['auditAction.member_proposal.create']).toBe(vi['nav.proposals']);
    expect(vi['auditAction.member.leave']).toBe(vi['member.action.leave']);
    const proposalWords = Object.entries(vi).filter(
      ([key, text]) => key.startsWith('audit') && /đề xuất/i.test(text),
    );
    expect(proposalWords).toEqual([]);
  });
});

describe('audit records as the log shows them', () => {
  const keys = (record: Record<string, unknown>) => shownAuditFields(record).map(([key]) => key);

  it('shows a transfer’s units once each, by name, never the raw id field', () => {
    const transfer = {
      fromUnitId: '6a1c3c47-1111-4d7e-9c49-000000000001',
      fromUnit: 'CĐCS Trường THCS Phi Liêng',
      toUnitId: '6a1c3c47-1111-4d7e-9c49-000000000002',
      toUnit: 'CĐCS Trường Mầm non Phi Liêng',
      effectiveOn: '2026-12-07',
      decisionNo: null,
      note: undefined,
    };
    expect(keys(transfer)).toEqual(['fromUnit', 'toUnit', 'effectiveOn']);
    // An older row with the id alone still names the unit, under a label.
    expect(keys({ fromUnitId: transfer.fromUnitId })).toEqual(['fromUnitId']);
  });

  it('shows a leave’s reason once and a rename without its internal event number', () => {
    expect(keys({ unit: 'X', reason: 'resigned', reasonLabel: 'Xin thôi sinh hoạt', note: null })).toEqual([
      'unit',
      'reason',
    ]);
    expect(keys({ kind: 'rename', name: 'Mới', eventId: 21, decisionNo: '45/QĐ' })).toEqual([
      'kind',
      'name',
      'decisionNo',
    ]);
  });

  it('says nothing of what is empty: an export without filters, a view with no change', () => {
    expect(keys({ rows: 36, format: 'xlsx', filters: {}, at: '2026-12-07' })).toEqual([
      'rows',
      'format',
      'at',
    ]);
    expect(keys({ filters: { gender: undefined, q: '' } })).toEqual([]);
    expect(hasShownAuditFields(null)).toBe(false);
    expect(hasShownAuditFields({ filters: {} })).toBe(false);
    expect(hasShownAuditFields({ rows: 0 })).toBe(true);
  });

  it('lists the fields inside records and lists, which need labels too', () => {
    expect(
      auditFieldKeysOf({
        grants: [{ role: 'unit_admin', unitId: 'u' }],
        filters: { gender: 'female' },
      }).sort(),
    ).toEqual(['filters', 'gender', 'grants', 'role', 'unitId']);
  });
});
