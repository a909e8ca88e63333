/**
 * The frame every restructuring form shares: validation, the server's problems beside their fields, a success
 * message, and a refresh of everything read from the tree.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, DatePicker, Form, Input, Modal } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { applyServerErrors } from '../../../app/forms';
import { DATE_FORMAT, toIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { useInvalidateUnits } from '../queries';

/** The decision fields every event carries, as the form holds them. */
export interface MetaValues {
  effectiveOn: Dayjs;
  decisionNo?: string;
  decisionDate?: Dayjs | null;
  note?: string;
}

export function metaOf(values: Partial<MetaValues>) {
  return {
    effectiveOn: toIso(values.effectiveOn) ?? '',
    decisionNo: values.decisionNo?.trim() || null,
    decisionDate: toIso(values.decisionDate) ?? null,
    note: values.note?.trim() || null,
  };
}

export function initialMeta(at?: string): Partial<MetaValues> {
  return { effectiveOn: at ? dayjs(at) : dayjs() };
}

export function EventMetaFields() {
  const { t } = useI18n();
  return (
    <>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name="effectiveOn"
          label={t('event.effectiveOn')}
          rules={[{ required: true, message: t('event.effectiveOn.required') }]}
          style={{ flex: '1 1 180px' }}
          tooltip={t('event.effectiveOn.hint')}
        >
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} data-testid="event-effective-date" />
        </Form.Item>
        <Form.Item name="decisionNo" label={t('event.decisionNo')} style={{ flex: '1 1 180px' }}>
          <Input
            placeholder={t('event.decisionNo.placeholder')}
            maxLength={60}
            data-testid="event-decision-no"
          />
        </Form.Item>
        <Form.Item name="decisionDate" label={t('event.decisionDate')} style={{ flex: '1 1 160px' }}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} data-testid="event-decision-date" />
        </Form.Item>
      </div>
      <Form.Item name="note" label={t('event.note')}>
        <Input.TextArea rows={2} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}

interface EventModalProps<V> {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  submit: (values: V) => Promise<unknown>;
  successMessage: string;
  okText?: string;
  danger?: boolean;
  width?: number;
  /** Maps a server problem's field to this form's field name (or null to show it above the form). */
  renameField?: (field: string) => string | null;
  children: ReactNode;
  testId?: string;
}

export function EventModal<V extends object>({
  open,
  onClose,
  title,
  form,
  initialValues,
  submit,
  successMessage,
  okText,
  danger,
  width = 640,
  renameField,
  children,
  testId,
}: EventModalProps<V>) {
  const { t, errorText } = useI18n();
  const { message } = AntApp.useApp();
  const invalidate = useInvalidateUnits();
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const onOk = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setErrors([]);
    try {
      await submit(values);
      form.resetFields();
      void message.success(successMessage);
      await invalidate();
      onClose();
    } catch (error) {
      const general = applyServerErrors(form, error, renameField);
      setErrors([errorText(error), ...general]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      width={width}
      destroyOnHidden
      mask={{ closable: false }}
      afterOpenChange={(visible) => {
        if (!visible) setErrors([]);
      }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={danger}
          loading={saving}
          onClick={() => void onOk()}
          data-testid="event-submit"
        >
          {okText ?? t('common.save')}
        </Button>,
      ]}
    >
      <div data-testid={testId}>
        {errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={errors[0]}
            description={errors.length > 1 ? errors.slice(1).map((e) => <div key={e}>{e}</div>) : undefined}
            data-testid="event-error"
          />
        )}
        <Form<V>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          preserve={false}
          scrollToFirstError
        >
          {children}
        </Form>
      </div>
    </Modal>
  );
}
