/** Thành lập đơn vị trực thuộc: POST /api/units under this unit. */
import { Form } from 'antd';
import { api } from '../../../app/api';
import { todayIso, toIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { EventMetaFields, EventModal, initialMeta, metaOf, type MetaValues } from './EventModal';
import { NewUnitFields, newUnitOf, useTypeOptions, type NewUnitValues } from './fields';
import type { ActionFormProps } from './types';

type Values = MetaValues & NewUnitValues;

export function FoundForm({ unit, open, onClose, at }: ActionFormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const effectiveOn = Form.useWatch('effectiveOn', form);
  const typeOptions = useTypeOptions(unit.typeId, toIso(effectiveOn) ?? at ?? todayIso());
  return (
    <EventModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      title={t('action.found.title', { unit: unit.name })}
      okText={t('action.found')}
      successMessage={t('action.found.done')}
      initialValues={{
        ...initialMeta(),
        typeId: typeOptions.length === 1 ? typeOptions[0]?.value : undefined,
      }}
      renameField={(field) => field.replace(/^found\.\d+\./, '')}
      submit={(values) => api.found({ ...metaOf(values), ...newUnitOf(values), parentId: unit.id })}
      testId="found-form"
    >
      <NewUnitFields typeOptions={typeOptions} date={toIso(effectiveOn) ?? at ?? todayIso()} />
      <EventMetaFields />
    </EventModal>
  );
}
