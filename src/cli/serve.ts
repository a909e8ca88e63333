/** `congdoan serve`: opens the database (loading the demo into an empty one) and starts the web server. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadConfig } from '../platform/config';
import type { DatabaseHandle } from '../platform/db';
import { findUserByUsername } from '../features/access/store';
import { countAllUnits } from '../features/organisation/services/exchange';
import { formatNumber } from '../lib/numbers';
import { createApp, openPreparedDatabase } from '../server';
import type { DemoLogin } from '../demo/index';
import { loadDemoWithProgress, printDemoLogins } from './demo';
import { action, describeDatabase } from './shared';

const WEB_BUILD = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));

/** The demo logins whose users exist in this database (a demo loaded earlier, not yet replaced by real users). */
async function presentDemoLogins(handle: DatabaseHandle): Promise<DemoLogin[]> {
  const { demoLogins } = await import('../demo/index');
  const present: DemoLogin[] = [];
  for (const login of demoLogins()) {
    if (await findUserByUsername(handle.db, login.username)) present.push(login);
  }
  return present;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('chạy máy chủ web; cơ sở dữ liệu chưa có đơn vị nào thì nạp dữ liệu mẫu trước')
    .action(
      action(async () => {
        const config = loadConfig();
        const handle = await openPreparedDatabase(config);
        let logins: DemoLogin[];
        try {
          if ((await countAllUnits(handle.db)) === 0) {
            console.log('Cơ sở dữ liệu chưa có đơn vị nào: đang nạp dữ liệu mẫu (LĐLĐ tỉnh Lâm Đồng)…');
            const demo = await loadDemoWithProgress(handle, 1);
            console.log(`Đã nạp ${formatNumber(demo.units)} đơn vị mẫu.`);
            logins = demo.logins;
          } else logins = await presentDemoLogins(handle);
        } catch (error) {
          await handle.close();
          throw error;
        }

        const app = await createApp(handle, config, { logger: true, web: true });
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          console.log(`\nNhận tín hiệu ${signal}: đang dừng máy chủ…`);
          await app.close();
          await handle.close();
          console.log('Đã dừng máy chủ và đóng cơ sở dữ liệu.');
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));

        try {
          await app.listen({ host: config.HOST, port: config.PORT });
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
        printDemoLogins(logins);
        console.log('\nNhấn Ctrl+C để dừng.');
      }),
    );
}
