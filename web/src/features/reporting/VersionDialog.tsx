/**
 * A form version: its first day, period type, deadline, reminder days, the unit types that file it and its sections
 * of indicators; a new form carries its first version, a new version starts from the latest. The server's 400s are
 * shown beside the field they name (an indicator of a section beside the section's list), its 409s above the form.
 */
import { Button, Form, Input, InputNumber, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { CatalogueAdmin, CatalogueForm, CatalogueVersion, FormVersionBody } from '../../app/contract';
import { DateInput } from '../../app/DateInput';
import { FormDialog } from '../../app/FormDialog';
import { formatDate, fromIso, toIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { reportsApi } from './api';
import { fieldRow, useCatalogueSaved } from './catalogue-dialogs';
import { nameIn } from './shared';

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
  const saved = useCatalogueSaved();
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
      <div style={fieldRow}>
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
      <div style={fieldRow}>
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
                <div style={fieldRow}>
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
