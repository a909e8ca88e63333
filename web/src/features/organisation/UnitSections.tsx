/** The read-only parts of the unit page: details, sub-units and parent history as of a date. */
import { Link } from 'react-router-dom';
import { Card, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { UnitAtDateView, UnitDetail } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { RecordDetails } from '../../app/RecordDetails';
import { formatDate, formatLastDay, formatNumber, joinPlace, OPEN_END, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { UnitTypeTag } from './components';
import { useChildren } from './queries';

export function unitLink(id: string, at: string) {
  return `/units/${id}${at === todayIso() ? '' : `?at=${at}`}`;
}

/** Whether the unit lived on `at` (its life is the half-open range [foundedOn, endedOn)). */
export function activeOn(detail: UnitDetail, at: string): boolean {
  return detail.atDate !== null && detail.unit.foundedOn <= at && at < detail.unit.endedOn;
}

/** The parent link covering `at`, from the unit's own history. */
export function parentOn(detail: UnitDetail, at: string) {
  return detail.parentHistory.find((link) => link.validFrom <= at && at < link.validTo);
}

export function Details({ detail, at }: { detail: UnitDetail; at: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const { unit, atDate } = detail;
  const parent = parentOn(detail, at);
  const place = joinPlace(unit.address, unit.commune, unit.province);
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: t('unit.code'), children: <Typography.Text copyable>{unit.code}</Typography.Text> },
    { key: 'type', label: t('unit.type'), children: labels.typeName(unit.typeId) },
    { key: 'name', label: t('unit.name'), children: unit.name, span: 2 },
    { key: 'short', label: t('unit.shortName'), children: unit.shortName },
    { key: 'sector', label: t('unit.sector'), children: labels.sector(unit.sector) || '—' },
    {
      key: 'parent',
      label: t('unit.parent'),
      children: parent ? <Link to={unitLink(parent.parentId, at)}>{parent.parentName}</Link> : '—',
      span: 2,
    },
    { key: 'founded', label: t('unit.foundedOn'), children: formatDate(unit.foundedOn) },
    { key: 'decision', label: t('unit.foundingDecision'), children: unit.foundingDecisionNo ?? '—' },
  ];
  if (unit.endedOn !== OPEN_END) {
    items.push({
      key: 'ended',
      label: t('unit.endedOn'),
      children: <Tag color="red">{formatDate(unit.endedOn)}</Tag>,
    });
  }
  items.push({ key: 'address', label: t('unit.address'), children: place || '—', span: 2 });
  if (detail.groups.length) {
    items.push({
      key: 'groups',
      label: t('unit.groups'),
      children: detail.groups.map((g) => <Tag key={g}>{labels.groupName(g)}</Tag>),
      span: 2,
    });
  }
  if (atDate && activeOn(detail, at) && atDate.subtreeCount > 0) {
    items.push(
      { key: 'children', label: t('unit.childCount'), children: formatNumber(atDate.childCount) },
      { key: 'subtree', label: t('unit.subtreeCount'), children: formatNumber(atDate.subtreeCount) },
    );
  }
  return <RecordDetails items={items} testId="unit-details" />;
}

/**
 * The units directly under this one on the day: name, type, code, how many under each, whether it lives on (or the
 * day it ended) and a way to its members. Full width under the details; nothing at all for a unit without any.
 */
export function SubUnits({ unitId, at, membersLink }: { unitId: string; at: string; membersLink?: boolean }) {
  const { t } = useI18n();
  const children = useChildren(unitId, at);
  const columns: DataColumn<UnitAtDateView>[] = [
    {
      key: 'name',
      title: t('unit.name'),
      cardTitle: true,
      render: (_, u) => (
        <Link to={unitLink(u.id, at)} title={u.name}>
          {u.name}
        </Link>
      ),
      sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
    },
    { key: 'type', title: t('unit.type'), render: (_, u) => <UnitTypeTag typeId={u.typeId} /> },
    {
      key: 'code',
      title: t('unit.code'),
      dataIndex: 'code',
      cardDetail: true,
      // A code is read and copied whole: never broken at its hyphens ("LD-DR-" / "MN-…").
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
    },
    {
      key: 'childCount',
      title: t('unit.childCount.short'),
      align: 'right',
      cardDetail: true,
      render: (_, u) => formatNumber(u.childCount),
      sorter: (a, b) => a.childCount - b.childCount,
    },
    {
      key: 'subtreeCount',
      title: t('unit.subtreeCount.short'),
      align: 'right',
      cardDetail: true,
      render: (_, u) => formatNumber(u.subtreeCount),
      sorter: (a, b) => a.subtreeCount - b.subtreeCount,
    },
    {
      key: 'status',
      title: t('unit.status'),
      render: (_, u) =>
        u.endedOn === OPEN_END ? (
          <Tag color="green">{t('unit.status.active')}</Tag>
        ) : (
          <Tag color="red">{t('unit.subUnits.endedOn', { date: formatLastDay(u.endedOn) })}</Tag>
        ),
    },
  ];
  if (membersLink)
    columns.push({
      key: 'members',
      title: t('common.actions'),
      cardFooter: true,
      render: (_, u) => (
        <Link to={`/members?unit=${u.id}`} data-testid="unit-child-members">
          {t('unit.subUnits.members')}
        </Link>
      ),
    });
  const count = children.data?.units.length ?? 0;
  if (!children.isLoading && !children.error && count === 0) return null;
  return (
    <Card title={t('unit.subUnits', { count: formatNumber(count) })} size="small" data-testid="unit-children">
      <DataTable<UnitAtDateView>
        size="small"
        rowKey={(u) => u.id}
        columns={columns}
        dataSource={children.data?.units ?? []}
        loading={children.isLoading}
        pagination={count > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: t('unit.subUnits.none') }}
      />
    </Card>
  );
}

export function ParentHistory({ detail, at }: { detail: UnitDetail; at: string }) {
  const { t } = useI18n();
  type Row = UnitDetail['parentHistory'][number];
  const columns: DataColumn<Row>[] = [
    {
      key: 'parent',
      title: t('unit.history.parent'),
      cardTitle: true,
      render: (_, r) => <Link to={unitLink(r.parentId, at)}>{r.parentName}</Link>,
    },
    { key: 'from', title: t('unit.history.from'), render: (_, r) => formatDate(r.validFrom) },
    {
      key: 'to',
      title: t('unit.history.to'),
      render: (_, r) =>
        r.validTo === OPEN_END ? <Tag color="green">{t('unit.history.now')}</Tag> : formatLastDay(r.validTo),
    },
  ];
  return (
    <Card title={t('unit.history')} size="small" data-testid="unit-parent-history">
      <DataTable<Row>
        size="small"
        rowKey={(r) => `${r.parentId}:${r.validFrom}`}
        columns={columns}
        dataSource={[...detail.parentHistory].sort((a, b) => b.validFrom.localeCompare(a.validFrom))}
        pagination={false}
        locale={{ emptyText: t('unit.history.none') }}
      />
    </Card>
  );
}
