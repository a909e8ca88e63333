/** `congdoan demo`: loads the demo federation (LĐLĐ tỉnh Lâm Đồng) into an empty database. */
import type { Command } from 'commander';
import type { DatabaseHandle } from '../platform/db';
import type { DemoLogin } from '../demo/index';
import { formatNumber } from '../lib/numbers';
import { countAllUnits } from '../features/organisation/services/exchange';
import { action, CliFailure, describeDatabase, positiveInteger, progressBar, withDatabase } from './shared';

/** Where loading the demo stands: the step running (1-based, of `steps`), and how far into it. */
export interface DemoProgress {
  step: string;
  index: number;
  steps: number;
  done: number;
  total: number;
}

/** The step and its count: "Bước 2/7 · Nhập danh sách đoàn viên: 12.000/60.123". */
export function describeDemoStep(p: DemoProgress): string {
  return `Bước ${p.index}/${p.steps} · ${p.step}: ${formatNumber(p.done)}/${formatNumber(p.total)}`;
}

/** A progress line for a log: "Bước 2/7 · Nhập danh sách đoàn viên: 12.000/60.123 (20%)". */
export function describeDemoProgress(p: DemoProgress): string {
  const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
  return `${describeDemoStep(p)} (${percent}%)`;
}

/** How often a log without a terminal gets a progress line within one step. */
const LOG_EVERY_MS = 2000;

/**
 * Loads the demo showing its progress: a bar per step on a terminal, a line per step and every two seconds
 * otherwise (a log, a container). `onProgress` hears every report too (the page `serve` shows while loading).
 * Returns the number of units and members and the demo logins.
 */
export async function loadDemoWithProgress(
  handle: DatabaseHandle,
  seed: number,
  onProgress: (progress: DemoProgress) => void = () => undefined,
) {
  // Imported on demand: the demo's data and generators are only needed by `demo` and a first `serve`.
  const { DEMO_STEPS, loadDemo } = await import('../demo/index');
  const terminal = Boolean(process.stderr.isTTY);
  const bar = progressBar('{step}');
  let current = '';
  let logged = 0;
  try {
    return await loadDemo(handle, {
      seed,
      onProgress: (step, done, total) => {
        const progress = { step, index: DEMO_STEPS.indexOf(step) + 1, steps: DEMO_STEPS.length, done, total };
        onProgress(progress);
        const started = step !== current;
        if (terminal) {
          if (started) {
            if (current) bar.stop();
            bar.start(total, done, { step });
          } else bar.update(done, { step });
        } else if (started || done === total || Date.now() - logged >= LOG_EVERY_MS) {
          console.log(describeDemoProgress(progress));
          logged = Date.now();
        }
        current = step;
      },
    });
  } finally {
    if (terminal) bar.stop();
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
