/**
 * An indicator of the catalogue: a new one (its code, names, measure, description, type, aggregation, source with its
 * formula or registry figure, "of which" link), or an existing one's names, measure, description, type (while no
 * report holds a value: the server's 409 says so) and use. The server's 400s are shown beside their fields.
 */
import { AutoComplete, Form, Input, Select, Switch } from 'antd';
import {
  AGGREGATIONS_OF,
  MEASURES,
  REGISTRY_KEYS,
  VALUE_TYPES,
  type CatalogueAdmin,
  type CatalogueIndicator,
} from '../../app/contract';
import { FormDialog } from '../../app/FormDialog';
import { useI18n } from '../../app/i18n';
import { reportsApi } from './api';
import { fieldRow, useCatalogueSaved } from './catalogue-dialogs';
import { nameIn } from './shared';

const SOURCES = ['typed', 'formula', 'registry'] as const;

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
  const saved = useCatalogueSaved();
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
      <div style={fieldRow}>
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
          <div style={fieldRow}>
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
