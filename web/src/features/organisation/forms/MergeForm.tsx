/** Sáp nhập: this unit is merged into a chosen unit (POST /api/units/merge); its sub-units follow. */
import { Alert, Form } from 'antd';
import { api } from '../../../app/api';
import { todayIso, toIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { UnitSelect } from '../components';
import { EventMetaFields, EventModal, initialMeta, metaOf, type MetaValues } from './EventModal';
import type { ActionFormProps } from './types';

interface Values extends MetaValues {
  targetId: string;
}

export function MergeForm({ unit, atDate, open, onClose, at }: ActionFormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const effectiveOn = Form.useWatch('effectiveOn', form);
  return (
    <EventModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      title={t('action.merge.title', { unit: unit.name })}
      okText={t('action.merge')}
      successMessage={t('action.merge.done')}
      danger
      initialValues={initialMeta()}
      renameField={(field) => (field === 'target' || field === 'targetId' ? 'targetId' : field)}
      submit={(values) => api.merge({ ...metaOf(values), sourceIds: [unit.id], targetId: values.targetId })}
      testId="merge-form"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('action.merge.help', { count: atDate?.childCount ?? 0 })}
      />
      <Form.Item
        name="targetId"
        label={t('action.merge.target')}
        rules={[{ required: true, message: t('action.merge.target.required') }]}
      >
        <UnitSelect at={toIso(effectiveOn) ?? at ?? todayIso()} exclude={[unit.id]} testId="merge-target" />
      </Form.Item>
      <EventMetaFields />
    </EventModal>
  );
}
