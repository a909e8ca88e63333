/**
 * The unit page's member counts as of the page's date, derived by the server from membership events: the total
 * (and people, when someone belongs to two units), women, age bands, the main ethnic groups and sectors.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Col, Empty, Progress, Row, Skeleton, Statistic, Typography } from 'antd';
import { TeamOutlined, WomanOutlined } from '@ant-design/icons';
import type { MemberCountLine } from '../../app/contract';
import { formatDate, formatNumber, formatPercent, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useLabels } from '../../app/labels';
import { useMemberStats, usePersonValues } from './queries';

const TOP_ETHNICITIES = 5;

function Bars({
  title,
  lines,
  total,
  testId,
}: {
  title: string;
  lines: { key: string; label: string; value: number }[];
  total: number;
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      {lines.map((line) => (
        <div key={line.key} style={{ marginTop: 6 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: 13 }}>
            <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{line.label}</span>
            <span style={{ whiteSpace: 'nowrap' }}>{formatNumber(line.value)}</span>
          </div>
          <Progress
            percent={total > 0 ? (line.value / total) * 100 : 0}
            showInfo={false}
            size="small"
            style={{ margin: 0 }}
          />
        </div>
      ))}
    </div>
  );
}

/** A headline count, with a line of context under it. */
function Count({
  title,
  value,
  icon,
  note,
}: {
  title: string;
  value: number;
  icon: ReactNode;
  note: ReactNode;
}) {
  return (
    <Col xs={12} md={6}>
      <Statistic title={title} value={value} formatter={(v) => formatNumber(Number(v))} prefix={icon} />
      {note && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      )}
    </Col>
  );
}

export function MemberCountsPanel({ unitId, at }: { unitId: string; at: string }) {
  const { t, errorText } = useI18n();
  const labels = useLabels();
  const values = usePersonValues();
  const stats = useMemberStats(unitId, at);
  const listLink = `/members?unit=${unitId}${at === todayIso() ? '' : `&at=${at}`}`;

  const body = () => {
    if (stats.isLoading) return <Skeleton active />;
    if (stats.error || !stats.data) return <Alert type="error" showIcon title={errorText(stats.error)} />;
    const data = stats.data;
    if (data.memberships === 0)
      return (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('memberStats.empty', { date: formatDate(at) })}
        />
      );
    const total = data.memberships;
    const women = data.byGender.find((g) => g.key === 'female')?.memberships ?? 0;
    const top = data.byEthnicity.slice(0, TOP_ETHNICITIES);
    const rest = data.byEthnicity.slice(TOP_ETHNICITIES).reduce((sum, l) => sum + l.memberships, 0);
    const lines = (source: MemberCountLine[], label: (l: MemberCountLine) => string) =>
      source.map((l) => ({ key: l.key, label: label(l), value: l.memberships }));
    const bars = [
      {
        title: t('memberStats.byAge'),
        testId: 'member-stats-age',
        lines: lines(data.byAgeBand, (l) => labels.ageBand(l.key, l.label)),
      },
      {
        title: t('memberStats.byEthnicity'),
        testId: 'member-stats-ethnicity',
        lines: [
          ...lines(top, (l) => values.ethnicity(l.key, l.label)),
          ...(rest > 0 ? [{ key: 'rest', label: t('memberStats.otherEthnicities'), value: rest }] : []),
        ],
      },
      {
        title: t('memberStats.bySector'),
        testId: 'member-stats-sector',
        lines: lines(data.bySector, (l) =>
          l.key ? labels.sector(l.key) || l.label : t('memberStats.noSector'),
        ),
      },
    ];
    return (
      <Row gutter={[16, 16]}>
        <Count
          title={t('memberStats.total')}
          value={total}
          icon={<TeamOutlined />}
          note={data.persons !== total && t('memberStats.persons', { count: formatNumber(data.persons) })}
        />
        <Count
          title={t('memberStats.women')}
          value={women}
          icon={<WomanOutlined />}
          note={t('memberStats.share', { rate: formatPercent(women / total) })}
        />
        {bars.map((bar) => (
          <Col key={bar.testId} xs={24} md={12}>
            <Bars {...bar} total={total} />
          </Col>
        ))}
      </Row>
    );
  };

  return (
    <Card
      size="small"
      title={t('memberStats.title', { date: formatDate(at) })}
      extra={<Link to={listLink}>{t('memberStats.openList')}</Link>}
      data-testid="member-stats"
    >
      {body()}
    </Card>
  );
}
