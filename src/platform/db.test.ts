import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/db';
import {
  idArray,
  insertTableRows,
  isUniqueViolation,
  queryRows,
  sql,
  textArray,
  writeRows,
  type DatabaseHandle,
} from './db';
import { jobs } from './jobs/tables';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.execute(
    sql`CREATE TABLE copy_probe (id int PRIMARY KEY, label text, born date, flag boolean, extra json)`,
  );
});

afterAll(async () => {
  await handle.close();
});

const rows = () => [
  [1, 'Nguyễn Thị Thủy', '1990-02-28', true, { 'g:female': 2 }],
  [2, 'tab\there, new\nline, cr\rand a \\ backslash', null, false, null],
  [3, null, '2000-01-01', null, ['a', 'b"c']],
  [4, '\\N is text, not null', '1975-04-30', true, {}],
];

describe('writeRows', () => {
  it('writes every value as it was given, escapes and nulls included', async () => {
    await writeRows(handle.db, 'copy_probe', ['id', 'label', 'born', 'flag', 'extra'], rows());
    const stored = await queryRows<{
      id: number;
      label: string | null;
      born: string | null;
      flag: boolean | null;
    }>(
      handle.db,
      sql`SELECT id, label, born::text AS born, flag, extra::text AS extra FROM copy_probe ORDER BY id`,
    );
    expect(stored).toEqual([
      { id: 1, label: 'Nguyễn Thị Thủy', born: '1990-02-28', flag: true, extra: '{"g:female":2}' },
      {
        id: 2,
        label: 'tab\there, new\nline, cr\rand a \\ backslash',
        born: null,
        flag: false,
        extra: null,
      },
      { id: 3, label: null, born: '2000-01-01', flag: null, extra: '["a","b\\"c"]' },
      { id: 4, label: '\\N is text, not null', born: '1975-04-30', flag: true, extra: '{}' },
    ]);
  });

  it("belongs to the caller's transaction: a rollback takes the rows back", async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await writeRows(
          tx,
          'copy_probe',
          ['id', 'label'],
          Array.from({ length: 4500 }, (_, i) => [100 + i, `dòng ${i}`]),
        );
        const [inside] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM copy_probe`);
        expect(inside!.n).toBe(4504);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const [after] = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM copy_probe`);
    expect(after!.n).toBe(4);
  });

  it('fails as the database says, with its error code, and writes nothing', async () => {
    const error = await writeRows(
      handle.db,
      'copy_probe',
      ['id', 'label'],
      [
        [50, 'mới'],
        [1, 'trùng khóa'],
      ],
    ).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    const [n] = await queryRows<{ n: number }>(
      handle.db,
      sql`SELECT count(*)::int AS n FROM copy_probe WHERE id = 50`,
    );
    expect(n!.n).toBe(0);
  });
});

describe('idArray and textArray', () => {
  it('pass every value as one element, commas, quotes, braces, backslashes and the word NULL included', async () => {
    const values = ['Hà Nội, Việt Nam', 'say "hi"', '{a,b}', 'back\\slash', 'NULL', '', ' spaced '];
    const [row] = await queryRows<{ items: string[]; n: number }>(
      handle.db,
      sql`SELECT ${textArray(values)} AS items, cardinality(${textArray(values)})::int AS n`,
    );
    expect(row!.items).toEqual(values);
    expect(row!.n).toBe(values.length);
  });

  it('make uuid[] and date[] the same way, and an empty list an empty array', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const [row] = await queryRows<{ ids: string[]; none: number; days: string }>(
      handle.db,
      sql`SELECT ${idArray(ids)}::text[] AS ids, cardinality(${idArray([])})::int AS none,
                 (${textArray(['2025-07-01', '2026-01-31'])}::date[])[2]::text AS days`,
    );
    expect(row).toEqual({ ids, none: 0, days: '2026-01-31' });
  });
});

describe('insertTableRows', () => {
  it("writes rows by the table's own fields: column names, defaults, dates and json from its definition", async () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    await insertTableRows(
      handle.db,
      jobs,
      [
        { kind: 'probe.a', payload: { 'g:female': 2, note: 'a, "b"' }, runAfter: at, phase: 'đọc' },
        { kind: 'probe.b', payload: null, runAfter: at, done: 7 },
      ],
      { chunk: 1 },
    );
    const rows = await queryRows<Record<string, unknown>>(
      handle.db,
      sql`SELECT kind, state, done, phase, payload, run_after = ${at.toISOString()}::timestamptz AS "sameTime"
          FROM jobs WHERE kind LIKE 'probe.%' ORDER BY kind`,
    );
    expect(rows).toEqual([
      {
        kind: 'probe.a',
        state: 'queued',
        done: 0,
        phase: 'đọc',
        payload: { 'g:female': 2, note: 'a, "b"' },
        sameTime: true,
      },
      { kind: 'probe.b', state: 'queued', done: 7, phase: null, payload: null, sameTime: true },
    ]);
  });
});
