/**
 * A free-text field of a person with its common values offered (religion, education, occupation, union position).
 * The record keeps the Vietnamese: in English mode a listed value is shown and offered by its English name, and
 * choosing or typing that name writes the Vietnamese one; any other text is kept as typed.
 */
import { AutoComplete } from 'antd';
import { foldVietnamese } from '../../../../src/lib/text';
import { usePersonValues } from './queries';
import type { ListedField } from './person-values';

interface Props {
  field: ListedField;
  maxLength: number;
  /** The stored (Vietnamese) value: Form.Item passes it. */
  value?: string | null;
  onChange?: (value: string) => void;
}

export function ListedValueInput({ field, maxLength, value, onChange }: Props) {
  const values = usePersonValues();
  return (
    <AutoComplete
      value={values.value(field, value ?? null) ?? ''}
      onChange={(text: string) => onChange?.(values.stored(field, text))}
      options={values.suggestions(field)}
      maxLength={maxLength}
      filterOption={(typed, option) => foldVietnamese(option?.value ?? '').includes(foldVietnamese(typed))}
    />
  );
}
