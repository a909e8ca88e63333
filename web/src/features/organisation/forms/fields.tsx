/** Fields of a new unit (code, name, type, sector, address), shared by found, split and the bulk page. */
import { Form, Input, Select } from 'antd';
import { UNIT_CODE, type UnitTypeView } from '../../../app/contract';
import { todayIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { useClearable } from '../../../app/clearable';
import { sectorsOn, useLabels, useSectors, useUnitTypes } from '../../../app/labels';

/** Types that may sit directly under `parentTypeId` on `date` (every current type when the parent is unknown). */
export function allowedChildTypes(
  types: UnitTypeView[],
  parentTypeId: string | undefined,
  date: string,
): UnitTypeView[] {
  const current = types.filter((type) => type.validFrom <= date && date < type.validTo);
  if (!parentTypeId) return current;
  return current.filter((type) =>
    type.parents.some((p) => p.parentTypeId === parentTypeId && p.validFrom <= date && date < p.validTo),
  );
}

export function useTypeOptions(parentTypeId: string | undefined, date: string) {
  const types = useUnitTypes();
  const labels = useLabels();
  return allowedChildTypes(types.data?.types ?? [], parentTypeId, date).map((type) => ({
    value: type.id,
    label: labels.typeName(type.id),
  }));
}

/** The sectors that apply on `date`, as options; `keep` stays listed even if it no longer applies (the unit's own). */
export function useSectorOptions(date: string, keep?: string | null) {
  const sectors = useSectors();
  const labels = useLabels();
  const all = sectors.data?.sectors ?? [];
  const shown = sectorsOn(all, date).map((s) => s.id);
  if (keep && !shown.includes(keep)) shown.push(keep);
  return shown.map((sector) => ({ value: sector, label: labels.sector(sector) }));
}

interface NewUnitFieldsProps {
  /** Prefix of the field names inside a Form.List ([index]) or [] for a flat form. */
  prefix?: (string | number)[];
  typeOptions: { value: string; label: string }[];
  /** The founding date: only the sectors that apply that day are offered. */
  date?: string | undefined;
  compact?: boolean;
}

export function NewUnitFields({ prefix = [], typeOptions, date, compact }: NewUnitFieldsProps) {
  const { t } = useI18n();
  const clearable = useClearable();
  const sectors = useSectorOptions(date ?? todayIso());
  const name = (field: string): (string | number)[] => [...prefix, field];
  const half = { flex: '1 1 200px', minWidth: 0 };
  return (
    <>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name={name('name')}
          label={t('unit.name')}
          rules={[
            { required: true, message: t('unit.name.required') },
            { min: 3, message: t('unit.name.min') },
          ]}
          style={{ flex: '2 1 280px', minWidth: 0 }}
        >
          <Input maxLength={200} placeholder={t('unit.name.placeholder')} />
        </Form.Item>
        <Form.Item
          name={name('code')}
          label={t('unit.code')}
          rules={[
            { required: true, message: t('unit.code.required') },
            { pattern: UNIT_CODE.pattern, message: t('unit.code.pattern') },
          ]}
          style={half}
        >
          <Input maxLength={UNIT_CODE.max} placeholder={t('unit.code.placeholder')} />
        </Form.Item>
      </div>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item
          name={name('shortName')}
          label={t('unit.shortName')}
          style={half}
          tooltip={t('unit.shortName.hint')}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name={name('typeId')}
          label={t('unit.type')}
          rules={[{ required: true, message: t('unit.type.required') }]}
          style={half}
        >
          <Select
            options={typeOptions}
            placeholder={t('unit.type.placeholder')}
            popupMatchSelectWidth={false}
            notFoundContent={t('unit.type.noneAllowed')}
          />
        </Form.Item>
        <Form.Item name={name('sector')} label={t('unit.sector')} style={half}>
          <Select
            options={sectors}
            allowClear={clearable.select}
            placeholder={t('unit.sector.placeholder')}
          />
        </Form.Item>
      </div>
      {!compact && (
        <Form.Item name={name('address')} label={t('unit.address')}>
          <Input maxLength={300} />
        </Form.Item>
      )}
    </>
  );
}

export interface NewUnitValues {
  code: string;
  name: string;
  shortName?: string;
  typeId: string;
  sector?: string | null;
  address?: string;
}

/**
 * Form values → the contract's new-unit fields (blank strings dropped). A row just added is empty until typed in
 * (a watched form hands it over as it is), so every field may be missing.
 */
export function newUnitOf(values: Partial<NewUnitValues>) {
  return {
    code: (values.code ?? '').trim().toUpperCase(),
    name: (values.name ?? '').trim(),
    shortName: values.shortName?.trim() || null,
    typeId: values.typeId ?? '',
    sector: values.sector ?? null,
    address: values.address?.trim() || null,
  };
}
