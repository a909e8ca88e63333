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
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
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
 * Inserts rows into `table`, on the caller's transaction when `db` is one. PostgreSQL gets COPY … FROM STDIN streamed
 * through pg-copy-streams on the transaction's client: the cheapest way in (a hundred thousand members' rows parse
 * in a third of the time a JSON parameter takes). Each row holds its values in the order of `columns`; null is NULL,
 * objects are written as JSON.
 */
export async function writeRows(
  db: Database,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<void> {
  const statement = (source: string) => `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
  // drizzle keeps the driver's client (pool, pooled client, PGlite or its transaction) on the session.
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const connection = client instanceof pg.Pool ? await client.connect() : client;
    try {
      await pipeline(Readable.from(copyText(rows)), connection.query(copyFrom(statement('STDIN'))));
    } finally {
      if (client instanceof pg.Pool) (connection as pg.PoolClient).release();
    }
    return;
  }
  // PGlite (or a transaction of it): its COPY from /dev/blob slows down with every COPY a session runs (5,000 rows:
  // 70 ms for the 10th, 540 ms for the 50th), so the rows go as one JSON parameter made into the table's own row
  // type; the columns not written take their defaults.
  const list = columns.join(', ');
  const records = [...rows].map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
  await (client as PGlite).query(
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(null::${table}, $1::json)`,
    [JSON.stringify(records)],
  );
}

/** PostgreSQL's unique_violation (23505), as either driver reports it (drizzle wraps it in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

export { sql };
