/** Reads of the periodic reports, cached by react-query; every key starts with 'reports' so one change refreshes all. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../app/auth';
import { useCurrentUnit } from '../../app/current-unit';
import { useUnitTypes } from '../../app/labels';
import { useMemo } from 'react';
import { reportsApi, type ApprovalsFilter } from './api';

export const reportKeys = {
  all: ['reports'] as const,
  catalogue: ['reports', 'catalogue'] as const,
  report: (unitId: string, formId: string, periodCode: string) =>
    ['reports', 'report', unitId, formId, periodCode] as const,
  approvals: (unitId: string, filter: ApprovalsFilter) => ['reports', 'approvals', unitId, filter] as const,
  catalogueAdmin: ['reports', 'catalogue-admin'] as const,
};

/**
 * The catalogue as its editor reads it, asked only by those who may hold the right (`reports.catalogue`, which
 * counts at the top union only: the answer's `canEdit` says).
 */
export function useCatalogueAdmin(enabled = true) {
  // The menu asks too: kept five minutes (a save refreshes it at once through reportKeys.all).
  return useQuery({
    queryKey: reportKeys.catalogueAdmin,
    queryFn: reportsApi.catalogueAdmin,
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useCatalogue() {
  return useQuery({ queryKey: reportKeys.catalogue, queryFn: reportsApi.catalogue, staleTime: 10 * 60_000 });
}

export function useInvalidateReports() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: reportKeys.all });
}

/** What the signed-in user may do with reports from the working unit. */
export function useReportRights() {
  const me = useMe();
  const { unit } = useCurrentUnit();
  const types = useUnitTypes();
  const approvesReports = useMemo(() => {
    const type = (types.data?.types ?? []).find((t) => t.id === unit?.typeId);
    return type?.powers.includes('approve_reports') ?? false;
  }, [types.data, unit?.typeId]);
  const has = (p: 'reports.read' | 'reports.write' | 'reports.approve' | 'reports.targets') =>
    me.isSystemAdmin || me.permissions.includes(p);
  return {
    read: has('reports.read'),
    write: has('reports.write'),
    approve: has('reports.approve') && approvesReports,
    targets: has('reports.targets'),
  };
}

/**
 * The chosen form and period, kept in the address (?form=SK6T&period=2023S1) so a link or a reload opens the same
 * report; by default the first form and its newest period.
 */
export function useFormPeriod() {
  const catalogue = useCatalogue();
  const [params, setParams] = useSearchParams();
  const forms = catalogue.data?.forms ?? [];
  const form = forms.find((f) => f.id === params.get('form')) ?? forms[0];
  const periods = form?.recentPeriods ?? [];
  const period = periods.find((p) => p.code === params.get('period')) ?? periods[0];
  const choose = (next: { form?: string; period?: string }) => {
    const merged = new URLSearchParams(params);
    if (next.form !== undefined) {
      merged.set('form', next.form);
      merged.delete('period');
    }
    if (next.period !== undefined) merged.set('period', next.period);
    setParams(merged, { replace: true });
  };
  return { catalogue, forms, form, periods, period, choose, params, setParams };
}
