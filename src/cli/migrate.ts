/** `congdoan migrate`: applies the database migrations and loads the reference data where missing. */
import type { Command } from 'commander';
import { action, describeDatabase, withDatabase } from './shared';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('cập nhật cấu trúc cơ sở dữ liệu và nạp danh mục mặc định (loại đơn vị, quy tắc trực thuộc)')
    .action(
      action(async () => {
        // Opening the database applies the migrations and reference data; nothing else is needed.
        const database = await withDatabase((handle) => describeDatabase(handle));
        console.log(`Đã cập nhật cơ sở dữ liệu: ${database}.`);
      }),
    );
}
