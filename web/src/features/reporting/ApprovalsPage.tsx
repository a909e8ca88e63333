/**
 * Duyệt báo cáo: the reports the working unit decides, in three tabs with their counts — Chờ duyệt (submitted, to
 * approve or return), Đã duyệt (approved, which may be reopened with a reason) and Đã trả lại (returned or reopened,
 * waiting for the unit) — narrowed to a form and a period, a page at a time (a table on a desk, cards on a phone).
 * Each report opens read-only with its figures and the moves its status allows. The tab, filters and page live in
 * the address, so a reload or a link shows the same list.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Segmented, Select, Space, Tag, Typography } from 'antd';
import type { ReportApprovals } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { DataTable, ListError, pagesOf, type DataColumn } from '../../app/DataTable';
import { formatDate, formatNumber } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { reportsApi, type ApprovalsFilter, type ApprovalsTab } from './api';
import { reportKeys, useCatalogue, useReportRights } from './queries';
import { ReportReview, type ReportRef } from './ReportReview';
import { nameIn, periodLabel } from './shared';

type Row = ReportApprovals['reports'][number];

const TABS: ApprovalsTab[] = ['submitted', 'approved', 'returned'];
const PAGE_SIZE = 50;

export default function ApprovalsPage() {
  const { t, lang } = useI18n();
  const mobile = useIsMobile();
  const { unit } = useCurrentUnit();
  const rights = useReportRights();
  const catalogue = useCatalogue();
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<ReportRef | null>(null);
  const tab = TABS.find((s) => s === params.get('tab')) ?? 'submitted';
  const forms = catalogue.data?.forms ?? [];
  const form = forms.find((f) => f.id === params.get('form'));
  const periodCode = form?.recentPeriods.find((p) => p.code === params.get('period'))?.code;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filter: ApprovalsFilter = {
    status: tab,
    formId: form?.id,
    periodCode,
    page,
    pageSize: PAGE_SIZE,
  };
  const queue = useQuery({
    queryKey: reportKeys.approvals(unit?.id ?? '', filter),
    queryFn: () => reportsApi.approvals(unit!.id, filter),
    enabled: Boolean(unit) && rights.approve && !catalogue.isLoading,
    placeholderData: keepPreviousData,
  });
  if (!unit) return <Alert type="info" showIcon title={t('reports.noUnit')} />;
  if (!rights.approve)
    return (
      <Card title={t('reportApprovals.title')}>
        <Alert type="info" showIcon title={t('reportApprovals.noRight', { unit: unit.name })} />
      </Card>
    );

  /** Changes the address: any other change than the page starts again at page 1. */
  const choose = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next))
      if (value === undefined) merged.delete(key);
      else merged.set(key, value);
    if (!('page' in next)) merged.delete('page');
    setParams(merged, { replace: true });
  };

  const counts = queue.data?.counts;
  // The rows shown are those of the tab asked (not the previous tab's, kept while the new one loads).
  const rows = queue.data && queue.data.status === tab ? queue.data.reports : [];
  const late = (r: Row) => r.submittedOn !== null && r.submittedOn > r.deadline;
  const openOne = (r: Row) =>
    setOpen({ unitId: r.unitId, unitName: r.unitName, formId: r.formId, periodCode: r.periodCode });
  const columns: DataColumn<Row>[] = [
    {
      title: t('reportApprovals.unit'),
      key: 'unit',
      cardTitle: true,
      render: (_, r) => (
        <span title={r.unitCode}>
          {r.unitName}
          {r.unitEndedOn && (
            <Tag style={{ marginInlineStart: 8 }} data-testid="approval-unit-ended">
              {t('reportApprovals.ended', { date: formatDate(r.unitEndedOn) })}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('reportApprovals.form'),
      key: 'form',
      render: (_, r) => nameIn(lang, { nameVi: r.formName, nameEn: r.formNameEn }),
    },
    {
      title: t('reportApprovals.period'),
      key: 'period',
      render: (_, r) => periodLabel(lang, { labelVi: r.periodLabel, labelEn: r.periodLabelEn }),
    },
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
    },
  ];
  if (tab !== 'submitted')
    columns.push({
      title: t(
        tab === 'approved' ? 'reportApprovals.decidedOn.approved' : 'reportApprovals.decidedOn.returned',
      ),
      key: 'decidedOn',
      render: (_, r) => (
        <>
          {formatDate(r.decidedOn)}
          {r.decidedBy && (
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {t('reportApprovals.by', { name: r.decidedBy })}
            </Typography.Text>
          )}
        </>
      ),
    });
  if (tab === 'returned')
    columns.push({
      title: t('reportApprovals.commentColumn'),
      key: 'comment',
      render: (_, r) => (
        <span style={{ whiteSpace: 'pre-wrap' }} data-testid="approval-comment">
          {r.comment}
        </span>
      ),
    });
  columns.push({
    title: t('common.actions'),
    key: 'actions',
    cardFooter: true,
    render: (_, r) => (
      <Button
        type={tab === 'submitted' ? 'primary' : 'default'}
        onClick={() => openOne(r)}
        data-testid="approval-open"
      >
        {t('reportApprovals.open')}
      </Button>
    ),
  });

  const width = mobile ? '100%' : undefined;
  return (
    <Card title={t('reportApprovals.title')}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div style={{ maxWidth: '100%' }} className="cd-wrap-segmented">
          <Segmented<ApprovalsTab>
            value={tab}
            onChange={(v) => choose({ tab: v })}
            data-testid="approval-tabs"
            options={TABS.map((s) => ({
              value: s,
              label: (
                <span data-testid={`approval-tab-${s}`}>
                  {t(`reportApprovals.tab.${s}`, { count: counts ? formatNumber(counts[s]) : '…' })}
                </span>
              ),
            }))}
          />
        </div>
        <Space wrap style={{ width: '100%' }} orientation={mobile ? 'vertical' : 'horizontal'}>
          <Select
            data-testid="approval-form"
            aria-label={t('reports.form')}
            loading={catalogue.isLoading}
            allowClear
            placeholder={t('reportApprovals.allForms')}
            value={form?.id}
            onChange={(id?: string) => choose({ form: id, period: undefined })}
            style={{ width: width ?? 320, maxWidth: '100%' }}
            options={forms.map((f) => ({ value: f.id, label: nameIn(lang, f) }))}
          />
          <Select
            data-testid="approval-period"
            aria-label={t('reports.period')}
            allowClear
            disabled={!form}
            placeholder={t('reportApprovals.allPeriods')}
            value={periodCode}
            onChange={(code?: string) => choose({ period: code })}
            style={{ width: width ?? 240, maxWidth: '100%' }}
            options={(form?.recentPeriods ?? []).map((p) => ({ value: p.code, label: periodLabel(lang, p) }))}
          />
        </Space>
        <Typography.Text type="secondary">{t(`reportApprovals.hint.${tab}`)}</Typography.Text>
        <ListError error={queue.error} />
        <DataTable
          testId="report-approvals"
          rowKey={(r) => r.id}
          columns={columns}
          dataSource={rows}
          loading={queue.isFetching}
          pagination={pagesOf(page, PAGE_SIZE, counts?.[tab] ?? 0, (p) => choose({ page: String(p) }))}
          locale={{
            emptyText: t(tab === 'submitted' ? 'reportApprovals.empty' : `reportApprovals.empty.${tab}`),
          }}
        />
      </Space>
      <ReportReview target={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
