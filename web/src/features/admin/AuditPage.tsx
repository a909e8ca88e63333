/**
 * Nhật ký thao tác: who did what, when (Vietnam time), to which unit and record — every action, field, unit, member
 * and person by name, never an id or raw JSON. Filters by unit (with the units under it), action and person run on
 * the server, within the reader's scope.
 */
import { type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { api } from '../../app/api';
import { useCan } from '../../app/auth';
import type { AuditRowView } from '../../app/contract';
import { DataTable, ListError, pagesOf, type DataColumn } from '../../app/DataTable';
import { formatDate, formatDateTime, formatNumber, OPEN_END, todayIso } from '../../app/format';
import { useLabels } from '../../app/labels';
import { useI18n, type Translate } from '../../app/i18n';
import { useClearable } from '../../app/clearable';
import { vi } from '../../app/i18n/vi';
import { UnitSelect } from '../organisation/components';
import {
  AUDIT_ACTIONS,
  auditActionLabel,
  auditFieldKey,
  hasShownAuditFields,
  shownAuditFields,
} from './audit-labels';

export { auditActionLabel };

const PAGE_SIZE = 25;
/** Past this many items a list in a record shows its count instead. */
const LIST_LIMIT = 8;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Names = Record<string, string>;

function fieldName(key: string, t: Translate): string {
  const messageKey = auditFieldKey(key, vi);
  return messageKey ? t(messageKey) : key;
}

/** One value of a record, in words: names for ids, dates dd/mm/yyyy, labels for codes, lists and records inline. */
function useValueText(names: Names) {
  const { t } = useI18n();
  const labels = useLabels();
  const text = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (v === OPEN_END) return t('common.openEnd');
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'number') return formatNumber(v);
    if (typeof v === 'string') {
      if (UUID.test(v)) return names[v.toLowerCase()] ?? t('audit.unnamed');
      if (ISO_DATE.test(v)) return formatDate(v);
      if (ISO_INSTANT.test(v)) return formatDateTime(v);
      if (key === 'typeId' || key === 'parentTypeId') return labels.typeName(v);
      if (key === 'kind') return labels.eventKind(v);
      if (key === 'role') return labels.role(v);
      if (key === 'sector') return labels.sector(v) || v;
      if (key === 'gender') return labels.gender(v);
      if (key === 'status') return labels.proposalStatus(v);
      if (key === 'reason' && v === 'restructure') return t('audit.reason.restructure');
      if (key === 'reason') return labels.leaveReason(v);
      if (key === 'powers') return labels.power(v);
      return v;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return '—';
      if (v.length > LIST_LIMIT) return t('audit.items', { count: formatNumber(v.length) });
      return v.map((item) => text(key, item)).join(', ');
    }
    if (typeof v === 'object') {
      // A record inside a record (a grant, the filters of an export): its fields inline.
      return shownAuditFields(v as Record<string, unknown>)
        .map(([k, inner]) => `${fieldName(k, t)}: ${text(k, inner)}`)
        .join('; ');
    }
    return '—';
  };
  return text;
}

/** A before/after record as labelled lines. */
function AuditRecord({ value, names }: { value: unknown; names: Names }) {
  const { t } = useI18n();
  const text = useValueText(names);
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (typeof value !== 'object' || Array.isArray(value))
    return <div className="cd-record">{text('', value)}</div>;
  return (
    <div className="cd-record">
      {shownAuditFields(value as Record<string, unknown>).map(([key, v]) => (
        <div key={key}>
          <span className="cd-muted">{fieldName(key, t)}: </span>
          {text(key, v)}
        </div>
      ))}
    </div>
  );
}

/**
 * The change a row records: "Trước" and "Sau" side by side when it has both; a view, an export or a creation has only
 * its one record, shown without a heading; nothing to show is a dash.
 */
function AuditChange({ row, names }: { row: AuditRowView; names: Names }) {
  const { t } = useI18n();
  const before = hasShownAuditFields(row.before);
  const after = hasShownAuditFields(row.after);
  if (!before && !after)
    return (
      <Typography.Text type="secondary" data-testid="audit-change">
        —
      </Typography.Text>
    );
  const side = (heading: string | null, value: unknown) => (
    <div style={{ flex: '1 1 180px', minWidth: 0 }}>
      {heading && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {heading}
        </Typography.Text>
      )}
      <AuditRecord value={value} names={names} />
    </div>
  );
  return (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', minWidth: 0 }} data-testid="audit-change">
      {before && side(after ? t('audit.before') : t('audit.removed'), row.before)}
      {after && side(before ? t('audit.after') : null, row.after)}
    </div>
  );
}

/** What the row is about, by name: the unit, member or person, linked where there is a page for it. */
function Subject({ row, names }: { row: AuditRowView; names: Names }) {
  const { t } = useI18n();
  const name = row.entityId ? names[row.entityId.toLowerCase()] : undefined;
  const kind: Record<string, string> = {
    unit: t('audit.entity.unit'),
    user: t('audit.entity.user'),
    unit_type: t('audit.entity.unitType'),
    unit_group: t('audit.entity.unitGroup'),
    sector: t('audit.entity.sector'),
    member: t('audit.entity.member'),
    member_proposal: t('audit.entity.proposal'),
    role_grant: t('audit.entity.grant'),
  };
  let label: ReactNode = name;
  if (name && row.entity === 'unit') label = <Link to={`/units/${row.entityId}`}>{name}</Link>;
  if (name && row.entity === 'member' && row.unitId)
    label = <Link to={`/members/${row.unitId}/${row.entityId}`}>{name}</Link>;
  return (
    <span>
      <Typography.Text type="secondary">{kind[row.entity] ?? t('audit.entity.other')}</Typography.Text>
      {label && <> · {label}</>}
    </span>
  );
}

export default function AuditPage() {
  const { t } = useI18n();
  const clearable = useClearable();
  const canRead = useCan('audit.read');
  // The filters and the page live in the address, so that a reload, a shared link or "back" keeps the place.
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unit') ?? undefined;
  const action = params.get('action') ?? undefined;
  const actor = params.get('person') ?? undefined;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const update = (changes: Record<string, string | number | undefined>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '' || (key === 'page' && value === 1)) next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: false },
    );
  const setPage = (p: number) => update({ page: p });
  const audit = useQuery({
    queryKey: ['audit', unitId, action, actor, page],
    queryFn: () => api.audit({ unitId, action, actor, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    enabled: canRead,
  });

  if (!canRead) return <Alert type="warning" showIcon title={t('audit.noPermission')} />;
  const names = audit.data?.names ?? {};

  const columns: DataColumn<AuditRowView>[] = [
    {
      key: 'at',
      title: <span title={t('audit.atHint')}>{t('audit.at')}</span>,
      cardTitle: true,
      width: 100,
      render: (_, r) => <span data-testid="audit-at">{formatDateTime(r.at)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      width: 120,
      render: (_, r) => r.actorName ?? t('audit.actor.system'),
    },
    {
      key: 'action',
      title: t('audit.action'),
      width: 140,
      render: (_, r) => <span data-testid="audit-action">{auditActionLabel(r.action, t)}</span>,
    },
    {
      key: 'unit',
      title: t('audit.unit'),
      width: 150,
      render: (_, r) =>
        r.unitId ? (
          <Link to={`/units/${r.unitId}`} data-testid="audit-unit">
            {names[r.unitId.toLowerCase()] ?? t('audit.unnamed')}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      key: 'entity',
      title: t('audit.entity'),
      width: 150,
      render: (_, r) => <Subject row={r} names={names} />,
    },
    {
      key: 'change',
      title: t('audit.change'),
      render: (_, r) => <AuditChange row={r} names={names} />,
    },
    {
      key: 'ip',
      title: t('audit.ip'),
      width: 110,
      hideOnCard: true,
      render: (_, r) => <span style={{ wordBreak: 'break-all' }}>{r.ip ?? '—'}</span>,
    },
  ];

  return (
    <Card title={t('audit.title')}>
      <Space wrap style={{ marginBottom: 16, width: '100%' }}>
        <UnitSelect
          at={todayIso()}
          value={unitId}
          onChange={(id) => update({ unit: id, page: 1 })}
          placeholder={t('audit.filter.unit')}
          style={{ width: 320, maxWidth: 'calc(100vw - 48px)' }}
          data-testid="audit-filter-unit"
        />
        <Select
          allowClear={clearable.select}
          showSearch={{ optionFilterProp: 'label' }}
          value={action}
          onChange={(value: string | undefined) => update({ action: value, page: 1 })}
          placeholder={t('audit.filter.action')}
          style={{ width: 260, maxWidth: 'calc(100vw - 48px)' }}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a, t) }))}
          data-testid="audit-filter-action"
        />
        <Input.Search
          allowClear={clearable.input}
          enterButton={<Button icon={<SearchOutlined />} aria-label={t('common.search')} />}
          placeholder={t('audit.filter.person')}
          style={{ width: 300, maxWidth: 'calc(100vw - 48px)' }}
          defaultValue={actor}
          onSearch={(value) => update({ person: value.trim() || undefined, page: 1 })}
          data-testid="audit-filter-person"
        />
        {audit.data && (
          <Typography.Text type="secondary" data-testid="audit-total">
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
