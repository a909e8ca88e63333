/** Test data built through the product's own services: each test builds its own organisation and users. */
import { randomBytes } from 'node:crypto';
import type { DatabaseHandle } from '../../src/platform/db';
import { loadConfig } from '../../src/platform/config';
import { createApp } from '../../src/server';
import type { App } from '../../src/platform/http';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/platform/http';
import { createUser } from '../../src/features/access/service';
import type { Role } from '../../src/features/access/model';
import { applyPlan, type NewUnitSpec, type RestructurePlan } from '../../src/features/organisation/service';

let counter = 0;
export function uniqueCode(prefix = 'U'): string {
  counter += 1;
  return `${prefix}${counter}${randomBytes(2).toString('hex').toUpperCase()}`;
}

export async function foundAs(
  handle: DatabaseHandle,
  spec: Partial<NewUnitSpec> & { typeId: string; parentId?: string | null; effectiveOn?: string },
): Promise<string> {
  const { parentId = null, effectiveOn = '2000-01-01', ...rest } = spec;
  const plan: RestructurePlan = {
    kind: 'found',
    effectiveOn,
    found: [
      {
        key: 'u',
        code: rest.code ?? uniqueCode(),
        name: rest.name ?? `Đơn vị ${uniqueCode()}`,
        ...rest,
        parent: parentId ? { id: parentId } : null,
      },
    ],
  };
  const result = await handle.db.transaction((tx) => applyPlan(tx, null, plan));
  return result.founded[0]!.id;
}

/**
 * A small province: LĐLĐ tỉnh → two district federations (Đam Rông, Lâm Hà) and a local sector union (Giáo dục),
 * each with two CĐCS, all founded on 1/1/2010.
 */
export async function buildProvince(handle: DatabaseHandle, name = 'LĐLĐ tỉnh Lâm Đồng') {
  const on = '2010-01-01';
  const province = await foundAs(handle, {
    typeId: 'provincial_federation',
    name,
    effectiveOn: '2000-01-01',
  });
  const damRong = await foundAs(handle, {
    typeId: 'district_federation',
    name: 'LĐLĐ huyện Đam Rông',
    shortName: 'Đam Rông',
    parentId: province,
    effectiveOn: on,
  });
  const lamHa = await foundAs(handle, {
    typeId: 'district_federation',
    name: 'LĐLĐ huyện Lâm Hà',
    shortName: 'Lâm Hà',
    parentId: province,
    effectiveOn: on,
  });
  const education = await foundAs(handle, {
    typeId: 'local_sector_union',
    name: 'Công đoàn ngành Giáo dục',
    parentId: province,
    effectiveOn: on,
  });
  const cdcs = async (parentId: string, name: string) =>
    foundAs(handle, {
      typeId: 'grassroots_union',
      name,
      parentId,
      effectiveOn: on,
      sector: 'public_service',
    });
  return {
    province,
    damRong,
    lamHa,
    education,
    phiLieng: await cdcs(damRong, 'CĐCS Trường THCS Phi Liêng'),
    damRongClinic: await cdcs(damRong, 'CĐCS Trạm Y tế xã Đạ Rsal'),
    lamHaCoffee: await cdcs(lamHa, 'CĐCS Công ty Cà phê Lâm Hà'),
    lamHaSchool: await cdcs(lamHa, 'CĐCS Trường Tiểu học Nam Ban'),
    eduSchool1: await cdcs(education, 'CĐCS Trường THPT Bảo Lộc'),
    eduSchool2: await cdcs(education, 'CĐCS Trường THPT Chu Văn An'),
  };
}

export const TEST_PASSWORD = 'ca-phe-sua-da-buoi-sang';

export async function makeUser(
  handle: DatabaseHandle,
  grants: { role: Role; unitId: string }[],
  opts: { isSystemAdmin?: boolean } = {},
) {
  const username = `u${uniqueCode().toLowerCase()}`;
  const user = await createUser(handle.db, null, {
    username,
    fullName: 'Nguyễn Văn Thử',
    password: TEST_PASSWORD,
    grants,
    isSystemAdmin: opts.isSystemAdmin ?? false,
  });
  return { id: user.id, username, password: TEST_PASSWORD };
}

export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}

export async function testApp(handle: DatabaseHandle, overrides: Record<string, string> = {}): Promise<App> {
  return createApp(handle, testConfig(overrides), { web: false, jobs: false });
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function logIn(app: App, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return {
    cookie: `${SESSION_COOKIE}=${setCookie!.value}`,
    csrf: (res.json() as { csrfToken: string }).csrfToken,
  };
}

/** A request as a signed-in user, with the session cookie and CSRF header. */
export function call(
  app: App,
  session: Session,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return app.inject({
    method,
    url,
    headers: { cookie: session.cookie, [CSRF_HEADER]: session.csrf },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A new password the strength policy accepts, different on every call (for password changes in tests). */
export function freshPassword(): string {
  return `Doi-${randomBytes(6).toString('hex')}-Mat-Khau-${1000 + (randomBytes(2).readUInt16BE() % 9000)}!`;
}

/**
 * A multipart/form-data upload as a browser sends it: the file in field "file" under `fileName`, and text fields.
 * `session` null sends no cookie.
 */
export function uploadFile(
  app: App,
  session: Session | null,
  url: string,
  file: Buffer | string,
  fileName: string,
  fields: Record<string, string> = {},
) {
  const boundary = `----congdoan${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(file) ? file : Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return app.inject({
    method: 'POST',
    url,
    headers: {
      ...(session ? { cookie: session.cookie, [CSRF_HEADER]: session.csrf } : {}),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat(parts),
  });
}

/** A member import job as the API reports it, once it has ended. */
export interface EndedImportJob {
  state: string;
  result: unknown;
  error: { code?: string; message?: string; problems?: { field: string; message: string }[] } | null;
}

/** Waits for a member import job to end (polled through the API) and returns it. */
export async function importJobEnd(
  app: App,
  session: Session,
  unitId: string,
  jobId: string,
): Promise<EndedImportJob> {
  for (let i = 0; i < 400; i += 1) {
    const res = await call(app, session, 'GET', `/api/units/${unitId}/member-imports/${jobId}`);
    if (res.statusCode !== 200) throw new Error(`import job: ${res.statusCode} ${res.body}`);
    const job = res.json<EndedImportJob>();
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import job did not end');
}
