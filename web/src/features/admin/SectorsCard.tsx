/**
 * Khu vực: the sectors a unit may be in, each with its dates. Everyone reads them; system administrators edit them
 * (PUT /api/sectors/:sectorId). A unit's sector must apply on the day it is set.
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Input, Modal, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import type { SectorView } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { FormErrors, useFormSubmit } from '../../app/FormDialog';
import { DATE_FORMAT, formatDate, formatLastDay, fromIso, OPEN_END, toIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useSectors } from '../../app/labels';

interface SectorValues {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  legalBasis?: string;
}

function SectorModal({ sector, onClose }: { sector: SectorView | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SectorValues>();
  const { run, saving, errors } = useFormSubmit(form, { renameField: (f) => f.replace(/^params\./, '') });

  const onOk = () =>
    run(async (v) => {
      await api.saveSector(v.id, {
        nameVi: v.nameVi.trim(),
        nameEn: v.nameEn.trim(),
        shortVi: v.shortVi.trim(),
        validFrom: toIso(v.validFrom) ?? '',
        validTo: toIso(v.validTo) ?? OPEN_END,
        legalBasis: v.legalBasis?.trim() || null,
      });
      void message.success(t('sectors.saved'));
      await queryClient.invalidateQueries({ queryKey: ['sectors'] });
      onClose();
    });

  const initial: Partial<SectorValues> = sector
    ? {
        ...sector,
        legalBasis: sector.legalBasis ?? undefined,
        validFrom: fromIso(sector.validFrom),
        validTo: sector.validTo === OPEN_END ? null : fromIso(sector.validTo),
      }
    : {};

  return (
    <Modal
      open
      title={
        sector
          ? t('sectors.edit', { name: lang === 'vi' ? sector.nameVi : sector.nameEn })
          : t('sectors.create')
      }
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <FormErrors errors={errors} />
      <Form<SectorValues> form={form} layout="vertical" initialValues={initial}>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name="id"
            label={t('sectors.id')}
            rules={[
              { required: true, message: t('common.required') },
              { pattern: /^[a-z][a-z0-9_]{1,59}$/, message: t('types.id.pattern') },
            ]}
            style={{ flex: '1 1 180px' }}
          >
            <Input disabled={Boolean(sector)} />
          </Form.Item>
          <Form.Item
            name="shortVi"
            label={t('types.shortVi')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ flex: '1 1 140px' }}
          >
            <Input maxLength={60} />
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
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            name="validFrom"
            label={t('types.validFrom')}
            rules={[{ required: true, message: t('common.required') }]}
            style={{ flex: '1 1 180px' }}
          >
            <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="validTo"
            label={t('types.validTo')}
            extra={t('types.validTo.hint')}
            style={{ flex: '1 1 180px' }}
          >
            <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="legalBasis" label={t('types.legalBasis')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The sectors with their names in both languages and their dates; editable by system administrators. */
export function SectorsCard() {
  const { t, errorText, lang } = useI18n();
  const me = useMe();
  const sectors = useSectors();
  const [editing, setEditing] = useState<SectorView | 'new' | null>(null);

  const columns: DataColumn<SectorView>[] = [
    {
      key: 'name',
      title: t('sectors.name'),
      cardTitle: true,
      render: (_, s) => (
        <div style={{ whiteSpace: 'normal' }}>
          <div style={{ fontWeight: 500 }}>{lang === 'vi' ? s.nameVi : s.nameEn}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'vi' ? s.nameEn : s.nameVi}
          </Typography.Text>
          {s.legalBasis && (
            <div style={{ fontSize: 12, marginTop: 4 }}>
              <Typography.Text type="secondary">{t('types.legalBasis')}: </Typography.Text>
              {s.legalBasis}
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'short',
      title: t('types.shortVi'),
      width: 160,
      render: (_, s) => <Tag color="blue">{s.shortVi}</Tag>,
    },
    {
      key: 'validity',
      title: t('types.validity'),
      width: 180,
      render: (_, s) =>
        s.validTo === OPEN_END
          ? t('types.validity.from', { from: formatDate(s.validFrom) })
          : t('types.validity.range', { from: formatDate(s.validFrom), to: formatLastDay(s.validTo) }),
    },
    ...(me.isSystemAdmin
      ? [
          {
            key: 'edit',
            title: '',
            width: 64,
            render: (_: unknown, s: SectorView) => (
              <Button icon={<EditOutlined />} onClick={() => setEditing(s)} aria-label={t('common.edit')} />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('sectors.title')}
      style={{ marginTop: 16 }}
      data-testid="sectors"
      extra={
        me.isSystemAdmin ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('sectors.create')}
          </Button>
        ) : null
      }
    >
      {sectors.error ? <Alert type="error" showIcon title={errorText(sectors.error)} /> : null}
      <DataTable<SectorView>
        rowKey={(s) => s.id}
        columns={columns}
        dataSource={sectors.data?.sectors ?? []}
        loading={sectors.isLoading}
        pagination={false}
        size="small"
        tableLayout="fixed"
      />
      {editing && (
        <SectorModal sector={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}
