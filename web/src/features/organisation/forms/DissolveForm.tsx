/** Giải thể: the unit ends on the effective date; each active sub-unit must be sent somewhere in the same act. */
import { useState } from 'react';
import { Alert, Form, Spin, Typography } from 'antd';
import { api } from '../../../app/api';
import { todayIso, toIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { useChildren } from '../queries';
import { UnitSelect, UnitTypeTag, type UnitOption } from '../components';
import { EventMetaFields, EventModal, initialMeta, metaOf, type MetaValues } from './EventModal';
import type { ActionFormProps } from './types';

interface Values extends MetaValues {
  all?: string;
  destinations?: Record<string, string>;
}

export function DissolveForm({ unit, open, onClose, at, parent }: ActionFormProps & { parent?: UnitOption }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const effectiveOn = toIso(Form.useWatch('effectiveOn', form)) ?? at ?? todayIso();
  const children = useChildren(open ? unit.id : undefined, effectiveOn);
  const units = children.data?.units ?? [];
  const [forAll, setForAll] = useState<UnitOption | undefined>(undefined);
  const initial = [...(parent ? [parent] : []), ...(forAll && forAll.id !== parent?.id ? [forAll] : [])];

  return (
    <EventModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      title={t('action.dissolve.title', { unit: unit.name })}
      okText={t('action.dissolve')}
      successMessage={t('action.dissolve.done')}
      danger
      width={720}
      initialValues={initialMeta()}
      submit={(values) =>
        api.dissolve(unit.id, {
          ...metaOf(values),
          childMoves: units.map((child) => ({
            unitId: child.id,
            newParentId: values.destinations?.[child.id] ?? '',
          })),
        })
      }
      testId="dissolve-form"
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('action.dissolve.help')} />
      <EventMetaFields />
      <Typography.Title level={5}>{t('action.dissolve.children', { count: units.length })}</Typography.Title>
      {children.isLoading ? (
        <Spin />
      ) : units.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('action.dissolve.noChildren')}</Typography.Paragraph>
      ) : (
        <>
          <Form.Item name="all" label={t('action.dissolve.all')} extra={t('action.dissolve.all.hint')}>
            <UnitSelect
              at={effectiveOn}
              initial={initial}
              exclude={[unit.id]}
              onChange={(id, chosen) => {
                setForAll(chosen);
                if (id)
                  form.setFieldsValue({ destinations: Object.fromEntries(units.map((c) => [c.id, id])) });
              }}
            />
          </Form.Item>
          {units.map((child) => (
            <Form.Item
              key={child.id}
              name={['destinations', child.id]}
              label={
                <span>
                  {child.name} <UnitTypeTag typeId={child.typeId} />
                </span>
              }
              rules={[{ required: true, message: t('action.dissolve.destination.required') }]}
            >
              <UnitSelect at={effectiveOn} initial={initial} exclude={[unit.id, child.id]} />
            </Form.Item>
          ))}
        </>
      )}
    </EventModal>
  );
}
