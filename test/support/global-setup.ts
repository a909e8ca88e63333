/**
 * Builds one migrated database template per run: a PGlite data-dir tarball, and a PostgreSQL template database
 * when TEST_DB=postgres. Each test file then starts from a copy in well under a second. The demo federation's
 * template is built on first use (test/support/demo.ts) in this run's folder, removed at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db';
import { prepareDatabase } from '../../src/server';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** The PostgreSQL template database of this run (its own name, so that two runs on one server do not collide). */
    postgresTemplate: string;
    /** A folder of this run's own: the demo template (test/support/demo.ts) is built there on first use. */
    runDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void | (() => Promise<void>)> {
  project.provide('pgliteTemplate', '');
  project.provide('postgresTemplate', '');
  const runDir = mkdtempSync(join(tmpdir(), 'congdoan-test-run-'));
  project.provide('runDir', runDir);
  const removeRunDir = () => rmSync(runDir, { recursive: true, force: true });
  if (process.env.TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
    const TEMPLATE_DB = `congdoan_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${TEMPLATE_DB}`;
    const handle = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 1 });
    await prepareDatabase(handle);
    await handle.close();
    project.provide('postgresTemplate', TEMPLATE_DB);
    return async () => {
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}_demo WITH (FORCE)`);
      await drop.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}_demo_build WITH (FORCE)`);
      await drop.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
      await drop.end();
      removeRunDir();
    };
  }
  const handle = await openDatabase({ kind: 'pglite' });
  await prepareDatabase(handle);
  const dump = await handle.pglite!.dumpDataDir('none');
  const file = join(runDir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteTemplate', file);
  return () => Promise.resolve(removeRunDir());
}
