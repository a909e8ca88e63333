/**
 * `congdoan serve`: opens the database and starts the web server. An empty database gets the demo federation: the
 * server answers at once with a page showing how far the loading is (the terminal shows it too), and serves the app
 * as soon as the demo is in.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../platform/config';
import type { DatabaseHandle } from '../platform/db';
import type { App } from '../platform/http';
import { existingUsernames } from '../features/access/services/find-users';
import { countAllUnits } from '../features/organisation/services/exchange';
import { formatNumber } from '../lib/numbers';
import { createApp } from '../server';
import type { DemoLogin } from '../demo/index';
import { describeDemoProgress, describeDemoStep, printDemoLogins, type DemoProgress } from './demo';
import { action, describeDatabase, openCommandDatabase } from './shared';

const WEB_BUILD = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));

/** The demo logins whose users exist in this database (a demo loaded earlier, not yet replaced by real users). */
async function presentDemoLogins(handle: DatabaseHandle): Promise<DemoLogin[]> {
  const { demoLogins } = await import('../demo/index');
  const present = await existingUsernames(
    handle.db,
    demoLogins().map((l) => l.username),
  );
  return demoLogins().filter((l) => present.has(l.username));
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Where starting the server stands, read by every request until the app answers: the database being opened
 * (`demo` false), or the demo loading (`demo` true, with its `progress`); `app` set hands over to the app.
 */
export interface Startup {
  app: App | null;
  demo: boolean;
  progress: DemoProgress | null;
}

/** The page every address shows until the app answers: the step and how far it is, reloading itself every 2 s. */
export function loadingPage(startup: Pick<Startup, 'demo' | 'progress'>): string {
  const { demo, progress } = startup;
  const overall = progress
    ? Math.floor(
        (100 * (progress.index - 1 + (progress.total ? progress.done / progress.total : 0))) / progress.steps,
      )
    : 0;
  const title = demo ? 'Đang nạp dữ liệu mẫu' : 'Đang khởi động';
  const lead = demo
    ? 'Cơ sở dữ liệu còn trống: đang nạp dữ liệu mẫu (LĐLĐ tỉnh Lâm Đồng). Trang tự mở ứng dụng khi nạp xong.'
    : 'Máy chủ đang khởi động. Trang tự mở ứng dụng khi sẵn sàng.';
  // The text says the bar's figure (the whole loading), then the step: one percentage on the page, not two.
  const line = progress
    ? `Đã nạp ${overall}% · ${describeDemoStep(progress)}`
    : demo
      ? 'Đang chuẩn bị dữ liệu mẫu…'
      : 'Đang mở cơ sở dữ liệu…';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="2">
<title>${title} — Công Đoàn Số</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f1f1f; }
progress { width: 100%; height: 1.25rem; }
</style>
</head>
<body>
<h1>Công Đoàn Số</h1>
<p>${lead}</p>
<progress max="100" value="${overall}">${overall}%</progress>
<p role="status">${escapeHtml(line)}</p>
</body>
</html>
`;
}

/** Until the app answers: pages get the loading page, the API a 503 with the progress, to try again shortly. */
function answerWhileStarting(startup: Startup, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('retry-after', '2');
  if ((req.url ?? '/').startsWith('/api/')) {
    const { demo, progress } = startup;
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify(
        demo
          ? {
              error: 'demo_loading',
              message:
                `Máy chủ đang nạp dữ liệu mẫu; hãy thử lại sau ít giây. ${progress ? describeDemoProgress(progress) : ''}`.trim(),
              progress,
            }
          : {
              error: 'server_starting',
              message: 'Máy chủ đang khởi động; hãy thử lại sau ít giây.',
              progress: null,
            },
      ),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : loadingPage(startup));
}

/**
 * An HTTP server that answers every request with the loading page (pages) or a 503 (the API) until `startup.app` is
 * set, then hands each request to the app, on the same port, with no gap.
 */
export function serveWhileStarting(startup: Startup): Server {
  return createServer((req, res) => {
    if (startup.app) startup.app.routing(req, res);
    else answerWhileStarting(startup, req, res);
  });
}

async function listen(server: Server, config: Config): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** What the demo worker (serve-demo-worker.ts) tells the server. */
export type DemoWorkerMessage =
  | { kind: 'progress'; progress: DemoProgress }
  | { kind: 'loaded'; units: number; members: number }
  | { kind: 'failed'; error: string };

/**
 * Loads the demo in a worker thread (serve-demo-worker.ts) on the configured database, which this thread has closed:
 * planning the demo and the embedded database's writes keep that thread busy for long stretches, and this thread
 * must answer the loading page meanwhile. The worker runs TypeScript through tsx, as the command line does.
 */
function loadDemoInWorker(onProgress: (progress: DemoProgress) => void): {
  loaded: Promise<{ units: number; members: number }>;
  stop: () => Promise<number>;
} {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./serve-demo-worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
  // Settles when the worker has ended: by then it has closed the database, which this thread opens again.
  const loaded = new Promise<{ units: number; members: number }>((resolve, reject) => {
    let result: { units: number; members: number } | null = null;
    let failure: Error | null = null;
    worker.on('message', (message: DemoWorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.progress);
      else if (message.kind === 'loaded') result = { units: message.units, members: message.members };
      else failure = new Error(message.error);
    });
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (result && !failure) resolve(result);
      else reject(failure ?? new Error(`Luồng nạp dữ liệu mẫu dừng giữa chừng (mã ${code}).`));
    });
  });
  return { loaded, stop: () => worker.terminate() };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'chạy máy chủ web; cơ sở dữ liệu chưa có đơn vị nào thì nạp dữ liệu mẫu (vừa nạp vừa phục vụ)',
    )
    .action(
      action(async () => {
        const config = loadConfig();
        // Listen first: from the first second every address answers, with how far the start is.
        const startup: Startup = { app: null, demo: false, progress: null };
        const server = serveWhileStarting(startup);
        await listen(server, config);
        console.log(`Công Đoàn Số đang khởi động tại http://localhost:${config.PORT} …`);

        let handle: DatabaseHandle | null = null;
        let place = '';
        let demo: ReturnType<typeof loadDemoInWorker> | null = null;
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          console.log(`\nNhận tín hiệu ${signal}: đang dừng máy chủ…`);
          await new Promise((resolve) => {
            server.close(resolve);
            server.closeAllConnections();
          });
          await startup.app?.close();
          if (demo) {
            // The demo was not loaded to the end: the half-loaded database is not reused.
            await demo.stop();
            console.log(`Dữ liệu mẫu chưa nạp xong: hãy xóa ${place} rồi chạy lại để nạp từ đầu.`);
            process.exit(1);
          }
          await handle?.close();
          console.log('Đã dừng máy chủ và đóng cơ sở dữ liệu.');
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));

        const fail = async (error: unknown) => {
          // The server cannot serve a half-started or half-loaded database: it stops, and the error is printed.
          server.close();
          server.closeAllConnections();
          await startup.app?.close();
          await handle?.close();
          throw error;
        };

        let logins: DemoLogin[];
        try {
          handle = await openCommandDatabase(config);
          place = describeDatabase(handle);
          startup.demo = (await countAllUnits(handle.db)) === 0;
          logins = startup.demo
            ? (await import('../demo/index')).demoLogins()
            : await presentDemoLogins(handle);
        } catch (error) {
          return fail(error);
        }
        console.log(`Cơ sở dữ liệu: ${place}`);
        if (!existsSync(WEB_BUILD)) {
          console.log(
            'Chưa có giao diện web (dist/web): chạy "npm run build" rồi khởi động lại, hoặc "npm start".',
          );
        }

        if (startup.demo) {
          console.log('Cơ sở dữ liệu chưa có đơn vị nào: đang nạp dữ liệu mẫu (LĐLĐ tỉnh Lâm Đồng)…');
          console.log('Trong lúc nạp dữ liệu mẫu, trang web cho biết tiến độ và tự mở ứng dụng khi xong.');
          printDemoLogins(logins);
          console.log('\nNhấn Ctrl+C để dừng.');
          // The worker opens the database itself: an embedded one is held by one opener at a time.
          await handle.close();
          handle = null;
          demo = loadDemoInWorker((p) => (startup.progress = p));
          try {
            const loaded = await demo.loaded;
            demo = null;
            console.log(
              `Đã nạp ${formatNumber(loaded.units)} đơn vị và ${formatNumber(loaded.members)} đoàn viên mẫu.`,
            );
            handle = await openCommandDatabase(config);
          } catch (error) {
            if (stopping) return;
            await demo?.stop();
            demo = null;
            return fail(error);
          }
        }

        try {
          startup.app = await createApp(handle, config, { logger: true, web: true });
        } catch (error) {
          return fail(error);
        }
        console.log(`\nCông Đoàn Số đang chạy tại http://localhost:${config.PORT}`);
        if (!startup.demo) {
          printDemoLogins(logins);
          console.log('\nNhấn Ctrl+C để dừng.');
        }
      }),
    );
}
