/**
 * One unit as of a date: details, ancestors, parent history, sub-units and the event timeline, with the
 * restructuring actions for users who may change the tree.
 */
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { DescriptionsProps, MenuProps } from 'antd';
import {
  ApartmentOutlined,
  DownOutlined,
  EditOutlined,
  FormOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  SplitCellsOutlined,
  StopOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useCan } from '../../app/auth';
import type { UnitAtDateView, UnitDetail } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { dayBefore, formatDate, formatLastDay, formatNumber, OPEN_END, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { useIsMobile } from '../../app/responsive';
import { AsOfDate, UnitTypeTag } from './components';
import { useChildren, useEvents, useUnitDetail } from './queries';
import { UnitTimeline } from './UnitTimeline';
import { AttributesForm } from './forms/AttributesForm';
import { DissolveForm } from './forms/DissolveForm';
import { FoundForm } from './forms/FoundForm';
import { MergeForm } from './forms/MergeForm';
import { MoveForm } from './forms/MoveForm';
import { RenameForm } from './forms/RenameForm';
import { SplitForm } from './forms/SplitForm';

type Action = 'found' | 'rename' | 'move' | 'merge' | 'split' | 'dissolve' | 'attributes';

function unitLink(id: string, at: string) {
  return `/units/${id}${at === todayIso() ? '' : `?at=${at}`}`;
}

/** Whether the unit lived on `at` (its life is the half-open range [foundedOn, endedOn)). */
function activeOn(detail: UnitDetail, at: string): boolean {
  return detail.atDate !== null && detail.unit.foundedOn <= at && at < detail.unit.endedOn;
}

/** The parent link covering `at`, from the unit's own history. */
function parentOn(detail: UnitDetail, at: string) {
  return detail.parentHistory.find((link) => link.validFrom <= at && at < link.validTo);
}

function Details({ detail, at }: { detail: UnitDetail; at: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const { unit, atDate } = detail;
  const parent = parentOn(detail, at);
  const place = [unit.address, unit.commune, unit.province].filter(Boolean).join(', ');
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
  if (atDate && activeOn(detail, at)) {
    items.push(
      { key: 'children', label: t('unit.childCount'), children: formatNumber(atDate.childCount) },
      { key: 'subtree', label: t('unit.subtreeCount'), children: formatNumber(atDate.subtreeCount) },
    );
  }
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: 2 }}
      items={items}
      data-testid="unit-details"
    />
  );
}

function SubUnits({ unitId, at }: { unitId: string; at: string }) {
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
    { key: 'code', title: t('unit.code'), dataIndex: 'code' },
    {
      key: 'childCount',
      title: t('unit.childCount.short'),
      align: 'right',
      render: (_, u) => formatNumber(u.childCount),
      sorter: (a, b) => a.childCount - b.childCount,
    },
    {
      key: 'subtreeCount',
      title: t('unit.subtreeCount.short'),
      align: 'right',
      render: (_, u) => formatNumber(u.subtreeCount),
      sorter: (a, b) => a.subtreeCount - b.subtreeCount,
    },
  ];
  return (
    <Card
      title={t('unit.subUnits', { count: formatNumber(children.data?.units.length ?? 0) })}
      size="small"
      data-testid="unit-children"
    >
      <DataTable<UnitAtDateView>
        size="small"
        rowKey={(u) => u.id}
        columns={columns}
        dataSource={children.data?.units ?? []}
        loading={children.isLoading}
        pagination={
          (children.data?.units.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false
        }
        locale={{ emptyText: t('unit.subUnits.none') }}
      />
    </Card>
  );
}

function ParentHistory({ detail, at }: { detail: UnitDetail; at: string }) {
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

function Actions({ detail, onAction }: { detail: UnitDetail; onAction: (action: Action) => void }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const active = detail.unit.endedOn === OPEN_END;
  const hasParent = detail.ancestors.length > 0;
  const actions: {
    key: Action;
    label: string;
    icon: ReactNode;
    disabled?: boolean;
    danger?: boolean;
    primary?: boolean;
    testId: string;
  }[] = [
    {
      key: 'found',
      label: t('action.found'),
      icon: <PlusOutlined />,
      disabled: !active,
      primary: true,
      testId: 'action-found',
    },
    {
      key: 'rename',
      label: t('action.rename'),
      icon: <EditOutlined />,
      disabled: !active,
      testId: 'action-rename',
    },
    {
      key: 'move',
      label: t('action.move'),
      icon: <SwapOutlined />,
      disabled: !active || !hasParent,
      testId: 'action-move',
    },
    {
      key: 'merge',
      label: t('action.merge'),
      icon: <MergeCellsOutlined />,
      disabled: !active,
      testId: 'action-merge',
    },
    {
      key: 'split',
      label: t('action.split'),
      icon: <SplitCellsOutlined />,
      disabled: !active || !hasParent,
      testId: 'action-split',
    },
    {
      key: 'dissolve',
      label: t('action.dissolve'),
      icon: <StopOutlined />,
      disabled: !active,
      danger: true,
      testId: 'action-dissolve',
    },
    { key: 'attributes', label: t('action.attributes'), icon: <FormOutlined />, testId: 'action-attributes' },
  ];
  if (mobile) {
    const items: MenuProps['items'] = actions.map((a) => ({
      key: a.key,
      label: a.label,
      icon: a.icon,
      disabled: a.disabled,
      danger: a.danger,
    }));
    return (
      <Dropdown menu={{ items, onClick: ({ key }) => onAction(key as Action) }} trigger={['click']}>
        <Button type="primary" block data-testid="unit-actions">
          {t('action.menu')} <DownOutlined />
        </Button>
      </Dropdown>
    );
  }
  return (
    <Space wrap size={8}>
      {actions.map((a) => (
        <Button
          key={a.key}
          icon={a.icon}
          type={a.primary ? 'primary' : 'default'}
          danger={a.danger}
          disabled={a.disabled}
          onClick={() => onAction(a.key)}
          data-testid={a.testId}
        >
          {a.label}
        </Button>
      ))}
    </Space>
  );
}

export default function UnitPage() {
  const { unitId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const at = params.get('at') ?? todayIso();
  const { t, errorText } = useI18n();
  const canWrite = useCan('org.write');
  const detail = useUnitDetail(unitId, at);
  const events = useEvents(unitId);
  const [action, setAction] = useState<Action | null>(null);

  if (detail.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (detail.error || !detail.data) {
    return (
      <Result
        status="warning"
        title={t('unit.loadFailed')}
        subTitle={errorText(detail.error)}
        extra={<Link to="/units">{t('unit.backToTree')}</Link>}
      />
    );
  }
  const data = detail.data;
  const { unit } = data;
  const active = activeOn(data, at);
  // An ended unit keeps no place in the tree after its end: show ancestors only while it lived.
  const ancestors = active ? data.ancestors : [];
  const atDate = active ? data.atDate : null;
  const parent = ancestors[ancestors.length - 1];
  const parentLink = active ? parentOn(data, at) : undefined;
  const close = () => setAction(null);
  const formProps = { unit, atDate, at, onClose: close };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        data-testid="unit-breadcrumb"
        items={[
          {
            key: 'tree',
            title: (
              <Link to={at === todayIso() ? '/units' : `/units?at=${at}`}>
                <ApartmentOutlined /> {t('nav.tree')}
              </Link>
            ),
          },
          ...ancestors.map((a) => ({
            key: a.id,
            title: (
              <Link to={unitLink(a.id, at)} title={a.name}>
                {a.shortName}
              </Link>
            ),
          })),
          { key: unit.id, title: unit.shortName },
        ]}
      />
      <Card styles={{ body: { paddingBottom: 16 } }}>
        <div
          style={{
            display: 'flex',
            gap: 16,
            flexWrap: 'wrap',
            alignItems: 'flex-start',
            justifyContent: 'space-between',
          }}
        >
          <div style={{ minWidth: 0, flex: '1 1 320px' }}>
            <Space size={8} wrap>
              <UnitTypeTag typeId={unit.typeId} />
              {unit.endedOn === OPEN_END ? (
                <Tag color="green">{t('unit.status.active')}</Tag>
              ) : (
                <Tag color="red">{t('unit.status.ended', { date: formatDate(unit.endedOn) })}</Tag>
              )}
            </Space>
            <Typography.Title level={3} style={{ margin: '8px 0 0' }} data-testid="unit-name">
              {unit.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('unit.code')}: {unit.code}
              {parentLink
                ? ` · ${t('unit.parentAt', { date: formatDate(at) })}: ${parentLink.parentName}`
                : ''}
            </Typography.Text>
          </div>
          <AsOfDate
            value={at}
            onChange={(iso) => setParams(iso === todayIso() ? {} : { at: iso })}
            testId="unit-as-of"
          />
        </div>
        {canWrite && (
          <div style={{ marginTop: 16 }}>
            <Actions detail={data} onAction={setAction} />
          </div>
        )}
      </Card>
      {!active && (
        <Alert
          type="warning"
          showIcon
          title={t('unit.notActiveAt', { date: formatDate(at) })}
          action={
            <Button
              size="small"
              onClick={() =>
                setParams({ at: at < unit.foundedOn ? unit.foundedOn : dayBefore(unit.endedOn) })
              }
            >
              {at < unit.foundedOn
                ? t('unit.viewOn', { date: formatDate(unit.foundedOn) })
                : t('unit.viewOn', { date: formatLastDay(unit.endedOn) })}
            </Button>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('unit.details')} size="small">
              <Details detail={data} at={at} />
            </Card>
            <SubUnits unitId={unit.id} at={at} />
            <ParentHistory detail={data} at={at} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('unit.timeline')} size="small">
            {events.isLoading ? (
              <Skeleton active />
            ) : events.error ? (
              <Alert type="error" showIcon title={errorText(events.error)} />
            ) : (
              <UnitTimeline
                events={events.data?.events ?? []}
                unitId={unit.id}
                parentHistory={data.parentHistory}
              />
            )}
          </Card>
        </Col>
      </Row>
      {canWrite && (
        <>
          <FoundForm {...formProps} open={action === 'found'} />
          <RenameForm {...formProps} open={action === 'rename'} />
          <MoveForm {...formProps} open={action === 'move'} />
          <MergeForm {...formProps} open={action === 'merge'} />
          <SplitForm {...formProps} open={action === 'split'} parentTypeId={parent?.typeId} />
          <DissolveForm
            {...formProps}
            open={action === 'dissolve'}
            parent={parent ? { id: parent.id, name: parent.name } : undefined}
          />
          <AttributesForm {...formProps} open={action === 'attributes'} groups={data.groups} />
        </>
      )}
    </Space>
  );
}
