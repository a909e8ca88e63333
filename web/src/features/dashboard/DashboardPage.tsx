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
import { useI18n } from '../../app/i18n';
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
        const d = parseDetails(event.details);
        // Every line names a unit: the one the event is about, else the unit that received it, else this one.
        const subject = d.founded[0] ??
          d.moves[0] ??
          d.dissolved[0] ??
          (d.renamed[0] ? { id: d.renamed[0].id, name: d.renamed[0].to } : undefined) ??
          d.target ?? { id: unitId, name: unitName };
        const more = d.founded.length + d.moves.length + d.dissolved.length + d.renamed.length - 1;
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
              {subject.id ? (
                <Link to={`/units/${subject.id}`} data-testid="dashboard-event-unit">
                  {subject.name}
                </Link>
              ) : (
                <span data-testid="dashboard-event-unit">{subject.name}</span>
              )}
              {more > 0 && (
                <Typography.Text type="secondary"> {t('event.andMore', { count: more })}</Typography.Text>
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
