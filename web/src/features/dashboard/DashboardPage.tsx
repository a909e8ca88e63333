/**
 * Tổng quan: the working unit on a chosen day — its members (total, women, admissions this year, proposals waiting)
 * with a year's trend, its sub-units by type, and its latest restructuring events, each naming its unit.
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import {
  ApartmentOutlined,
  ClusterOutlined,
  FileAddOutlined,
  HistoryOutlined,
  NodeIndexOutlined,
  TeamOutlined,
  UserAddOutlined,
  WomanOutlined,
} from '@ant-design/icons';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import { useCurrentUnit } from '../../app/current-unit';
import { formatDate, formatNumber, formatPercent, fromIso, toIso, todayIso } from '../../app/format';
import { useMemberRights } from '../members/queries';
import { useI18n, type Translate } from '../../app/i18n';
import type { UnitEventView } from '../../app/contract';
import { useLabels, useUnitTypes } from '../../app/labels';
import { UnitTypeTag } from '../organisation/components';
import { useEvents, useSubtree } from '../organisation/queries';
import { parseDetails } from '../organisation/UnitTimeline';
import { DateInput } from '../../app/DateInput';

// ECharts is the largest part of the dashboard: the figures show first, the chart follows.
const TrendChart = lazy(() => import('./TrendChart'));

const RECENT = 8;

function MemberFigures({ unitId, at }: { unitId: string; at: string }) {
  const { t, errorText } = useI18n();
  const figures = useQuery({
    queryKey: ['dashboard', unitId, at],
    queryFn: () => api.dashboard(unitId, at),
  });
  if (figures.isLoading) return <Skeleton active />;
  if (figures.error) return <Alert type="error" showIcon title={errorText(figures.error)} />;
  const d = figures.data;
  if (!d) return null;
  const stat = (title: string, value: number, icon: ReactNode, testId: string, suffix?: string) => (
    <Col xs={12} md={6}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={value} formatter={(v) => formatNumber(Number(v))} prefix={icon} />
        {suffix && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {suffix}
          </Typography.Text>
        )}
      </Card>
    </Col>
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]} data-testid="dashboard-members">
        {stat(t('dashboard.members'), d.members, <TeamOutlined />, 'dashboard-members-total')}
        {stat(
          t('dashboard.women'),
          d.women,
          <WomanOutlined />,
          'dashboard-members-women',
          d.members > 0
            ? t('dashboard.womenShare', { percent: formatPercent(d.women / d.members) })
            : undefined,
        )}
        {stat(
          t('dashboard.admitted', { year: d.at.slice(0, 4) }),
          d.admittedThisYear,
          <UserAddOutlined />,
          'dashboard-members-admitted',
        )}
        {stat(t('dashboard.pending'), d.pendingApprovals, <FileAddOutlined />, 'dashboard-members-pending')}
      </Row>
      <div>
        <Typography.Text type="secondary">{t('dashboard.trend')}</Typography.Text>
        <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 220 }} />}>
          <TrendChart points={d.trend} label={t('dashboard.trend')} />
        </Suspense>
      </div>
    </Space>
  );
}

function TypeCounts({ unitId, at }: { unitId: string; at: string }) {
  const { t, errorText } = useI18n();
  const labels = useLabels();
  const types = useUnitTypes();
  const subtree = useSubtree(unitId, at);
  const frame = (body: ReactNode) => (
    <Card title={t('dashboard.counts')} size="small">
      {body}
    </Card>
  );
  if (subtree.isLoading) return frame(<Skeleton active />);
  if (subtree.error) return frame(<Alert type="error" showIcon title={errorText(subtree.error)} />);
  // Only units alive on the day count, whatever the subtree read returns for units that have ended.
  const below = (subtree.data?.units ?? []).filter((u) => u.depth > 0 && u.foundedOn <= at && at < u.endedOn);
  const direct = below.filter((u) => u.depth === 1).length;
  const counts = new Map<string, number>();
  for (const u of below) counts.set(u.typeId, (counts.get(u.typeId) ?? 0) + 1);
  const order = new Map((types.data?.types ?? []).map((type, i) => [type.id, i]));
  const byType = [...counts].sort((a, b) => (order.get(a[0]) ?? 99) - (order.get(b[0]) ?? 99));
  // A unit without sub-units (a CĐCS) has no such section: no row of zeros.
  if (below.length === 0) return null;
  return frame(
    <Row gutter={[12, 12]} data-testid="dashboard-counts">
      <Col xs={12} md={8} xl={6}>
        <Card size="small">
          <Statistic
            title={t('dashboard.direct')}
            value={direct}
            formatter={(v) => formatNumber(Number(v))}
            prefix={<NodeIndexOutlined />}
          />
        </Card>
      </Col>
      <Col xs={12} md={8} xl={6}>
        <Card size="small">
          <Statistic
            title={t('dashboard.total')}
            value={below.length}
            formatter={(v) => formatNumber(Number(v))}
            prefix={<ClusterOutlined />}
          />
        </Card>
      </Col>
      {byType.map(([typeId, count]) => (
        <Col key={typeId} xs={12} md={8} xl={6}>
          <Card size="small">
            <Statistic
              title={<span title={labels.typeName(typeId)}>{labels.typeShort(typeId)}</span>}
              value={count}
              formatter={(v) => formatNumber(Number(v))}
              prefix={<ApartmentOutlined />}
            />
          </Card>
        </Col>
      ))}
    </Row>,
  );
}

/**
 * What an event did that concerns this unit, in one line: its own founding, move (with where to), rename or end; as
 * the parent, the units it received or let go, named one and counted the rest. Never the first unit of a province's
 * decision that has nothing to do with this one.
 */
function eventLine(
  event: UnitEventView,
  unitId: string,
  unitName: string,
  t: Translate,
): { text: string; unitId?: string | undefined; more: number } {
  const d = parseDetails(event.details);
  const self = { unitId, more: 0 };
  const renamed = d.renamed.find((r) => r.id === unitId);
  if (event.own?.movedTo)
    return { ...self, text: t('dashboard.event.movedTo', { unit: unitName, to: event.own.movedTo }) };
  if (d.founded.some((f) => f.id === unitId) || event.role === 'founded')
    return { ...self, text: t('dashboard.event.founded', { unit: unitName }) };
  if (renamed)
    return {
      ...self,
      text: t('dashboard.event.renamed', { from: renamed.from ?? '', to: renamed.to ?? '' }),
    };
  if (d.dissolved.some((x) => x.id === unitId) || event.role === 'ended')
    return { ...self, text: t('dashboard.event.ended', { unit: unitName }) };
  const own = d.moves.find((m) => m.id === unitId);
  if (own) return { ...self, text: t('dashboard.event.movedTo', { unit: unitName, to: own.to ?? '' }) };
  // This unit as a parent: the units that came in or left, by the names the event lists.
  const incoming = d.moves.filter((m) => m.to === unitName);
  const first = incoming[0];
  if (event.role === 'new_parent' && first)
    return {
      unitId: first.id,
      text: first.from
        ? t('dashboard.event.movedFrom', { unit: first.name ?? '', from: first.from })
        : (first.name ?? ''),
      more: incoming.length - 1,
    };
  const outgoing = d.moves.filter((m) => m.from === unitName);
  const gone = outgoing[0];
  if (event.role === 'old_parent' && gone)
    return {
      unitId: gone.id,
      text: t('dashboard.event.movedTo', { unit: gone.name ?? '', to: gone.to ?? '' }),
      more: outgoing.length - 1,
    };
  const subject = d.founded[0] ?? d.dissolved[0] ?? d.target;
  if (event.role === 'parent' && subject)
    return { unitId: subject.id, text: subject.name ?? '', more: d.founded.length + d.dissolved.length - 1 };
  return { ...self, text: unitName };
}

function RecentEvents({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t, errorText } = useI18n();
  const labels = useLabels();
  const events = useEvents(unitId);
  if (events.isLoading) return <Skeleton active />;
  if (events.error) return <Alert type="error" showIcon title={errorText(events.error)} />;
  const recent = (events.data?.events ?? []).slice(0, RECENT);
  if (recent.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.events.none')} />;
  return (
    <div data-testid="dashboard-events">
      {recent.map((event) => {
        const line = eventLine(event, unitId, unitName, t);
        return (
          <div
            key={event.id}
            style={{
              display: 'flex',
              gap: 12,
              padding: '8px 0',
              borderBottom: '1px solid #f0f0f0',
              alignItems: 'baseline',
            }}
          >
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {formatDate(event.effectiveOn)}
            </Typography.Text>
            <div style={{ minWidth: 0, flex: 1 }}>
              <Tag style={{ marginInlineEnd: 6 }}>{labels.eventKind(event.kind)}</Tag>
              {line.unitId ? (
                <Link to={`/units/${line.unitId}`} data-testid="dashboard-event-unit">
                  {line.text}
                </Link>
              ) : (
                <span data-testid="dashboard-event-unit">{line.text}</span>
              )}
              {line.more > 0 && (
                <Typography.Text type="secondary">
                  {' '}
                  {t('event.andMore', { count: line.more })}
                </Typography.Text>
              )}
              {event.decisionNo && (
                <div className="cd-muted" style={{ fontSize: 12 }}>
                  {t('event.decision', { no: event.decisionNo })}
                </div>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

export default function DashboardPage() {
  const { t, errorText } = useI18n();
  const me = useMe();
  const { unit, isLoading, error } = useCurrentUnit();
  const memberRights = useMemberRights();
  const [at, setAt] = useState(todayIso());
  if (isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  // An account whose units have ended is told so above the page (EndedUnitNotice), not that it has no role.
  if (!unit)
    return me.grants.some((g) => g.unitEndedOn) ? null : <Empty description={t('dashboard.noUnit')} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space size={8} wrap>
          <UnitTypeTag typeId={unit.typeId} />
          <Typography.Text type="secondary">{t('dashboard.at')}</Typography.Text>
          <DateInput
            value={fromIso(at)}
            allowClear={false}
            onChange={(value) => setAt(toIso(value) ?? todayIso())}
            disabledDate={(d) => d.isAfter(fromIso(todayIso()))}
            data-testid="dashboard-date"
          />
        </Space>
        <Typography.Title level={3} style={{ margin: '8px 0 4px' }} data-testid="dashboard-unit">
          {unit.name}
        </Typography.Title>
        <Space wrap>
          <Link to={`/units/${unit.id}`}>{t('dashboard.openUnit')}</Link>
          <Typography.Text type="secondary">·</Typography.Text>
          <Link to="/units">{t('dashboard.openTree')}</Link>
        </Space>
      </Card>
      {memberRights.read && (
        <Card title={t('dashboard.members.title')} size="small">
          <MemberFigures unitId={unit.id} at={at} />
        </Card>
      )}
      <TypeCounts unitId={unit.id} at={at} />
      <Card
        title={
          <span>
            <HistoryOutlined /> {t('dashboard.events')}
          </span>
        }
        size="small"
        extra={<Link to={`/units/${unit.id}`}>{t('dashboard.events.all')}</Link>}
      >
        <RecentEvents unitId={unit.id} unitName={unit.name} />
      </Card>
    </Space>
  );
}
