/** A fresh, migrated database for one test file: PGlite by default, PostgreSQL when TEST_DB=postgres. */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { composeFeatures, prepareDatabase } from '../../src/server';

export async function createTestDatabase(): Promise<DatabaseHandle> {
  composeFeatures();
  if (process.env.TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `congdoan_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const handle = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 4 });
    const close = handle.close;
    handle.close = async () => {
      await close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    };
    return handle;
  }
  const template = inject('pgliteTemplate');
  if (template) {
    const blob = new Blob([readFileSync(template)]);
    return openDatabase({ kind: 'pglite', loadDataDir: blob });
  }
  const handle = await openDatabase({ kind: 'pglite' });
  await prepareDatabase(handle);
  return handle;
}
