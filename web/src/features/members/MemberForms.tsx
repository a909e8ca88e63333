/**
 * What can be recorded on a member: a correction of the record, a transfer, leaving (with its reason), reinstatement
 * and death. Each is one call; the server checks it against the person's history and says why when it does not fit.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import {
  LEAVE_REASONS,
  type LeaveReason,
  type MemberDetail,
  type MemberEventResult,
} from '../../app/contract';
import { DATE_PLACEHOLDER, formatDate, todayIso, toIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { isEditConflict, membersApi } from './api';
import { FormModal } from './FormModal';
import { MemberUnitSelect, type UnitChoice } from './MemberUnitSelect';
import { PersonFields, personOf, valuesOf, type PersonValues } from './PersonFields';
import { useInvalidateMembers } from './queries';
import { DateInput } from '../../app/DateInput';

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
          dependencies={['fromUnitId']}
          rules={[
            { required: true, message: t('event.effectiveOn.required') },
            // An event that ends a stay falls after the stay began (model.deriveStays): said here, before any
            // confirmation, rather than by the server after it.
            ({ getFieldValue }) => ({
              validator(_, value: Dayjs | null | undefined) {
                const from = getFieldValue('fromUnitId') as string | undefined;
                const stay = from
                  ? stays.find((s) => s.unitId === from)
                  : stays.length === 1
                    ? stays[0]
                    : undefined;
                const on = value ? toIso(value) : null;
                if (!stay || !on || on > stay.validFrom) return Promise.resolve();
                return Promise.reject(
                  new Error(
                    t('member.event.afterStart', { unit: stay.unitName, date: formatDate(stay.validFrom) }),
                  ),
                );
              },
            }),
          ]}
          style={{ flex: '1 1 180px', minWidth: 0 }}
        >
          <DateInput
            placeholder={DATE_PLACEHOLDER}
            style={{ width: '100%' }}
            data-testid="member-event-date"
          />
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

/** The person's unit to record the event at, when they belong to two (see MetaFields). */
const fromUnit = (values: MetaValues) => (values.fromUnitId ? { fromUnitId: values.fromUnitId } : {});

type EventAction = Exclude<MemberAction, 'edit'>;

interface EventFormProps<E> extends FormProps {
  /** Names the texts (member.<action>.title, .help, .done) and the test id. */
  action: EventAction;
  danger?: boolean;
  /** Ask which stay the event ends when the person belongs to two units. */
  choosesStay?: boolean;
  initialValues?: Partial<E>;
  dateLabel?: string;
  send: (meta: ReturnType<typeof metaOf>, values: MetaValues & E) => Promise<MemberEventResult>;
  /** The event's own fields, above the decision's. */
  children?: ReactNode;
  /** After the event is saved, before the registry is read again. */
  onDone?: (values: MetaValues & E) => void;
  /** Asked before sending; false sends nothing (FormModal). */
  confirm?: (values: MetaValues & E) => Promise<boolean>;
}

/** One membership event: its help, its own fields, the decision's fields, sent in one call. */
function MemberEventForm<E extends object>({
  detail,
  open,
  onClose,
  action,
  danger,
  choosesStay,
  initialValues,
  dateLabel,
  send,
  children,
  onDone,
  confirm,
}: EventFormProps<E>) {
  const { t } = useI18n();
  const [form] = Form.useForm<MetaValues & E>();
  const sent = useRef<(MetaValues & E) | null>(null);
  return (
    <FormModal<MetaValues & E, MemberEventResult>
      open={open}
      onClose={onClose}
      form={form}
      danger={danger}
      title={t(`member.${action}.title`, { name: detail.member.fullName })}
      initialValues={{ effectiveOn: dayjs(), ...initialValues } as Partial<MetaValues & E>}
      testId={`member-${action}-form`}
      submit={(v) => {
        sent.current = v;
        return send(metaOf(v), v);
      }}
      confirm={confirm}
      successMessage={() => t(`member.${action}.done`)}
      onDone={() => sent.current && onDone?.(sent.current)}
    >
      <Typography.Paragraph type="secondary">{t(`member.${action}.help`)}</Typography.Paragraph>
      {children}
      <MetaFields detail={choosesStay ? detail : { ...detail, memberships: [] }} dateLabel={dateLabel} />
    </FormModal>
  );
}

/** The unit the person moves to (transfer) or comes back to (reinstate). */
function ToUnitField({
  action,
  initial,
  testId,
  onPickUnit,
}: {
  action: 'transfer' | 'reinstate';
  initial?: UnitChoice[];
  testId?: string;
  onPickUnit?: (unit: UnitChoice) => void;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="toUnitId"
      label={t(`member.${action}.to`)}
      rules={[{ required: true, message: t(`member.${action}.to.required`) }]}
    >
      <MemberUnitSelect
        at={todayIso()}
        memberUnitsOnly
        anywhere={action === 'transfer'}
        // Enter does not take the first hit: the receiving unit is one the officer picked.
        defaultActiveFirstOption={action !== 'transfer'}
        initial={initial}
        testId={testId}
        onPickUnit={onPickUnit}
      />
    </Form.Item>
  );
}

/** Where a transferred person went: the member list shows it, as the record now belongs to that unit. */
export interface TransferredNote {
  name: string;
  unitName: string;
  on: string;
}

export function TransferForm(props: FormProps) {
  const { unitId, detail } = props;
  const { t } = useI18n();
  const { modal } = AntApp.useApp();
  const navigate = useNavigate();
  const destination = useRef<UnitChoice | null>(null);
  // Before anything is sent, the officer reads where the person goes (the unit and those above it) and from when.
  const confirm = (values: MetaValues & { toUnitId: string }) => {
    const unit = destination.current?.id === values.toUnitId ? destination.current : null;
    // The unit above it, after those above that: "Đam Rông" alone could be in any province.
    const parent = unit?.path?.length ? unit.path.join(' › ') : undefined;
    return new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('member.transfer.confirm.title', { name: detail.member.fullName }),
        content: (
          <div data-testid="member-transfer-confirm">
            <div>{t('member.transfer.confirm.to', { unit: unit?.name ?? '' })}</div>
            {parent && <div>{t('member.transfer.confirm.parent', { parent })}</div>}
            <div>{t('member.transfer.confirm.on', { date: formatDate(toIso(values.effectiveOn)) })}</div>
          </div>
        ),
        okText: t('member.transfer.confirm.ok'),
        cancelText: t('common.cancel'),
        okButtonProps: { 'data-testid': 'member-transfer-confirm-ok' },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  };
  return (
    <MemberEventForm<{ toUnitId: string }>
      {...props}
      action="transfer"
      confirm={confirm}
      choosesStay
      onDone={(values) => {
        const transferred: TransferredNote = {
          name: detail.member.fullName,
          unitName: destination.current?.id === values.toUnitId ? destination.current.name : '',
          on: toIso(values.effectiveOn) ?? todayIso(),
        };
        // The record now belongs to the receiving unit: back to the list, which says where the person went.
        void navigate('/members', { state: { transferred } });
      }}
      send={(meta, v) =>
        membersApi.transfer(unitId, detail.member.id, { ...meta, toUnitId: v.toUnitId, ...fromUnit(v) })
      }
    >
      <ToUnitField
        action="transfer"
        testId="member-transfer-to"
        onPickUnit={(unit) => (destination.current = unit)}
      />
    </MemberEventForm>
  );
}

export function LeaveForm(props: FormProps) {
  const { t } = useI18n();
  const labels = useLabels();
  const { unitId, detail } = props;
  return (
    <MemberEventForm<{ reason: LeaveReason }>
      {...props}
      action="leave"
      danger
      choosesStay
      send={(meta, v) =>
        membersApi.leave(unitId, detail.member.id, { ...meta, reason: v.reason, ...fromUnit(v) })
      }
    >
      <Form.Item
        name="reason"
        label={t('member.leave.reason')}
        rules={[{ required: true, message: t('member.leave.reason.required') }]}
      >
        <Select options={LEAVE_REASONS.map((r) => ({ value: r, label: labels.leaveReason(r) }))} />
      </Form.Item>
    </MemberEventForm>
  );
}

export function ReinstateForm(props: FormProps) {
  const { unitId, detail } = props;
  const last = detail.memberships.find((m) => m.unitId === detail.currentUnitId);
  return (
    <MemberEventForm<{ toUnitId: string }>
      {...props}
      action="reinstate"
      initialValues={{ toUnitId: last?.unitId }}
      send={(meta, v) => membersApi.reinstate(unitId, detail.member.id, { ...meta, toUnitId: v.toUnitId })}
    >
      <ToUnitField action="reinstate" initial={last ? [{ id: last.unitId, name: last.unitName }] : []} />
    </MemberEventForm>
  );
}

export function DeathForm(props: FormProps) {
  const { t } = useI18n();
  const { unitId, detail } = props;
  return (
    <MemberEventForm
      {...props}
      action="death"
      danger
      dateLabel={t('member.death.date')}
      send={(meta) => membersApi.death(unitId, detail.member.id, meta)}
    />
  );
}

/**
 * Corrects the record: only the fields that changed are sent, with the version of the record they were made on; CCCD
 * and phone only by those who may see them. When someone saved the record meanwhile (409), the record is loaded
 * again: the fields this person did not touch show the new values, theirs are kept, and the server's message asks
 * them to check and save again.
 */
export function EditMemberForm({ unitId, detail, open, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<PersonValues>();
  const invalidate = useInvalidateMembers();
  const { member, personalDataShown } = detail;
  const before = personOf(valuesOf(member) as PersonValues);
  /** The version a refused save was made on, until the record loaded again arrives. */
  const refusedOn = useRef<number | null>(null);
  useEffect(() => {
    if (!open || refusedOn.current === null || refusedOn.current === member.version) return;
    refusedOn.current = null;
    const fresh = valuesOf(member);
    const untouched = (Object.keys(fresh) as (keyof PersonValues)[]).filter(
      (name) => !form.isFieldTouched(name),
    );
    form.setFieldsValue(Object.fromEntries(untouched.map((name) => [name, fresh[name]])));
  }, [open, member, form]);
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
        try {
          return await membersApi.update(unitId, member.id, { ...patch, version: member.version });
        } catch (error) {
          if (isEditConflict(error)) {
            refusedOn.current = member.version;
            await invalidate();
          }
          throw error;
        }
      }}
      successMessage={() => t('member.edit.done')}
      nothingMessage={t('member.edit.nothing')}
    >
      {!personalDataShown && (
        <Typography.Paragraph type="secondary">{t('person.cccd.hidden')}</Typography.Paragraph>
      )}
      <PersonFields personalData={personalDataShown} testId="member-edit-person" />
    </FormModal>
  );
}
