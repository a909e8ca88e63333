/** Đổi tên: POST /api/units/:id/rename. */
import { Form, Input } from 'antd';
import { api } from '../../../app/api';
import { useI18n } from '../../../app/i18n';
import { EventMetaFields, EventModal, initialMeta, metaOf, type MetaValues } from './EventModal';
import type { ActionFormProps } from './types';

interface Values extends MetaValues {
  name: string;
  shortName?: string;
}

export function RenameForm({ unit, open, onClose }: ActionFormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  return (
    <EventModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      title={t('action.rename.title', { unit: unit.name })}
      okText={t('action.rename')}
      successMessage={t('action.rename.done')}
      initialValues={{ ...initialMeta(), name: unit.name, shortName: unit.shortName }}
      submit={(values) =>
        api.rename(unit.id, {
          ...metaOf(values),
          name: values.name.trim(),
          shortName: values.shortName?.trim() || null,
        })
      }
      testId="rename-form"
    >
      <Form.Item
        name="name"
        label={t('unit.newName')}
        rules={[
          { required: true, message: t('unit.name.required') },
          { min: 3, message: t('unit.name.min') },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="shortName" label={t('unit.shortName')} tooltip={t('unit.shortName.hint')}>
        <Input maxLength={120} />
      </Form.Item>
      <EventMetaFields />
    </EventModal>
  );
}
