/**
 * `congdoan serve`: opens the database and starts the web server. An empty database gets the demo federation: the
 * server answers at once with a page showing how far the loading is (the terminal shows it too), and serves the app
 * as soon as the demo is in.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../platform/config';
import type { DatabaseHandle } from '../platform/db';
import type { App } from '../platform/http';
import { existingUsernames } from '../features/access/services/find-users';
import { countAllUnits } from '../features/organisation/services/exchange';
import { formatNumber } from '../lib/numbers';
import { createApp } from '../server';
import type { DemoLogin } from '../demo/index';
import {
  describeDemoProgress,
  describeDemoStep,
  loadDemoWithProgress,
  printDemoLogins,
  type DemoProgress,
} from './demo';
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

/** The page every address shows while the demo loads: the step and how far it is, reloading itself every 2 s. */
export function loadingPage(progress: DemoProgress | null): string {
  const overall = progress
    ? Math.floor(
        (100 * (progress.index - 1 + (progress.total ? progress.done / progress.total : 0))) / progress.steps,
      )
    : 0;
  // The text says the bar's figure (the whole loading), then the step: one percentage on the page, not two.
  const line = progress ? `Đã nạp ${overall}% · ${describeDemoStep(progress)}` : 'Đang chuẩn bị dữ liệu mẫu…';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="2">
<title>Đang nạp dữ liệu mẫu — Công Đoàn Số</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f1f1f; }
progress { width: 100%; height: 1.25rem; }
</style>
</head>
<body>
<h1>Công Đoàn Số</h1>
<p>Cơ sở dữ liệu còn trống: đang nạp dữ liệu mẫu (LĐLĐ tỉnh Lâm Đồng). Trang tự mở ứng dụng khi nạp xong.</p>
<progress max="100" value="${overall}">${overall}%</progress>
<p role="status">${escapeHtml(line)}</p>
</body>
</html>
`;
}

/** While the demo loads: pages get the loading page, the API a 503 with the same progress, to try again shortly. */
function answerWhileLoading(progress: DemoProgress | null, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('retry-after', '2');
  if ((req.url ?? '/').startsWith('/api/')) {
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({
        error: 'demo_loading',
        message:
          `Máy chủ đang nạp dữ liệu mẫu; hãy thử lại sau ít giây. ${progress ? describeDemoProgress(progress) : ''}`.trim(),
        progress,
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : loadingPage(progress));
}

/**
 * An HTTP server for `app` that, until `loading` settles, answers every request with the loading page (pages) or a
 * 503 (the API); `progress` tells how far the loading is. Then the app answers, on the same port, with no gap.
 */
export function serveWhileLoading(
  app: App,
  loading: Promise<unknown> | null,
  progress: () => DemoProgress | null,
): Server {
  let ready = loading === null;
  void loading?.then(
    () => (ready = true),
    () => undefined,
  );
  return createServer((req, res) => {
    if (ready) app.routing(req, res);
    else answerWhileLoading(progress(), req, res);
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

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'chạy máy chủ web; cơ sở dữ liệu chưa có đơn vị nào thì nạp dữ liệu mẫu (vừa nạp vừa phục vụ)',
    )
    .action(
      action(async () => {
        const config = loadConfig();
        const handle = await openCommandDatabase(config);
        let app: App;
        let empty: boolean;
        let logins: DemoLogin[];
        try {
          empty = (await countAllUnits(handle.db)) === 0;
          logins = empty ? (await import('../demo/index')).demoLogins() : await presentDemoLogins(handle);
          app = await createApp(handle, config, { logger: true, web: true });
        } catch (error) {
          await handle.close();
          throw error;
        }

        let progress: DemoProgress | null = null;
        let loaded = !empty;
        let loading: Promise<void> | null = null;
        if (empty) {
          console.log('Cơ sở dữ liệu chưa có đơn vị nào: đang nạp dữ liệu mẫu (LĐLĐ tỉnh Lâm Đồng)…');
          // The server listens first; the demo is planned and written right after.
          loading = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
            const demo = await loadDemoWithProgress(handle, 1, (p) => (progress = p));
            loaded = true;
            console.log(
              `Đã nạp ${formatNumber(demo.units)} đơn vị và ${formatNumber(demo.members)} đoàn viên mẫu: ` +
                `ứng dụng đã sẵn sàng tại http://localhost:${config.PORT}`,
            );
          });
        }
        const server = serveWhileLoading(app, loading, () => progress);

        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          console.log(`\nNhận tín hiệu ${signal}: đang dừng máy chủ…`);
          await new Promise((resolve) => {
            server.close(resolve);
            server.closeAllConnections();
          });
          await app.close();
          if (!loaded) {
            // Writes still under way hold the database: the process ends here, the half-loaded folder is not reused.
            console.log(
              `Dữ liệu mẫu chưa nạp xong: hãy xóa ${describeDatabase(handle)} rồi chạy lại để nạp từ đầu.`,
            );
            process.exit(1);
          }
          await handle.close();
          console.log('Đã dừng máy chủ và đóng cơ sở dữ liệu.');
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));

        try {
          await listen(server, config);
        } catch (error) {
          await app.close();
          await handle.close();
          throw error;
        }
        console.log(`\nCông Đoàn Số đang chạy tại http://localhost:${config.PORT}`);
        console.log(`Cơ sở dữ liệu: ${describeDatabase(handle)}`);
        if (!existsSync(WEB_BUILD)) {
          console.log(
            'Chưa có giao diện web (dist/web): chạy "npm run build" rồi khởi động lại, hoặc "npm start".',
          );
        }
        if (empty)
          console.log('Trong lúc nạp dữ liệu mẫu, trang web cho biết tiến độ và tự mở ứng dụng khi xong.');
        printDemoLogins(logins);
        console.log('\nNhấn Ctrl+C để dừng.');
        if (loading) {
          try {
            await loading;
          } catch (error) {
            // The server cannot serve a half-loaded demo: it stops, and the error is printed.
            server.close();
            server.closeAllConnections();
            await app.close();
            await handle.close();
            throw error;
          }
        }
      }),
    );
}
