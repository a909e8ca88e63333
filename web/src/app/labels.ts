/**
 * Labels of domain values (unit types, sectors, event kinds, roles, powers; genders, member statuses, leave reasons,
 * proposal statuses, membership events, age bands) in the current language.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import {
  AGE_BANDS,
  EVENT_KINDS,
  GENDERS,
  LEAVE_REASONS,
  MEMBER_EVENT_KINDS,
  MEMBER_STATUSES,
  POWERS,
  PROPOSAL_STATUSES,
  ROLES,
  type EventKind,
  type Gender,
  type LeaveReason,
  type MemberStatus,
  type MembershipEventKind,
  type Power,
  type ProposalStatus,
  type Role,
  type SectorView,
} from './contract';
import { useI18n } from './i18n';

const isEventKind = (value: string): value is EventKind => (EVENT_KINDS as readonly string[]).includes(value);
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
/** How a unit took part in an event (unit_event_units.role). */
export const EVENT_ROLES = [
  'subject',
  'founded',
  'parent',
  'moved',
  'old_parent',
  'new_parent',
  'ended',
  'target',
] as const;
type EventRole = (typeof EVENT_ROLES)[number];
const isEventRole = (value: string): value is EventRole => (EVENT_ROLES as readonly string[]).includes(value);
const isPower = (value: string): value is Power => (POWERS as readonly string[]).includes(value);
const isGender = (value: string): value is Gender => (GENDERS as readonly string[]).includes(value);
const isMemberStatus = (value: string): value is MemberStatus =>
  (MEMBER_STATUSES as readonly string[]).includes(value);
const isLeaveReason = (value: string): value is LeaveReason =>
  (LEAVE_REASONS as readonly string[]).includes(value);
const isProposalStatus = (value: string): value is ProposalStatus =>
  (PROPOSAL_STATUSES as readonly string[]).includes(value);
const isMemberEvent = (value: string): value is MembershipEventKind =>
  (MEMBER_EVENT_KINDS as readonly string[]).includes(value);
/** The groups every database starts with (organisation reference-data defaultUnitGroups). */
const DEFAULT_GROUPS = ['public_service', 'education', 'enterprise'] as const;
const isDefaultGroup = (value: string): value is (typeof DEFAULT_GROUPS)[number] =>
  (DEFAULT_GROUPS as readonly string[]).includes(value);
type AgeBandKey = 'under_30' | '30_39' | '40_49' | '50_59' | '60_plus';
const isAgeBand = (value: string): value is AgeBandKey => AGE_BANDS.some((b) => b.key === value);

export function useUnitTypes() {
  return useQuery({ queryKey: ['unit-types'], queryFn: api.unitTypes, staleTime: 5 * 60_000 });
}

/** Every sector with its dates (reference data of the server: ended ones still name past units and counts). */
export function useSectors() {
  return useQuery({ queryKey: ['sectors'], queryFn: () => api.sectors(), staleTime: 5 * 60_000 });
}

/** The sectors that apply on `date` (a unit's sector must apply on the day it is set). */
export function sectorsOn(sectors: readonly SectorView[], date: string): SectorView[] {
  return sectors.filter((s) => s.validFrom <= date && date < s.validTo);
}

export function useLabels() {
  const { t, lang } = useI18n();
  const types = useUnitTypes();
  const sectors = useSectors();
  const byId = new Map((types.data?.types ?? []).map((type) => [type.id, type]));
  const sectorById = new Map((sectors.data?.sectors ?? []).map((s) => [s.id, s]));
  return {
    /** Full name of a unit type ("Công đoàn cơ sở"). */
    typeName: (typeId: string) => {
      const type = byId.get(typeId);
      if (!type) return typeId;
      return lang === 'vi' ? type.nameVi : type.nameEn;
    },
    /** Short badge of a unit type ("CĐCS"). */
    typeShort: (typeId: string) => {
      const type = byId.get(typeId);
      if (!type) return typeId;
      return lang === 'vi' ? type.shortVi : type.nameEn;
    },
    /** A sector's name in the current language (its id while the list loads or when it is unknown). */
    sector: (sector: string | null | undefined) => {
      if (!sector) return '';
      const found = sectorById.get(sector);
      if (!found) return sector;
      return lang === 'vi' ? found.nameVi : found.nameEn;
    },
    eventKind: (kind: string) => (isEventKind(kind) ? t(`eventKind.${kind}`) : kind),
    eventRole: (role: string) => (isEventRole(role) ? t(`eventRole.${role}`) : role),
    role: (role: string) => (isRole(role) ? t(`role.${role}`) : role),
    power: (power: string) => (isPower(power) ? t(`power.${power}`) : power),
    /**
     * A group's (khối) name: the stored one in Vietnamese; in English, the catalog's for the default groups, the
     * stored name for a group someone added (groups carry one name).
     */
    groupName: (groupId: string) => {
      const name = types.data?.groups.find((g) => g.id === groupId)?.name ?? groupId;
      return lang === 'en' && isDefaultGroup(groupId) ? t(`group.${groupId}`) : name;
    },
    gender: (gender: string) => (isGender(gender) ? t(`gender.${gender}`) : gender),
    memberStatus: (status: string) => (isMemberStatus(status) ? t(`memberStatus.${status}`) : status),
    leaveReason: (reason: string) => (isLeaveReason(reason) ? t(`leaveReason.${reason}`) : reason),
    proposalStatus: (status: string) => (isProposalStatus(status) ? t(`proposalStatus.${status}`) : status),
    memberEvent: (kind: string) => (isMemberEvent(kind) ? t(`memberEvent.${kind}`) : kind),
    /** An age band of the member counts; the server's own label when the band is not a default one. */
    ageBand: (key: string, fallback: string) => (isAgeBand(key) ? t(`ageBand.${key}`) : fallback),
  };
}
