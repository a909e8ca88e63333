/**
 * Pick a unit by typing part of its name, as the organisation's UnitSelect, optionally only units where members can
 * stay (a CĐCS or a unit inside one): the propose form, transfers and the import offer nothing else.
 */
import { useMemo } from 'react';
import type { SelectProps } from 'antd';
import { MEMBER_UNIT_MIN_LEVEL } from '../../app/contract';
import { UnitPickerSelect, useUnitPicker, type UnitOption } from '../organisation/components';
import { useTypeFacts, useUnitName } from './queries';

export type UnitChoice = UnitOption;

interface Props extends Omit<SelectProps<string>, 'options' | 'showSearch' | 'onChange' | 'value'> {
  at: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Units offered before the user types (and labels for the current value). */
  initial?: UnitChoice[];
  /** Offer only units that can hold members. */
  memberUnitsOnly?: boolean;
  /** Search the whole country, not only the user's units (the receiving unit of a transfer). */
  anywhere?: boolean;
  testId?: string;
  /** Told the chosen unit with its name (a transfer says where the person went). */
  onPickUnit?: (unit: UnitChoice) => void;
}

export function MemberUnitSelect({
  at,
  onChange,
  initial = [],
  memberUnitsOnly,
  anywhere,
  onPickUnit,
  ...rest
}: Props) {
  const { value } = rest;
  const facts = useTypeFacts();
  const picker = useUnitPicker(at, initial, anywhere ? 'country' : 'scope');
  const { hits, chosen } = picker;
  const listed = [chosen, ...initial].some((u) => u && u.id === value);
  const valueName = useUnitName(value && !listed ? value : undefined);
  const units = useMemo(() => {
    const fits = (u: UnitChoice) =>
      !memberUnitsOnly || !u.typeId || (facts.level(u.typeId) ?? 0) >= MEMBER_UNIT_MIN_LEVEL;
    const shown = hits.filter(fits);
    const known =
      [chosen, ...initial].find((u) => u && u.id === value) ??
      (value && valueName ? { id: value, name: valueName } : undefined);
    return known && !shown.some((h) => h.id === known.id) ? [known, ...shown] : shown;
  }, [hits, initial, chosen, value, valueName, memberUnitsOnly, facts]);

  return (
    <UnitPickerSelect
      {...rest}
      picker={picker}
      units={units}
      onPick={(id) => {
        const unit = units.find((u) => u.id === id);
        if (unit) onPickUnit?.(unit);
        onChange?.(id);
      }}
    />
  );
}
