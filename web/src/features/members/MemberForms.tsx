/**
 * What can be recorded on a member: a correction of the record, a transfer, leaving (with its reason), reinstatement
 * and death. Each is one call; the server checks it against the person's history and says why when it does not fit.
 */
import { DatePicker, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { LEAVE_REASONS, type LeaveReason, type MemberDetail } from '../../app/contract';
import { DATE_FORMAT, todayIso, toIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { membersApi } from './api';
import { FormModal } from './FormModal';
import { MemberUnitSelect } from './MemberUnitSelect';
import { PersonFields, personOf, valuesOf, type PersonValues } from './PersonFields';

export type MemberAction = 'edit' | 'transfer' | 'leave' | 'reinstate' | 'death';

interface FormProps {
  unitId: string;
  detail: MemberDetail;
  open: boolean;
  onClose: () => void;
}

interface MetaValues {
  effectiveOn: Dayjs;
  decisionNo?: string;
  note?: string;
  fromUnitId?: string;
}

function metaOf(values: MetaValues) {
  return {
    effectiveOn: toIso(values.effectiveOn) ?? '',
    decisionNo: values.decisionNo?.trim() || null,
    note: values.note?.trim() || null,
  };
}

/** The stays open today; a choice is needed only when the person belongs to two units. */
function openStays(detail: MemberDetail) {
  const today = todayIso();
  return detail.memberships.filter((m) => m.validFrom <= today && today < m.validTo);
}

function MetaFields({ detail, dateLabel }: { detail: MemberDetail; dateLabel?: string }) {
  const { t } = useI18n();
  const stays = openStays(detail);
  return (
    <>
      {stays.length > 1 && (
        <Form.Item
          name="fromUnitId"
          label={t('member.event.fromUnit')}
          tooltip={t('member.event.fromUnit.hint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={stays.map((s) => ({ value: s.unitId, label: s.unitName }))} />
        </Form.Item>
      )}
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name="effectiveOn"
          label={dateLabel ?? t('event.effectiveOn')}
          rules={[{ required: true, message: t('event.effectiveOn.required') }]}
          style={{ flex: '1 1 180px', minWidth: 0 }}
        >
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} data-testid="member-event-date" />
        </Form.Item>
        <Form.Item name="decisionNo" label={t('event.decisionNo')} style={{ flex: '1 1 180px', minWidth: 0 }}>
          <Input maxLength={60} placeholder={t('event.decisionNo.placeholder')} />
        </Form.Item>
      </div>
      <Form.Item name="note" label={t('event.note')}>
        <Input.TextArea rows={2} maxLength={1000} showCount />
      </Form.Item>
    </>
  );
}

const today = () => ({ effectiveOn: dayjs() });

export function TransferForm({ unitId, detail, open, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<MetaValues & { toUnitId: string }>();
  const { member } = detail;
  return (
    <FormModal
      open={open}
      onClose={onClose}
      form={form}
      title={t('member.transfer.title', { name: member.fullName })}
      initialValues={today()}
      testId="member-transfer-form"
      submit={(v) =>
        membersApi.transfer(unitId, member.id, {
          ...metaOf(v),
          toUnitId: v.toUnitId,
          ...(v.fromUnitId ? { fromUnitId: v.fromUnitId } : {}),
        })
      }
      successMessage={() => t('member.transfer.done')}
    >
      <Typography.Paragraph type="secondary">{t('member.transfer.help')}</Typography.Paragraph>
      <Form.Item
        name="toUnitId"
        label={t('member.transfer.to')}
        rules={[{ required: true, message: t('member.transfer.to.required') }]}
      >
        <MemberUnitSelect at={todayIso()} memberUnitsOnly testId="member-transfer-to" />
      </Form.Item>
      <MetaFields detail={detail} />
    </FormModal>
  );
}

export function LeaveForm({ unitId, detail, open, onClose }: FormProps) {
  const { t } = useI18n();
  const labels = useLabels();
  const [form] = Form.useForm<MetaValues & { reason: LeaveReason }>();
  const { member } = detail;
  return (
    <FormModal
      open={open}
      onClose={onClose}
      form={form}
      danger
      title={t('member.leave.title', { name: member.fullName })}
      initialValues={today()}
      testId="member-leave-form"
      submit={(v) =>
        membersApi.leave(unitId, member.id, {
          ...metaOf(v),
          reason: v.reason,
          ...(v.fromUnitId ? { fromUnitId: v.fromUnitId } : {}),
        })
      }
      successMessage={() => t('member.leave.done')}
    >
      <Typography.Paragraph type="secondary">{t('member.leave.help')}</Typography.Paragraph>
      <Form.Item
        name="reason"
        label={t('member.leave.reason')}
        rules={[{ required: true, message: t('member.leave.reason.required') }]}
      >
        <Select options={LEAVE_REASONS.map((r) => ({ value: r, label: labels.leaveReason(r) }))} />
      </Form.Item>
      <MetaFields detail={detail} />
    </FormModal>
  );
}

export function ReinstateForm({ unitId, detail, open, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<MetaValues & { toUnitId: string }>();
  const { member } = detail;
  const last = detail.memberships.find((m) => m.unitId === detail.currentUnitId);
  return (
    <FormModal
      open={open}
      onClose={onClose}
      form={form}
      title={t('member.reinstate.title', { name: member.fullName })}
      initialValues={{ ...today(), toUnitId: last?.unitId }}
      testId="member-reinstate-form"
      submit={(v) => membersApi.reinstate(unitId, member.id, { ...metaOf(v), toUnitId: v.toUnitId })}
      successMessage={() => t('member.reinstate.done')}
    >
      <Typography.Paragraph type="secondary">{t('member.reinstate.help')}</Typography.Paragraph>
      <Form.Item
        name="toUnitId"
        label={t('member.reinstate.to')}
        rules={[{ required: true, message: t('member.reinstate.to.required') }]}
      >
        <MemberUnitSelect
          at={todayIso()}
          memberUnitsOnly
          initial={last ? [{ id: last.unitId, name: last.unitName }] : []}
        />
      </Form.Item>
      <MetaFields detail={{ ...detail, memberships: [] }} />
    </FormModal>
  );
}

export function DeathForm({ unitId, detail, open, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<MetaValues>();
  const { member } = detail;
  return (
    <FormModal
      open={open}
      onClose={onClose}
      form={form}
      danger
      title={t('member.death.title', { name: member.fullName })}
      initialValues={today()}
      testId="member-death-form"
      submit={(v) => membersApi.death(unitId, member.id, metaOf(v))}
      successMessage={() => t('member.death.done')}
    >
      <Typography.Paragraph type="secondary">{t('member.death.help')}</Typography.Paragraph>
      <MetaFields detail={{ ...detail, memberships: [] }} dateLabel={t('member.death.date')} />
    </FormModal>
  );
}

/** Corrects the record: only the fields that changed are sent; CCCD and phone only by those who may see them. */
export function EditMemberForm({ unitId, detail, open, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<PersonValues>();
  const { member, personalDataShown } = detail;
  const before = personOf(valuesOf(member) as PersonValues);
  return (
    <FormModal
      open={open}
      onClose={onClose}
      form={form}
      width={820}
      title={t('member.edit.title', { name: member.fullName })}
      initialValues={valuesOf(member)}
      testId="member-edit-form"
      submit={async (values) => {
        const after = personOf({ ...valuesOf(member), ...values });
        const patch: Record<string, unknown> = {};
        for (const key of Object.keys(after) as (keyof typeof after)[]) {
          if (key === 'memberCode') continue;
          if ((key === 'cccd' || key === 'phone') && !personalDataShown) continue;
          if (after[key] !== before[key]) patch[key] = after[key];
        }
        if (Object.keys(patch).length === 0) return null;
        return membersApi.update(unitId, member.id, patch);
      }}
      successMessage={() => t('member.edit.done')}
      nothingMessage={t('member.edit.nothing')}
    >
      {!personalDataShown && (
        <Typography.Paragraph type="secondary">{t('person.cccd.hidden')}</Typography.Paragraph>
      )}
      <PersonFields personalData={personalDataShown} />
    </FormModal>
  );
}
