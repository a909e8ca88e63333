/** Chuyển về đơn vị khác: POST /api/units/:id/move with the new parent chosen by search. */
import { Alert, Form } from 'antd';
import { api } from '../../../app/api';
import { todayIso, toIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { UnitSelect } from '../components';
import { EventMetaFields, EventModal, initialMeta, metaOf, type MetaValues } from './EventModal';
import type { ActionFormProps } from './types';

interface Values extends MetaValues {
  newParentId: string;
}

export function MoveForm({ unit, atDate, open, onClose, at }: ActionFormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const effectiveOn = Form.useWatch('effectiveOn', form);
  return (
    <EventModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      title={t('action.move.title', { unit: unit.name })}
      okText={t('action.move')}
      successMessage={t('action.move.done')}
      initialValues={initialMeta()}
      submit={(values) => api.move(unit.id, { ...metaOf(values), newParentId: values.newParentId })}
      testId="move-form"
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.move.help')} />
      <Form.Item
        name="newParentId"
        label={t('action.move.newParent')}
        rules={[{ required: true, message: t('action.move.newParent.required') }]}
      >
        <UnitSelect
          at={toIso(effectiveOn) ?? at ?? todayIso()}
          exclude={[unit.id, atDate?.parentId ?? '']}
          testId="move-new-parent"
        />
      </Form.Item>
      <EventMetaFields />
    </EventModal>
  );
}
