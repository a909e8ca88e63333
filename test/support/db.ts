/** A fresh, migrated database for one test file: PGlite by default, PostgreSQL when TEST_DB=postgres. */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { composeFeatures, prepareDatabase } from '../../src/server';

// Features react to one another (members follow a restructuring) in every database a test opens.
composeFeatures();

/** Runs `work` on a connection to the PostgreSQL server of TEST_DATABASE_URL (its own database), then ends it. */
export async function onPostgresServer<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** The URL of the database `name` on the test server. */
export function postgresUrl(name: string): string {
  const target = new URL(process.env.TEST_DATABASE_URL!);
  target.pathname = `/${name}`;
  return target.toString();
}

/** A new PostgreSQL database copied from `template`, dropped when the handle closes. */
export async function copyPostgresDatabase(template: string): Promise<DatabaseHandle> {
  const name = `congdoan_t_${randomBytes(6).toString('hex')}`;
  await onPostgresServer((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const handle = await openDatabase({ kind: 'postgres', url: postgresUrl(name), poolSize: 4 });
  const close = handle.close;
  handle.close = async () => {
    await close();
    await onPostgresServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  return handle;
}

export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (process.env.TEST_DB === 'postgres') return copyPostgresDatabase(inject('postgresTemplate'));
  const template = inject('pgliteTemplate');
  if (template) {
    const blob = new Blob([readFileSync(template)]);
    return openDatabase({ kind: 'pglite', loadDataDir: blob });
  }
  const handle = await openDatabase({ kind: 'pglite' });
  await prepareDatabase(handle);
  return handle;
}

/** A migrated PGlite database in the folder `dataDir` (empty or missing), copied from this run's template. */
export async function createTestDatabaseIn(dataDir: string): Promise<DatabaseHandle> {
  const template = inject('pgliteTemplate');
  if (!template) {
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    await prepareDatabase(handle);
    return handle;
  }
  return openDatabase({ kind: 'pglite', dataDir, loadDataDir: new Blob([readFileSync(template)]) });
}
