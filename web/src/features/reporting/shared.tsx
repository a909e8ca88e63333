/** What the report screens share: the form and period picker, the status tag, the deadline, figures as people write them. */
import dayjs from 'dayjs';
import { Select, Space, Tag, Typography } from 'antd';
import type { ReportStatus, ValueType } from '../../app/contract';
import { formatDate, formatNumber, todayIso } from '../../app/format';
import { useI18n, type Lang, type Translate } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { useFormPeriod } from './queries';

/** A catalogue entry's name in the reader's language. */
export const nameIn = (lang: Lang, item: { nameVi: string; nameEn: string }) =>
  lang === 'vi' ? item.nameVi : item.nameEn;
export const periodLabel = (lang: Lang, period: { labelVi: string; labelEn: string }) =>
  lang === 'vi' ? period.labelVi : period.labelEn;

/** A stored figure as people write it: 1.489 người, 52.500.000 đ, 58,3%, Có. */
export function formatFigure(
  t: Translate,
  valueType: ValueType,
  value: number | string | null | undefined,
): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return value;
  switch (valueType) {
    case 'money':
      return `${formatNumber(value)} ${t('reports.money')}`;
    case 'percent':
      return `${formatNumber(value, Number.isInteger(value) ? 0 : 1)}%`;
    case 'boolean':
      return value ? t('common.yes') : t('common.no');
    case 'count':
    case 'text':
      return formatNumber(value, Number.isInteger(value) ? 0 : 1);
  }
}

const STATUS_COLOURS: Record<ReportStatus, string> = {
  draft: 'processing',
  submitted: 'blue',
  approved: 'success',
  returned: 'error',
};

export function StatusTag({ status }: { status: ReportStatus | null }) {
  const { t } = useI18n();
  if (!status) return <Tag data-testid="report-status">{t('reportStatus.none')}</Tag>;
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="report-status">
      {t(`reportStatus.${status}`)}
    </Tag>
  );
}

/** "Hạn nộp 05/07/2023 · còn 3 ngày" / "· quá hạn 12 ngày" (counted in Vietnam days). */
export function Deadline({ deadline, done }: { deadline: string; done: boolean }) {
  const { t } = useI18n();
  const days = dayjs(deadline).diff(dayjs(todayIso()), 'day');
  const tail = done
    ? null
    : days > 0
      ? { text: t('reports.daysLeft', { days }), type: undefined }
      : days === 0
        ? { text: t('reports.dueToday'), type: 'warning' as const }
        : { text: t('reports.overdue', { days: -days }), type: 'danger' as const };
  return (
    <Typography.Text data-testid="report-deadline">
      {t('reports.deadline', { date: formatDate(deadline) })}
      {tail && (
        <Typography.Text type={tail.type} strong>
          {' · '}
          {tail.text}
        </Typography.Text>
      )}
    </Typography.Text>
  );
}

/** The form and period selects; the choice lives in the address. */
export function FormPeriodPicker({ extra }: { extra?: React.ReactNode }) {
  const { t, lang } = useI18n();
  const mobile = useIsMobile();
  const { forms, form, periods, period, choose, catalogue } = useFormPeriod();
  const width = mobile ? '100%' : undefined;
  return (
    <Space wrap style={{ width: '100%' }} orientation={mobile ? 'vertical' : 'horizontal'}>
      <Select
        data-testid="report-form"
        aria-label={t('reports.form')}
        loading={catalogue.isLoading}
        value={form?.id}
        onChange={(id) => choose({ form: id })}
        style={{ width: width ?? 320, maxWidth: '100%' }}
        options={forms.map((f) => ({ value: f.id, label: nameIn(lang, f) }))}
      />
      <Select
        data-testid="report-period"
        aria-label={t('reports.period')}
        value={period?.code}
        onChange={(code) => choose({ period: code })}
        style={{ width: width ?? 240, maxWidth: '100%' }}
        options={periods.map((p) => ({ value: p.code, label: periodLabel(lang, p) }))}
      />
      {extra}
    </Space>
  );
}
