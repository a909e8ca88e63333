/**
 * The catalogue editor's dialogs: an indicator (new, or its names, measure, description, type and use), a period type
 * (how the year is divided, prefilled from the calendar), and a form version (its date, period type, deadline,
 * reminder days, unit types and sections of indicators; a new form carries its first version). The server's 400s are
 * shown beside the field they name; its 409s above the form, in Vietnamese.
 */
import { useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  AutoComplete,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import {
  AGGREGATIONS_OF,
  MEASURES,
  REGISTRY_KEYS,
  VALUE_TYPES,
  type CatalogueAdmin,
  type CatalogueForm,
  type CatalogueIndicator,
  type CatalogueVersion,
  type FormVersionBody,
} from '../../app/contract';
import { DateInput } from '../../app/DateInput';
import { FormDialog } from '../../app/FormDialog';
import { formatDate, fromIso, toIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { reportsApi } from './api';
import { reportKeys } from './queries';
import { nameIn } from './shared';

const row = { display: 'flex', gap: 12, flexWrap: 'wrap' as const };
const SOURCES = ['typed', 'formula', 'registry'] as const;

/** After a save: every report query (the entry form's catalogue among them) reads again. */
function useSaved() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  return async () => {
    void message.success(t('catalogue.saved'));
    await client.invalidateQueries({ queryKey: reportKeys.all });
  };
}

interface IndicatorValues {
  code: string;
  nameVi: string;
  nameEn: string;
  measure: string;
  description?: string;
  valueType: CatalogueIndicator['valueType'];
  aggregation: CatalogueIndicator['aggregation'];
  source: CatalogueIndicator['source'];
  formula?: string;
  registryKey?: string;
  parentCode?: string;
  partRule?: 'le' | 'sum';
  active: boolean;
}

export function IndicatorDialog({
  indicator,
  catalogue,
  onClose,
}: {
  indicator: CatalogueIndicator | null;
  catalogue: CatalogueAdmin;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<IndicatorValues>();
  const saved = useSaved();
  const valueType = Form.useWatch('valueType', form) ?? indicator?.valueType ?? 'count';
  const source = Form.useWatch('source', form) ?? indicator?.source ?? 'typed';
  const parentCode = Form.useWatch('parentCode', form);
  const save = async (v: IndicatorValues) => {
    const text = (s: string | undefined) => s?.trim() || null;
    if (indicator)
      await reportsApi.updateIndicator(indicator.code, {
        nameVi: v.nameVi,
        nameEn: v.nameEn,
        measure: v.measure,
        description: text(v.description),
        valueType: v.valueType,
        aggregation: v.aggregation,
        active: v.active,
      });
    else
      await reportsApi.createIndicator({
        code: v.code,
        nameVi: v.nameVi,
        nameEn: v.nameEn,
        measure: v.measure ?? '',
        description: text(v.description),
        valueType: v.valueType,
        aggregation: v.aggregation,
        source: v.source,
        formula: v.source === 'formula' ? text(v.formula) : null,
        registryKey: v.source === 'registry' ? (v.registryKey as (typeof REGISTRY_KEYS)[number]) : null,
        parentCode: v.parentCode ?? null,
        partRule: v.parentCode ? (v.partRule ?? null) : null,
      });
    await saved();
    onClose();
  };
  const required = [{ required: true, message: t('common.required') }];
  return (
    <FormDialog<IndicatorValues>
      open
      title={
        indicator
          ? t('catalogue.indicator.editTitle', { name: nameIn(lang, indicator) })
          : t('catalogue.indicator.createTitle')
      }
      width={560}
      fitPhone
      onClose={onClose}
      form={form}
      initialValues={
        indicator
          ? {
              ...indicator,
              description: indicator.description ?? undefined,
              formula: indicator.formula ?? undefined,
              registryKey: indicator.registryKey ?? undefined,
              parentCode: indicator.parentCode ?? undefined,
              partRule: (indicator.partRule as 'le' | 'sum' | null) ?? undefined,
            }
          : { valueType: 'count', aggregation: 'sum', source: 'typed', measure: 'người', active: true }
      }
      save={save}
      testId="indicator-form"
      submitTestId="indicator-submit"
      errorTestId="indicator-error"
    >
      <Form.Item
        name="code"
        label={t('catalogue.indicator.code')}
        extra={t('catalogue.indicator.code.hint')}
        rules={required}
      >
        <Input disabled={Boolean(indicator)} maxLength={40} data-testid="indicator-code" />
      </Form.Item>
      <Form.Item name="nameVi" label={t('catalogue.indicator.nameVi')} rules={required}>
        <Input maxLength={300} data-testid="indicator-name-vi" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('catalogue.indicator.nameEn')} rules={required}>
        <Input maxLength={300} data-testid="indicator-name-en" />
      </Form.Item>
      <div style={row}>
        <Form.Item name="measure" label={t('catalogue.indicator.measure')} style={{ flex: '1 1 140px' }}>
          <AutoComplete options={MEASURES.filter(Boolean).map((m) => ({ value: m }))} maxLength={20} />
        </Form.Item>
        <Form.Item name="valueType" label={t('catalogue.indicator.valueType')} style={{ flex: '1 1 160px' }}>
          <Select
            options={VALUE_TYPES.map((v) => ({ value: v, label: t(`catalogue.valueType.${v}`) }))}
            onChange={(v: IndicatorValues['valueType']) =>
              form.setFieldValue('aggregation', AGGREGATIONS_OF[v][0])
            }
            data-testid="indicator-value-type"
          />
        </Form.Item>
        <Form.Item
          name="aggregation"
          label={t('catalogue.indicator.aggregation')}
          style={{ flex: '1 1 160px' }}
        >
          <Select
            options={AGGREGATIONS_OF[valueType].map((a) => ({
              value: a,
              label: t(`catalogue.aggregation.${a}`),
            }))}
          />
        </Form.Item>
      </div>
      {indicator && (
        <div style={{ fontSize: 12, marginTop: -8, marginBottom: 12, color: 'rgba(0,0,0,0.55)' }}>
          {t('catalogue.indicator.typeHint')}
        </div>
      )}
      <Form.Item name="description" label={t('catalogue.indicator.description')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {!indicator && (
        <>
          <Form.Item name="source" label={t('catalogue.indicator.source')}>
            <Select options={SOURCES.map((s) => ({ value: s, label: t(`catalogue.source.${s}`) }))} />
          </Form.Item>
          {source === 'formula' && (
            <Form.Item
              name="formula"
              label={t('catalogue.indicator.formula')}
              extra={t('catalogue.indicator.formula.hint')}
              rules={required}
            >
              <Input maxLength={500} />
            </Form.Item>
          )}
          {source === 'registry' && (
            <Form.Item name="registryKey" label={t('catalogue.indicator.registryKey')} rules={required}>
              <Select options={REGISTRY_KEYS.map((k) => ({ value: k, label: k }))} />
            </Form.Item>
          )}
          <div style={row}>
            <Form.Item
              name="parentCode"
              label={t('catalogue.indicator.parent')}
              style={{ flex: '1 1 220px' }}
            >
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={catalogue.indicators.map((i) => ({
                  value: i.code,
                  label: `${nameIn(lang, i)} (${i.code})`,
                }))}
              />
            </Form.Item>
            {parentCode && (
              <Form.Item
                name="partRule"
                label={t('catalogue.indicator.partRule')}
                style={{ flex: '1 1 200px' }}
                rules={required}
              >
                <Select
                  options={(['le', 'sum'] as const).map((r) => ({
                    value: r,
                    label: t(`catalogue.partRule.${r}`),
                  }))}
                />
              </Form.Item>
            )}
          </div>
        </>
      )}
      {indicator && (
        <Form.Item
          name="active"
          label={t('catalogue.indicator.active')}
          valuePropName="checked"
          extra={t('catalogue.indicator.activeHint')}
        >
          <Switch data-testid="indicator-active" />
        </Form.Item>
      )}
    </FormDialog>
  );
}

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
  const saved = useSaved();
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
      <div style={row}>
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
        <div style={row}>
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
              <div style={row}>
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

interface VersionValues {
  id?: string;
  nameVi?: string;
  nameEn?: string;
  validFrom?: Dayjs;
  periodTypeId: string;
  deadlineDaysAfterEnd: number;
  reminders: string;
  fillerTypes: string[];
  sections: { titleVi: string; titleEn: string; indicators: string[] }[];
  legalBasis?: string;
}

/** "-3, 0, 3" → [-3, 0, 3]; null when a part is not a whole number. */
export function readReminderDays(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.replace('−', '-').trim())
    .filter(Boolean);
  if (!parts.every((p) => /^[+-]?\d{1,3}$/.test(p))) return null;
  return parts.map(Number);
}

/**
 * A new form (`form` null), a new version of a form (`version` null: prefilled from its latest), or a version edited
 * (its date stays).
 */
export function VersionDialog({
  form: reportForm,
  version,
  catalogue,
  onClose,
}: {
  form: CatalogueForm | null;
  version: CatalogueVersion | null;
  catalogue: CatalogueAdmin;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<VersionValues>();
  const saved = useSaved();
  const base = version ?? reportForm?.versions.at(-1) ?? null;
  const body = (v: VersionValues): FormVersionBody => ({
    periodTypeId: v.periodTypeId,
    deadlineDaysAfterEnd: v.deadlineDaysAfterEnd,
    reminderOffsets: readReminderDays(v.reminders ?? '') ?? [],
    fillerTypes: v.fillerTypes,
    sections: v.sections,
    // The rules are carried from the version it starts from (the form's checks between its indicators).
    rules: (base?.rules ?? []) as FormVersionBody['rules'],
    legalBasis: v.legalBasis?.trim() || null,
  });
  const save = async (v: VersionValues) => {
    if (!reportForm)
      await reportsApi.createForm({
        id: v.id ?? '',
        nameVi: v.nameVi ?? '',
        nameEn: v.nameEn ?? '',
        version: { ...body(v), validFrom: toIso(v.validFrom) ?? '' },
      });
    else if (version) await reportsApi.updateFormVersion(reportForm.id, version.validFrom, body(v));
    else
      await reportsApi.createFormVersion(reportForm.id, { ...body(v), validFrom: toIso(v.validFrom) ?? '' });
    await saved();
    onClose();
  };
  // The server names an indicator of a section ("sections.0.indicators.2"): shown beside the section's list.
  const renameField = (field: string) =>
    field
      .replace(/^version\./, '')
      .replace(/^(sections\.\d+\.indicators)\.\d+$/, '$1')
      .replace(/^fillerTypes\.\d+$/, 'fillerTypes')
      .replace(/^reminderOffsets(\.\d+)?$/, 'reminders');
  const required = [{ required: true, message: t('common.required') }];
  const active = catalogue.indicators.filter(
    (i) => i.active || base?.sections.some((s) => s.indicators.includes(i.code)),
  );
  const title = !reportForm
    ? t('catalogue.form.createTitle')
    : version
      ? t('catalogue.version.editTitle', {
          form: nameIn(lang, reportForm),
          date: formatDate(version.validFrom),
        })
      : t('catalogue.version.createTitle', { form: nameIn(lang, reportForm) });
  return (
    <FormDialog<VersionValues>
      open
      title={title}
      width={720}
      fitPhone
      onClose={onClose}
      form={form}
      initialValues={{
        periodTypeId: base?.periodTypeId ?? catalogue.periodTypes[0]?.id,
        deadlineDaysAfterEnd: base?.deadlineDaysAfterEnd ?? 10,
        reminders: (base?.reminderOffsets ?? [-3, 0, 3]).join(', '),
        fillerTypes: base?.fillerTypes ?? ['grassroots_union'],
        sections: base?.sections ?? [{ titleVi: '', titleEn: '', indicators: [] }],
        legalBasis: base?.legalBasis ?? undefined,
        validFrom: version ? fromIso(version.validFrom) : undefined,
      }}
      save={save}
      renameField={renameField}
      testId="version-form"
      submitTestId="version-submit"
      errorTestId="version-error"
    >
      {!reportForm && (
        <>
          <Form.Item
            name="id"
            label={t('catalogue.form.id')}
            extra={t('catalogue.form.id.hint')}
            rules={required}
          >
            <Input maxLength={20} data-testid="version-form-id" />
          </Form.Item>
          <Form.Item name="nameVi" label={t('catalogue.form.nameVi')} rules={required}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('catalogue.form.nameEn')} rules={required}>
            <Input maxLength={300} />
          </Form.Item>
        </>
      )}
      <div style={row}>
        <Form.Item
          name="validFrom"
          label={t('catalogue.version.validFrom')}
          extra={version ? undefined : t('catalogue.version.validFrom.hint')}
          rules={version ? [] : required}
          style={{ flex: '1 1 200px' }}
        >
          <DateInput style={{ width: '100%' }} disabled={Boolean(version)} data-testid="version-valid-from" />
        </Form.Item>
        <Form.Item
          name="periodTypeId"
          label={t('catalogue.version.periodType')}
          rules={required}
          style={{ flex: '1 1 200px' }}
        >
          <Select options={catalogue.periodTypes.map((p) => ({ value: p.id, label: nameIn(lang, p) }))} />
        </Form.Item>
      </div>
      <div style={row}>
        <Form.Item
          name="deadlineDaysAfterEnd"
          label={t('catalogue.version.deadline')}
          rules={required}
          style={{ flex: '1 1 200px' }}
        >
          <InputNumber min={0} max={120} style={{ width: '100%' }} data-testid="version-deadline" />
        </Form.Item>
        <Form.Item
          name="reminders"
          label={t('catalogue.version.reminders')}
          extra={t('catalogue.version.reminders.hint')}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                readReminderDays(value ?? '') === null
                  ? Promise.reject(new Error(t('catalogue.version.reminders.invalid')))
                  : Promise.resolve(),
            },
          ]}
          style={{ flex: '1 1 200px' }}
        >
          <Input data-testid="version-reminders" />
        </Form.Item>
      </div>
      <Form.Item name="fillerTypes" label={t('catalogue.version.fillers')} rules={required}>
        <Select
          mode="multiple"
          options={catalogue.unitTypes.map((u) => ({ value: u.id, label: nameIn(lang, u) }))}
        />
      </Form.Item>
      <Form.List name="sections">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <fieldset
                key={f.key}
                style={{
                  border: '1px solid #f0f0f0',
                  borderRadius: 6,
                  padding: '4px 12px',
                  marginBottom: 12,
                  minWidth: 0,
                }}
                data-testid={`version-section-${i}`}
              >
                <legend style={{ fontSize: 13, width: 'auto', marginBottom: 0 }}>
                  {t('catalogue.section.title', { n: i + 1 })}
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('catalogue.section.remove', { n: i + 1 })}
                      onClick={() => remove(f.name)}
                    />
                  )}
                </legend>
                <div style={row}>
                  <Form.Item
                    name={[f.name, 'titleVi']}
                    label={t('catalogue.section.titleVi')}
                    rules={required}
                    style={{ flex: '1 1 200px' }}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'titleEn']}
                    label={t('catalogue.section.titleEn')}
                    rules={required}
                    style={{ flex: '1 1 200px' }}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                </div>
                <Form.Item
                  name={[f.name, 'indicators']}
                  label={t('catalogue.section.indicators')}
                  rules={required}
                >
                  <Select
                    mode="multiple"
                    showSearch={{ optionFilterProp: 'label' }}
                    options={active.map((ind) => ({
                      value: ind.code,
                      label: `${nameIn(lang, ind)} (${ind.code})`,
                    }))}
                    data-testid={`version-section-${i}-indicators`}
                  />
                </Form.Item>
              </fieldset>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ titleVi: '', titleEn: '', indicators: [] })}>
              {t('catalogue.section.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="legalBasis" label={t('catalogue.version.legalBasis')} style={{ marginTop: 12 }}>
        <Input maxLength={300} />
      </Form.Item>
    </FormDialog>
  );
}
