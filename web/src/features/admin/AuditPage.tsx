/** Nhật ký thao tác: who did what, when, to which unit — with the record before and after. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Typography } from 'antd';
import { api } from '../../app/api';
import { useCan } from '../../app/auth';
import type { AuditRowView } from '../../app/contract';
import { DataTable, ListError, pagesOf, type DataColumn } from '../../app/DataTable';
import { formatDate, formatDateTime, formatNumber, OPEN_END, todayIso } from '../../app/format';
import { useLabels } from '../../app/labels';
import { useI18n, type Translate } from '../../app/i18n';
import { UnitSelect } from '../organisation/components';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'unit.found',
  'unit.rename',
  'unit.move',
  'unit.dissolve',
  'unit.update',
  'unit.import',
  'unit_type.create',
  'unit_type.update',
  'user.create',
  'user.update',
  'user.password',
  'user.grant',
  'user.revoke',
] as const;
type AuditAction = (typeof AUDIT_ACTIONS)[number];
const isAuditAction = (value: string): value is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(value);

export function auditActionLabel(action: string, t: Translate): string {
  return isAuditAction(action) ? t(`auditAction.${action}`) : action;
}

const PAGE_SIZE = 25;

/** Field names the audit records use, shown in the reader's language; others keep their own name. */
const AUDIT_FIELDS = [
  'name',
  'shortName',
  'code',
  'typeId',
  'parentId',
  'parentName',
  'effectiveOn',
  'endedOn',
  'decisionNo',
  'kind',
  'eventId',
  'sector',
  'address',
  'fullName',
  'username',
  'isSystemAdmin',
  'disabled',
  'role',
  'unitId',
  'grants',
  'groups',
  'province',
  'commune',
  'foundingDecisionNo',
  'id',
  'level',
  'nameVi',
  'nameEn',
  'shortVi',
  'powers',
  'validFrom',
  'validTo',
  'legalBasis',
  'parents',
  'sortOrder',
] as const;
type AuditField = (typeof AUDIT_FIELDS)[number];
const isAuditField = (key: string): key is AuditField => (AUDIT_FIELDS as readonly string[]).includes(key);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A before/after record as labelled lines: dates dd/mm/yyyy, types and kinds by name, the rest as JSON. */
function AuditRecord({ value }: { value: unknown }) {
  const { t } = useI18n();
  const labels = useLabels();
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (typeof value !== 'object' || Array.isArray(value))
    return <pre className="cd-json">{JSON.stringify(value, null, 2)}</pre>;
  const show = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (v === OPEN_END) return t('common.openEnd');
    if (key === 'powers' && Array.isArray(v)) return v.map((p) => labels.power(String(p))).join(', ') || '—';
    if (Array.isArray(v) && v.length === 0) return '—';
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'string') {
      if (ISO_DATE.test(v)) return formatDate(v);
      if (key === 'typeId') return labels.typeName(v);
      if (key === 'kind') return labels.eventKind(v);
      if (key === 'role') return labels.role(v);
      if (key === 'sector') return labels.sector(v) || v;
      return v;
    }
    if (typeof v === 'number') return formatNumber(v);
    return JSON.stringify(v);
  };
  return (
    <div className="cd-json">
      {Object.entries(value as Record<string, unknown>).map(([key, v]) => (
        <div key={key}>
          <span className="cd-muted">{isAuditField(key) ? t(`auditField.${key}`) : key}: </span>
          {show(key, v)}
        </div>
      ))}
    </div>
  );
}

export default function AuditPage() {
  const { t } = useI18n();
  const canRead = useCan('audit.read');
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [action, setAction] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const audit = useQuery({
    queryKey: ['audit', unitId, action, page],
    queryFn: () => api.audit({ unitId, action, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    enabled: canRead,
  });

  if (!canRead) return <Alert type="warning" showIcon title={t('audit.noPermission')} />;

  const columns: DataColumn<AuditRowView>[] = [
    {
      key: 'at',
      title: t('audit.at'),
      cardTitle: true,
      width: 140,
      render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      width: 150,
      render: (_, r) => r.actorName ?? t('audit.actor.system'),
    },
    { key: 'action', title: t('audit.action'), width: 170, render: (_, r) => auditActionLabel(r.action, t) },
    {
      key: 'entity',
      title: t('audit.entity'),
      width: 110,
      render: (_, r) =>
        r.entity === 'unit' && r.entityId ? (
          <Link to={`/units/${r.entityId}`}>{t('audit.entity.unit')}</Link>
        ) : r.entity === 'user' ? (
          t('audit.entity.user')
        ) : r.entity === 'unit_type' ? (
          t('audit.entity.unitType')
        ) : (
          r.entity
        ),
    },
    {
      key: 'change',
      title: t('audit.change'),
      render: (_, r) => (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', minWidth: 0 }}>
          {r.before !== null && r.before !== undefined && (
            <div style={{ flex: '1 1 200px', minWidth: 0 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('audit.before')}
              </Typography.Text>
              <AuditRecord value={r.before} />
            </div>
          )}
          <div style={{ flex: '1 1 200px', minWidth: 0 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('audit.after')}
            </Typography.Text>
            <AuditRecord value={r.after} />
          </div>
        </div>
      ),
    },
    { key: 'ip', title: t('audit.ip'), dataIndex: 'ip', width: 120, hideOnCard: true },
  ];

  return (
    <Card title={t('audit.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <UnitSelect
          at={todayIso()}
          value={unitId}
          onChange={(id) => {
            setUnitId(id);
            setPage(1);
          }}
          placeholder={t('audit.filter.unit')}
          style={{ width: 320, maxWidth: '90vw' }}
        />
        <Select
          allowClear
          value={action}
          onChange={(value: string | undefined) => {
            setAction(value);
            setPage(1);
          }}
          placeholder={t('audit.filter.action')}
          style={{ width: 240, maxWidth: '90vw' }}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a, t) }))}
        />
        {audit.data && (
          <Typography.Text type="secondary">
            {t('audit.total', { count: formatNumber(audit.data.total) })}
          </Typography.Text>
        )}
      </Space>
      <ListError error={audit.error} />
      <DataTable<AuditRowView>
        size="small"
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={audit.data?.rows ?? []}
        loading={audit.isFetching}
        pagination={pagesOf(page, PAGE_SIZE, audit.data?.total ?? 0, setPage)}
        testId="audit-table"
        tableLayout="fixed"
        scroll={{ x: 960 }}
      />
    </Card>
  );
}
