/**
 * Who has reported: expected, submitted, on time, late and missing as numbers and a donut, the same by branch (the
 * units directly below) with rates, and the missing units with their officers to call or write to. Until the deadline
 * has passed (a Vietnam day) a unit without a report is only "Chưa nộp", in a quiet grey; after it, the alarm red
 * "Chưa báo cáo".
 */
import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Progress, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { MailOutlined, PhoneOutlined } from '@ant-design/icons';
import type { ReportCompleteness } from '../../app/contract';
import { DataTable, type DataColumn } from '../../app/DataTable';
import { formatNumber, formatPercent, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { reportsApi } from './api';
import { Deadline } from './shared';

const CompletenessDonut = lazy(() =>
  import('./ReportCharts').then((m) => ({ default: m.CompletenessDonut })),
);

type Branch = ReportCompleteness['byBranch'][number];
type UnitLine = ReportCompleteness['units'][number];

export function CompletenessPanel({
  unitId,
  formId,
  periodCode,
}: {
  unitId: string;
  formId: string;
  periodCode: string;
}) {
  const { t, errorText } = useI18n();
  const mobile = useIsMobile();
  const data = useQuery({
    queryKey: ['reports', 'completeness', unitId, formId, periodCode],
    queryFn: () => reportsApi.completeness(unitId, formId, periodCode),
  });
  if (data.isLoading) return <Skeleton active />;
  if (data.error) return <Alert type="error" showIcon title={errorText(data.error)} />;
  const c = data.data;
  if (!c) return null;
  const o = c.overall;
  const rate = (value: number | null) => (value === null ? '—' : formatPercent(value));
  // On the deadline day itself a unit may still submit in time.
  const beforeDeadline = todayIso() <= c.deadline;
  const missingWord = beforeDeadline ? t('completeness.pending') : t('completeness.missing');
  const stat = (
    key: 'expected' | 'submitted' | 'onTime' | 'late' | 'missing',
    tone?: string,
    title: string = t(`completeness.${key}`),
  ) => (
    <Col xs={12} sm={8} md={4} key={key}>
      <Card size="small" data-testid={`completeness-${key}`}>
        <Statistic
          title={title}
          value={o[key]}
          formatter={(v) => formatNumber(Number(v))}
          styles={tone ? { content: { color: tone } } : undefined}
        />
      </Card>
    </Col>
  );
  const branchColumns: DataColumn<Branch>[] = [
    {
      title: t('drill.unit'),
      key: 'name',
      cardTitle: true,
      render: (_, b) => <span title={b.code}>{b.name}</span>,
    },
    {
      title: t('completeness.expected'),
      dataIndex: 'expected',
      align: 'right',
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('completeness.submitted'),
      dataIndex: 'submitted',
      align: 'right',
      render: (v: number) => formatNumber(v),
    },
    {
      title: t('completeness.late'),
      dataIndex: 'late',
      align: 'right',
      render: (v: number) => formatNumber(v),
    },
    {
      title: missingWord,
      dataIndex: 'missing',
      align: 'right',
      render: (v: number) => formatNumber(v),
      sorter: (a, b) => a.missing - b.missing,
      // The branches with the most units still to report come first: they are the ones to call.
      defaultSortOrder: 'descend',
    },
    {
      title: t('completeness.rate'),
      key: 'rate',
      align: 'right',
      sorter: (a, b) => (a.rate ?? 0) - (b.rate ?? 0),
      render: (_, b) => rate(b.rate),
    },
    {
      title: t('completeness.onTimeRate'),
      key: 'onTimeRate',
      align: 'right',
      render: (_, b) => rate(b.onTimeRate),
    },
  ];
  const missing = c.units.filter((u) => u.timeliness === 'missing');
  const missingColumns: DataColumn<UnitLine>[] = [
    {
      title: t('drill.unit'),
      key: 'name',
      cardTitle: true,
      render: (_, u) => <span title={u.code}>{u.name}</span>,
    },
    {
      title: t('completeness.officers'),
      key: 'officers',
      render: (_, u) =>
        u.officers.length === 0 ? (
          <Typography.Text type="secondary">{t('completeness.noOfficer')}</Typography.Text>
        ) : (
          <Space orientation="vertical" size={0}>
            {u.officers.map((o) => (
              <Space key={o.fullName} wrap size={8}>
                <Typography.Text>{o.fullName}</Typography.Text>
                {o.phone && (
                  <a href={`tel:${o.phone.replace(/\s/g, '')}`}>
                    <PhoneOutlined /> {o.phone}
                  </a>
                )}
                {o.email && (
                  <a href={`mailto:${o.email}`}>
                    <MailOutlined /> {o.email}
                  </a>
                )}
              </Space>
            ))}
          </Space>
        ),
    },
  ];
  return (
    <Card
      title={t('completeness.title')}
      size="small"
      // A phone has no room beside the title (it would be cut to "Tình hình nộ…"): the deadline goes below it.
      extra={mobile ? undefined : <Deadline deadline={c.deadline} done={false} />}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {mobile && <Deadline deadline={c.deadline} done={false} />}
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} lg={16}>
            <Row gutter={[8, 8]}>
              {stat('expected')}
              {stat('submitted')}
              {stat('onTime', '#389e0d')}
              {stat('late', '#d48806')}
              {stat('missing', beforeDeadline ? '#595959' : '#cf1322', missingWord)}
            </Row>
            <Progress
              percent={Math.round((o.rate ?? 0) * 1000) / 10}
              format={() => `${t('completeness.rate')} ${rate(o.rate)}`}
              style={{ marginTop: 8 }}
            />
          </Col>
          <Col xs={24} lg={8}>
            <Suspense fallback={<Skeleton active />}>
              <CompletenessDonut
                label={t('charts.completeness')}
                parts={[
                  { name: t('completeness.onTime'), value: o.onTime, color: '#52c41a' },
                  { name: t('completeness.late'), value: o.late, color: '#faad14' },
                  {
                    name: missingWord,
                    value: o.missing,
                    color: beforeDeadline ? '#bfbfbf' : '#f5222d',
                  },
                ]}
              />
            </Suspense>
          </Col>
        </Row>
        {c.byBranch.length > 0 && (
          <>
            <Typography.Title level={5}>{t('completeness.byBranch')}</Typography.Title>
            <DataTable
              testId="completeness-branches"
              rowKey={(b) => b.unitId}
              columns={branchColumns}
              dataSource={[...c.byBranch].sort((a, b) => b.missing - a.missing)}
              pagination={false}
              size="small"
            />
          </>
        )}
        <Typography.Title level={5} data-testid="completeness-missing-title">
          {t(beforeDeadline ? 'completeness.pendingList' : 'completeness.missingList', {
            count: formatNumber(missing.length),
          })}
        </Typography.Title>
        {beforeDeadline && missing.length > 0 && (
          <Typography.Text type="secondary" data-testid="completeness-pending-hint">
            {t('completeness.pendingHint')}
          </Typography.Text>
        )}
        {missing.length === 0 ? (
          <Alert type="success" showIcon title={t('completeness.noMissing')} />
        ) : (
          <DataTable
            testId="completeness-missing-list"
            rowKey={(u) => u.unitId}
            columns={missingColumns}
            dataSource={missing}
            pagination={missing.length > 50 ? { pageSize: 50 } : false}
            size="small"
          />
        )}
      </Space>
    </Card>
  );
}
