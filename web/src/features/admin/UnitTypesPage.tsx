/**
 * Loại đơn vị: the kinds of unit, their level, powers, validity and allowed parents, and below them the sectors
 * (SectorsCard). Everyone reads them; system administrators edit them (PUT /api/unit-types/:typeId).
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import { POWERS, type Power, type UnitTypeView } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { FormErrors, useFormSubmit } from '../../app/FormDialog';
import { formatDate, formatLastDay, fromIso, OPEN_END, toIso } from '../../app/format';
import { useI18n, type Translate } from '../../app/i18n';
import { useLabels, useUnitTypes } from '../../app/labels';
import { SectorsCard } from './SectorsCard';
import { DateInput } from '../../app/DateInput';

function validity(from: string, to: string, t: Translate) {
  return to === OPEN_END
    ? t('types.validity.from', { from: formatDate(from) })
    : t('types.validity.range', { from: formatDate(from), to: formatLastDay(to) });
}

interface TypeValues {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  level: number;
  powers: Power[];
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  legalBasis?: string;
  parents: { parentTypeId: string; validFrom: Dayjs; validTo?: Dayjs | null }[];
}

function TypeModal({
  type,
  types,
  onClose,
}: {
  type: UnitTypeView | null;
  types: UnitTypeView[];
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const labels = useLabels();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TypeValues>();
  const { run, saving, errors } = useFormSubmit(form, { renameField: (f) => f.replace(/^params\./, '') });
  const open = (d: Dayjs | null | undefined) => toIso(d) ?? OPEN_END;

  const onOk = () =>
    run(async (v) => {
      await api.saveUnitType(v.id, {
        nameVi: v.nameVi.trim(),
        nameEn: v.nameEn.trim(),
        shortVi: v.shortVi.trim(),
        level: v.level,
        powers: v.powers,
        validFrom: toIso(v.validFrom) ?? '',
        validTo: open(v.validTo),
        legalBasis: v.legalBasis?.trim() || null,
        parents: (v.parents ?? []).map((p) => ({
          parentTypeId: p.parentTypeId,
          validFrom: toIso(p.validFrom) ?? '',
          validTo: open(p.validTo),
        })),
      });
      void message.success(t('types.saved'));
      await queryClient.invalidateQueries({ queryKey: ['unit-types'] });
      onClose();
    });

  const initial: Partial<TypeValues> = type
    ? {
        ...type,
        legalBasis: type.legalBasis ?? undefined,
        validFrom: fromIso(type.validFrom),
        validTo: type.validTo === OPEN_END ? null : fromIso(type.validTo),
        parents: type.parents.map((p) => ({
          parentTypeId: p.parentTypeId,
          validFrom: fromIso(p.validFrom) as Dayjs,
          validTo: p.validTo === OPEN_END ? null : fromIso(p.validTo),
        })),
      }
    : { level: 4, powers: [], parents: [] };

  return (
    <Modal
      open
      title={type ? t('types.edit', { name: lang === 'vi' ? type.nameVi : type.nameEn }) : t('types.create')}
      width={760}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <FormErrors errors={errors} />
      <Form<TypeValues> form={form} layout="vertical" initialValues={initial}>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name="id"
            label={t('types.id')}
            rules={[
              { required: true, message: t('types.id.required') },
              { pattern: /^[a-z][a-z0-9_]{1,59}$/, message: t('types.id.pattern') },
            ]}
            style={{ flex: '1 1 200px' }}
          >
            <Input disabled={Boolean(type)} />
          </Form.Item>
          <Form.Item
            name="shortVi"
            label={t('types.shortVi')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ flex: '1 1 140px' }}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            name="level"
            label={t('types.level')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ flex: '0 0 100px' }}
          >
            <InputNumber min={1} max={9} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item
          name="nameVi"
          label={t('types.nameVi')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('types.nameEn')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="powers" label={t('types.powers')}>
          <Checkbox.Group options={POWERS.map((p) => ({ value: p, label: labels.power(p) }))} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name="validFrom"
            label={t('types.validFrom')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ flex: '1 1 180px' }}
          >
            <DateInput style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="validTo"
            label={t('types.validTo')}
            extra={t('types.validTo.hint')}
            style={{ flex: '1 1 180px' }}
          >
            <DateInput style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="legalBasis" label={t('types.legalBasis')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
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
      </Form>
    </Modal>
  );
}

export default function UnitTypesPage() {
  const { t, errorText, lang } = useI18n();
  const labels = useLabels();
  const me = useMe();
  const types = useUnitTypes();
  const [editing, setEditing] = useState<UnitTypeView | 'new' | null>(null);
  const all = types.data?.types ?? [];

  const columns: DataColumn<UnitTypeView>[] = [
    {
      key: 'name',
      title: t('types.name'),
      cardTitle: true,
      width: 280,
      render: (_, ty) => (
        <div style={{ whiteSpace: 'normal' }}>
          <div style={{ fontWeight: 500 }}>{lang === 'vi' ? ty.nameVi : ty.nameEn}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'vi' ? ty.nameEn : ty.nameVi}
          </Typography.Text>
          {ty.legalBasis && (
            <div style={{ fontSize: 12, marginTop: 4 }}>
              <Typography.Text type="secondary">{t('types.legalBasis')}: </Typography.Text>
              {ty.legalBasis}
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'short',
      title: t('types.shortVi'),
      width: 120,
      render: (_, ty) => <Tag color="blue">{ty.shortVi}</Tag>,
    },
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
    {
      key: 'validity',
      title: t('types.validity'),
      width: 150,
      render: (_, ty) => validity(ty.validFrom, ty.validTo, t),
    },
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
    ...(me.isSystemAdmin
      ? [
          {
            key: 'edit',
            title: '',
            width: 64,
            render: (_: unknown, ty: UnitTypeView) => (
              <Button icon={<EditOutlined />} onClick={() => setEditing(ty)} aria-label={t('common.edit')} />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Card
        title={t('types.title')}
        extra={
          me.isSystemAdmin ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('types.create')}
            </Button>
          ) : null
        }
      >
        {!me.isSystemAdmin && (
          <Alert type="info" showIcon title={t('types.readOnly')} style={{ marginBottom: 12 }} />
        )}
        {types.error ? <Alert type="error" showIcon title={errorText(types.error)} /> : null}
        <DataTable<UnitTypeView>
          rowKey={(ty) => ty.id}
          columns={columns}
          dataSource={all}
          loading={types.isLoading}
          pagination={false}
          size="small"
          tableLayout="fixed"
          scroll={{ x: 1000 }}
        />
        {editing && (
          <TypeModal type={editing === 'new' ? null : editing} types={all} onClose={() => setEditing(null)} />
        )}
      </Card>
      <SectorsCard />
    </>
  );
}
