/**
 * Bad input is a 400 naming the field (or a 403/404/409/422 of the typed catalogue), never a 500 (issue 10, item 10).
 * Generated from the app itself: every route with a JSON body in the OpenAPI document (route table + schemas), and
 * every string query parameter, receives, one field at a time, NUL bytes, control characters, zero-width
 * characters, 10.000-character strings and wrong types; every id field an id that exists nowhere; every path id an
 * unknown one. Each answer must be a refusal from the catalogue with a Vietnamese message. A new route is covered
 * because the table and the schemas are read from the app.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import { queryRows, sql } from '../src/platform/db';
import { isKnownErrorCode } from '../src/platform/errors';
import { CSRF_HEADER, routeTableOf, type App, type RouteInfo } from '../src/platform/http';
import { createTestDatabase } from './support/db';
import { buildProvince, call, logIn, makeUser, testApp, type Session } from './support/factories';
import { loadActor } from '../src/features/access/service';
import { grantsOf } from '../src/features/access/store';
import * as members from '../src/features/members/service';
import { admitMember, personFixture } from '../src/features/members/test-factories';
import { importMembers } from '../src/features/members/services/import-members';
import { importUnits } from '../src/features/organisation/services/import-units';
import { PERSON_TEXT_LIMITS } from '../src/features/members/contract';
import { UNIT_TEXT_LIMITS } from '../src/features/organisation/contract';
import { textProblem } from '../src/lib/text';
import { AppError } from '../src/platform/errors';

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minimum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
};
type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: { in: string; name: string; schema?: Schema }[];
};

let handle: DatabaseHandle;
let app: App;
let session: Session;
let paths: Record<string, Record<string, Operation>>;
let params: Record<string, string>;
let province: Awaited<ReturnType<typeof buildProvince>>;

/** A status a refusal may have; anything else (2xx, 500) is a failure of this test. */
const REFUSALS = [400, 403, 404, 409, 422];
/** Vietnamese: at least one letter with a Vietnamese diacritic or đ. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

beforeAll(async () => {
  handle = await createTestDatabase();
  await members.ensureMemberReferenceData(handle.db);
  const p = await buildProvince(handle);
  province = p;
  app = await testApp(handle, { LOGIN_RATE_PER_MINUTE: '10000' });
  await app.ready();
  const admin = await makeUser(handle, [], { isSystemAdmin: true });
  session = await logIn(app, admin.username);
  const actor = (await loadActor(handle.db, admin.id))!;
  const member = await admitMember(handle.db, actor, p.phiLieng, personFixture());
  const proposal = await members.proposeMembers(handle.db, actor, p.phiLieng, { people: [personFixture()] });
  const officer = await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }]);
  // Path ids that exist and lie in the administrator's scope: only the body is wrong.
  params = {
    unitId: p.phiLieng,
    memberId: member.memberId,
    proposalId: proposal.proposals[0]!.id,
    userId: officer.id,
    grantId: (await grantsOf(handle.db, officer.id))[0]!.id,
    typeId: 'grassroots_union',
    groupId: 'nhom_thu',
    jobId: randomUUID(),
  };
  paths = (app.swagger() as { paths: typeof paths }).paths;
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

const operationOf = (route: RouteInfo) =>
  paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
const jsonBodyOf = (route: RouteInfo) =>
  operationOf(route)?.requestBody?.content?.['application/json']?.schema;
const isPassword = (key: string) => /password/i.test(key);

/** A value of the schema's type, as a form would send it; every id one that exists nowhere. */
function sample(schema: Schema, key: string): unknown {
  const s = schema.anyOf?.find((x) => x.type !== 'null') ?? schema.oneOf?.[0] ?? schema;
  if (s.enum) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, k)]));
    case 'array':
      return s.items ? [sample(s.items, key)] : [];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
    case 'null':
    case undefined:
    default:
      if (s.format === 'uuid') return randomUUID();
      if (/(On|Date|From|To)$/.test(key)) return '2024-06-03';
      if (/typeId$/i.test(key)) return 'grassroots_union';
      if (key === 'ethnicityCode') return '01';
      if (isPassword(key)) return 'ca-phe-sua-da-buoi-sang';
      if (key === 'code') return 'MA-THU-1';
      return 'Giá trị thử';
  }
}

type Leaf = { path: (string | number)[]; schema: Schema; key: string };

/** Every leaf of a sample body with the schema it came from ("people.0.fullName"). */
function leaves(value: unknown, schema: Schema, path: (string | number)[] = [], key = ''): Leaf[] {
  const s = schema.anyOf?.find((x) => x.type !== 'null') ?? schema.oneOf?.[0] ?? schema;
  if (Array.isArray(value))
    return [...value.entries()].flatMap(([i, v]) => leaves(v, s.items ?? {}, [...path, i], key));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, s.properties?.[k] ?? {}, [...path, k], k));
  return [{ path, schema: s, key }];
}

function withValue(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let target = copy;
  for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
  target[path.at(-1)!] = value;
  return copy;
}

const BAD_TEXT: Record<string, string> = {
  'a NUL byte': 'Nguyễn\u0000Văn',
  'a control character': 'Nguyễn\u0007Văn',
  'an escape sequence': 'Nguyễn\u001b[2JVăn',
  'a zero-width space': 'Nguyễn\u200bVăn',
  'a right-to-left override': 'Nguyễn\u202eVăn',
  '10.000 characters': 'a'.repeat(10_000),
};

interface Case {
  label: string;
  method: string;
  url: string;
  body?: unknown;
}

function urlOf(route: RouteInfo, overrides: Record<string, string> = {}): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => overrides[name] ?? params[name] ?? randomUUID());
}

/** Every bad request for one route with a JSON body. */
function casesFor(route: RouteInfo, schema: Schema): Case[] {
  const base = sample(schema, '');
  const cases: Case[] = [];
  const add = (label: string, body: unknown, url = urlOf(route)) =>
    cases.push({ label, method: route.method, url, body });
  const all = leaves(base, schema);
  const ids = all.filter((l) => l.schema.format === 'uuid');
  if (ids.length) add(`unknown ids in ${ids.map((l) => l.path.join('.')).join(', ')}`, base);
  for (const leaf of all) {
    const field = leaf.path.join('.');
    const type = Array.isArray(leaf.schema.type) ? leaf.schema.type[0] : leaf.schema.type;
    if (typeof sample(leaf.schema, leaf.key) === 'string' && !leaf.schema.enum) {
      for (const [what, text] of Object.entries(BAD_TEXT)) {
        // A password may hold any character; only its length is bounded.
        if (isPassword(leaf.key) && what !== '10.000 characters') continue;
        add(`${field}: ${what}`, withValue(base, leaf.path, text));
      }
      add(`${field}: a number instead of text`, withValue(base, leaf.path, 12345));
    } else if (type === 'integer' || type === 'number' || type === 'boolean') {
      add(`${field}: text instead of ${type}`, withValue(base, leaf.path, 'không phải số'));
    } else if (leaf.schema.enum) {
      add(`${field}: a value outside the list`, withValue(base, leaf.path, 'khong_co\u0000'));
    }
    if (leaf.path.length > 1 && typeof leaf.path.at(-2) === 'number')
      add(
        `${leaf.path.slice(0, -2).join('.')}: an object instead of a list`,
        withValue(base, leaf.path.slice(0, -2), {}),
      );
  }
  add('a list instead of an object', []);
  add('text instead of an object', 'chuỗi');
  for (const name of [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!))
    if (name !== 'typeId' && name !== 'groupId')
      add(`unknown :${name}`, base, urlOf(route, { [name]: randomUUID() }));
  return cases;
}

/** Every bad value of every string query parameter of a GET route. */
function queryCasesFor(route: RouteInfo): Case[] {
  const query = (operationOf(route)?.parameters ?? []).filter((x) => x.in === 'query');
  return query.flatMap((parameter) =>
    Object.entries({ ...BAD_TEXT, 'a malformed value': '%%%\u0000' })
      .filter(([what]) => what !== 'an escape sequence')
      .map(([what, text]) => ({
        label: `?${parameter.name}: ${what}`,
        method: 'GET',
        url: `${urlOf(route)}?${new URLSearchParams({ [parameter.name]: text }).toString()}`,
      })),
  );
}

async function tableCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    handle.db,
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sessions', 'audit_log', 'login_attempts', '__drizzle_migrations') ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = (
      await queryRows<{ n: number }>(handle.db, sql.raw(`SELECT count(*)::int AS n FROM "${name}"`))
    )[0]!.n;
  return counts;
}

async function failuresOf(cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  for (const c of cases) {
    // A body that is JSON but not an object (a string) goes as JSON too: inject would send it as text/plain.
    const res =
      typeof c.body === 'string'
        ? await app.inject({
            method: c.method as 'POST',
            url: c.url,
            headers: {
              cookie: session.cookie,
              [CSRF_HEADER]: session.csrf,
              'content-type': 'application/json',
            },
            payload: JSON.stringify(c.body),
          })
        : await call(app, session, c.method as 'POST', c.url, c.body);
    const where = `${c.method} ${c.url.split('?')[0]} [${c.label}] → ${res.statusCode}`;
    if (!REFUSALS.includes(res.statusCode)) {
      failures.push(`${where} ${res.body.slice(0, 300)}`);
      continue;
    }
    const body = res.json() as {
      code: string;
      message: string;
      problems: { field: string; message: string }[];
    };
    if (!isKnownErrorCode(body.code)) failures.push(`${where}: code ${body.code} is not in the catalogue`);
    if (!VIETNAMESE.test(body.message)) failures.push(`${where}: message not Vietnamese: ${body.message}`);
    for (const problem of body.problems)
      if (!VIETNAMESE.test(problem.message))
        failures.push(`${where}: problem not Vietnamese: ${problem.message}`);
  }
  return failures;
}

const apiRoutes = () =>
  routeTableOf(app).filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));

describe('bad input is refused, never a 500', () => {
  it('every route with a JSON body refuses bad text, wrong types and unknown ids, writing nothing', async () => {
    const routes = apiRoutes().filter((r) => jsonBodyOf(r));
    expect(routes.length).toBeGreaterThan(20);
    const before = await tableCounts();
    const cases = routes.flatMap((r) => casesFor(r, jsonBodyOf(r)!));
    expect(cases.length).toBeGreaterThan(500);
    console.log(`bad-input: ${cases.length} requests to ${routes.length} routes with a JSON body`);
    expect(await failuresOf(cases)).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  });

  it('every string query parameter refuses control characters, zero-width characters and 10.000 characters', async () => {
    const routes = apiRoutes().filter(
      (r) => r.method === 'GET' && (operationOf(r)?.parameters ?? []).some((x) => x.in === 'query'),
    );
    expect(routes.length).toBeGreaterThan(5);
    expect(await failuresOf(routes.flatMap(queryCasesFor))).toEqual([]);
  });

  it('a file route sent JSON instead of a file is a 400 saying so', async () => {
    const uploads = apiRoutes().filter((r) => r.method === 'POST' && !jsonBodyOf(r) && /import/.test(r.url));
    expect(uploads.length).toBeGreaterThan(0);
    for (const route of uploads) {
      const res = await call(app, session, 'POST', urlOf(route), { file: 'Nguyễn\u0000Văn' });
      expect(res.statusCode, route.url).toBe(400);
      expect((res.json() as { message: string }).message).toMatch(VIETNAMESE);
    }
  });
});

describe('the imports apply the same text policy as the forms', () => {
  const BAD_CELLS = Object.entries(BAD_TEXT).filter(([what]) => what !== '10.000 characters');

  it('a member file: each bad cell refused by row and column with the message a form gives, nothing written', async () => {
    const before = await tableCounts();
    for (const field of [
      'fullName',
      'religion',
      'cccd',
      'phone',
      'email',
      'occupation',
      'memberCode',
    ] as const) {
      const long = 'a'.repeat(PERSON_TEXT_LIMITS[field] + 1);
      const rows = [...BAD_CELLS.map(([, text]) => text), long].map((text, i) => ({
        ...personFixture(),
        [field]: text,
        rowNumber: i + 2,
      }));
      const error = await importMembers(handle.db, null, province.lamHaSchool, { rows }).catch(
        (e: unknown) => e,
      );
      expect(error, field).toBeInstanceOf(AppError);
      const problems = (error as AppError).problems;
      for (const row of rows) {
        const own = problems.filter((x) => x.field.startsWith(`Dòng ${row.rowNumber}:`));
        expect(own, `${field}, row ${row.rowNumber}`).toHaveLength(1);
        expect(own[0]!.message).toBe(textProblem(row[field]!, PERSON_TEXT_LIMITS[field], { min: 0 }));
      }
    }
    // The same limits as the form: a name of 100 letters is good in both, 101 in neither.
    const form = await call(app, session, 'POST', `/api/units/${province.lamHaSchool}/member-proposals`, {
      people: [{ ...personFixture(), fullName: 'a'.repeat(PERSON_TEXT_LIMITS.fullName + 1) }],
    });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain(`Tối đa ${PERSON_TEXT_LIMITS.fullName} ký tự`);
    expect(await tableCounts()).toEqual(before);
  });

  it('a unit file: each bad cell refused by row and column, nothing written', async () => {
    const before = await tableCounts();
    const cells = [...BAD_CELLS.map(([, text]) => text), 'a'.repeat(UNIT_TEXT_LIMITS.address + 1)];
    const rows = cells.map((text, i) => ({
      rowNumber: i + 2,
      code: `MA-${i}`,
      name: 'Công đoàn cơ sở Thử',
      typeId: 'grassroots_union',
      parentCode: null,
      foundedOn: '2020-01-01',
      address: text,
    }));
    const parentCode = {
      ...rows[0]!,
      rowNumber: 99,
      code: 'MA-CHA',
      parentCode: 'MA\u0000CHA',
      address: null,
    };
    const error = await importUnits(handle.db, null, [...rows, parentCode]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const problems = (error as AppError).problems;
    for (const row of rows)
      expect(problems.filter((x) => x.field === `Dòng ${row.rowNumber}: Địa chỉ`)).toEqual([
        {
          field: `Dòng ${row.rowNumber}: Địa chỉ`,
          message: textProblem(row.address, UNIT_TEXT_LIMITS.address, { min: 0 }),
        },
      ]);
    expect(problems).toContainEqual({
      field: 'Dòng 99: Mã đơn vị cấp trên',
      message: 'Có ký tự rỗng (NUL) ở vị trí 3; hãy gõ lại nội dung này.',
    });
    expect(await tableCounts()).toEqual(before);
  });
});
