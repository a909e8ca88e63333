/** Small things the member pages share: status colours and the address of a member's page. */
import type { MemberStatus } from '../../app/contract';

export const STATUS_COLORS: Record<MemberStatus, string> = {
  active: 'green',
  left: 'default',
  deceased: 'purple',
};

/** A member's page, as seen from a unit above them (the unit their record is read through). */
export function memberLink(unitId: string, memberId: string): string {
  return `/members/${unitId}/${memberId}`;
}
