/**
 * The only code that knows PGlite from PostgreSQL. Both run the same migrations and the same Drizzle queries.
 */
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import {
  getTableConfig,
  type PgColumn,
  type PgDatabase,
  type PgQueryResultHKT,
  type PgTable,
} from 'drizzle-orm/pg-core';
import { getTableColumns, SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { AppError } from './errors';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Database = PgDatabase<PgQueryResultHKT>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** A short description for logs: the data folder or the server's address without password. */
  where: string;
  close(): Promise<void>;
  /** The raw PGlite instance, for dumping a migrated template in tests. */
  pglite?: PGlite;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob | File };

export function targetFromConfig(config: {
  DATABASE_URL?: string | undefined;
  CONGDOAN_DATA_DIR: string;
}): DatabaseTarget {
  return config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL }
    : { kind: 'pglite', dataDir: config.CONGDOAN_DATA_DIR };
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // Dates stay ISO strings (YYYY-MM-DD); bigint counts come back as numbers when safe.
    pool.on('error', () => undefined);
    const db = drizzlePg(pool) as unknown as Database;
    const url = new URL(target.url);
    url.password = '';
    return { db, kind: 'postgres', where: url.toString(), close: () => pool.end() };
  }
  if (target.dataDir && !target.dataDir.startsWith('memory://'))
    mkdirSync(target.dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: target.dataDir,
    loadDataDir: target.loadDataDir,
    extensions: { pg_trgm },
  });
  const db = drizzlePglite(client) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    where: target.dataDir ?? 'memory',
    close: () => client.close(),
    pglite: client,
  };
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePg(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/** Runs a raw statement and returns its rows, the same on both drivers. */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/** A value as COPY's text format writes it: \N for null, t/f, JSON for objects, text with its specials escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\n\r\t]/.test(text)
    ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c as keyof typeof COPY_ESCAPES])
    : text;
}

const COPY_ESCAPES = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' } as const;

/** Rows per piece of COPY text handed to the driver. */
const COPY_PIECE = 2000;

function* copyText(rows: Iterable<readonly unknown[]>): Generator<string> {
  let piece: string[] = [];
  for (const row of rows) {
    piece.push(row.map(copyField).join('\t'));
    if (piece.length === COPY_PIECE) {
      yield `${piece.join('\n')}\n`;
      piece = [];
    }
  }
  if (piece.length) yield `${piece.join('\n')}\n`;
}

/**
 * Rows made ready for writeRows before its statement starts (prepareRows): COPY's text on PostgreSQL, the rows
 * themselves on PGlite. The statement then never waits for the rows to be made.
 */
export class PreparedRows {
  constructor(
    readonly rows: readonly (readonly unknown[])[] | null,
    readonly copyText: readonly string[] | null,
  ) {}
}

/** Makes the rows for writeRows on `db` now, in the form its driver takes them (see PreparedRows). */
export function prepareRows(db: Database, rows: Iterable<readonly unknown[]>): PreparedRows {
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  return client instanceof pg.Pool || client instanceof pg.Client
    ? // One piece: handed to the socket at once, the whole of it can wait in the kernel's buffers for the server,
      // which then reads on while this process is busy with other work.
      new PreparedRows(null, [[...copyText(rows)].join('')])
    : new PreparedRows([...rows], null);
}

/**
 * Inserts rows into `table`, on the caller's transaction when `db` is one. PostgreSQL gets COPY … FROM STDIN streamed
 * through pg-copy-streams on the transaction's client: the cheapest way in (a hundred thousand members' rows parse
 * in a third of the time a JSON parameter takes). Each row holds its values in the order of `columns`; null is NULL,
 * objects are written as JSON.
 */
export async function writeRows(
  db: Database,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]> | PreparedRows,
): Promise<void> {
  const statement = (source: string) => `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
  // drizzle keeps the driver's client (pool, pooled client, PGlite or its transaction) on the session.
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const connection = client instanceof pg.Pool ? await client.connect() : client;
    try {
      const text = rows instanceof PreparedRows ? rows.copyText : copyText(rows);
      if (!text) throw new Error('writeRows: rows prepared for PGlite given to PostgreSQL');
      await pipeline(Readable.from(text), connection.query(copyFrom(statement('STDIN'))));
    } finally {
      if (client instanceof pg.Pool) (connection as pg.PoolClient).release();
    }
    return;
  }
  // PGlite (or a transaction of it): its COPY from /dev/blob slows down with every COPY a session runs (5,000 rows:
  // 70 ms for the 10th, 540 ms for the 50th), so the rows go as one JSON parameter made into the table's own row
  // type; the columns not written take their defaults.
  const list = columns.join(', ');
  const given = rows instanceof PreparedRows ? rows.rows : [...rows];
  if (!given) throw new Error('writeRows: rows prepared for PostgreSQL given to PGlite');
  const records = given.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
  await (client as PGlite).query(
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(null::${table}, $1::json)`,
    [JSON.stringify(records)],
  );
}

/** Rows per writeRows call of insertTableRows (and per progress call). */
const INSERT_CHUNK = 5000;

/**
 * Inserts rows into a Drizzle table through writeRows (COPY on PostgreSQL), `chunk` rows at a time, the column names
 * and defaults taken from the table's own definition (getTableColumns / getTableConfig): the rows carry the table's
 * fields as the rest of the code names them. The columns written are the table's fields any row gives a value; a field a
 * row leaves undefined takes the column's default (its value or its $defaultFn), else NULL. Dates are written as ISO
 * text, objects of a json column as JSON.
 */
export async function insertTableRows<T extends PgTable>(
  db: Database,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { chunk?: number; onChunk?: (done: number) => void } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const config = getTableConfig(table);
  // Plain snake_case names, as writeRows puts them in COPY's column list and PGlite's JSON records.
  const name = config.schema ? `${config.schema}.${config.name}` : config.name;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const given = new Set<string>();
  for (const row of rows as readonly Record<string, unknown>[])
    for (const key of Object.keys(row)) if (key in all && row[key] !== undefined) given.add(key);
  const columns = [...given].map((key) => ({ key, column: all[key]! }));
  const valueOf = (row: Record<string, unknown>, { key, column }: (typeof columns)[number]): unknown => {
    const value = row[key] ?? (column.default === undefined ? column.defaultFn?.() : column.default);
    if (value instanceof SQL) throw new Error(`insertTableRows: ${key} has an SQL default; give it a value`);
    return value instanceof Date ? value.toISOString() : (value ?? null);
  };
  const size = options.chunk ?? INSERT_CHUNK;
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size) as readonly Record<string, unknown>[];
    await writeRows(
      db,
      name,
      columns.map((c) => c.column.name),
      chunk.map((row) => columns.map((c) => valueOf(row, c))),
    );
    options.onChunk?.(Math.min(i + size, rows.length));
  }
}

/** PostgreSQL's unique_violation (23505), as either driver reports it (drizzle wraps it in `cause`). */
/** The unique key a refused write broke ('' when the driver does not name it), or null for any other error. */
export function violatedUniqueKey(error: unknown): string | null {
  const e = pgErrorOf(error);
  return e?.code === '23505' ? (e.constraint ?? '') : null;
}

export function isUniqueViolation(error: unknown): boolean {
  return violatedUniqueKey(error) !== null;
}

/**
 * Holds a lock named `key` until the caller's transaction ends (pg_advisory_xact_lock on a 64-bit hash of the key):
 * work that must not run twice at once for the same thing (one federation's imports) waits for the other to commit.
 * PGlite runs one transaction at a time anyway; the statement is the same.
 */
export async function lockTransaction(tx: Database, key: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/**
 * The same lock held shared until the transaction ends: many such holders run at once, and all of them wait for (and
 * hold off) one that takes it with lockTransaction.
 */
export async function lockTransactionShared(tx: Database, key: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`);
}

/** The fields of PostgreSQL's error report that say what was refused (the same on both drivers). */
interface PgErrorFields {
  code: string;
  constraint?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
  detail?: string | undefined;
}

/** The PostgreSQL error inside `error` (drizzle wraps the driver's in `cause`), or null. */
function pgErrorOf(error: unknown): PgErrorFields | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as PgErrorFields;
  }
  return null;
}

/** Columns as people call them, for the messages below; any other column is named by its API field. */
const COLUMN_LABELS: Record<string, string> = {
  code: 'Mã',
  cccd: 'Số CCCD',
  username: 'Tên đăng nhập',
  name: 'Tên',
  full_name: 'Họ và tên',
  email: 'Email',
  phone: 'Số điện thoại',
  unit_id: 'Đơn vị',
  parent_id: 'Đơn vị cấp trên',
  type_id: 'Loại đơn vị',
  parent_type_id: 'Loại đơn vị cấp trên',
  group_id: 'Nhóm đơn vị',
  user_id: 'Người dùng',
  member_id: 'Đoàn viên',
  ethnicity_code: 'Dân tộc',
};

/** snake_case column → the camelCase field of the API ("ethnicity_code" → "ethnicityCode"). */
const fieldOf = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The columns a constraint error is about: from its detail ("Key (unit_id, valid_from)=(…) already exists."), else
 * from the column PostgreSQL reports, else guessed from the constraint's name ("members_cccd_key" → cccd).
 */
function columnsOf(e: PgErrorFields): string[] {
  const key = /Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1];
  if (key) return key.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (e.column) return [e.column];
  const guess =
    e.constraint && e.table
      ? e.constraint.slice(e.table.length + 1).replace(/_(key|fkey|pkey|check|idx)$/, '')
      : '';
  return guess ? [guess] : [];
}

/**
 * A database refusal that bad input can cause, as the typed error the person reads (Vietnamese, naming the field), or
 * null for anything else (a bug or an outage: a 500). The one place PostgreSQL error codes are read; the HTTP error
 * handler uses it, so that no route answers 500 to what a person typed:
 * - 23505 unique / 23P01 exclusion → duplicate_value (409) naming the field;
 * - 23503 foreign key → not_found (404) for a reference to nothing, validation_failed (400) for a row still in use;
 * - 23502 not null, 23514 check, 22001 too long, 22003 number out of range, 22P02 malformed value (a bad uuid),
 *   22007/22008 bad date, 22021/22P05 a byte the database cannot store (NUL) → validation_failed (400);
 * - 40001 serialization / 40P01 deadlock → state_conflict (409): someone changed the same thing at the same time.
 */
export function constraintError(error: unknown): AppError | null {
  const e = pgErrorOf(error);
  if (!e) return null;
  const columns = columnsOf(e);
  const field = columns.map(fieldOf).join(', ') || 'request';
  const label = columns.map((c) => COLUMN_LABELS[c] ?? fieldOf(c)).join(', ') || 'dữ liệu';
  const invalid = (message: string) => new AppError('validation_failed', {}, [{ field, message }]);
  switch (e.code) {
    case '23505':
    case '23P01':
      return new AppError('duplicate_value', { field: label }, [
        { field, message: `${label}: giá trị này đã có trong hệ thống.` },
      ]);
    case '23503':
      return /still referenced/.test(e.detail ?? '')
        ? invalid(`${label}: đang được dùng ở nơi khác nên không xóa hoặc đổi được.`)
        : new AppError('not_found', { what: label.toLowerCase() }, [
            { field, message: `${label}: không tìm thấy trong hệ thống.` },
          ]);
    case '23502':
      return invalid(`${label}: không được để trống.`);
    case '23514':
      return invalid(`${label}: giá trị không hợp lệ.`);
    case '22001':
      return invalid(`${label}: nội dung quá dài.`);
    case '22003':
      return invalid(`${label}: số quá lớn hoặc quá nhỏ.`);
    case '22P02':
      return invalid(`${label}: giá trị không đúng định dạng.`);
    case '22007':
    case '22008':
      return invalid(`${label}: ngày không hợp lệ.`);
    case '22021':
    case '22P05':
      return invalid('Có ký tự không lưu được (ký tự rỗng NUL hoặc ký tự điều khiển); hãy gõ lại nội dung.');
    case '40001':
    case '40P01':
      return new AppError('state_conflict', { what: 'Dữ liệu này' });
    default:
      return null;
  }
}

/**
 * A list as PostgreSQL's array text ('{"a","b,c"}'), every element quoted with its quotes and backslashes escaped:
 * one parameter whatever the list holds (commas, braces, quotes, the word NULL), the same on both drivers.
 */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** A list of ids as one uuid[] parameter. */
export function idArray(ids: readonly string[]): SQL {
  return sql`${arrayLiteral(ids)}::uuid[]`;
}

/** A list of texts (codes, names, ISO dates) as one text[] parameter; cast it for other types (`::date[]`). */
export function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::text[]`;
}

/**
 * Runs `work` with a second connection of the pool beside a transaction the caller opens on `db`, for read-only
 * statements that may run while the transaction's own connection is busy (a COPY being streamed): it sees what others
 * committed, never the transaction's own rows. `null` when there is none to spare: on PGlite (one connection), when
 * `db` is itself a transaction, or when the pool has neither an idle connection nor room for a new one (waiting for
 * one while holding another could wait for ever). The caller then does the same work on its transaction.
 */
export async function withSideConnection<T>(
  db: Database,
  work: (side: Database | null) => Promise<T>,
): Promise<T> {
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  if (!(client instanceof pg.Pool)) return work(null);
  const pool = client;
  if (pool.idleCount === 0 && pool.totalCount >= (pool.options.max ?? 10)) return work(null);
  const connection = await pool.connect();
  try {
    return await work(drizzlePg(connection));
  } finally {
    connection.release();
  }
}

/**
 * Runs a registry read with planner settings for big aggregates: no JIT compilation (its set-up costs more than these
 * queries save) and enough memory to hash a province's people without spilling. SET LOCAL needs a transaction; inside
 * the caller's transaction it becomes a savepoint, and the settings end with it.
 */
export async function withPlannerSettings<T>(
  db: Database,
  read: (tx: Database) => Promise<T>,
  options: { hashJoins?: boolean } = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
    // A statement over a whole table's worth of rows (a period's every value) is best joined by hashing. Without
    // statistics (a database just loaded, never analysed) the planner may guess a handful of rows and loop over one
    // side for each row of the other: a minute where hashing takes 30 ms.
    if (options.hashJoins) await tx.execute(sql`SELECT set_config('enable_nestloop', 'off', true)`);
    return read(tx);
  });
}

export { sql };
