/**
 * Fastify set-up shared by every feature: zod contracts, OpenAPI at /api/docs, session cookies with CSRF tokens,
 * the route access declaration every /api route must carry, typed errors, and the web app's static files.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config';
import { constraintError, type Database } from './db';
import { AppError, problemSchema, renderMessage, type Problem } from './errors';
import { isIsoDate } from '../lib/dates';
import { JobRunner } from './jobs/runner';
import { create as createDisposition } from 'content-disposition';

z.config(z.locales.vi());

export const SESSION_COOKIE = 'cd_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * How a route is guarded. Every /api route declares one; the authorization matrix test reads them.
 * - public: anyone; authenticated: any signed-in user, results filtered by scope inside the service;
 * - units: paths in params/query/body holding unit ids (a trailing [] for arrays) that must be in the actor's scope;
 * - users / grants: params naming a user or a role grant that must be inside the actor's scope;
 * - system: system administrators only.
 */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'units'; paths: string[] }
  | { kind: 'user'; param: string }
  | { kind: 'grant'; param: string }
  | { kind: 'system' };

/**
 * The signed-in user as the HTTP layer knows it. The platform needs no more than this; the access feature adds the
 * rest of its Actor to this interface (declaration merging), so routes hand the full actor to the services.
 */
export interface RequestActor {
  userId: string;
  isSystemAdmin: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** The background jobs of this process (platform/jobs), stopped when the app closes. */
    jobs: JobRunner;
  }
  interface FastifyRequest {
    actor: RequestActor | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

export interface AppContext {
  db: Database;
  config: Config;
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ScopeGuard {
  resolveSession(token: string, ip: string): Promise<{ actor: RequestActor; csrfToken: string } | null>;
  /**
   * Throws AppError when a unit is outside everything the actor holds: on `at` for a read (a GET may ask for a past
   * date with `?at=`), on today for a change (any other method), whatever the request says.
   */
  checkUnits(actor: RequestActor, unitIds: string[], options: { at?: string; write: boolean }): Promise<void>;
  checkUser(actor: RequestActor, userId: string): Promise<void>;
  checkGrant(actor: RequestActor, grantId: string): Promise<void>;
}

export interface ErrorBody {
  code: string;
  message: string;
  messageEn: string;
  problems: Problem[];
}

function errorBody(
  code: string,
  params: Record<string, string | number> = {},
  problems: Problem[] = [],
): ErrorBody {
  return {
    code,
    message: renderMessage(code, params, 'vi'),
    messageEn: renderMessage(code, params, 'en'),
    problems,
  };
}

/** Strings found at a path such as "moves[].unitId" or "sourceIds[]" inside a parsed request part. */
function valuesAt(source: unknown, keys: string[]): string[] {
  if (keys.length === 0) return typeof source === 'string' && source !== '' ? [source] : [];
  if (source === null || typeof source !== 'object') return [];
  const [head = '', ...rest] = keys;
  const isArray = head.endsWith('[]');
  const value = (source as Record<string, unknown>)[isArray ? head.slice(0, -2) : head];
  if (isArray) return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  return valuesAt(value, rest);
}

/** Unit ids a request names at the declared paths ("params.unitId", "body.sourceIds[]", "body.moves[].unitId"). */
export function unitIdsOf(request: FastifyRequest, paths: string[]): string[] {
  const sources: Record<string, unknown> = {
    params: request.params,
    query: request.query,
    body: request.body,
  };
  return paths.flatMap((p) => {
    const [where = '', ...rest] = p.split('.');
    return valuesAt(sources[where], rest);
  });
}

export interface RouteInfo {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

const routeTables = new WeakMap<object, RouteInfo[]>();

/** Every route the app registered, with its access declaration: the authorization matrix test walks this. */
export function routeTableOf(app: object): RouteInfo[] {
  return routeTables.get(app) ?? [];
}

/** The "as of" date a read asks for (`?at=YYYY-MM-DD`), so that history can be read where the tree then allowed it. */
function dateOf(query: unknown): string | undefined {
  const at = (query as { at?: unknown } | undefined)?.at;
  return typeof at === 'string' && isIsoDate(at) ? at : undefined;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function buildHttpApp(
  ctx: AppContext,
  guard: ScopeGuard,
  options: { logger?: boolean } = {},
): Promise<App> {
  const app = Fastify({
    logger: options.logger ? { level: ctx.config.LOG_LEVEL } : false,
    // Off unless TRUST_PROXY says which proxies to believe: request.ip (the login limit, the audit) and
    // request.protocol (the cookie's Secure flag) come from the socket, not from headers a client can write.
    trustProxy: ctx.config.TRUST_PROXY,
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Công Đoàn Số API', version: '0.1.0', description: 'API của hệ thống Công Đoàn Số' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const jobs = new JobRunner(ctx.db, { log: (error) => app.log.error(error) });
  app.decorate('jobs', jobs);
  app.addHook('onClose', () => jobs.stop());

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);

  // Every /api route must say how it is guarded; a route that does not stops the server from starting.
  const table: RouteInfo[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, access: route.config?.access });
    }
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (!route.config?.access)
      throw new Error(
        `Route ${[route.method].flat().join(',')} ${route.url} has no config.access declaration`,
      );
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await guard.resolveSession(token, request.ip);
    if (!session) return;
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (unsafe && request.url.startsWith('/api/') && request.headers[CSRF_HEADER] !== session.csrfToken) {
      return reply.code(403).send(errorBody('csrf_failed'));
    }
    request.actor = session.actor;
    request.sessionToken = token;
    request.csrfToken = session.csrfToken;
  });

  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    const actor = request.actor;
    if (!actor) return reply.code(401).send(errorBody('not_authenticated'));
    switch (access.kind) {
      case 'authenticated':
        return;
      case 'system':
        if (!actor.isSystemAdmin) return reply.code(403).send(errorBody('forbidden'));
        return;
      case 'units': {
        const ids = [...new Set(unitIdsOf(request, access.paths))];
        if (ids.some((id) => !UUID_RE.test(id)))
          return reply.code(404).send(errorBody('not_found', { what: 'đơn vị' }));
        const write = !['GET', 'HEAD'].includes(request.method);
        await guard.checkUnits(actor, ids, write ? { write } : { at: dateOf(request.query), write });
        return;
      }
      case 'user': {
        const id = (request.params as Record<string, string>)[access.param] ?? '';
        if (!UUID_RE.test(id)) return reply.code(404).send(errorBody('not_found', { what: 'người dùng' }));
        await guard.checkUser(actor, id);
        return;
      }
      case 'grant': {
        const id = (request.params as Record<string, string>)[access.param] ?? '';
        if (!UUID_RE.test(id)) return reply.code(404).send(errorBody('not_found', { what: 'vai trò' }));
        await guard.checkGrant(actor, id);
        return;
      }
    }
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof AppError)
      return reply.code(error.status).send(errorBody(error.code, error.params, error.problems));
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as { validationContext?: string }).validationContext ?? 'body';
      const problems = error.validation.map((v) => ({
        field:
          [where === 'body' ? '' : where, ...v.instancePath.split('/').filter(Boolean)]
            .filter(Boolean)
            .join('.') || where,
        message: v.message ?? 'Không hợp lệ',
      }));
      return reply.code(400).send(errorBody('validation_failed', {}, problems));
    }
    // What the database refused because of what was sent (a duplicate, a reference to nothing, a NUL byte): the
    // typed error naming the field (db.ts constraintError), never a 500.
    const refused = constraintError(error);
    if (refused) {
      const problems = refused.problems.map((p) =>
        p.field === 'request' ? { ...p, field: fieldHolding(request, UNSTORABLE) ?? p.field } : p,
      );
      return reply.code(refused.status).send(errorBody(refused.code, refused.params, problems));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 429) return reply.code(429).send(errorBody('rate_limited'));
    if (status && status >= 400 && status < 500) {
      const code = (error as { code?: string }).code ?? '';
      const message = `${REQUEST_PROBLEMS[code] ?? 'Yêu cầu không hợp lệ.'} (${(error as Error).message})`;
      return reply.code(status).send(errorBody('validation_failed', {}, [{ field: 'request', message }]));
    }
    request.log.error(error);
    return reply.code(500).send(errorBody('internal'));
  });

  return app;
}

/** Fastify's own refusals of a request, in Vietnamese (the English reason follows in brackets). */
const REQUEST_PROBLEMS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Nội dung gửi lên không phải JSON hợp lệ.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Nội dung JSON đang trống.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Nội dung gửi lên quá lớn.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Kiểu nội dung (Content-Type) không được hỗ trợ.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Độ dài nội dung (Content-Length) không khớp.',
};

/** Characters PostgreSQL cannot store in text (NUL) or that the text policy refuses: what a byte error points at. */
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The path ("people.0.fullName", "query.q") of the first string of the request holding `pattern`, if any. */
function fieldHolding(request: FastifyRequest, pattern: RegExp): string | undefined {
  const search = (value: unknown, path: string[]): string[] | undefined => {
    if (typeof value === 'string') return pattern.test(value) ? path : undefined;
    if (value === null || typeof value !== 'object') return undefined;
    for (const [key, inner] of Object.entries(value)) {
      const found = search(inner, [...path, key]);
      if (found) return found;
    }
    return undefined;
  };
  for (const [where, value] of [
    ['', request.body],
    ['query', request.query],
    ['params', request.params],
  ] as const) {
    const found = search(value, where ? [where] : []);
    if (found) return found.join('.') || where || 'body';
  }
  return undefined;
}

/** Serves the built web app, with every non-API path falling back to index.html for the client router. */
export async function serveWebApp(app: App): Promise<boolean> {
  const root = fileURLToPath(new URL('../../dist/web', import.meta.url));
  if (!existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, { root, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.code(404).send(errorBody('not_found', { what: request.url }));
    }
    return reply.sendFile('index.html');
  });
  return true;
}

// -------------------------------------------------------------------------------------------------------------
// Plumbing shared by the features' routes: the signed-in actor, file downloads and file uploads

/** The actor of a route that needs one; without a session the request is refused as not signed in. */
export function requireActor(actor: RequestActor | null): RequestActor {
  if (!actor) throw new AppError('not_authenticated');
  return actor;
}

/**
 * A download's header (content-disposition): the Vietnamese name in RFC 5987 form (`filename*`) and, for old
 * clients, the name without diacritics.
 */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const name = fileName.normalize('NFC');
  return createDisposition(name, { type: disposition, fallback: asciiFileName(name) });
}

/** A file name in ASCII: diacritics dropped, đ as d, anything else outside printable ASCII as "_". */
function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_');
}

/**
 * Sends a generated file, never cached: saved under its Vietnamese name, or with `inline` opened in the browser
 * (a PDF to print). `headers` are sent as well.
 */
export function sendFile(
  reply: FastifyReply,
  file: { fileName: string; contentType: string },
  body: Buffer | Readable,
  options: { inline?: boolean; headers?: Record<string, string> } = {},
): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      contentDisposition(file.fileName, options.inline ? 'inline' : 'attachment'),
    )
    .header('cache-control', 'no-store')
    .headers(options.headers ?? {})
    .send(body);
}

export interface Upload {
  buffer: Buffer;
  fileName: string;
  /** A text field sent with the file (the first when sent twice); undefined when absent. */
  field(name: string): string | undefined;
}

/**
 * The file of a multipart/form-data request (field "file"), read into memory. No multipart body, no file, or a file
 * over the 50 MB limit is refused as `import_bad_file` with the reason in Vietnamese.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError('import_bad_file', {
      reason: 'cần gửi tệp dạng multipart/form-data, trường "file"',
    });
  }
  const part = await request.file();
  if (!part) throw new AppError('import_bad_file', { reason: 'chưa chọn tệp' });
  let buffer: Buffer;
  try {
    buffer = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('import_bad_file', {
        reason: 'tệp vượt quá 50 MB; hãy chia thành nhiều tệp nhỏ hơn',
      });
    }
    throw error;
  }
  return {
    buffer,
    fileName: part.filename,
    field(name) {
      const value = part.fields[name];
      const first = Array.isArray(value) ? value[0] : value;
      return first?.type === 'field' ? String(first.value) : undefined;
    },
  };
}

export const errorResponse = z.object({
  /** A platform code (errors.ts) or a feature's own (defineErrors in the feature's errors.ts). */
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
  problems: z.array(problemSchema),
});
