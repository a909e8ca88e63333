/** `congdoan user add`: creates a user from the command line (the first system administrator, or any user). */
import { Option, type Command } from 'commander';
import { ROLE_LABELS, ROLES, type Role } from '../features/access/model';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../features/access/password-policy';
import { createUser } from '../features/access/service';
import { requireUnitByCode } from '../features/organisation/services/exchange';
import { action, CliFailure, withDatabase } from './shared';

interface UserAddOptions {
  username: string;
  name: string;
  password: string;
  role?: Role;
  unit?: string;
  systemAdmin?: boolean;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('quản lý người dùng');
  user
    .command('add')
    .description('tạo người dùng; cần --role và --unit, hoặc --system-admin')
    .requiredOption('--username <tên>', 'tên đăng nhập: 3–40 ký tự không dấu, số, dấu chấm, gạch')
    .requiredOption('--name <họ tên>', 'họ và tên người dùng')
    .requiredOption(
      '--password <mật khẩu>',
      `mật khẩu: ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} ký tự, khó đoán (nên là một câu gồm vài từ)`,
    )
    .addOption(new Option('--role <vai trò>', 'vai trò trên đơn vị').choices(ROLES))
    .option('--unit <mã đơn vị>', 'mã của đơn vị được giao vai trò')
    .option('--system-admin', 'quyền quản trị toàn hệ thống')
    .action(
      action(async (options: UserAddOptions) => {
        if (Boolean(options.role) !== Boolean(options.unit)) {
          throw new CliFailure('cần ghi cả --role và --unit.');
        }
        if (!options.role && !options.systemAdmin) {
          throw new CliFailure('cần --role và --unit (vai trò trên một đơn vị), hoặc --system-admin.');
        }
        await withDatabase(async ({ db }) => {
          const unit = options.unit ? await requireUnitByCode(db, options.unit) : null;
          const created = await createUser(db, null, {
            username: options.username,
            fullName: options.name,
            password: options.password,
            isSystemAdmin: options.systemAdmin ?? false,
            grants: unit && options.role ? [{ role: options.role, unitId: unit.id }] : [],
          });
          const roles = [
            ...(created.isSystemAdmin ? [ROLE_LABELS.system_admin] : []),
            ...(unit && options.role ? [`${ROLE_LABELS[options.role]} tại ${unit.name}`] : []),
          ];
          console.log(`Đã tạo người dùng "${created.username}" (${created.fullName}): ${roles.join('; ')}.`);
        });
      }),
    );
}
