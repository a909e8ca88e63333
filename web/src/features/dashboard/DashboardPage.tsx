/** Tổng quan: the working unit today — its sub-units by type and its latest restructuring events. */
import { Link } from 'react-router-dom';
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { ApartmentOutlined, ClusterOutlined, HistoryOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { useCurrentUnit } from '../../app/current-unit';
import { formatDate, formatNumber, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels, useUnitTypes } from '../../app/labels';
import { UnitTypeTag } from '../organisation/components';
import { useEvents, useSubtree } from '../organisation/queries';
import { parseDetails } from '../organisation/UnitTimeline';

const RECENT = 8;

function TypeCounts({ unitId }: { unitId: string }) {
  const { t, errorText } = useI18n();
  const labels = useLabels();
  const types = useUnitTypes();
  const subtree = useSubtree(unitId, todayIso());
  if (subtree.isLoading) return <Skeleton active />;
  if (subtree.error) return <Alert type="error" showIcon title={errorText(subtree.error)} />;
  const today = todayIso();
  // Only units alive today count, whatever the subtree read returns for units that have ended.
  const below = (subtree.data?.units ?? []).filter(
    (u) => u.depth > 0 && u.foundedOn <= today && today < u.endedOn,
  );
  const direct = below.filter((u) => u.depth === 1).length;
  const counts = new Map<string, number>();
  for (const u of below) counts.set(u.typeId, (counts.get(u.typeId) ?? 0) + 1);
  const order = new Map((types.data?.types ?? []).map((type, i) => [type.id, i]));
  const byType = [...counts].sort((a, b) => (order.get(a[0]) ?? 99) - (order.get(b[0]) ?? 99));
  return (
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
    </Row>
  );
}

function RecentEvents({ unitId }: { unitId: string }) {
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
        const subject =
          d.founded[0] ??
          d.moves[0] ??
          d.dissolved[0] ??
          (d.renamed[0] ? { id: d.renamed[0].id, name: d.renamed[0].to } : undefined);
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
              {subject?.id ? <Link to={`/units/${subject.id}`}>{subject.name}</Link> : subject?.name}
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
  const { unit, isLoading, error } = useCurrentUnit();
  if (isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!unit) return <Empty description={t('dashboard.noUnit')} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space size={8} wrap>
          <UnitTypeTag typeId={unit.typeId} />
          <Typography.Text type="secondary">
            {t('dashboard.asOfToday', { date: formatDate(todayIso()) })}
          </Typography.Text>
        </Space>
        <Typography.Title level={3} style={{ margin: '8px 0 4px' }}>
          {unit.name}
        </Typography.Title>
        <Space wrap>
          <Link to={`/units/${unit.id}`}>{t('dashboard.openUnit')}</Link>
          <Typography.Text type="secondary">·</Typography.Text>
          <Link to="/units">{t('dashboard.openTree')}</Link>
        </Space>
      </Card>
      <Card title={t('dashboard.counts')} size="small">
        <TypeCounts unitId={unit.id} />
      </Card>
      <Card
        title={
          <span>
            <HistoryOutlined /> {t('dashboard.events')}
          </span>
        }
        size="small"
        extra={<Link to={`/units/${unit.id}`}>{t('dashboard.events.all')}</Link>}
      >
        <RecentEvents unitId={unit.id} />
      </Card>
    </Space>
  );
}
