/**
 * The real `congdoan` command as a child process (through tsx), on an embedded database in a temporary folder of
 * its own, removed when the test file ends. Each run is one process start (2–4 s with PGlite).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliSandbox {
  /** The temporary folder: files to import or export go here. */
  dir: string;
  /** The embedded database's folder (CONGDOAN_DATA_DIR), inside `dir`. */
  dataDir: string;
  /** `congdoan ...args`, never against a server database (DATABASE_URL is emptied). */
  congdoan(...args: string[]): Promise<Run>;
}

/** A temporary folder named `prefix…` for one test file, with the command bound to the database inside it. */
export function cliSandbox(prefix: string): CliSandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const congdoan = (...args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(
        TSX,
        ['src/cli/index.ts', ...args],
        {
          cwd: ROOT,
          env: { ...process.env, CONGDOAN_DATA_DIR: dataDir, DATABASE_URL: '' },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  return { dir, dataDir, congdoan };
}
