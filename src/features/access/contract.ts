import { z } from 'zod';
import { id, isoDate, optionalText, text } from '../../lib/schemas';
import { PERMISSIONS, ROLES } from './model';

export const role = z.enum(ROLES, { message: 'Vai trò không hợp lệ.' });

export const loginRequest = z.object({
  username: text(80),
  password: z.string().min(1, { message: 'Nhập mật khẩu.' }).max(200),
});

export const grantView = z.object({
  id: z.string(),
  role,
  unitId: z.string(),
  unitName: z.string().optional(),
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
  fullName: text(120, 2),
  password: z.string().min(8, { message: 'Mật khẩu phải có ít nhất 8 ký tự.' }).max(200),
  email: optionalText(200),
  phone: optionalText(30),
  isSystemAdmin: z.boolean().optional(),
  grants: z.array(z.object({ role, unitId: id })).max(50),
});
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const updateUserRequest = z.object({
  fullName: text(120, 2).optional(),
  email: optionalText(200).optional(),
  phone: optionalText(30).optional(),
  disabled: z.boolean().optional(),
  unlock: z.boolean().optional(),
});

export const passwordRequest = z.object({
  password: z.string().min(8, { message: 'Mật khẩu phải có ít nhất 8 ký tự.' }).max(200),
});
export const grantRequest = z.object({ role, unitId: id });
export const userParams = z.object({ userId: z.string() });
export const grantParams = z.object({ grantId: z.string() });

export const auditQuery = z.object({
  unitId: id.optional(),
  action: z.string().max(60).optional(),
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
export const auditResponse = z.object({ rows: z.array(auditRow), total: z.number() });

export const sinceQuery = z.object({ at: isoDate.optional() });
