/** One member's record as the asker may see it (every view logged), and the export of a member's own data on request. */
import { formatDate, isIsoDate, OPEN_END, todayIso } from '../../../lib/dates';
import { type Database } from '../../../platform/db';
import { type SheetOfRows, workbookOf, XLSX_TYPE } from '../../../platform/spreadsheet';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { memberNotFound } from '../errors';
import {
  EVENT_LABELS,
  GENDER_LABELS,
  LEAVE_REASON_LABELS,
  MEMBER_STATUS_LABELS,
  statusOn,
  type Gender,
  type LeaveReason,
  type MembershipEventKind,
} from '../model';
import { ETHNICITY_NAMES } from '../reference-data';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import { holds, personView, requireMembers } from './common';
import { MEMBER_FIELD_LABELS, type MemberFileField } from './member-file';

/**
 * A corrected value as data: text as written (dates ISO, gender and ethnic group by code), party membership a
 * boolean; the web app says it in the reader's language.
 */
function correctionValue(value: unknown): string | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A corrected value as the member's own (Vietnamese) file writes it: dates dd/mm/yyyy, gender and yes/no in words. */
function vietnameseValue(field: string, value: string | boolean | null): string {
  if (value === null) return '(trống)';
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (field === 'gender') return GENDER_LABELS[value as Gender] ?? value;
  if (field === 'ethnicityCode') return ETHNICITY_NAMES.get(value) ?? value;
  return isIsoDate(value) ? formatDate(value) : value;
}

/** The record's corrections, each field named as the forms name it. */
async function corrections(db: Database, memberId: string) {
  return (await recordStore.correctionsOf(db, memberId)).map((c) => ({
    at: new Date(c.at).toISOString(),
    byName: c.actorName,
    changes: Object.keys(c.after ?? {})
      .filter((field) => field !== 'code')
      .map((field) => ({
        field,
        label: MEMBER_FIELD_LABELS[field as MemberFileField] ?? field,
        before: correctionValue(c.before?.[field]),
        after: correctionValue(c.after?.[field]),
      })),
  }));
}

export async function loadVisibleMember(
  db: Database,
  actor: Actor,
  unitId: string,
  memberId: string,
  today: string,
) {
  await requireMembers(db, actor, 'members.read', unitId, today);
  const member = await recordStore.findMember(db, memberId);
  if (!member || !(await stayStore.memberBelongsUnder(db, unitId, memberId, today))) throw memberNotFound();
  return member;
}

export function currentUnitOf(
  stays: readonly { unitId: string; validFrom: string; validTo: string }[],
  today: string,
) {
  const open = stays.filter((s) => s.validFrom <= today && today < s.validTo);
  const latest = [...(open.length ? open : stays)].sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
  return latest?.unitId ?? null;
}

async function record(db: Database, member: recordStore.MemberRow, showPersonalData: boolean, today: string) {
  const [stays, events, edits] = await Promise.all([
    stayStore.historyStays(db, member.id),
    stayStore.historyEvents(db, member.id),
    corrections(db, member.id),
  ]);
  const status = statusOn(stays, today);
  return {
    member: {
      id: member.id,
      code: member.code,
      /** What a correction sends back (updateMember): the record as this version was read. */
      version: member.version,
      ...personView(member, showPersonalData),
      gender: member.gender as Gender,
      status: status ?? 'left',
      statusLabel: MEMBER_STATUS_LABELS[status ?? 'left'],
    },
    personalDataShown: showPersonalData,
    memberships: stays,
    events: events.map((e) => ({
      ...e,
      label: EVENT_LABELS[e.kind as MembershipEventKind] ?? e.kind,
      reasonLabel: e.reason ? (LEAVE_REASON_LABELS[e.reason as LeaveReason] ?? e.reason) : null,
      recordedAt: new Date(e.recordedAt).toISOString(),
      proposal: e.proposal && {
        ...e.proposal,
        decidedAt: e.proposal.decidedAt && new Date(e.proposal.decidedAt).toISOString(),
      },
    })),
    corrections: edits,
    currentUnitId: currentUnitOf(stays, today),
  };
}

/** A member's full record as seen from `unitId`; every view is logged (member.view). */
export async function getMember(
  db: Database,
  actor: Actor,
  unitId: string,
  memberId: string,
  today = todayIso(),
) {
  const member = await loadVisibleMember(db, actor, unitId, memberId, today);
  const showPersonalData = await holds(db, actor, 'members.pii', unitId, today);
  const result = await record(db, member, showPersonalData, today);
  await recordAudit(db, actor, {
    action: 'member.view',
    entity: 'member',
    entityId: member.id,
    unitId: result.currentUnitId,
    federationId: member.federationId,
    after: { viewedFrom: unitId, personalDataShown: showPersonalData },
  });
  return result;
}

/** A moment as a person in Vietnam reads it: dd/mm/yyyy HH:mm, Vietnam time. */
function vietnamTime(at: Date): string {
  const v = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${formatDate(v.slice(0, 10))} ${v.slice(11, 16)}`;
}

const shownDate = (iso: string | null | undefined) => (iso ? formatDate(iso) : '');

/**
 * A member's own data, whole, as an .xlsx the member can read (right of access, Nghị định 13/2023/NĐ-CP, Điều 9 and
 * Điều 14): the personal data as label and value, the stays and events, the corrections when there are any. Needs
 * members.pii and is logged (member.export_self).
 */
export async function exportMember(
  db: Database,
  actor: Actor,
  unitId: string,
  memberId: string,
  today = todayIso(),
) {
  const member = await loadVisibleMember(db, actor, unitId, memberId, today);
  await requireMembers(db, actor, 'members.pii', unitId, today);
  const result = await record(db, member, true, today);
  const exportedAt = new Date();
  await recordAudit(db, actor, {
    action: 'member.export_self',
    entity: 'member',
    entityId: member.id,
    unitId: result.currentUnitId,
    federationId: member.federationId,
    after: { exportedFrom: unitId, exportedAt: exportedAt.toISOString() },
  });
  const m = result.member;
  const personal: [string, string][] = [
    ['Mã đoàn viên', m.code],
    ['Họ và tên', m.fullName],
    ['Ngày sinh', shownDate(m.birthDate)],
    ['Giới tính', GENDER_LABELS[m.gender] ?? m.gender],
    ['Dân tộc', m.ethnicityName],
    ['Tôn giáo', m.religion ?? ''],
    ['Số CCCD', m.cccd ?? ''],
    ['Số điện thoại', m.phone ?? ''],
    ['Thư điện tử', m.email ?? ''],
    ['Trình độ học vấn', m.education ?? ''],
    ['Nghề nghiệp', m.occupation ?? ''],
    ['Chức vụ công đoàn', m.unionPosition ?? ''],
    ['Đảng viên', m.partyMember ? 'Có' : 'Không'],
    ['Ngày vào công đoàn', shownDate(m.joinedOn)],
    ['Trạng thái', m.statusLabel],
    ['Ngày xuất', vietnamTime(exportedAt)],
    ['Người xuất', actor.fullName],
    [
      'Căn cứ',
      'Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân: quyền được biết và truy cập dữ liệu của mình.',
    ],
  ];
  const stays = result.memberships.map((s) => [
    'Sinh hoạt',
    s.unitName,
    shownDate(s.validFrom),
    s.validTo === OPEN_END ? '' : shownDate(s.validTo),
    '',
  ]);
  const events = result.events.map((e) => [
    e.label,
    e.relatedUnitName ? `${e.unitName} → ${e.relatedUnitName}` : e.unitName,
    shownDate(e.effectiveOn),
    '',
    [e.reasonLabel, e.decisionNo && `Quyết định ${e.decisionNo}`, e.note].filter(Boolean).join('; '),
  ]);
  const sheets: SheetOfRows[] = [
    { name: 'Thông tin cá nhân', widths: [24, 60], header: ['Thông tin', 'Giá trị'], rows: personal },
    {
      name: 'Quá trình sinh hoạt',
      widths: [22, 45, 14, 14, 40],
      header: ['Nội dung', 'Đơn vị', 'Từ ngày', 'Đến ngày', 'Ghi chú'],
      rows: [...stays, ...events],
    },
  ];
  if (result.corrections.length) {
    sheets.push({
      name: 'Sửa thông tin cá nhân',
      widths: [18, 24, 22, 30, 30],
      header: ['Thời điểm', 'Người sửa', 'Thông tin', 'Giá trị cũ', 'Giá trị mới'],
      rows: result.corrections.flatMap((c) =>
        c.changes.map((change) => [
          vietnamTime(new Date(c.at)),
          c.byName ?? '',
          change.label,
          vietnameseValue(change.field, change.before),
          vietnameseValue(change.field, change.after),
        ]),
      ),
    });
  }
  const buffer = await workbookOf(sheets, {
    creator: 'Công Đoàn Số',
    title: `Dữ liệu cá nhân của ${m.fullName}`,
  });
  return {
    fileName: `Dữ liệu cá nhân - ${m.fullName} - ${m.code}.xlsx`,
    contentType: XLSX_TYPE,
    buffer,
  };
}
