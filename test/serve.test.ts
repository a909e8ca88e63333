/**
 * What `npm start` does after the build: `congdoan serve` on an empty data folder migrates, loads the demo
 * federation, serves the API and the web app, and prints the demo logins; a second start finds the data and prints
 * the logins again without reloading.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLogins } from '../src/demo/index';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'congdoan-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server, waits until it says it is running, runs `check`, then stops it and returns what it printed. */
async function withServer(port: number, check: () => Promise<void>): Promise<string> {
  const child = spawn(TSX, ['src/cli/index.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CONGDOAN_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  while (!output.includes('Nhấn Ctrl+C để dừng')) {
    if (child.exitCode !== null) throw new Error(`serve exited early:\n${output}`);
    if (Date.now() - started > 240_000) throw new Error(`serve did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    await check();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  return output;
}

describe.sequential('congdoan serve', () => {
  const port = 31_000 + (process.pid % 1000);

  it('loads the demo into an empty database, serves the API and prints the demo logins', async () => {
    const output = await withServer(port, async () => {
      const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as {
        status: string;
      };
      expect(health.status).toBe('ok');
      const login = demoLogins().find((l) => l.username === 'tinh.lamdong')!;
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: login.username, password: login.password }),
      });
      expect(res.status).toBe(200);
    });
    expect(output).toMatch(/nạp dữ liệu mẫu/);
    expect(output).toContain(`http://localhost:${port}`);
    for (const login of demoLogins()) expect(output).toContain(login.username);
  }, 300_000);

  it('finds the data on the next start and prints the logins again', async () => {
    const output = await withServer(port, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
    });
    expect(output).not.toMatch(/nạp dữ liệu mẫu/);
    expect(output).toContain('tinh.lamdong');
  }, 300_000);
});
