/**
 * What `npm start` does after the build: `congdoan serve` on an empty data folder migrates, answers at once with a
 * page showing how far loading the demo federation is (the terminal shows it too), prints the demo logins, and hands
 * over to the app on the same port when the demo is in; a start on a folder holding the demo finds the data and
 * prints the logins again without reloading.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serveWhileStarting, type Startup } from '../src/cli/serve';
import { demoLogins } from '../src/demo/index';
import { createTestDatabase } from './support/db';
import { copyDemoFolder, demoTemplateFolder } from './support/demo';
import { testApp } from './support/factories';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'congdoan-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Starts the server on `dataDir`, waits until it says it is running (and `until` holds for what it printed), runs
 * `check`, then stops it and returns what it printed.
 */
async function withServer(
  dataDir: string,
  port: number,
  check: () => Promise<void>,
  until: (output: string) => boolean = () => true,
): Promise<string> {
  const child = spawn(TSX, ['src/cli/index.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CONGDOAN_DATA_DIR: dataDir,
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
  while (!output.includes('Nhấn Ctrl+C để dừng') || !until(output)) {
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

  it('answers at once on an empty database with the demo’s loading progress, and prints the demo logins', async () => {
    const output = await withServer(
      join(dir, 'empty'),
      port,
      async () => {
        // The page answers all along the loading: two different progress lines, read one after the other.
        const lines = new Set<string>();
        while (lines.size < 2) {
          const page = await fetch(`http://127.0.0.1:${port}/`);
          expect(page.status).toBe(200);
          const html = await page.text();
          expect(html).toContain('đang nạp dữ liệu mẫu');
          const line = /Bước \d\/\d · [^<]*/.exec(html);
          if (line) lines.add(line[0]);
          await new Promise((r) => setTimeout(r, 200));
        }
        const api = await fetch(`http://127.0.0.1:${port}/api/health`);
        expect(api.status).toBe(503);
        expect(((await api.json()) as { error: string }).error).toBe('demo_loading');
      },
      // A progress line, as a log without a terminal shows it.
      (printed) => /Bước 1\/\d · Thành lập các đơn vị/.test(printed),
    );
    expect(output).toMatch(/nạp dữ liệu mẫu/);
    expect(output).toContain(`http://localhost:${port}`);
    for (const login of demoLogins()) expect(output).toContain(login.username);
  }, 300_000);

  it('finds the data on the next start, serves the API and prints the logins again', async () => {
    const { folder } = await demoTemplateFolder();
    const dataDir = copyDemoFolder();
    cpSync(folder, dataDir, { recursive: true });
    const output = await withServer(dataDir, port, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      const health = (await res.json()) as { status: string };
      expect(health.status).toBe('ok');
      const login = demoLogins().find((l) => l.username === 'tinh.lamdong')!;
      const signedIn = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: login.username, password: login.password }),
      });
      expect(signedIn.status).toBe(200);
    });
    expect(output).not.toMatch(/nạp dữ liệu mẫu/);
    expect(output).toContain('tinh.lamdong');
  }, 600_000);
});

describe('serving while the server starts and the demo loads', () => {
  it('shows the progress on every page, refuses the API with 503, then hands over to the app on the same port', async () => {
    const handle = await createTestDatabase();
    const app = await testApp(handle);
    const startup: Startup = { app: null, demo: false, progress: null };
    const server = serveWhileStarting(startup);
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Listening before the database is open: the page says the server is starting.
      const starting = await fetch(`${base}/`);
      expect(starting.status).toBe(200);
      expect(await starting.text()).toContain('Đang mở cơ sở dữ liệu');
      const startingApi = await fetch(`${base}/api/health`);
      expect(startingApi.status).toBe(503);
      expect(await startingApi.json()).toMatchObject({ error: 'server_starting' });

      startup.demo = true;
      expect(await (await fetch(`${base}/`)).text()).toContain('Đang chuẩn bị dữ liệu mẫu');
      startup.progress = {
        step: 'Nhập danh sách đoàn viên',
        index: 2,
        steps: 7,
        done: 12_000,
        total: 60_123,
      };
      const page = await fetch(`${base}/don-vi`);
      expect(page.status).toBe(200);
      const html = await page.text();
      // The text says the bar's figure (the whole loading), not the step's own 19%.
      expect(html).toContain('Đã nạp 17% · Bước 2/7 · Nhập danh sách đoàn viên: 12.000/60.123');
      expect(html).toContain('<progress max="100" value="17">');
      expect(html).not.toContain('19%');
      const api = await fetch(`${base}/api/health`);
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('2');
      expect(await api.json()).toMatchObject({ error: 'demo_loading', progress: startup.progress });

      startup.app = app;
      const ready = await fetch(`${base}/api/health`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ok' });
    } finally {
      await new Promise((r) => server.close(r));
      await app.close();
      await handle.close();
    }
  });
});
