/** Where a unit goes in a bulk restructuring: one of the units founded in the same act, or an existing unit. */
import { useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { useI18n } from '../../app/i18n';
import { useClearable } from '../../app/clearable';
import { useUnitSearch } from './queries';

export interface NewUnitChoice {
  key: string;
  name: string;
}

interface Props {
  at: string;
  newUnits: NewUnitChoice[];
  value?: string;
  onChange?: (value: string | undefined) => void;
  exclude?: string[];
}

/** Values are "key:<new unit key>" or "id:<existing unit id>". */
export function DestinationSelect({ at, newUnits, value, onChange, exclude = [] }: Props) {
  const { t } = useI18n();
  const clearable = useClearable();
  const [text, setText] = useState('');
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const search = useUnitSearch(text, at);
  const options = useMemo(() => {
    const fresh = newUnits.map((u) => ({ value: `key:${u.key}`, label: u.name || t('restructure.unnamed') }));
    const hits = search.enabled ? (search.data?.units ?? []).filter((u) => !exclude.includes(u.id)) : [];
    const existing = new Map(known);
    for (const h of hits) existing.set(h.id, h.name);
    const shown = search.enabled
      ? hits.map((h) => ({ value: `id:${h.id}`, label: h.name, title: h.path.join(' › ') }))
      : [];
    if (value?.startsWith('id:') && !shown.some((o) => o.value === value)) {
      const id = value.slice(3);
      shown.unshift({ value, label: existing.get(id) ?? id, title: '' });
    }
    return [
      { label: t('restructure.dest.new'), options: fresh },
      { label: t('restructure.dest.existing'), options: shown },
    ];
  }, [newUnits, search.enabled, search.data, known, value, exclude, t]);

  return (
    <Select
      value={value}
      allowClear={clearable.select}
      style={{ width: '100%' }}
      placeholder={t('restructure.dest.placeholder')}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      notFoundContent={search.isFetching ? <Spin size="small" /> : t('unitSelect.noMatch')}
      options={options}
      popupMatchSelectWidth={false}
      onChange={(next: string | undefined, option) => {
        if (next?.startsWith('id:') && option && !Array.isArray(option) && typeof option.label === 'string') {
          const label = option.label;
          setKnown((prev) => new Map(prev).set(next.slice(3), label));
        }
        setText('');
        onChange?.(next);
      }}
    />
  );
}
