/**
 * The frame every restructuring form shares: validation, the server's problems beside their fields, a success
 * message, and a refresh of everything read from the tree.
 */
import { App as AntApp, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { FormDialog, type FormDialogProps } from '../../../app/FormDialog';
import { toIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { useInvalidateUnits } from '../queries';
import { DateInput } from '../../../app/DateInput';

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
          <DateInput style={{ width: '100%' }} data-testid="event-effective-date" />
        </Form.Item>
        <Form.Item name="decisionNo" label={t('event.decisionNo')} style={{ flex: '1 1 180px' }}>
          <Input
            placeholder={t('event.decisionNo.placeholder')}
            maxLength={60}
            data-testid="event-decision-no"
          />
        </Form.Item>
        <Form.Item name="decisionDate" label={t('event.decisionDate')} style={{ flex: '1 1 160px' }}>
          <DateInput style={{ width: '100%' }} data-testid="event-decision-date" />
        </Form.Item>
      </div>
      <Form.Item name="note" label={t('event.note')}>
        <Input.TextArea rows={2} maxLength={2000} showCount />
      </Form.Item>
    </>
  );
}

/** The dialog's frame, less what this wrapper decides. */
type EventModalProps<V> = Omit<FormDialogProps<V>, 'save' | 'width' | 'submitTestId' | 'errorTestId'> & {
  submit: (values: V) => Promise<unknown>;
  successMessage: string;
  width?: number;
};

export function EventModal<V extends object>({
  submit,
  successMessage,
  onClose,
  form,
  width = 640,
  ...frame
}: EventModalProps<V>) {
  const { message } = AntApp.useApp();
  const invalidate = useInvalidateUnits();

  const save = async (values: V) => {
    await submit(values);
    form.resetFields();
    void message.success(successMessage);
    await invalidate();
    onClose();
  };

  return (
    <FormDialog<V>
      {...frame}
      form={form}
      onClose={onClose}
      width={width}
      save={save}
      submitTestId="event-submit"
      errorTestId="event-error"
    />
  );
}
