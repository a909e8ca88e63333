/**
 * The member list's filters, kept in the address (?q=&unit=&status=…) so that going back to the list keeps them and
 * a filtered list can be shared: unit in the subtree, gender, status, age range, sector, the as-of date.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, InputNumber, Select, Space, Typography } from 'antd';
import { ClearOutlined } from '@ant-design/icons';
import { GENDERS, MEMBER_STATUSES } from '../../app/contract';
import { todayIso } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { sectorsOn, useLabels, useSectors } from '../../app/labels';
import { AsOfDate } from '../organisation/components';
import type { MemberFilters } from './api';
import { MemberUnitSelect, type UnitChoice } from './MemberUnitSelect';

export interface ListState {
  /** A unit of the subtree to narrow the list to (the working unit otherwise). */
  unit: string | undefined;
  filters: MemberFilters;
  page: number;
  pageSize: number;
}

const statuses = [...MEMBER_STATUSES, 'all'] as const;
const isStatus = (v: string | null): v is (typeof statuses)[number] =>
  v !== null && (statuses as readonly string[]).includes(v);
const isGender = (v: string | null): v is 'male' | 'female' =>
  v !== null && (GENDERS as readonly string[]).includes(v);
const age = (v: string | null) => (v !== null && /^\d{1,3}$/.test(v) ? Number(v) : undefined);
/** A page number or size from the address: any positive whole number (page 1.000 and beyond included). */
const positive = (v: string | null) => (v !== null && /^[1-9]\d{0,8}$/.test(v) ? Number(v) : undefined);

/** An age range upside down (30–25): the form says so and nothing is asked of the server. */
export const agesUpsideDown = (filters: MemberFilters) =>
  filters.ageFrom !== undefined && filters.ageTo !== undefined && filters.ageFrom > filters.ageTo;

/** The list's state from the address, and a setter that writes it back (page 1 after any filter change). */
export function useListState(): [
  ListState,
  (change: Partial<MemberFilters & { unit?: string }>) => void,
  (page: number, pageSize: number) => void,
] {
  const [params, setParams] = useSearchParams();
  const state = useMemo<ListState>(() => {
    const status = params.get('status');
    const gender = params.get('gender');
    return {
      unit: params.get('unit') ?? undefined,
      filters: {
        q: params.get('q') ?? undefined,
        at: params.get('at') ?? undefined,
        status: isStatus(status) ? status : undefined,
        gender: isGender(gender) ? gender : undefined,
        sector: params.get('sector') ?? undefined,
        ageFrom: age(params.get('ageFrom')),
        ageTo: age(params.get('ageTo')),
      },
      page: positive(params.get('page')) ?? 1,
      pageSize: positive(params.get('size')) ?? 20,
    };
  }, [params]);

  const setFilters = (change: Partial<MemberFilters & { unit?: string }>) => {
    setParams(
      () => {
        // From the address as it is now: two quick changes (a key typed in each age box) must not undo each other,
        // as they do when each starts from the parameters of the last render.
        const next = new URLSearchParams(window.location.search);
        for (const [key, value] of Object.entries(change)) {
          if (value === undefined || value === '' || value === null) next.delete(key);
          else next.set(key, String(value));
        }
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  };
  const setPage = (page: number, pageSize: number) => {
    setParams(
      () => {
        // From the address as it is now: two quick changes (a key typed in each age box) must not undo each other,
        // as they do when each starts from the parameters of the last render.
        const next = new URLSearchParams(window.location.search);
        if (page > 1) next.set('page', String(page));
        else next.delete('page');
        if (pageSize !== 20) next.set('size', String(pageSize));
        else next.delete('size');
        return next;
      },
      { replace: true },
    );
  };
  return [state, setFilters, setPage];
}

export function FilterBar({
  state,
  onChange,
  unitChoices,
  subUnitFilter,
}: {
  state: ListState;
  onChange: (change: Partial<MemberFilters & { unit?: string }>) => void;
  unitChoices: UnitChoice[];
  /** Whether to offer the sub-unit filter (the working unit has sub-units). */
  subUnitFilter: boolean;
}) {
  const { t } = useI18n();
  const labels = useLabels();
  const { filters } = state;
  const at = filters.at ?? todayIso();
  // The sectors that applied on the list's date (a unit keeps the sector it had then), the chosen one kept.
  const sectors = sectorsOn(useSectors().data?.sectors ?? [], at).map((s) => s.id);
  if (filters.sector && !sectors.includes(filters.sector)) sectors.push(filters.sector);
  const field = { display: 'flex', flexDirection: 'column', gap: 4, flex: '1 1 180px', minWidth: 0 } as const;
  const any = t('members.filter.any');
  const active =
    state.unit !== undefined ||
    filters.gender !== undefined ||
    filters.status !== undefined ||
    filters.sector !== undefined ||
    filters.ageFrom !== undefined ||
    filters.ageTo !== undefined ||
    filters.at !== undefined;
  const badAges = agesUpsideDown(filters);

  return (
    <div data-testid="member-filters">
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }}>
        {subUnitFilter && (
          <label style={{ ...field, flex: '2 1 260px' }}>
            <Typography.Text type="secondary">{t('members.filter.unit')}</Typography.Text>
            <MemberUnitSelect
              at={at}
              value={state.unit}
              initial={unitChoices}
              placeholder={t('members.filter.unit.placeholder')}
              onChange={(unit) => onChange({ unit })}
              testId="member-filter-unit"
            />
          </label>
        )}
        <label style={field}>
          <Typography.Text type="secondary">{t('member.gender')}</Typography.Text>
          <Select
            value={filters.gender ?? ''}
            onChange={(v: string) => onChange({ gender: isGender(v) ? v : undefined })}
            options={[
              { value: '', label: any },
              ...GENDERS.map((g) => ({ value: g, label: labels.gender(g) })),
            ]}
            data-testid="member-filter-gender"
          />
        </label>
        <label style={field}>
          <Typography.Text type="secondary">{t('member.status')}</Typography.Text>
          <Select
            value={filters.status ?? 'active'}
            onChange={(v: string) => onChange({ status: v === 'active' || !isStatus(v) ? undefined : v })}
            options={[
              ...MEMBER_STATUSES.map((s) => ({ value: s, label: labels.memberStatus(s) })),
              { value: 'all', label: t('members.filter.allStatuses') },
            ]}
            data-testid="member-filter-status"
          />
        </label>
        <label style={field}>
          <Typography.Text type="secondary">{t('unit.sector')}</Typography.Text>
          <Select
            value={filters.sector ?? ''}
            onChange={(v: string) => onChange({ sector: v || undefined })}
            options={[
              { value: '', label: any },
              ...sectors.map((s) => ({ value: s, label: labels.sector(s) })),
            ]}
          />
        </label>
        <div style={field}>
          <Typography.Text type="secondary">
            {t('members.filter.ageFrom')} – {t('members.filter.ageTo')}
          </Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <InputNumber
              // No tiny up/down arrows (named only in English): the phone's number pad, or the keyboard.
              controls={false}
              min={0}
              max={120}
              value={filters.ageFrom ?? null}
              onChange={(v) => onChange({ ageFrom: v ?? undefined })}
              aria-label={t('members.filter.ageFrom')}
              style={{ width: '50%' }}
              status={badAges ? 'error' : undefined}
            />
            <InputNumber
              controls={false}
              min={0}
              max={120}
              value={filters.ageTo ?? null}
              onChange={(v) => onChange({ ageTo: v ?? undefined })}
              aria-label={t('members.filter.ageTo')}
              style={{ width: '50%' }}
              status={badAges ? 'error' : undefined}
            />
          </Space.Compact>
        </div>
        <div style={{ ...field, flex: '1 1 220px' }}>
          <AsOfDate
            value={at}
            onChange={(iso) => onChange({ at: iso === todayIso() ? undefined : iso })}
            testId="member-filter-at"
          />
        </div>
        {active && (
          <Button
            icon={<ClearOutlined />}
            onClick={() =>
              onChange({
                unit: undefined,
                gender: undefined,
                status: undefined,
                sector: undefined,
                ageFrom: undefined,
                ageTo: undefined,
                at: undefined,
              })
            }
          >
            {t('members.filter.clear')}
          </Button>
        )}
      </div>
      {badAges && (
        <Typography.Text
          type="danger"
          role="alert"
          style={{ display: 'block', marginTop: 4 }}
          data-testid="member-filter-age-invalid"
        >
          {t('members.filter.ageTo.invalid')}
        </Typography.Text>
      )}
    </div>
  );
}
