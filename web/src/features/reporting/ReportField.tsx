/**
 * One indicator of a report: its input by type (counts and money get their thousands dots as they are typed), its
 * measure, and beside it last period's value, the yearly target and how much of it is reached; registry and formula
 * figures are shown read-only with where they come from; the report's rule messages sit under the field they name.
 */
import { Input, Space, Switch, Tag, Typography } from 'antd';
import { CalculatorOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReportIndicator, ReportProblem } from '../../app/contract';
import { formatNumber, formatPercent } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useIsMobile } from '../../app/responsive';
import { formatFigure, nameIn } from './shared';
import type { RawValue } from './useReportDraft';

/** Digits of what was typed as a whole number, or null for an empty field. */
export function digitsOf(text: string): number | null {
  const digits = text.replace(/\D/g, '');
  return digits === '' ? null : Number(digits.slice(0, 15));
}

export function ReportField({
  indicator,
  edit,
  editing,
  problems,
  refused,
  editable,
  onChange,
}: {
  indicator: ReportIndicator;
  /** What the person typed and is not yet saved (undefined: nothing). */
  edit: RawValue | undefined;
  editing: boolean;
  problems: ReportProblem[];
  refused: string | undefined;
  editable: boolean;
  onChange: (value: RawValue) => void;
}) {
  const { t, lang } = useI18n();
  const mobile = useIsMobile();
  const i = indicator;
  const name = nameIn(lang, i);
  const current = edit !== undefined ? edit : i.value;
  const typed = i.source === 'typed';
  const numeric = typeof current === 'number' ? current : null;
  const inputId = `report-field-${i.code}`;

  let input;
  if (!typed) {
    input = (
      <Space wrap size={4}>
        <Typography.Text strong data-testid={`report-value-${i.code}`}>
          {formatFigure(t, i.valueType, i.value) || '—'}
        </Typography.Text>
        <Tag icon={i.source === 'registry' ? <TeamOutlined /> : <CalculatorOutlined />}>
          {i.source === 'registry' ? t('reports.source.registry') : t('reports.source.formula')}
        </Tag>
      </Space>
    );
  } else if (i.valueType === 'boolean') {
    const checked = current === true || current === 1;
    input = (
      <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minHeight: 40, minWidth: 80 }}>
        <Switch
          id={inputId}
          checked={checked}
          disabled={!editable}
          onChange={(on) => onChange(on)}
          // A phone's finger needs 40 px: the switch is drawn larger rather than given a hidden margin.
          style={
            mobile ? { transform: 'scale(1.82)', transformOrigin: 'left center', marginRight: 36 } : undefined
          }
          data-testid={`report-input-${i.code}`}
        />
        <span>{checked ? t('common.yes') : t('common.no')}</span>
      </label>
    );
  } else if (i.valueType === 'text') {
    input = (
      <Input.TextArea
        id={inputId}
        autoSize={{ minRows: 2, maxRows: 8 }}
        value={typeof current === 'string' ? current : ''}
        disabled={!editable}
        maxLength={4000}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`report-input-${i.code}`}
      />
    );
  } else if (i.valueType === 'percent') {
    input = (
      <Input
        id={inputId}
        inputMode="decimal"
        suffix="%"
        style={{ maxWidth: 200 }}
        value={
          typeof current === 'number'
            ? formatNumber(current, Number.isInteger(current) ? 0 : 2)
            : typeof current === 'string'
              ? current
              : ''
        }
        disabled={!editable}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        data-testid={`report-input-${i.code}`}
      />
    );
  } else {
    input = (
      <Input
        id={inputId}
        inputMode="numeric"
        suffix={i.valueType === 'money' ? t('reports.money') : i.measure || undefined}
        style={{ maxWidth: 260 }}
        value={numeric === null ? (typeof current === 'string' ? current : '') : formatNumber(numeric)}
        disabled={!editable}
        onChange={(e) => onChange(digitsOf(e.target.value))}
        data-testid={`report-input-${i.code}`}
      />
    );
  }

  const context: string[] = [];
  if (i.lastPeriod !== null)
    context.push(t('reports.lastPeriod', { value: formatFigure(t, i.valueType, i.lastPeriod) }));
  if (i.target !== null) {
    context.push(t('reports.target', { value: formatFigure(t, i.valueType, i.target) }));
    if (numeric !== null && i.target > 0)
      context.push(t('reports.rate', { rate: formatPercent(numeric / i.target) }));
  }

  return (
    <div
      data-testid={`report-field-${i.code}`}
      style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', minWidth: 0 }}
    >
      <label htmlFor={typed ? inputId : undefined} style={{ display: 'block', marginBottom: 6 }}>
        <Typography.Text strong={i.parentCode === null}>
          {i.parentCode !== null && '— '}
          {name}
        </Typography.Text>
        {i.measure && i.valueType !== 'money' && (
          <Typography.Text type="secondary"> ({i.measure})</Typography.Text>
        )}
        {editing && <Typography.Text type="secondary"> ✎</Typography.Text>}
      </label>
      {input}
      {context.length > 0 && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid={`report-context-${i.code}`}>
            {context.join(' · ')}
          </Typography.Text>
        </div>
      )}
      {refused && (
        <div role="alert">
          <Typography.Text type="danger">{refused}</Typography.Text>
        </div>
      )}
      {problems.map((p) => (
        <div
          key={p.message}
          data-testid={`report-problem-${i.code}`}
          role={p.severity === 'error' ? 'alert' : undefined}
        >
          <Typography.Text type={p.severity === 'error' ? 'danger' : 'warning'}>{p.message}</Typography.Text>
        </div>
      ))}
    </div>
  );
}
