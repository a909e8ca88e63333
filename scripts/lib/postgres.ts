/**
 * Whether a PostgreSQL server answers: asked by the test runner (scripts/test.ts) before the PostgreSQL suite and
 * by the benchmarks (bench/lib/target.ts) before choosing their databases. Only `pg`, nothing of the app or tests.
 */
import pg from 'pg';

/** Whether the PostgreSQL server at `url` answers `SELECT 1` within a few seconds. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
