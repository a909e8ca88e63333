/**
 * Danh mục báo cáo: the forms with their versions, the indicators and the period types, maintained by the top union's
 * administrators without a code change. A version with reports is shown as closed to edits (a new version follows
 * it); an indicator is deactivated, never deleted. Cards rather than wide tables, so a phone reads it without
 * scrolling sideways.
 */
import { useState } from 'react';
import { Alert, Button, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { CatalogueAdmin, CatalogueForm, CatalogueIndicator, CatalogueVersion } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { formatDate, formatLastDay, formatNumber, OPEN_END } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { IndicatorDialog } from './IndicatorDialog';
import { PeriodTypeDialog } from './PeriodTypeDialog';
import { VersionDialog } from './VersionDialog';
import { useCatalogueAdmin } from './queries';
import { nameIn } from './shared';

type Editing =
  | { kind: 'indicator'; indicator: CatalogueIndicator | null }
  | { kind: 'periodType' }
  | { kind: 'version'; form: CatalogueForm | null; version: CatalogueVersion | null }
  | null;

function VersionItem({
  form,
  version,
  catalogue,
  canEdit,
  onEdit,
}: {
  form: CatalogueForm;
  version: CatalogueVersion;
  catalogue: CatalogueAdmin;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const { t, lang } = useI18n();
  const type = catalogue.periodTypes.find((p) => p.id === version.periodTypeId);
  const count = version.sections.reduce((n, s) => n + s.indicators.length, 0);
  // The indicators by their names as people read them (the code stays on hover for whoever writes formulas).
  const names = new Map(catalogue.indicators.map((i) => [i.code, i]));
  return (
    <div data-testid={`version-${form.id}-${version.validFrom}`} style={{ padding: '6px 0', minWidth: 0 }}>
      <Space wrap size={4}>
        <Typography.Text strong>
          {version.validTo === OPEN_END
            ? t('catalogue.version.from', { from: formatDate(version.validFrom) })
            : t('catalogue.version.range', {
                from: formatDate(version.validFrom),
                to: formatLastDay(version.validTo),
              })}
        </Typography.Text>
        {version.reports > 0 ? (
          <Tag>{t('catalogue.version.reports', { count: formatNumber(version.reports) })}</Tag>
        ) : (
          <Tag color="green">{t('catalogue.version.noReports')}</Tag>
        )}
      </Space>
      <div style={{ fontSize: 13, color: 'rgba(0,0,0,0.65)' }}>
        {t('catalogue.version.summary', {
          type: type ? nameIn(lang, type) : version.periodTypeId,
          days: version.deadlineDaysAfterEnd,
          count,
        })}
      </div>
      {version.sections.map((s, i) => (
        <div key={i} style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', overflowWrap: 'anywhere' }}>
          {lang === 'vi' ? s.titleVi : s.titleEn}:{' '}
          {s.indicators.map((code, n) => {
            const indicator = names.get(code);
            return (
              <span key={code} title={code}>
                {n > 0 && ' · '}
                {indicator ? nameIn(lang, indicator) : code}
              </span>
            );
          })}
        </div>
      ))}
      {canEdit && version.reports === 0 && (
        <Button size="small" icon={<EditOutlined />} onClick={onEdit} style={{ marginTop: 4 }}>
          {t('catalogue.version.edit')}
        </Button>
      )}
    </div>
  );
}

export default function CatalogueAdminPage() {
  const { t, lang, errorText } = useI18n();
  const catalogue = useCatalogueAdmin();
  const [editing, setEditing] = useState<Editing>(null);
  const data = catalogue.data;
  if (catalogue.isLoading) return <Skeleton active />;
  if (!data) return <Alert type="error" showIcon title={errorText(catalogue.error)} />;
  const canEdit = data.canEdit;

  const indicatorColumns: DataColumn<CatalogueIndicator>[] = [
    {
      key: 'name',
      title: t('catalogue.indicator.name'),
      cardTitle: true,
      render: (_, i) => (
        <div style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
          <div style={{ fontWeight: 500 }}>{nameIn(lang, i)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.code}
            {i.measure ? ` · ${i.measure}` : ''}
          </Typography.Text>
          {i.description && <div style={{ fontSize: 12 }}>{i.description}</div>}
        </div>
      ),
    },
    {
      key: 'type',
      title: t('catalogue.indicator.valueType'),
      render: (_, i) => (
        <span style={{ whiteSpace: 'normal' }}>
          {t(`catalogue.valueType.${i.valueType}`)} · {t(`catalogue.aggregation.${i.aggregation}`)}
          {i.source !== 'typed' && ` · ${t(`catalogue.source.${i.source}`)}`}
        </span>
      ),
    },
    {
      key: 'active',
      title: t('catalogue.indicator.status'),
      render: (_, i) =>
        i.active ? (
          <Tag color="green">{t('catalogue.indicator.active')}</Tag>
        ) : (
          <Tag>{t('catalogue.indicator.inactive')}</Tag>
        ),
    },
    ...(canEdit
      ? [
          {
            key: 'edit',
            title: '',
            cardFooter: true,
            render: (_: unknown, i: CatalogueIndicator) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                aria-label={t('catalogue.indicator.editLabel', { name: nameIn(lang, i) })}
                onClick={() => setEditing({ kind: 'indicator', indicator: i })}
                data-testid={`indicator-edit-${i.code}`}
              >
                {t('catalogue.indicator.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="report-catalogue">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('catalogue.title')}
      </Typography.Title>
      {!canEdit && <Alert type="info" showIcon title={t('catalogue.readOnly')} />}
      <Card
        title={t('catalogue.forms')}
        extra={
          canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ kind: 'version', form: null, version: null })}
              data-testid="form-create"
            >
              {t('catalogue.form.create')}
            </Button>
          )
        }
      >
        {data.forms.length === 0 && <Empty />}
        <List
          dataSource={data.forms}
          renderItem={(form) => (
            <List.Item key={form.id} data-testid={`catalogue-form-${form.id}`} style={{ display: 'block' }}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{nameIn(lang, form)}</Typography.Text>{' '}
                  <Typography.Text type="secondary">({form.id})</Typography.Text>
                </div>
                {canEdit && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => setEditing({ kind: 'version', form, version: null })}
                    data-testid={`version-create-${form.id}`}
                  >
                    {t('catalogue.version.create')}
                  </Button>
                )}
              </Space>
              {form.versions.map((v) => (
                <VersionItem
                  key={v.validFrom}
                  form={form}
                  version={v}
                  catalogue={data}
                  canEdit={canEdit}
                  onEdit={() => setEditing({ kind: 'version', form, version: v })}
                />
              ))}
            </List.Item>
          )}
        />
      </Card>
      <Card
        title={t('catalogue.indicators')}
        extra={
          canEdit && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setEditing({ kind: 'indicator', indicator: null })}
              data-testid="indicator-create"
            >
              {t('catalogue.indicator.create')}
            </Button>
          )
        }
      >
        <DataTable<CatalogueIndicator>
          rowKey={(i) => i.code}
          columns={indicatorColumns}
          dataSource={data.indicators}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          size="small"
          testId="catalogue-indicators"
        />
      </Card>
      <Card
        title={t('catalogue.periodTypes')}
        extra={
          canEdit && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'periodType' })}>
              {t('catalogue.periodType.create')}
            </Button>
          )
        }
      >
        <List
          size="small"
          dataSource={data.periodTypes}
          renderItem={(p) => (
            <List.Item key={p.id}>
              {nameIn(lang, p)} <Typography.Text type="secondary">({p.id})</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      {editing?.kind === 'indicator' && (
        <IndicatorDialog indicator={editing.indicator} catalogue={data} onClose={() => setEditing(null)} />
      )}
      {editing?.kind === 'periodType' && <PeriodTypeDialog onClose={() => setEditing(null)} />}
      {editing?.kind === 'version' && (
        <VersionDialog
          form={editing.form}
          version={editing.version}
          catalogue={data}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}
