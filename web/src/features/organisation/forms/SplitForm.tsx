/** Chia tách: one or more new units founded beside this one; its sub-units assigned to them (POST /:id/split). */
import { Alert, Button, Card, Checkbox, Form, Select, Spin, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../../app/api';
import { todayIso, toIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { useChildren } from '../queries';
import { UnitTypeTag } from '../components';
import { EventMetaFields, EventModal, initialMeta, metaOf, type MetaValues } from './EventModal';
import { NewUnitFields, newUnitOf, useTypeOptions, type NewUnitValues } from './fields';
import type { ActionFormProps } from './types';

const KEEP = 'keep';

interface Values extends MetaValues {
  newUnits: NewUnitValues[];
  keepSource?: boolean;
  destinations?: Record<string, string>;
}

export function SplitForm({
  unit,
  open,
  onClose,
  at,
  parentTypeId,
}: ActionFormProps & { parentTypeId?: string | undefined }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const effectiveOn = toIso(Form.useWatch('effectiveOn', form)) ?? at ?? todayIso();
  const newUnits = Form.useWatch('newUnits', form) ?? [];
  const keepSource = Form.useWatch('keepSource', form) ?? false;
  const children = useChildren(open ? unit.id : undefined, effectiveOn);
  const typeOptions = useTypeOptions(parentTypeId, effectiveOn);
  const destinationOptions = [
    ...newUnits.map((u, i) => ({
      value: `new:${i}`,
      label: u?.name?.trim() || t('action.split.newUnitN', { n: i + 1 }),
    })),
    ...(keepSource ? [{ value: KEEP, label: t('action.split.keep') }] : []),
  ];

  const submit = (values: Values) => {
    const childMoves = (children.data?.units ?? []).flatMap((child) => {
      const dest = values.destinations?.[child.id];
      if (!dest || dest === KEEP) return [];
      return [{ unitId: child.id, newIndex: Number(dest.slice(4)) }];
    });
    return api.split(unit.id, {
      ...metaOf(values),
      newUnits: values.newUnits.map(newUnitOf),
      childMoves,
      keepSource: values.keepSource ?? false,
    });
  };

  return (
    <EventModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      width={820}
      title={t('action.split.title', { unit: unit.name })}
      okText={t('action.split')}
      successMessage={t('action.split.done')}
      danger
      initialValues={{
        ...initialMeta(),
        newUnits: [{ code: '', name: '', typeId: unit.typeId, sector: unit.sector }],
        keepSource: false,
      }}
      renameField={(field) => field.replace(/^found\./, 'newUnits.')}
      submit={submit}
      testId="split-form"
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('action.split.help')} />
      <Form.List name="newUnits">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                title={t('action.split.newUnitN', { n: index + 1 })}
                extra={
                  fields.length > 1 ? (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.remove')}
                    />
                  ) : null
                }
              >
                <NewUnitFields prefix={[field.name]} typeOptions={typeOptions} date={effectiveOn} compact />
              </Card>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ code: '', name: '', typeId: unit.typeId, sector: unit.sector })}
              style={{ marginBottom: 16 }}
            >
              {t('action.split.addUnit')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="keepSource" valuePropName="checked">
        <Checkbox>{t('action.split.keepSource')}</Checkbox>
      </Form.Item>
      <Typography.Title level={5}>
        {t('action.split.children', { count: children.data?.units.length ?? 0 })}
      </Typography.Title>
      {children.isLoading ? (
        <Spin />
      ) : (children.data?.units ?? []).length === 0 ? (
        <Typography.Paragraph type="secondary">{t('action.split.noChildren')}</Typography.Paragraph>
      ) : (
        (children.data?.units ?? []).map((child) => (
          <Form.Item
            key={child.id}
            name={['destinations', child.id]}
            label={
              <span>
                {child.name} <UnitTypeTag typeId={child.typeId} />
              </span>
            }
            rules={[{ required: !keepSource, message: t('action.split.destination.required') }]}
          >
            <Select options={destinationOptions} placeholder={t('action.split.destination')} />
          </Form.Item>
        ))
      )}
      <EventMetaFields />
    </EventModal>
  );
}
