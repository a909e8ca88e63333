/**
 * Loại đơn vị: the kinds of unit, their level, powers, validity and allowed parents, and below them the sectors
 * (SectorsCard). Everyone reads them; system administrators edit them (PUT /api/unit-types/:typeId).
 */
import { Button, Checkbox, Form, InputNumber, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../app/api';
import { POWERS, type Power, type UnitTypeView } from '../../app/contract';
import type { DataColumn } from '../../app/DataTable';
import { fromIso, OPEN_END, toIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels, useUnitTypes } from '../../app/labels';
import { SectorsCard } from './SectorsCard';
import { DateInput } from '../../app/DateInput';
import { DatedListEditor, openEnd, validity, type DatedValues } from './DatedListEditor';

interface TypeValues extends DatedValues {
  level: number;
  powers: Power[];
  parents: { parentTypeId: string; validFrom: Dayjs; validTo?: Dayjs | null }[];
}

/** The parent types a type may stand under, each for a time. */
function ParentFields({ form, types }: { form: FormInstance<TypeValues>; types: readonly UnitTypeView[] }) {
  const { t } = useI18n();
  const labels = useLabels();
  return (
    <>
      <Typography.Text strong>{t('types.parents')}</Typography.Text>
      <Form.List name="parents">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                <Form.Item
                  name={[field.name, 'parentTypeId']}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <Select
                    style={{ width: 260 }}
                    options={types.map((ty) => ({ value: ty.id, label: labels.typeName(ty.id) }))}
                    popupMatchSelectWidth={false}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'validFrom']}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <DateInput placeholder={t('types.validFrom')} />
                </Form.Item>
                <Form.Item name={[field.name, 'validTo']}>
                  <DateInput placeholder={t('types.validTo')} />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('common.remove')}
                />
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ validFrom: form.getFieldValue('validFrom') as Dayjs | undefined })}
            >
              {t('types.parents.add')}
            </Button>
          </div>
        )}
      </Form.List>
    </>
  );
}

export default function UnitTypesPage() {
  const { t } = useI18n();
  const labels = useLabels();
  const types = useUnitTypes();
  const all = types.data?.types ?? [];

  const afterShort: DataColumn<UnitTypeView>[] = [
    {
      key: 'level',
      title: t('types.level'),
      dataIndex: 'level',
      align: 'center',
      width: 70,
      sorter: (a, b) => a.level - b.level,
    },
    {
      key: 'powers',
      title: t('types.powers'),
      width: 230,
      render: (_, ty) =>
        ty.powers.length ? (
          <Space size={[4, 4]} wrap>
            {ty.powers.map((p) => (
              <Tag key={p}>{labels.power(p)}</Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('types.powers.none')}</Typography.Text>
        ),
    },
  ];
  const afterValidity: DataColumn<UnitTypeView>[] = [
    {
      key: 'parents',
      title: t('types.parents'),
      render: (_, ty) => (
        <Space orientation="vertical" size={0}>
          {ty.parents.map((p) => (
            <span key={`${p.parentTypeId}:${p.validFrom}`}>
              {labels.typeShort(p.parentTypeId)}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                ({validity(p.validFrom, p.validTo, t)})
              </Typography.Text>
            </span>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <DatedListEditor<UnitTypeView, TypeValues>
        entries={all}
        loading={types.isLoading}
        error={types.error}
        title={t('types.title')}
        createLabel={t('types.create')}
        createPrimary
        readOnlyNotice={t('types.readOnly')}
        nameTitle={t('types.name')}
        widths={{ name: 280, short: 120, validity: 150 }}
        columnsAfterShort={afterShort}
        columnsAfterValidity={afterValidity}
        scrollX={1000}
        dialog={{
          width: 760,
          idLabel: t('types.id'),
          idRequired: t('types.id.required'),
          idFlex: '1 1 200px',
          createTitle: t('types.create'),
          editTitle: (name) => t('types.edit', { name }),
          besideId: (
            <Form.Item
              name="level"
              label={t('types.level')}
              rules={[{ required: true, message: t('common.required') }]}
              style={{ flex: '0 0 100px' }}
            >
              <InputNumber min={1} max={9} controls={false} style={{ width: '100%' }} />
            </Form.Item>
          ),
          afterNames: (
            <Form.Item name="powers" label={t('types.powers')}>
              <Checkbox.Group options={POWERS.map((p) => ({ value: p, label: labels.power(p) }))} />
            </Form.Item>
          ),
          last: (form) => <ParentFields form={form} types={all} />,
          initial: (type) =>
            type
              ? {
                  parents: type.parents.map((p) => ({
                    parentTypeId: p.parentTypeId,
                    validFrom: fromIso(p.validFrom) as Dayjs,
                    validTo: p.validTo === OPEN_END ? null : fromIso(p.validTo),
                  })),
                }
              : { level: 4, powers: [], parents: [] },
          save: (id, fields, v) =>
            api.saveUnitType(id, {
              ...fields,
              level: v.level,
              powers: v.powers,
              parents: (v.parents ?? []).map((p) => ({
                parentTypeId: p.parentTypeId,
                validFrom: toIso(p.validFrom) ?? '',
                validTo: openEnd(p.validTo),
              })),
            }),
          saved: t('types.saved'),
          queryKey: ['unit-types'],
        }}
      />
      <SectorsCard />
    </>
  );
}
