import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../platform/http';
import { SESSION_COOKIE, errorResponse } from '../../platform/http';
import { okResponse } from '../../lib/schemas';
import { AppError } from '../../platform/errors';
import * as contract from './contract';
import * as service from './service';
import { PERMISSIONS, type Actor } from './model';

function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('not_authenticated');
  return actor;
}

function meOf(actor: Actor, csrfToken: string, grants: Awaited<ReturnType<typeof service.grantViews>>) {
  return {
    id: actor.userId,
    username: actor.username,
    fullName: actor.fullName,
    isSystemAdmin: actor.isSystemAdmin,
    grants,
    permissions: PERMISSIONS.filter((p) => service.can(actor, p)),
    csrfToken,
  };
}

export function registerAccessRoutes(app: App, ctx: AppContext): void {
  const { db, config } = ctx;
  /**
   * The session cookie: Secure whenever the request came over HTTPS (its own TLS, or X-Forwarded-Proto from a
   * proxy named in TRUST_PROXY) or COOKIE_SECURE says so; a cookie set over HTTPS must never travel over HTTP.
   */
  const sessionCookie = (request: FastifyRequest) => ({
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.COOKIE_SECURE || request.protocol === 'https',
    path: '/',
  });
  const policy = {
    sessionHours: config.SESSION_HOURS,
    idleMinutes: config.SESSION_IDLE_MINUTES,
    maxFailures: config.LOGIN_MAX_FAILURES,
    lockoutMinutes: config.LOCKOUT_MINUTES,
  };

  app.post(
    '/api/auth/login',
    {
      config: {
        access: { kind: 'public' },
        rateLimit: { max: config.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        body: contract.loginRequest,
        response: { 200: contract.meResponse, 401: errorResponse, 423: errorResponse },
      },
    },
    async (request, reply) => {
      const result = await service.logIn(db, policy, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        ...sessionCookie(request),
        expires: result.expiresAt,
      });
      return meOf(result.actor, result.csrfToken, await service.grantViews(db, result.actor));
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags: ['auth'], response: { 200: okResponse } },
    },
    async (request, reply) => {
      await service.logOut(db, requireActor(request.actor), request.sessionToken ?? '');
      reply.clearCookie(SESSION_COOKIE, sessionCookie(request));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags: ['auth'], response: { 200: contract.meResponse } },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      return meOf(actor, request.csrfToken ?? '', await service.grantViews(db, actor));
    },
  );

  // What the web app asks at every load: 200 with no one when not signed in, so that a visitor's first page is not
  // an error in the browser's console or the server's log.
  app.get(
    '/api/auth/session',
    {
      config: { access: { kind: 'public' } },
      schema: { tags: ['auth'], response: { 200: contract.sessionResponse } },
    },
    async (request) => {
      const actor = request.actor;
      if (!actor) return { me: null };
      return { me: meOf(actor, request.csrfToken ?? '', await service.grantViews(db, actor)) };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: { kind: 'authenticated' } },
      schema: {
        tags: ['auth'],
        body: contract.changePasswordRequest,
        response: { 200: okResponse, 400: errorResponse, 423: errorResponse },
      },
    },
    async (request) => {
      await service.changeOwnPassword(db, policy, requireActor(request.actor), request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags: ['users'], response: { 200: contract.usersResponse } },
    },
    async (request) => {
      const users = await service.listUsers(db, requireActor(request.actor));
      return {
        users: users.map((u) => ({
          ...u,
          lockedUntil: u.lockedUntil ? new Date(u.lockedUntil).toISOString() : null,
          lastLoginAt: u.lastLoginAt ? new Date(u.lastLoginAt).toISOString() : null,
        })),
      };
    },
  );

  app.post(
    '/api/users',
    {
      config: { access: { kind: 'units', paths: ['body.grants[].unitId'] } },
      schema: { tags: ['users'], body: contract.createUserRequest, response: { 200: contract.userView } },
    },
    async (request) => {
      const user = await service.createUser(db, requireActor(request.actor), request.body);
      const view = await service.getUser(db, requireActor(request.actor), user.id);
      return service.userView(view.user, view.grants);
    },
  );

  app.get(
    '/api/users/:userId',
    {
      config: { access: { kind: 'user', param: 'userId' } },
      schema: { tags: ['users'], params: contract.userParams, response: { 200: contract.userView } },
    },
    async (request) => {
      const view = await service.getUser(db, requireActor(request.actor), request.params.userId);
      return service.userView(view.user, view.grants);
    },
  );

  app.patch(
    '/api/users/:userId',
    {
      config: { access: { kind: 'user', param: 'userId' } },
      schema: {
        tags: ['users'],
        params: contract.userParams,
        body: contract.updateUserRequest,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await service.updateUser(db, requireActor(request.actor), request.params.userId, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:userId/password',
    {
      config: { access: { kind: 'user', param: 'userId' } },
      schema: {
        tags: ['users'],
        params: contract.userParams,
        body: contract.passwordRequest,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const { password, currentPassword } = request.body;
      // One's own password through this route still needs the current one: setPassword refuses it without.
      if (request.params.userId === actor.userId && currentPassword !== undefined)
        await service.changeOwnPassword(db, policy, actor, { currentPassword, password });
      else await service.setPassword(db, actor, request.params.userId, password);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:userId/grants',
    {
      config: { access: { kind: 'units', paths: ['body.unitId'] } },
      schema: {
        tags: ['users'],
        params: contract.userParams,
        body: contract.grantRequest,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await service.addGrant(db, requireActor(request.actor), request.params.userId, request.body);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/grants/:grantId',
    {
      config: { access: { kind: 'grant', param: 'grantId' } },
      schema: { tags: ['users'], params: contract.grantParams, response: { 200: okResponse } },
    },
    async (request) => {
      await service.removeGrant(db, requireActor(request.actor), request.params.grantId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/audit',
    {
      config: { access: { kind: 'units', paths: ['query.unitId'] } },
      schema: {
        tags: ['audit'],
        querystring: contract.auditQuery,
        response: { 200: contract.auditResponse },
      },
    },
    async (request) => {
      const result = await service.listAudit(db, requireActor(request.actor), request.query);
      return { ...result, rows: result.rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
    },
  );
}
