/** Reads of the member registry, cached by react-query; every key starts with 'members' so one change refreshes all. */
import { useMemo } from 'react';
import { useI18n } from '../../app/i18n';
import { personValueReader } from './person-values';
import { keepPreviousData, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ProposalStatus } from '../../app/contract';
import { useCurrentUnit } from '../../app/current-unit';
import { useMe } from '../../app/auth';
import { useUnitTypes } from '../../app/labels';
import { api } from '../../app/api';
import { todayIso } from '../../app/format';
import { unitKeys } from '../organisation/queries';
import { membersApi, type MemberFilters } from './api';

export const memberKeys = {
  all: ['members'] as const,
  list: (unitId: string, filters: MemberFilters, page: number, pageSize: number) =>
    ['members', 'list', unitId, filters, page, pageSize] as const,
  stats: (unitId: string, at: string) => ['members', 'stats', unitId, at] as const,
  detail: (unitId: string, memberId: string) => ['members', 'detail', unitId, memberId] as const,
  proposals: (unitId: string, status: ProposalStatus | undefined, page: number, pageSize: number) =>
    ['members', 'proposals', unitId, status ?? 'all', page, pageSize] as const,
};

/** A page of a unit's list; the previous page stays on screen while the next one loads. */
function useUnitPage<T>(
  unitId: string | undefined,
  queryKey: QueryKey,
  load: (unitId: string) => Promise<T>,
) {
  return useQuery({
    queryKey,
    queryFn: () => load(unitId ?? ''),
    enabled: Boolean(unitId),
    placeholderData: keepPreviousData,
  });
}

export function useMemberList(
  unitId: string | undefined,
  filters: MemberFilters,
  page: number,
  pageSize: number,
) {
  return useUnitPage(unitId, memberKeys.list(unitId ?? '', filters, page, pageSize), (id) =>
    membersApi.list(id, filters, page, pageSize),
  );
}

export function useMemberStats(unitId: string, at: string, enabled = true) {
  return useQuery({
    queryKey: memberKeys.stats(unitId, at),
    queryFn: () => membersApi.stats(unitId, at),
    enabled,
  });
}

export function useMember(unitId: string, memberId: string) {
  return useQuery({
    queryKey: memberKeys.detail(unitId, memberId),
    queryFn: () => membersApi.detail(unitId, memberId),
  });
}

export function useProposals(
  unitId: string | undefined,
  status: ProposalStatus | undefined,
  page: number,
  pageSize: number,
) {
  return useUnitPage(unitId, memberKeys.proposals(unitId ?? '', status, page, pageSize), (id) =>
    membersApi.proposals(id, status, page, pageSize),
  );
}

/** The value lists of a person's fields (ethnic groups, religions …), each value with its English name. */
export function usePersonValueLists() {
  return useQuery({
    queryKey: ['person-values'],
    queryFn: membersApi.personValues,
    staleTime: Infinity,
  });
}

export function useInvalidateMembers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: memberKeys.all });
}

/** Levels of the unit types, to tell a CĐCS (level 4 and below, where members stay) from the unions above. */
export function useTypeFacts() {
  const types = useUnitTypes();
  return useMemo(() => {
    const byId = new Map((types.data?.types ?? []).map((type) => [type.id, type]));
    return {
      level: (typeId: string) => byId.get(typeId)?.level,
      /** Whether units of the type approve admissions (the server does not look at the type's validity either). */
      admits: (typeId: string) => byId.get(typeId)?.powers.includes('admit_members') ?? false,
    };
  }, [types.data]);
}

/** What the signed-in user may do in the member registry from the working unit. */
export function useMemberRights() {
  const me = useMe();
  const { unit } = useCurrentUnit();
  const facts = useTypeFacts();
  const has = (p: 'members.read' | 'members.write' | 'members.approve' | 'members.pii') =>
    me.isSystemAdmin || me.permissions.includes(p);
  return {
    read: has('members.read'),
    write: has('members.write'),
    pii: has('members.pii'),
    /** The working unit approves admissions for the CĐCS under it. */
    approve: has('members.approve') && unit !== null && facts.admits(unit.typeId),
  };
}

/** A unit's record as of today (its name, founding and end), shared with the organisation pages' cache. */
export function useUnitRecord(unitId: string | undefined) {
  const today = todayIso();
  const detail = useQuery({
    queryKey: unitKeys.detail(unitId ?? '', today),
    queryFn: () => api.unit(unitId ?? '', today),
    enabled: Boolean(unitId),
  });
  return detail.data?.unit;
}

/** A unit's name today (for a unit chosen by id in the address). */
export function useUnitName(unitId: string | undefined): string | undefined {
  return useUnitRecord(unitId)?.name;
}

/** A person's values in the reader's language (person-values.ts), from the server's lists. */
export function usePersonValues() {
  const { lang } = useI18n();
  const lists = usePersonValueLists();
  const reader = useMemo(() => personValueReader(lists.data, lang), [lists.data, lang]);
  return { ...reader, loading: lists.isLoading };
}
