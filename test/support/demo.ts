/**
 * The demo federation (about 600 units and 60,000 members), loaded once per test run and copied for each test file
 * that asks: a PGlite folder copied on disk, or a PostgreSQL database created from a template. The first file to
 * ask builds it (through `loadDemoWithProgress`, what `congdoan demo` and a first `serve` run); the others wait.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { openDatabase, sql, type DatabaseHandle } from '../../src/platform/db';
import { loadDemoWithProgress } from '../../src/cli/demo';
import type { DemoLogin } from '../../src/demo/index';
import { copyPostgresDatabase, createTestDatabaseIn, onPostgresServer, postgresUrl } from './db';

export const DEMO_SEED = 1;

/** What loading the demo reported: its result and every progress step it named. */
export interface DemoLoad {
  units: number;
  members: number;
  logins: DemoLogin[];
  steps: string[];
}

const WAIT_MS = 20 * 60_000;

async function load(handle: DatabaseHandle): Promise<DemoLoad> {
  const steps = new Set<string>();
  const loaded = await loadDemoWithProgress(handle, DEMO_SEED, (p) => steps.add(p.step));
  return { ...loaded, steps: [...steps] };
}

/**
 * Builds the template once per run: the first caller takes the lock (a folder made atomically) and writes the
 * result last, as the sign that the template is complete; the others wait for it.
 */
async function once(build: () => Promise<DemoLoad>): Promise<DemoLoad> {
  const dir = inject('runDir');
  const result = join(dir, 'demo.json');
  const failed = join(dir, 'demo.failed');
  let builder = false;
  try {
    mkdirSync(join(dir, 'demo.lock'));
    builder = true;
  } catch {
    // Another test file builds it.
  }
  if (builder) {
    try {
      writeFileSync(result + '.tmp', JSON.stringify(await build()));
      cpSync(result + '.tmp', result);
    } catch (error) {
      writeFileSync(failed, String(error instanceof Error ? error.stack : error));
      throw error;
    }
  }
  const started = Date.now();
  while (!existsSync(result)) {
    if (existsSync(failed))
      throw new Error(`The demo template failed to build:\n${readFileSync(failed, 'utf8')}`);
    if (Date.now() - started > WAIT_MS) throw new Error('The demo template was not built in time');
    await new Promise((r) => setTimeout(r, 500));
  }
  return JSON.parse(readFileSync(result, 'utf8')) as DemoLoad;
}

/** The PGlite folder holding the loaded demo (closed: copy it, do not open it). */
export async function demoTemplateFolder(): Promise<{ folder: string; loaded: DemoLoad }> {
  const folder = join(inject('runDir'), 'demo-data');
  const loaded = await once(async () => {
    const handle = await createTestDatabaseIn(folder);
    try {
      const result = await load(handle);
      await handle.db.execute(sql`CHECKPOINT`);
      return result;
    } finally {
      await handle.close();
    }
  });
  return { folder, loaded };
}

/** A copy of the loaded demo for this test file, removed after it; `loaded` is what loading it reported. */
export async function createDemoDatabase(): Promise<{ handle: DatabaseHandle; loaded: DemoLoad }> {
  if (process.env.TEST_DB === 'postgres') {
    const template = `${inject('postgresTemplate')}_demo`;
    const loaded = await once(async () => {
      const building = `${template}_build`;
      await onPostgresServer(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building} TEMPLATE ${inject('postgresTemplate')}`);
      });
      const handle = await openDatabase({ kind: 'postgres', url: postgresUrl(building), poolSize: 4 });
      let result: DemoLoad;
      try {
        result = await load(handle);
      } finally {
        await handle.close();
      }
      await onPostgresServer((admin) => admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`));
      return result;
    });
    return { handle: await copyPostgresDatabase(template), loaded };
  }
  const { folder, loaded } = await demoTemplateFolder();
  const copy = copyDemoFolder();
  cpSync(folder, copy, { recursive: true });
  return { handle: await openDatabase({ kind: 'pglite', dataDir: copy }), loaded };
}

/** A new folder for a copy of the demo, removed when the test file ends. */
export function copyDemoFolder(): string {
  const dir = mkdtempSync(join(inject('runDir'), 'demo-copy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'data');
}
