/**
 * The databases a benchmark runs on: a fresh in-memory PGlite, and a fresh database of its own on the PostgreSQL
 * server (TEST_DATABASE_URL, or the project machines' postgres://postgres@127.0.0.1:5432/test) when it answers.
 */
import pg from 'pg';
import { openDatabase, queryRows, sql, type DatabaseHandle } from '../../src/platform/db';
import { postgresAnswers } from '../../scripts/lib/postgres';
import { prepareDatabase } from '../../src/server';
import { StatementProfile } from './measure';

export type TargetKind = 'pglite' | 'postgres';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function postgresUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL;
}

/**
 * The targets asked for by BENCH_DB (pglite | postgres | both, default both), PostgreSQL only when it answers; a
 * skipped target is said in one line.
 */
export async function benchTargets(say: (line: string) => void): Promise<TargetKind[]> {
  const wanted = process.env.BENCH_DB ?? 'both';
  const kinds: TargetKind[] = [];
  if (wanted !== 'postgres') kinds.push('pglite');
  if (wanted !== 'pglite') {
    if (await postgresAnswers(postgresUrl())) kinds.push('postgres');
    else
      say(`PostgreSQL skipped: no server answers at ${new URL(postgresUrl()).host} (set TEST_DATABASE_URL).`);
  }
  return kinds;
}

/** Opens a fresh target: PGlite in memory, or the database `name` dropped and created again on the server. */
export async function openTarget(
  kind: TargetKind,
  name: string,
): Promise<{ handle: DatabaseHandle; where: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite' });
    return { handle, where: 'PGlite, in memory', drop: async () => undefined };
  }
  const url = postgresUrl();
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 4 });
  const shown = new URL(target);
  shown.password = '';
  return {
    handle,
    where: `PostgreSQL ${shown.host}/${name}`,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Runs `measure` on each target asked for, each on a fresh database with the migrations applied and a statement
 * profile attached, then closes it and drops it (BENCH_KEEP=1 keeps a PostgreSQL database for EXPLAIN afterwards).
 * `measure` returns the JSON line of its figures; the lines of every target are printed last, in the house format.
 */
export async function onEachTarget(
  kinds: readonly TargetKind[],
  database: string,
  measure: (target: {
    kind: TargetKind;
    handle: DatabaseHandle;
    where: string;
    profile: StatementProfile;
  }) => Promise<string>,
): Promise<void> {
  const lines: string[] = [];
  for (const kind of kinds) {
    const { handle, where, drop } = await openTarget(kind, database);
    const profile = new StatementProfile(handle);
    try {
      await prepareDatabase(handle);
      if (kind === 'postgres') console.log(await serverSettings(handle));
      process.stderr.write(`building on ${where} …\n`);
      lines.push(await measure({ kind, handle, where, profile }));
    } finally {
      profile.detach();
      await handle.close();
      if (process.env.BENCH_KEEP && kind === 'postgres')
        process.stderr.write(`  kept ${where} (BENCH_KEEP)\n`);
      else await drop();
    }
  }
  console.log('');
  for (const line of lines) console.log(line);
}

/** The server's version and the settings that decide write and cache speed, for the record beside the figures. */
async function serverSettings(handle: DatabaseHandle): Promise<string> {
  const rows = await queryRows<{ name: string; value: string }>(
    handle.db,
    sql`SELECT name, current_setting(name) AS value FROM pg_settings
        WHERE name IN ('server_version', 'shared_buffers', 'max_wal_size', 'synchronous_commit', 'work_mem')
        ORDER BY name = 'server_version' DESC, name`,
  );
  return `PostgreSQL server: ${rows.map((r) => (r.name === 'server_version' ? r.value : `${r.name} ${r.value}`)).join(', ')}`;
}
