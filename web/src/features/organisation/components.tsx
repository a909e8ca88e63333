/** Small pieces shared by the organisation pages: type badge, as-of date, unit picker with search. */
import { useMemo, useState } from 'react';
import { Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import type { SelectProps } from 'antd';
import dayjs from 'dayjs';
import { CalendarOutlined } from '@ant-design/icons';
import { fromIso, toIso, todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useClearable } from '../../app/clearable';
import { useLabels, useUnitTypes } from '../../app/labels';
import { useUnitSearch } from './queries';
import { DateInput } from '../../app/DateInput';

export function UnitTypeTag({ typeId }: { typeId: string }) {
  const labels = useLabels();
  const types = useUnitTypes();
  // Until the type list has loaded, a blank badge: never the type's code ("grassroots_union") in place of its name.
  if (!types.data)
    return (
      <Tag color="blue" variant="filled" style={{ marginInlineEnd: 0 }}>
        …
      </Tag>
    );
  return (
    <Tooltip title={labels.typeName(typeId)}>
      <Tag color="blue" variant="filled" style={{ marginInlineEnd: 0 }}>
        {labels.typeShort(typeId)}
      </Tag>
    </Tooltip>
  );
}

/** "Tính đến ngày" — the date the tree is shown as of (default today). */
export function AsOfDate({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (iso: string) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Space size={6} wrap>
      <Typography.Text type="secondary">
        <CalendarOutlined /> {t('common.asOf')}
      </Typography.Text>
      <DateInput
        value={fromIso(value)}
        allowClear={false}
        onChange={(d) => onChange(toIso(d) ?? todayIso())}
        data-testid={testId}
        presets={[{ label: t('common.today'), value: dayjs() }]}
      />
    </Space>
  );
}

export interface UnitOption {
  id: string;
  name: string;
  typeId?: string;
  path?: string[];
}

/**
 * The state of a search-as-you-type unit picker (GET /api/units/search): what is typed, the unit last chosen, and
 * the hits — or `initial` until two letters are typed.
 */
export function useUnitPicker(at: string, initial: UnitOption[], within: 'scope' | 'country' = 'scope') {
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<UnitOption | undefined>(undefined);
  const search = useUnitSearch(text, at, within);
  const hits = useMemo(
    () =>
      search.enabled
        ? (search.data?.units ?? []).map((u): UnitOption => ({
            id: u.id,
            name: u.name,
            typeId: u.typeId,
            path: u.path,
          }))
        : initial,
    [search.enabled, search.data, initial],
  );
  return { text, setText, chosen, setChosen, hits, fetching: search.isFetching };
}

type UnitPicker = ReturnType<typeof useUnitPicker>;

type SelectRest = Omit<SelectProps<string>, 'options' | 'showSearch' | 'onChange' | 'value'>;

/** The select of a unit picker: each option with its path above it; `onPick` after the choice is remembered. */
export function UnitPickerSelect({
  picker,
  units,
  value,
  onPick,
  testId,
  ...rest
}: SelectRest & {
  picker: UnitPicker;
  units: UnitOption[];
  value?: string;
  onPick: (id: string | undefined, unit: UnitOption | undefined) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const clearable = useClearable();
  const { text, setText, setChosen, fetching } = picker;
  const options = units.map((u) => ({ value: u.id, label: u.name, unit: u }));
  return (
    <Select<string, (typeof options)[number]>
      {...rest}
      data-testid={testId}
      value={value}
      allowClear={clearable.select}
      placeholder={rest.placeholder ?? t('unitSelect.placeholder')}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      notFoundContent={
        fetching ? (
          <Spin size="small" />
        ) : text.trim().length < 2 ? (
          t('unitSelect.typeMore')
        ) : (
          t('unitSelect.noMatch')
        )
      }
      options={options}
      optionRender={(option) => (
        <div
          data-testid={testId ? `${testId}-option` : undefined}
          style={{ lineHeight: 1.35, padding: '2px 0' }}
        >
          <div style={{ whiteSpace: 'normal' }}>{option.data.unit.name}</div>
          {option.data.unit.path && option.data.unit.path.length > 0 && (
            <div className="cd-muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {option.data.unit.path.join(' › ')}
            </div>
          )}
        </div>
      )}
      onChange={(id, option) => {
        const unit = Array.isArray(option) ? undefined : option?.unit;
        setChosen(unit);
        setText('');
        onPick(id, unit);
      }}
    />
  );
}

interface UnitSelectProps extends SelectRest {
  at: string;
  value?: string;
  onChange?: (value: string | undefined, unit: UnitOption | undefined) => void;
  /** Units to offer before the user types (and to label the current value). */
  initial?: UnitOption[];
  /** Ids that may not be chosen (the unit itself). */
  exclude?: string[];
  testId?: string;
}

/** Pick a unit by typing part of its name. */
export function UnitSelect({ at, onChange, initial = [], exclude = [], ...rest }: UnitSelectProps) {
  const picker = useUnitPicker(at, initial);
  const { hits, chosen } = picker;
  const units = useMemo(() => {
    const all = chosen && !hits.some((h) => h.id === chosen.id) ? [chosen, ...hits] : hits;
    return all.filter((u) => !exclude.includes(u.id));
  }, [hits, chosen, exclude]);
  return (
    <UnitPickerSelect {...rest} picker={picker} units={units} onPick={(id, unit) => onChange?.(id, unit)} />
  );
}
