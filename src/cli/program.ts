/**
 * The `congdoan` command line as a program object: every sub-command registered, help and errors in Vietnamese.
 * `index.ts` runs it on the process's arguments; tests run it in-process.
 */
import { Command, type OutputConfiguration } from 'commander';
import { registerDemo } from './demo';
import { registerMembers } from './members';
import { registerMigrate } from './migrate';
import { registerReportExchangeCommands, registerReports } from './reports';
import { buildReportTemplate, importReportFile, importTargetsFile } from '../features/reporting/service';
import { registerServe } from './serve';
import { registerUnits } from './units';
import { registerUser } from './user';
import { speakVietnamese } from './shared';

/**
 * The whole command line. `output` replaces where commander writes help and errors (the terminal by default);
 * `exitOverride` makes help and usage errors throw instead of ending the process. Sub-commands inherit both.
 */
export function buildProgram(
  options: { output?: OutputConfiguration; exitOverride?: boolean } = {},
): Command {
  const program = new Command('congdoan');
  if (options.output) program.configureOutput(options.output);
  if (options.exitOverride) program.exitOverride();
  speakVietnamese(program)
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
  registerReportExchangeCommands(registerReports(program), {
    buildReportTemplate,
    importReportFile,
    importTargetsFile,
  });
  return program;
}
