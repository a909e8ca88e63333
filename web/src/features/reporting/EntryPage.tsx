/**
 * Nhập báo cáo: the working unit's report for a chosen form and period, by sections (collapsible, which a phone
 * needs, all opened or closed by one button), saved as a draft as the person types, then submitted with a
 * confirmation. How many typed fields are still empty is said above the sections, in each section's header and in the
 * confirmation (empty fields do not stop a submission). Submitting is refused on screen while the report has errors,
 * and the reason is written beside the button (a phone shows no tooltip).
 */
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Collapse, Skeleton, Space, Tag, Typography } from 'antd';
import {
  CheckCircleOutlined,
  DownloadOutlined,
  NodeCollapseOutlined,
  NodeExpandOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { ReportProblem, ReportView } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { formatDateTime, formatNumber } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { reportsApi } from './api';
import { useFormPeriod, useInvalidateReports, useReportRights } from './queries';
import { ReportField } from './ReportField';
import { Deadline, FormPeriodPicker, nameIn, periodLabel, StatusTag } from './shared';
import { useReportDraft, type RawValue, type SaveState } from './useReportDraft';

function SaveStatus({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const { t, errorText } = useI18n();
  const text = (() => {
    switch (state.kind) {
      case 'idle':
        return null;
      case 'pending':
        return <Typography.Text type="secondary">{t('reports.pending')}</Typography.Text>;
      case 'saving':
        return <Typography.Text type="secondary">{t('reports.saving')}</Typography.Text>;
      case 'saved':
        return (
          <Typography.Text type="success">
            <CheckCircleOutlined /> {t('reports.savedAt', { time: formatDateTime(state.at).slice(-5) })}
          </Typography.Text>
        );
      case 'error':
        return (
          <Space wrap size={4}>
            <Typography.Text type="danger">
              {t('reports.saveFailed', { error: errorText(state.error) })}
            </Typography.Text>
            <Button size="small" onClick={onRetry} data-testid="report-save-retry">
              {t('common.retry')}
            </Button>
          </Space>
        );
    }
  })();
  return (
    <div data-testid="report-save-state" aria-live="polite" style={{ minHeight: 22 }}>
      {text}
    </div>
  );
}

/** Each indicator's problems, by its code. */
function problemsByIndicator(report: ReportView | undefined) {
  const map = new Map<string, ReportProblem[]>();
  for (const p of report?.problems ?? []) map.set(p.indicator, [...(map.get(p.indicator) ?? []), p]);
  return map;
}

/** A field a person types that holds nothing yet (a yes/no switch always shows an answer, so it is never empty). */
function isEmptyField(
  indicator: ReportView['indicators'][number],
  edit: RawValue | undefined,
  editing: boolean,
) {
  if (indicator.source !== 'typed' || indicator.valueType === 'boolean') return false;
  const value = editing ? edit : indicator.value;
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function ReportEntry({ unitId, formId, periodCode }: { unitId: string; formId: string; periodCode: string }) {
  const { t, lang, errorText } = useI18n();
  const mobile = useIsMobile();
  const { modal, message } = AntApp.useApp();
  const rights = useReportRights();
  const invalidate = useInvalidateReports();
  const draft = useReportDraft(unitId, formId, periodCode);
  const [submitting, setSubmitting] = useState(false);
  const [openSections, setOpenSections] = useState<string[] | null>(null);
  const report = draft.report.data;
  const problems = useMemo(() => problemsByIndicator(report), [report]);

  if (draft.report.isLoading) return <Skeleton active />;
  if (draft.report.error)
    return (
      <Alert type="error" showIcon title={errorText(draft.report.error)} data-testid="report-load-error" />
    );
  if (!report) return null;

  const status = report.submission?.status ?? null;
  const editable = report.canEdit && rights.write;
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const refusedCount = Object.keys(draft.refused).length;
  const warnings = report.problems.length - errors;
  const byCode = new Map(report.indicators.map((i) => [i.code, i]));
  const blocked =
    errors + refusedCount > 0
      ? t('reports.submit.blocked', { count: formatNumber(errors + refusedCount) })
      : draft.dirty || draft.state.kind === 'saving'
        ? t('reports.submit.unsaved')
        : null;
  const sectionKeys = report.sections.map((_, n) => String(n));
  const defaultOpen = mobile
    ? sectionKeys.filter(
        (key, n) => n === 0 || (report.sections[n]?.indicators ?? []).some((code) => problems.has(code)),
      )
    : sectionKeys;
  const activeKeys = openSections ?? defaultOpen;
  const allOpen = sectionKeys.every((key) => activeKeys.includes(key));
  const emptyIn = report.sections.map(
    (section) =>
      section.indicators.filter((code) => {
        const indicator = byCode.get(code);
        return indicator !== undefined && isEmptyField(indicator, draft.edits[code], code in draft.edits);
      }).length,
  );
  const empty = emptyIn.reduce((a, b) => a + b, 0);

  const submit = () =>
    modal.confirm({
      title: t('reports.submit.confirm', {
        form: nameIn(lang, report.form),
        period: periodLabel(lang, report.period),
      }),
      content: [
        t('reports.submit.confirmText'),
        ...(warnings ? [t('reports.submit.warnings', { count: warnings })] : []),
        ...(empty ? [t('reports.submit.empty', { count: formatNumber(empty) })] : []),
      ].join(' '),
      okText: t('reports.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setSubmitting(true);
        try {
          if (!(await draft.flush())) return;
          const version = (await draft.reload()).submission?.version;
          if (version === undefined) return;
          await reportsApi.move(unitId, formId, periodCode, 'submit', { version });
          void message.success(t('reports.submitted'));
          await invalidate();
        } catch (error) {
          void message.error(errorText(error));
          await draft.reload().catch(() => undefined);
        } finally {
          setSubmitting(false);
        }
      },
    });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap size={8}>
            <Typography.Text strong>{report.unit.name}</Typography.Text>
            <StatusTag status={status} />
          </Space>
          <Deadline deadline={report.deadline} done={status === 'submitted' || status === 'approved'} />
          {report.approver && (
            <Typography.Text type="secondary">
              {t('reports.approver', { unit: report.approver.name })}
            </Typography.Text>
          )}
          {editable && <SaveStatus state={draft.state} onRetry={() => void draft.flush()} />}
        </Space>
      </Card>
      {status === 'returned' && report.submission?.comment && (
        <Alert
          type="error"
          showIcon
          data-testid="report-returned"
          title={t('reports.returned.title')}
          description={
            <>
              <Typography.Paragraph strong style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
                {report.submission.comment}
              </Typography.Paragraph>
              {t('reports.returned.hint')}
            </>
          }
        />
      )}
      {draft.conflict && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={draft.dismissConflict}
          title={t('reports.conflict')}
          data-testid="report-conflict"
        />
      )}
      {!report.expected && <Alert type="info" showIcon title={t('reports.notExpected')} />}
      {!report.canEdit && status && status !== 'draft' && status !== 'returned' && (
        <Alert type="info" showIcon title={t('reports.readOnly')} />
      )}
      {report.canEdit && !rights.write && <Alert type="info" showIcon title={t('reports.noWrite')} />}
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 8,
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        {editable ? (
          <Typography.Text type={empty ? undefined : 'success'} data-testid="report-empty-count">
            {empty ? t('reports.empty', { count: formatNumber(empty) }) : t('reports.allFilled')}
          </Typography.Text>
        ) : (
          <span />
        )}
        {sectionKeys.length > 1 && (
          <Button
            icon={allOpen ? <NodeCollapseOutlined /> : <NodeExpandOutlined />}
            onClick={() => setOpenSections(allOpen ? [] : sectionKeys)}
            aria-expanded={allOpen}
            data-testid="report-sections-toggle"
          >
            {allOpen ? t('reports.collapseAll') : t('reports.expandAll')}
          </Button>
        )}
      </div>
      <Collapse
        activeKey={activeKeys}
        onChange={(keys) => setOpenSections(keys)}
        items={report.sections.map((section, n) => ({
          key: String(n),
          label: (
            <span data-testid={`report-section-${n}`}>
              {nameIn(lang, { nameVi: section.titleVi, nameEn: section.titleEn })}
            </span>
          ),
          extra:
            editable && (emptyIn[n] ?? 0) > 0 ? (
              <Tag style={{ marginInlineEnd: 0 }} data-testid={`report-section-empty-${n}`}>
                {t('reports.emptyInSection', { count: formatNumber(emptyIn[n] ?? 0) })}
              </Tag>
            ) : undefined,
          children: section.indicators.map((code) => {
            const indicator = byCode.get(code);
            if (!indicator) return null;
            return (
              <ReportField
                key={code}
                indicator={indicator}
                edit={draft.edits[code]}
                editing={code in draft.edits}
                problems={problems.get(code) ?? []}
                refused={draft.refused[code]}
                editable={editable}
                onChange={(value) => draft.change(code, value)}
              />
            );
          }),
        }))}
      />
      <Space wrap style={{ width: '100%' }}>
        {editable && (
          <Button
            type="primary"
            size="large"
            icon={<SendOutlined />}
            disabled={blocked !== null}
            loading={submitting}
            onClick={submit}
            block={mobile}
            data-testid="report-submit"
          >
            {t('reports.submit')}
          </Button>
        )}
        {editable && blocked && (
          <Typography.Text
            type={errors + refusedCount ? 'danger' : 'secondary'}
            data-testid="report-submit-blocked"
          >
            {blocked}
          </Typography.Text>
        )}
      </Space>
      <Space wrap>
        <Button href={reportsApi.documentUrl(unitId, formId, periodCode, 'docx')} icon={<DownloadOutlined />}>
          {t('reports.download.docx')}
        </Button>
        <Button href={reportsApi.documentUrl(unitId, formId, periodCode, 'xlsx')} icon={<DownloadOutlined />}>
          {t('reports.download.xlsx')}
        </Button>
        {editable && (
          <Button href={reportsApi.templateUrl(unitId, formId, periodCode)} icon={<DownloadOutlined />}>
            {t('reports.download.template')}
          </Button>
        )}
      </Space>
    </Space>
  );
}

export default function EntryPage() {
  const { t } = useI18n();
  const { unit } = useCurrentUnit();
  const { form, period, catalogue } = useFormPeriod();
  return (
    <Card title={t('nav.reportEntry')} data-testid="report-entry">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <FormPeriodPicker />
        {!unit ? (
          <Alert type="info" showIcon title={t('reports.noUnit')} />
        ) : catalogue.isLoading ? (
          <Skeleton active />
        ) : !form || !period ? (
          <Alert type="info" showIcon title={t('reports.noForms')} />
        ) : (
          <ReportEntry
            key={`${unit.id}/${form.id}/${period.code}`}
            unitId={unit.id}
            formId={form.id}
            periodCode={period.code}
          />
        )}
      </Space>
    </Card>
  );
}
