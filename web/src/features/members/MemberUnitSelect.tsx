/**
 * Pick a unit by typing part of its name, as the organisation's UnitSelect, optionally only units where members can
 * stay (a CĐCS or a unit inside one): the propose form, transfers and the import offer nothing else.
 */
import { useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import type { SelectProps } from 'antd';
import { MEMBER_UNIT_MIN_LEVEL } from '../../app/contract';
import { useI18n } from '../../app/i18n';
import { useUnitSearch } from '../organisation/queries';
import { useTypeFacts, useUnitName } from './queries';

export interface UnitChoice {
  id: string;
  name: string;
  typeId?: string;
  path?: string[];
}

interface Props extends Omit<SelectProps<string>, 'options' | 'showSearch' | 'onChange'> {
  at: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Units offered before the user types (and labels for the current value). */
  initial?: UnitChoice[];
  /** Offer only units that can hold members. */
  memberUnitsOnly?: boolean;
  testId?: string;
}

export function MemberUnitSelect({
  at,
  value,
  onChange,
  initial = [],
  memberUnitsOnly,
  testId,
  ...rest
}: Props) {
  const { t } = useI18n();
  const facts = useTypeFacts();
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<UnitChoice | undefined>(undefined);
  const search = useUnitSearch(text, at);
  const listed = [chosen, ...initial].some((u) => u && u.id === value);
  const valueName = useUnitName(value && !listed ? value : undefined);
  const options = useMemo(() => {
    const hits: UnitChoice[] = search.enabled
      ? (search.data?.units ?? []).map((u) => ({ id: u.id, name: u.name, typeId: u.typeId, path: u.path }))
      : initial;
    const fits = (u: UnitChoice) =>
      !memberUnitsOnly || !u.typeId || (facts.level(u.typeId) ?? 0) >= MEMBER_UNIT_MIN_LEVEL;
    const shown = hits.filter(fits);
    const known =
      [chosen, ...initial].find((u) => u && u.id === value) ??
      (value && valueName ? { id: value, name: valueName } : undefined);
    const all = known && !shown.some((h) => h.id === known.id) ? [known, ...shown] : shown;
    return all.map((u) => ({ value: u.id, label: u.name, unit: u }));
  }, [search.enabled, search.data, initial, chosen, value, valueName, memberUnitsOnly, facts]);

  return (
    <Select<string, (typeof options)[number]>
      {...rest}
      data-testid={testId}
      value={value}
      allowClear
      placeholder={rest.placeholder ?? t('unitSelect.placeholder')}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      notFoundContent={
        search.isFetching ? (
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
        setChosen(Array.isArray(option) ? undefined : option?.unit);
        setText('');
        onChange?.(id);
      }}
    />
  );
}
