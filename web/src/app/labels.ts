/** Labels of domain values (unit types, sectors, event kinds, roles, powers) in the current language. */
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import {
  EVENT_KINDS,
  POWERS,
  ROLES,
  SECTORS,
  type EventKind,
  type Power,
  type Role,
  type Sector,
} from './contract';
import { useI18n } from './i18n';

const isSector = (value: string): value is Sector => (SECTORS as readonly string[]).includes(value);
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

export function useUnitTypes() {
  return useQuery({ queryKey: ['unit-types'], queryFn: api.unitTypes, staleTime: 5 * 60_000 });
}

export function useLabels() {
  const { t, lang } = useI18n();
  const types = useUnitTypes();
  const byId = new Map((types.data?.types ?? []).map((type) => [type.id, type]));
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
    sector: (sector: string | null | undefined) => (sector && isSector(sector) ? t(`sector.${sector}`) : ''),
    eventKind: (kind: string) => (isEventKind(kind) ? t(`eventKind.${kind}`) : kind),
    eventRole: (role: string) => (isEventRole(role) ? t(`eventRole.${role}`) : role),
    role: (role: string) => (isRole(role) ? t(`role.${role}`) : role),
    power: (power: string) => (isPower(power) ? t(`power.${power}`) : power),
    groupName: (groupId: string) => types.data?.groups.find((g) => g.id === groupId)?.name ?? groupId,
  };
}
