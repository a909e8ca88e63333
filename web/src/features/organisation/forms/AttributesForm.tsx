/** Thông tin khác (khu vực, địa chỉ, nhóm): PATCH /api/units/:id — not part of the tree's history. */
import { Form, Input, Select } from 'antd';
import { api } from '../../../app/api';
import { dayBefore, todayIso } from '../../../app/format';
import { useI18n } from '../../../app/i18n';
import { useClearable } from '../../../app/clearable';
import { useUnitTypes } from '../../../app/labels';
import { EventModal } from './EventModal';
import { useSectorOptions } from './fields';
import type { ActionFormProps } from './types';

interface Values {
  sector?: string | null;
  province?: string;
  commune?: string;
  address?: string;
  foundingDecisionNo?: string;
  groups?: string[];
}

export function AttributesForm({ unit, open, onClose, groups }: ActionFormProps & { groups: string[] }) {
  const { t } = useI18n();
  const clearable = useClearable();
  const [form] = Form.useForm<Values>();
  // The sectors that apply today (or on the unit's last day), and the unit's own even if it has ended since.
  const lastDay = unit.endedOn && unit.endedOn <= todayIso() ? dayBefore(unit.endedOn) : todayIso();
  const sectors = useSectorOptions(lastDay, unit.sector);
  const types = useUnitTypes();
  const blank = (v: string | undefined) => v?.trim() || null;
  return (
    <EventModal<Values>
      open={open}
      onClose={onClose}
      form={form}
      title={t('action.attributes.title', { unit: unit.name })}
      successMessage={t('action.attributes.done')}
      initialValues={{
        sector: unit.sector ?? undefined,
        province: unit.province ?? undefined,
        commune: unit.commune ?? undefined,
        address: unit.address ?? undefined,
        foundingDecisionNo: unit.foundingDecisionNo ?? undefined,
        groups,
      }}
      submit={(values) =>
        api.updateAttributes(unit.id, {
          sector: values.sector ?? null,
          province: blank(values.province),
          commune: blank(values.commune),
          address: blank(values.address),
          foundingDecisionNo: blank(values.foundingDecisionNo),
          groups: values.groups ?? [],
        })
      }
      testId="attributes-form"
    >
      <Form.Item name="sector" label={t('unit.sector')}>
        <Select options={sectors} allowClear={clearable.select} placeholder={t('unit.sector.placeholder')} />
      </Form.Item>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item name="province" label={t('unit.province')} style={{ flex: '1 1 200px' }}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="commune" label={t('unit.commune')} style={{ flex: '1 1 200px' }}>
          <Input maxLength={120} />
        </Form.Item>
      </div>
      <Form.Item name="address" label={t('unit.address')}>
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item name="foundingDecisionNo" label={t('unit.foundingDecision')}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="groups" label={t('unit.groups')}>
        <Select
          mode="multiple"
          allowClear={clearable.select}
          options={(types.data?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
      </Form.Item>
    </EventModal>
  );
}
