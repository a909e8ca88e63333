/** `congdoan demo`: loads the demo federation (LĐLĐ tỉnh Lâm Đồng) into an empty database. */
import type { Command } from 'commander';
import type { DatabaseHandle } from '../platform/db';
import type { DemoLogin } from '../demo/index';
import { formatNumber } from '../lib/numbers';
import { countAllUnits } from '../features/organisation/services/exchange';
import { action, CliFailure, describeDatabase, positiveInteger, progressBar, withDatabase } from './shared';

/** Loads the demo with a progress bar per step; returns the number of units and the demo logins. */
export async function loadDemoWithProgress(handle: DatabaseHandle, seed: number) {
  // Imported on demand: the demo's data and generators are only needed by `demo` and a first `serve`.
  const { loadDemo } = await import('../demo/index');
  const bar = progressBar('{step}');
  let current = '';
  try {
    const result = await loadDemo(handle, {
      seed,
      onProgress: (step, done, total) => {
        if (step !== current) {
          if (current) bar.stop();
          current = step;
          bar.start(total, done, { step });
        } else bar.update(done, { step });
      },
    });
    return result;
  } finally {
    bar.stop();
  }
}

/** The demo logins as an aligned table, with Vietnamese headings. */
export function printDemoLogins(logins: readonly DemoLogin[]): void {
  if (logins.length === 0) return;
  const rows = [
    ['Tên đăng nhập', 'Mật khẩu', 'Vai trò', 'Đơn vị'],
    ...logins.map((l) => [l.username, l.password, l.role, l.unitName]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, col) => c.padEnd(widths[col]!)).join('  ')}`.trimEnd();
  console.log('\nTài khoản dùng thử:');
  console.log(line(rows[0]!));
  console.log(line(widths.map((w) => '─'.repeat(w))));
  for (const row of rows.slice(1)) console.log(line(row));
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('nạp dữ liệu mẫu (LĐLĐ tỉnh Lâm Đồng và các đơn vị trực thuộc) vào cơ sở dữ liệu trống')
    .option('--seed <số>', 'hạt giống ngẫu nhiên: cùng số cho cùng dữ liệu', positiveInteger, 1)
    .action(
      action(async (options: { seed: number }) => {
        await withDatabase(async (handle) => {
          const existing = await countAllUnits(handle.db);
          if (existing > 0) {
            throw new CliFailure(
              `cơ sở dữ liệu (${describeDatabase(handle)}) đã có ${formatNumber(existing)} đơn vị; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống. ` +
                'Hãy chọn một thư mục dữ liệu mới, ví dụ: CONGDOAN_DATA_DIR=./data-demo npx congdoan demo',
            );
          }
          const result = await loadDemoWithProgress(handle, options.seed);
          console.log(
            `Đã nạp dữ liệu mẫu: ${formatNumber(result.units)} đơn vị vào ${describeDatabase(handle)}.`,
          );
          printDemoLogins(result.logins);
        });
      }),
    );
}
