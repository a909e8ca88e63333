/**
 * The `congdoan` command: `npx congdoan --help`. Each sub-command lives in its own file; every one reads the same
 * configuration (DATABASE_URL, CONGDOAN_DATA_DIR …) and closes the database when it ends.
 */
import { Command } from 'commander';
import { registerDemo } from './demo';
import { registerMembers } from './members';
import { registerMigrate } from './migrate';
import { registerServe } from './serve';
import { registerUnits } from './units';
import { registerUser } from './user';
import { speakVietnamese } from './shared';

export function buildProgram(): Command {
  const program = speakVietnamese(new Command('congdoan'))
    .description(
      'Công Đoàn Số — phần mềm quản lý tổ chức công đoàn.\n' +
        'Dữ liệu lưu trong thư mục CONGDOAN_DATA_DIR (mặc định ./data), hoặc máy chủ PostgreSQL khi đặt DATABASE_URL.',
    )
    .version('0.1.0', '-V, --version', 'hiển thị số phiên bản');
  registerServe(program);
  registerMigrate(program);
  registerDemo(program);
  registerUser(program);
  registerUnits(program);
  registerMembers(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
