/**
 * Duyệt báo cáo: the reports waiting for the working unit's approval (a table on a desk, cards on a phone), each
 * opened read-only with its figures to approve or return.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Tag } from 'antd';
import type { ReportApprovals } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { DataTable, ListError, type DataColumn } from '../../app/DataTable';
import { formatDate } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { reportsApi } from './api';
import { reportKeys, useReportRights } from './queries';
import { ReportReview, type ReportRef } from './ReportReview';

type Waiting = ReportApprovals['reports'][number];

export default function ApprovalsPage() {
  const { t } = useI18n();
  const { unit } = useCurrentUnit();
  const rights = useReportRights();
  const [open, setOpen] = useState<ReportRef | null>(null);
  const queue = useQuery({
    queryKey: reportKeys.approvals(unit?.id ?? ''),
    queryFn: () => reportsApi.approvals(unit!.id),
    enabled: Boolean(unit) && rights.approve,
  });
  if (!unit) return <Alert type="info" showIcon title={t('reports.noUnit')} />;
  if (!rights.approve)
    return (
      <Card title={t('reportApprovals.title')}>
        <Alert type="info" showIcon title={t('reportApprovals.noRight', { unit: unit.name })} />
      </Card>
    );

  const late = (r: Waiting) => r.submittedOn !== null && r.submittedOn > r.deadline;
  const openOne = (r: Waiting) =>
    setOpen({ unitId: r.unitId, unitName: r.unitName, formId: r.formId, periodCode: r.periodCode });
  const columns: DataColumn<Waiting>[] = [
    {
      title: t('reportApprovals.unit'),
      key: 'unit',
      cardTitle: true,
      render: (_, r) => <span title={r.unitCode}>{r.unitName}</span>,
      sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'vi'),
    },
    { title: t('reportApprovals.form'), dataIndex: 'formName', key: 'form' },
    { title: t('reportApprovals.period'), dataIndex: 'periodLabel', key: 'period' },
    {
      title: t('reportApprovals.submittedOn'),
      key: 'submittedOn',
      render: (_, r) => (
        <>
          {formatDate(r.submittedOn)}{' '}
          <Tag color={late(r) ? 'orange' : 'green'}>
            {late(r) ? t('reportApprovals.late') : t('reportApprovals.onTime')}
          </Tag>
        </>
      ),
      sorter: (a, b) => (a.submittedOn ?? '').localeCompare(b.submittedOn ?? ''),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      cardFooter: true,
      render: (_, r) => (
        <Button type="primary" onClick={() => openOne(r)} data-testid="approval-open">
          {t('reportApprovals.open')}
        </Button>
      ),
    },
  ];
  return (
    <Card title={t('reportApprovals.title')}>
      {queue.error ? (
        <ListError error={queue.error} />
      ) : (
        <DataTable
          testId="report-approvals"
          rowKey={(r) => r.id}
          columns={columns}
          dataSource={queue.data?.reports ?? []}
          loading={queue.isLoading}
          pagination={false}
          locale={{ emptyText: t('reportApprovals.empty') }}
        />
      )}
      <ReportReview target={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
