import { z } from 'zod';
import { id, isoDate, nameText, optionalText, searchText, text } from '../../lib/schemas';
import { PERMISSIONS, ROLES } from './model';
import { AUDIT_ACTIONS } from './audit-actions';

export const role = z.enum(ROLES, { message: 'Vai trò không hợp lệ.' });

/**
 * A new password as the request carries it. Its rule (length, strength) is password-policy.ts, applied by the
 * service with the person's names; the bound here only keeps absurd inputs away from argon2.
 */
const newPassword = z.string().min(1, { message: 'Nhập mật khẩu.' }).max(1000);

export const loginRequest = z.object({
  username: text(80),
  password: z.string().min(1, { message: 'Nhập mật khẩu.' }).max(200),
});

export const grantView = z.object({
  id: z.string(),
  role,
  unitId: z.string(),
  unitName: z.string().optional(),
  /** The day the unit ended, when it has: the role gives nothing now, the unit's history stays readable. */
  unitEndedOn: isoDate.nullable().optional(),
});

export const meResponse = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  isSystemAdmin: z.boolean(),
  grants: z.array(grantView),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meResponse>;

/** GET /api/auth/session: the signed-in user, or null for a visitor. */
export const sessionResponse = z.object({ me: meResponse.nullable() });

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  isSystemAdmin: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  grants: z.array(grantView),
});
export type UserView = z.infer<typeof userView>;

export const usersResponse = z.object({ users: z.array(userView) });

export const createUserRequest = z.object({
  username: text(40, 3),
  fullName: nameText(120, 2),
  password: newPassword,
  email: optionalText(200),
  phone: optionalText(30),
  isSystemAdmin: z.boolean().optional(),
  grants: z.array(z.object({ role, unitId: id })).max(50),
});
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const updateUserRequest = z.object({
  fullName: nameText(120, 2).optional(),
  email: optionalText(200).optional(),
  phone: optionalText(30).optional(),
  disabled: z.boolean().optional(),
  unlock: z.boolean().optional(),
});

const currentPassword = z.string().min(1, { message: 'Nhập mật khẩu hiện tại.' }).max(1000);

/** Changing one's own password: the current one first. */
export const changePasswordRequest = z.object({ currentPassword, password: newPassword });

/** An administrator setting another user's password; for one's own, currentPassword is needed as above. */
export const passwordRequest = z.object({
  password: newPassword,
  currentPassword: currentPassword.optional(),
});
export const grantRequest = z.object({ role, unitId: id });
export const userParams = z.object({ userId: z.string() });
export const grantParams = z.object({ grantId: z.string() });

export const auditQuery = z.object({
  unitId: id.optional(),
  action: z.enum(AUDIT_ACTIONS, { message: 'Thao tác không hợp lệ.' }).optional(),
  /** Part of the acting person's name or user name. */
  actor: searchText(80).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditRow = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  unitId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});
export type AuditRowView = z.infer<typeof auditRow>;
export const auditResponse = z.object({
  rows: z.array(auditRow),
  total: z.number(),
  /** The names of the units, members and users the rows name by id. */
  names: z.record(z.string(), z.string()),
});

export const sinceQuery = z.object({ at: isoDate.optional() });
