/**
 * The databases a benchmark runs on: a fresh in-memory PGlite, and a fresh database of its own on the PostgreSQL
 * server (TEST_DATABASE_URL, or the project machines' postgres://postgres@127.0.0.1:5432/test) when it answers.
 */
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { postgresAnswers } from '../../scripts/lib/postgres';

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
