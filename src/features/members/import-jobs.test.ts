/**
 * Member import jobs live in the database: a second server process (a second app on the same database, with its own
 * connections on PostgreSQL) answers the poll of an import started on the first, and the scheduled session clean-up
 * runs as a background job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, sql, type DatabaseHandle } from '../../platform/db';
import type { App } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import {
  buildProvince,
  importJobEnd,
  logIn,
  makeUser,
  testApp,
  uploadFile,
  type Session,
} from '../../../test/support/factories';
import * as service from './service';
import { membersXlsx, templateRow } from './test-factories';

let handle: DatabaseHandle;
let secondHandle: DatabaseHandle;
let first: App;
let second: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let admin: Session;

beforeAll(async () => {
  handle = await createTestDatabase();
  secondHandle =
    handle.kind === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: handle.where, poolSize: 4 })
      : handle;
  await service.ensureMemberReferenceData(handle.db);
  p = await buildProvince(handle);
  first = await testApp(handle);
  second = await testApp(secondHandle);
  admin = await logIn(first, (await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }])).username);
});

afterAll(async () => {
  await second.close();
  await first.close();
  if (secondHandle !== handle) await secondHandle.close();
  await handle.close();
});

describe('member import jobs across server processes', () => {
  it('a job started on one app is followed to its end on another', async () => {
    const file = await membersXlsx([
      templateRow({
        fullName: 'Nguyễn Thị Hoa',
        birthDate: '17/05/1990',
        gender: 'Nữ',
        joinedOn: '01/03/2015',
      }),
      templateRow({
        fullName: 'Trần Văn Bình',
        birthDate: '02/09/1985',
        gender: 'Nam',
        joinedOn: '01/03/2015',
      }),
    ]);
    const started = await uploadFile(
      first,
      admin,
      `/api/units/${p.phiLieng}/member-imports`,
      file,
      'Danh sách.xlsx',
    );
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    const job = await importJobEnd(second, admin, p.phiLieng, jobId);
    expect(job).toMatchObject({ state: 'done', error: null, result: { created: 2 } });
    const [row] = await queryRows<{ kind: string; owner: boolean }>(
      secondHandle.db,
      sql`SELECT kind, owner_id IS NOT NULL AS owner FROM jobs WHERE id = ${jobId}`,
    );
    expect(row).toEqual({ kind: 'members.import', owner: true });
  });

  it('a failed job carries its typed error in both languages to the other app', async () => {
    const started = await uploadFile(
      first,
      admin,
      `/api/units/${p.phiLieng}/member-imports`,
      Buffer.from('không phải tệp Excel'),
      'Danh sách.xlsx',
    );
    expect(started.statusCode, started.body).toBe(202);
    const job = await importJobEnd(second, admin, p.phiLieng, started.json<{ jobId: string }>().jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'import_bad_file' });
    expect((job.error as { messageEn?: string }).messageEn).toMatch(/^Unreadable file/);
  });
});

describe('scheduled session clean-up', () => {
  it('deletes the sessions that have ended, and only those', async () => {
    const ended = await logIn(first, (await makeUser(handle, [])).username);
    const live = await logIn(first, (await makeUser(handle, [])).username);
    await handle.db.execute(
      sql`UPDATE sessions SET expires_at = now() - interval '1 minute'
          WHERE token_hash = encode(sha256(convert_to(${ended.cookie.split('=')[1]!}, 'UTF8')), 'hex')`,
    );
    const count = async () =>
      (await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM sessions`))[0]!.n;
    const before = await count();
    await second.jobs.tick();
    expect(await count()).toBe(before - 1);
    const me = await first.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: live.cookie } });
    expect(me.statusCode).toBe(200);
    const [job] = await queryRows<{ state: string }>(
      handle.db,
      sql`SELECT state FROM jobs WHERE kind = 'access.session_cleanup'`,
    );
    expect(job).toEqual({ state: 'done' });
  });
});
