/** Reads of the organisation tree, cached by react-query; every key starts with 'units' so one event refreshes all. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../app/api';
import { foldVietnamese } from '../../app/format';

export const unitKeys = {
  all: ['units'] as const,
  roots: (at: string) => ['units', 'roots', at] as const,
  detail: (unitId: string, at: string) => ['units', unitId, 'detail', at] as const,
  children: (unitId: string, at: string) => ['units', unitId, 'children', at] as const,
  subtree: (unitId: string, at: string) => ['units', unitId, 'subtree', at] as const,
  events: (unitId: string) => ['units', unitId, 'events'] as const,
  search: (q: string, at: string, within: string, limit: number) =>
    ['units', 'search', q, at, within, limit] as const,
};

export function useUnitDetail(unitId: string, at: string) {
  return useQuery({ queryKey: unitKeys.detail(unitId, at), queryFn: () => api.unit(unitId, at) });
}

export function useChildren(unitId: string | undefined, at: string) {
  return useQuery({
    queryKey: unitKeys.children(unitId ?? '', at),
    queryFn: () => api.children(unitId ?? '', at),
    enabled: Boolean(unitId),
  });
}

export function useSubtree(unitId: string | undefined, at: string) {
  return useQuery({
    queryKey: unitKeys.subtree(unitId ?? '', at),
    queryFn: () => api.subtree(unitId ?? '', at),
    enabled: Boolean(unitId),
  });
}

export function useEvents(unitId: string | undefined) {
  return useQuery({
    queryKey: unitKeys.events(unitId ?? ''),
    queryFn: () => api.events(unitId ?? ''),
    enabled: Boolean(unitId),
  });
}

/** The value after the user stopped typing for `ms`. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Hits shown at first, and added by each "more" (the server gives at most 100). */
export const SEARCH_PAGE = 20;

/** Search as the user types; the server folds diacritics, so "dam rong" finds "Đam Rông". */
/** Units matching what is typed: in the user's scope, or (`country`) anywhere, as a transfer's receiving unit. */
export function useUnitSearch(
  text: string,
  at: string,
  within: 'scope' | 'country' = 'scope',
  limit = SEARCH_PAGE,
) {
  const q = useDebounced(text.trim(), 250);
  const enabled = foldVietnamese(q).length >= 2;
  const result = useQuery({
    queryKey: unitKeys.search(q, at, within, limit),
    queryFn: () => api.search(q, at, within, limit),
    enabled,
    placeholderData: (prev) => prev,
  });
  return { ...result, enabled, settled: q === text.trim() };
}

export function useInvalidateUnits() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: unitKeys.all });
}
