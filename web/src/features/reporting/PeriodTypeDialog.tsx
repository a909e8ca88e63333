/**
 * A new period type: how the year is divided (prefilled from the calendar for the style chosen, each part's first
 * and last day editable, the first part may start in the year before). The server checks it with periods.ts and names
 * the part at fault beside it.
 */
import { Checkbox, Form, Input, InputNumber, Select } from 'antd';
import { FormDialog } from '../../app/FormDialog';
import { useI18n } from '../../app/i18n';
import { reportsApi } from './api';
import { fieldRow, useCatalogueSaved } from './catalogue-dialogs';

type CodeStyle = 'year' | 'half' | 'quarter' | 'month' | 'term';
const PARTS: Record<CodeStyle, number> = { year: 1, half: 2, quarter: 4, month: 12, term: 1 };
const lastDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface PartValues {
  startDay: number;
  startMonth: number;
  prevYear?: boolean;
  endDay: number;
  endMonth: number;
}
interface PeriodTypeValues {
  id: string;
  nameVi: string;
  nameEn: string;
  codeStyle: CodeStyle;
  parts: PartValues[];
  termYears?: number;
  termAnchorYear?: number;
}

/** The calendar's division of a year for a code style: what the dialog starts from. */
function calendarParts(style: CodeStyle): PartValues[] {
  const n = PARTS[style];
  const months = 12 / n;
  return Array.from({ length: n }, (_, i) => ({
    startDay: 1,
    startMonth: i * months + 1,
    // A day past the month's end reads as its last day (periods.ts): 29/2 is 28/2 in a common year.
    endDay: lastDay[(i + 1) * months - 1]!,
    endMonth: (i + 1) * months,
  }));
}

export function PeriodTypeDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PeriodTypeValues>();
  const saved = useCatalogueSaved();
  const style = Form.useWatch('codeStyle', form) ?? 'half';
  const save = async (v: PeriodTypeValues) => {
    await reportsApi.createPeriodType({
      id: v.id,
      nameVi: v.nameVi,
      nameEn: v.nameEn,
      definition: {
        codeStyle: v.codeStyle,
        parts: v.parts.map((p, i) => ({
          n: i + 1,
          start: { month: p.startMonth, day: p.startDay, ...(p.prevYear ? { yearOffset: -1 as const } : {}) },
          end: { month: p.endMonth, day: p.endDay },
        })),
        ...(v.codeStyle === 'term' ? { termYears: v.termYears, termAnchorYear: v.termAnchorYear } : {}),
      },
    });
    await saved();
    onClose();
  };
  // A part's problem ("definition.parts.1") is shown beside the part's first field; the whole list's beside the style.
  const renameField = (field: string) => {
    const part = /^definition\.parts\.(\d+)/.exec(field);
    if (part) return `parts.${part[1]}.startDay`;
    if (field === 'definition.parts' || field === 'definition.codeStyle') return 'codeStyle';
    return field.replace(/^definition\./, '');
  };
  const required = [{ required: true, message: t('common.required') }];
  const day = (name: (string | number)[], label: string) => (
    <Form.Item name={name} label={label} rules={required} style={{ flex: '1 1 70px', marginBottom: 8 }}>
      <InputNumber min={1} max={31} style={{ width: '100%' }} />
    </Form.Item>
  );
  return (
    <FormDialog<PeriodTypeValues>
      open
      title={t('catalogue.periodType.createTitle')}
      width={560}
      fitPhone
      onClose={onClose}
      form={form}
      initialValues={{ codeStyle: 'half', parts: calendarParts('half'), termYears: 5, termAnchorYear: 2023 }}
      save={save}
      renameField={renameField}
      testId="period-type-form"
      submitTestId="period-type-submit"
      errorTestId="period-type-error"
    >
      <Form.Item name="id" label={t('catalogue.periodType.id')} rules={required}>
        <Input maxLength={40} />
      </Form.Item>
      <div style={fieldRow}>
        <Form.Item
          name="nameVi"
          label={t('catalogue.periodType.nameVi')}
          rules={required}
          style={{ flex: '1 1 200px' }}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('catalogue.periodType.nameEn')}
          rules={required}
          style={{ flex: '1 1 200px' }}
        >
          <Input maxLength={120} />
        </Form.Item>
      </div>
      <Form.Item name="codeStyle" label={t('catalogue.periodType.codeStyle')}>
        <Select
          options={(Object.keys(PARTS) as CodeStyle[]).map((s) => ({
            value: s,
            label: t(`catalogue.codeStyle.${s}`),
          }))}
          onChange={(s: CodeStyle) => form.setFieldValue('parts', calendarParts(s))}
        />
      </Form.Item>
      {style === 'term' && (
        <div style={fieldRow}>
          <Form.Item
            name="termYears"
            label={t('catalogue.periodType.termYears')}
            style={{ flex: '1 1 160px' }}
          >
            <InputNumber min={1} max={20} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="termAnchorYear"
            label={t('catalogue.periodType.termAnchorYear')}
            style={{ flex: '1 1 160px' }}
          >
            <InputNumber min={1900} max={2200} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      )}
      <Form.List name="parts">
        {(fields) =>
          fields.map((f, i) => (
            <fieldset
              key={f.key}
              style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '4px 12px', marginBottom: 8 }}
            >
              <legend style={{ fontSize: 13, width: 'auto', marginBottom: 0 }}>
                {t('catalogue.periodType.part', { n: i + 1 })}
              </legend>
              <div style={fieldRow}>
                {day([f.name, 'startDay'], t('catalogue.periodType.startDay'))}
                {day([f.name, 'startMonth'], t('catalogue.periodType.startMonth'))}
                {day([f.name, 'endDay'], t('catalogue.periodType.endDay'))}
                {day([f.name, 'endMonth'], t('catalogue.periodType.endMonth'))}
              </div>
              {i === 0 && (
                <Form.Item name={[f.name, 'prevYear']} valuePropName="checked" style={{ marginBottom: 4 }}>
                  <Checkbox>{t('catalogue.periodType.prevYear')}</Checkbox>
                </Form.Item>
              )}
            </fieldset>
          ))
        }
      </Form.List>
    </FormDialog>
  );
}
