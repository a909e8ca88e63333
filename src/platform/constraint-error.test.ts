/**
 * db.ts constraintError on the real database (PGlite, or PostgreSQL with TEST_DB=postgres): each refusal bad input
 * can cause becomes the typed error naming the field, and anything else stays unmapped (a 500).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import { constraintError, lockTransaction, sql, type DatabaseHandle } from './db';
import { AppError } from './errors';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle.close());

/** The error the statement fails with, mapped. */
async function mapped(statement: ReturnType<typeof sql>): Promise<AppError | null> {
  try {
    await handle.db.execute(statement);
  } catch (error) {
    return constraintError(error);
  }
  throw new Error('the statement did not fail');
}

describe('constraintError', () => {
  it('a unique violation is duplicate_value (409) naming the field', async () => {
    await handle.db.execute(sql`INSERT INTO ethnicities (code, name) VALUES ('98', 'Thử')`);
    const error = await mapped(sql`INSERT INTO ethnicities (code, name) VALUES ('98', 'Thử lại')`);
    expect(error).toBeInstanceOf(AppError);
    expect(error!.code).toBe('duplicate_value');
    expect(error!.status).toBe(409);
    expect(error!.message).toBe('Giá trị của trường "Mã" đã tồn tại.');
    expect(error!.problems).toEqual([{ field: 'code', message: 'Mã: giá trị này đã có trong hệ thống.' }]);
  });

  it('a reference to nothing is not_found (404); a row still referenced is a 400', async () => {
    const unit = randomUUID();
    const error = await mapped(
      sql`INSERT INTO unit_names (unit_id, name, short_name, valid_from) VALUES (${unit}, 'Tên', 'Tên', '2020-01-01')`,
    );
    expect(error!.code).toBe('not_found');
    expect(error!.status).toBe(404);
    expect(error!.message).toBe('Không tìm thấy đơn vị.');
    expect(error!.problems).toEqual([{ field: 'unitId', message: 'Đơn vị: không tìm thấy trong hệ thống.' }]);

    const inUse = await mapped(
      sql`DELETE FROM unit_types WHERE id = (SELECT parent_type_id FROM unit_type_rules LIMIT 1)`,
    );
    expect(inUse!.code).toBe('validation_failed');
    expect(inUse!.status).toBe(400);
    expect(inUse!.problems).toEqual([
      { field: 'id', message: 'id: đang được dùng ở nơi khác nên không xóa hoặc đổi được.' },
    ]);
  });

  it('NUL, a missing value, a bad date, a malformed id and a number out of range are 400s', async () => {
    const cases: [ReturnType<typeof sql>, string, RegExp][] = [
      [sql`SELECT ${'a\u0000b'}::text`, 'request', /ký tự rỗng NUL/],
      [sql`INSERT INTO ethnicities (code, name) VALUES ('99', null)`, 'name', /Tên: không được để trống/],
      [sql`SELECT ${'2025-13-45'}::date`, 'request', /ngày không hợp lệ/],
      [sql`SELECT ${'khong-phai-uuid'}::uuid`, 'request', /không đúng định dạng/],
      [sql`SELECT ${'99999999999'}::int`, 'request', /số quá lớn/],
    ];
    for (const [statement, field, message] of cases) {
      const error = await mapped(statement);
      expect(error?.code).toBe('validation_failed');
      expect(error!.status).toBe(400);
      expect(error!.problems[0]!.field).toBe(field);
      expect(error!.problems[0]!.message).toMatch(message);
    }
  });

  it('anything else stays unmapped', async () => {
    expect(await mapped(sql`SELECT * FROM no_such_table`)).toBeNull();
    expect(constraintError(new Error('boom'))).toBeNull();
    expect(constraintError(null)).toBeNull();
  });

  it('lockTransaction holds a lock until the transaction ends', async () => {
    const order: string[] = [];
    const hold = (name: string, ms: number) =>
      handle.db.transaction(async (tx) => {
        await lockTransaction(tx, 'test-lock');
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a', 40), hold('b', 40)]);
    // Whichever takes the lock first, the other waits for its transaction to end: no interleaving (without the lock
    // both are in before either is out).
    expect([
      ['a in', 'a out', 'b in', 'b out'],
      ['b in', 'b out', 'a in', 'a out'],
    ]).toContainEqual(order);
  });
});
