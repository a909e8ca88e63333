/**
 * Tổng hợp: an upper union's view of a form and period — completeness first (who is late or missing, with whom to
 * call), then the rolled-up figures on the chosen basis (approved only, or submitted too), each total opening the
 * breakdown by the units directly below, and the charts.
 */
import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Basis, ReportBreakdown, ReportTotals } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { formatNumber } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { reportsApi } from './api';
import { CompletenessPanel } from './CompletenessPanel';
import { ExcelUpload } from './ExcelUpload';
import { useFormPeriod, useInvalidateReports, useReportRights } from './queries';
import { FormPeriodPicker, nameIn, periodLabel } from './shared';
import { TotalsTable } from './TotalsTable';

const BarsChart = lazy(() => import('./ReportCharts'));

function Charts({ totals, breakdown }: { totals: ReportTotals; breakdown: ReportBreakdown | undefined }) {
  const { t, lang } = useI18n();
  const numeric = totals.rows.filter((r) => r.valueType !== 'text' && r.valueType !== 'boolean');
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const rankCode = picked ?? numeric[0]?.code;
  const rankRow = numeric.find((r) => r.code === rankCode);
  const withTargets = numeric.filter((r) => r.target !== null && typeof r.total === 'number');
  const withLastYear = numeric.filter((r) => typeof r.lastYear === 'number' || typeof r.total === 'number');
  const num = (v: number | string | null) => (typeof v === 'number' ? v : null);
  const ranking = [...(breakdown?.units ?? [])]
    .map((u) => ({
      name: u.name,
      values: [u.figures[rankCode ?? '']?.total ?? null],
      rate: u.figures[rankCode ?? '']?.rate ?? null,
    }))
    .sort((a, b) => (b.values[0] ?? -1) - (a.values[0] ?? -1));
  const lastYearLabel = totals.lastYearPeriod
    ? periodLabel(lang, totals.lastYearPeriod)
    : t('totals.lastYear');
  return (
    <Suspense fallback={<Skeleton active />}>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('charts.targets')}>
            {withTargets.length === 0 ? (
              <Typography.Text type="secondary">{t('charts.none')}</Typography.Text>
            ) : (
              <BarsChart
                testId="chart-targets"
                label={t('charts.targets')}
                series={[t('totals.total'), t('totals.target')]}
                items={withTargets.map((r) => ({
                  name: nameIn(lang, r),
                  values: [num(r.total), r.target],
                  rate: r.rate,
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('charts.ranking')}
            extra={
              <Select
                aria-label={t('charts.pick')}
                value={rankCode}
                onChange={setPicked}
                style={{ width: 220, maxWidth: '50vw' }}
                popupMatchSelectWidth={false}
                options={numeric.map((r) => ({ value: r.code, label: nameIn(lang, r) }))}
                data-testid="chart-ranking-pick"
              />
            }
          >
            {rankRow && (
              <BarsChart
                testId="chart-ranking"
                label={t('charts.ranking')}
                series={[nameIn(lang, rankRow)]}
                items={ranking}
              />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('charts.lastYear')}>
            <BarsChart
              testId="chart-last-year"
              label={t('charts.lastYear')}
              series={[t('charts.thisPeriod'), lastYearLabel]}
              items={withLastYear.map((r) => ({
                name: nameIn(lang, r),
                values: [num(r.total), num(r.lastYear)],
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Suspense>
  );
}

/**
 * The units' reports from the filled template (the paper reports typed in one sheet): download, fill, send; submitted
 * and approved on the way when asked and allowed.
 */
function ImportFromFile({
  unitId,
  formId,
  periodCode,
}: {
  unitId: string;
  formId: string;
  periodCode: string;
}) {
  const { t } = useI18n();
  const rights = useReportRights();
  const invalidate = useInvalidateReports();
  if (!rights.write) return null;
  return (
    <Card size="small" title={t('reportImport.title')} data-testid="summary-import">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('reportImport.help')}</Typography.Text>
        <Button
          href={reportsApi.templateUrl(unitId, formId, periodCode)}
          icon={<DownloadOutlined />}
          data-testid="summary-download-template"
        >
          {t('reports.download.template')}
        </Button>
        <ExcelUpload
          key={`${formId}/${periodCode}`}
          label={t('reportImport.upload')}
          testId="summary-upload"
          options={[
            { key: 'submit', label: t('reportImport.submit'), testId: 'summary-upload-submit' },
            ...(rights.approve
              ? [{ key: 'approve', label: t('reportImport.approve'), testId: 'summary-upload-approve' }]
              : []),
          ]}
          send={async (file, ticked) => {
            const approve = Boolean(ticked.approve);
            const done = await reportsApi.importReports(unitId, formId, periodCode, file, {
              // Approving needs the report submitted: the same sending does both.
              submit: Boolean(ticked.submit) || approve,
              approve,
            });
            await invalidate();
            return t('reportImport.done', {
              reports: formatNumber(done.reports),
              changed: formatNumber(done.changed),
              submitted: formatNumber(done.submitted),
              approved: formatNumber(done.approved),
            });
          }}
        />
      </Space>
    </Card>
  );
}

function Summary({
  unitId,
  formId,
  periodCode,
  basis,
}: {
  unitId: string;
  formId: string;
  periodCode: string;
  basis: Basis;
}) {
  const { t, errorText } = useI18n();
  const totals = useQuery({
    queryKey: ['reports', 'totals', unitId, formId, periodCode, basis],
    queryFn: () => reportsApi.totals(unitId, formId, periodCode, basis),
  });
  const breakdown = useQuery({
    queryKey: ['reports', 'breakdown', unitId, formId, periodCode, basis],
    queryFn: () => reportsApi.breakdown(unitId, formId, periodCode, basis),
  });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Button
          href={reportsApi.totalsFileUrl(unitId, formId, periodCode, basis)}
          icon={<DownloadOutlined />}
          data-testid="summary-download-totals"
        >
          {t('reportSummary.download.totals')}
        </Button>
        <Button
          href={reportsApi.breakdownFileUrl(unitId, formId, periodCode, basis)}
          icon={<DownloadOutlined />}
          data-testid="summary-download-breakdown"
        >
          {t('reportSummary.download.breakdown')}
        </Button>
      </Space>
      <ImportFromFile unitId={unitId} formId={formId} periodCode={periodCode} />
      <CompletenessPanel unitId={unitId} formId={formId} periodCode={periodCode} />
      <Card size="small" title={t('totals.title')}>
        {totals.isLoading && <Skeleton active />}
        {totals.error && <Alert type="error" showIcon title={errorText(totals.error)} />}
        {totals.data && <TotalsTable totals={totals.data} breakdown={breakdown.data} />}
      </Card>
      {totals.data && <Charts totals={totals.data} breakdown={breakdown.data} />}
    </Space>
  );
}

export default function SummaryPage() {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const { unit } = useCurrentUnit();
  const { form, period, catalogue, params, setParams } = useFormPeriod();
  const basis: Basis = params.get('basis') === 'submitted' ? 'submitted' : 'approved';
  const setBasis = (next: Basis) => {
    const merged = new URLSearchParams(params);
    merged.set('basis', next);
    setParams(merged, { replace: true });
  };
  return (
    <Card title={t('nav.reportSummary')} data-testid="report-summary">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <FormPeriodPicker
          extra={
            <Segmented<Basis>
              value={basis}
              onChange={setBasis}
              // 40 px high on a phone, as every other touch target.
              size={mobile ? 'large' : undefined}
              data-testid="report-basis"
              options={[
                { value: 'approved', label: t('reportSummary.basis.approved') },
                { value: 'submitted', label: t('reportSummary.basis.submitted') },
              ]}
            />
          }
        />
        {!unit ? (
          <Alert type="info" showIcon title={t('reports.noUnit')} />
        ) : catalogue.isLoading ? (
          <Skeleton active />
        ) : !form || !period ? (
          <Alert type="info" showIcon title={t('reports.noForms')} />
        ) : (
          <Summary unitId={unit.id} formId={form.id} periodCode={period.code} basis={basis} />
        )}
      </Space>
    </Card>
  );
}
