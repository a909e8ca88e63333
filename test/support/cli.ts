/**
 * The `congdoan` command in a temporary folder of its own, removed when the test file ends, on the embedded
 * database inside it. Most commands run in-process on that database (`congdoan`), as the command line parses and runs
 * them; `child` runs the real command as a child process (through tsx, 2–4 s a start), once per command, for what
 * only a process shows: the launcher, the configuration read from the environment, the exit code.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { afterAll, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program';
import { withGivenDatabase } from '../../src/cli/shared';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db';
import { prepareDatabase } from '../../src/server';
import { createTestDatabaseIn } from './db';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `congdoan ...args` parsed and run in this process on `handle`, with what it printed and its exit code. */
export async function runInProcess(handle: DatabaseHandle, args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    stdout += `${format(...a)}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    stderr += `${format(...a)}\n`;
  });
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  let code = 0;
  try {
    const program = buildProgram({
      output: { writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) },
      exitOverride: true,
    });
    await withGivenDatabase(handle, () => program.parseAsync(['node', 'congdoan', ...args]));
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  } finally {
    log.mockRestore();
    error.mockRestore();
    code = code || Number(process.exitCode ?? 0);
    process.exitCode = exitCode;
  }
  return { code, stdout, stderr };
}

export interface CliSandbox {
  /** The temporary folder: files to import or export go here. */
  dir: string;
  /** The embedded database's folder (CONGDOAN_DATA_DIR), inside `dir`. */
  dataDir: string;
  /** `congdoan ...args` in-process on the folder's database (migrated from the run's template when new). */
  congdoan(...args: string[]): Promise<Run>;
  /** `congdoan ...args` as a child process on the same folder (the in-process database is closed first). */
  child(...args: string[]): Promise<Run>;
  /** The folder's database, open in this process. */
  database(): Promise<DatabaseHandle>;
}

/** A temporary folder named `prefix…` for one test file, with the command bound to the database inside it. */
export function cliSandbox(prefix: string): CliSandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  let open: Promise<DatabaseHandle> | null = null;
  let created = false;
  const database = () => {
    if (!open) {
      const first = !created;
      created = true;
      open = first
        ? createTestDatabaseIn(dataDir)
        : openDatabase({ kind: 'pglite', dataDir }).then(async (h) => {
            await prepareDatabase(h);
            return h;
          });
    }
    return open;
  };
  const close = async () => {
    if (open) await (await open).close();
    open = null;
  };
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });
  const congdoan = async (...args: string[]) => runInProcess(await database(), args);
  const child = async (...args: string[]) => {
    await close();
    // A child that migrates creates the folder's database itself.
    if (args[0] !== '--help') created = true;
    return new Promise<Run>((resolve) => {
      execFile(
        TSX,
        ['src/cli/index.ts', ...args],
        {
          cwd: ROOT,
          env: { ...process.env, CONGDOAN_DATA_DIR: dataDir, DATABASE_URL: '' },
          timeout: 120_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  };
  return { dir, dataDir, congdoan, child, database };
}
