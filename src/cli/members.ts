/**
 * `congdoan members template|import|export|search|count`: the member list from the command line, run by the
 * operator at the server (the system; `import --user` acts as a named user instead, with that user's rights).
 * Personal data (CCCD, phone) is masked on the screen, and in exports unless --personal-data is given.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { SingleBar } from 'cli-progress';
import { formatDate, todayIso } from '../lib/dates';
import { formatNumber } from '../lib/numbers';
import type { Actor } from '../features/access/model';
import { actorByUsername } from '../features/access/services/find-users';
import { listRoots } from '../features/organisation/service';
import { requireUnitByCode } from '../features/organisation/services/exchange';
import {
  IMPORT_MODES,
  IMPORT_PHASE_LABELS,
  type ImportMode,
  type ImportPhase,
} from '../features/members/exchange-contract';
import { maskCccd, maskPhone, MEMBER_STATUS_LABELS } from '../features/members/model';
import { countMembers, searchMembers } from '../features/members/service';
import { exportMemberFile } from '../features/members/services/export-members';
import {
  describeImport,
  importMemberFile,
  memberTemplateFile,
  SYSTEM_OPERATOR,
} from '../features/members/services/import-members';
import type { Database } from '../platform/db';
import { action, CliFailure, dateOption, positiveInteger, progressBar, table, withDatabase } from './shared';

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new CliFailure(`không đọc được tệp "${resolve(file)}".`);
  }
}

async function actorNamed(db: Database, username: string): Promise<Actor> {
  const actor = await actorByUsername(db, username);
  if (!actor) throw new CliFailure(`không có người dùng "${username}" (hoặc tài khoản đã bị vô hiệu hóa).`);
  return actor;
}

/** Units to search from: the one named, or every root of the tree today. */
async function rootsOf(db: Database, unitCode: string | undefined): Promise<{ id: string; name: string }[]> {
  if (unitCode) return [await requireUnitByCode(db, unitCode)];
  return listRoots(db, SYSTEM_OPERATOR);
}

/** One progress bar per phase of an import; reading shows a count, since the number of rows is not known yet. */
function importProgress() {
  let phase: ImportPhase | null = null;
  let bar: SingleBar | null = null;
  return {
    update(next: ImportPhase, done: number, total: number) {
      if (next !== phase) {
        bar?.stop();
        bar = null;
        phase = next;
        if (next === 'reading') console.log(`${IMPORT_PHASE_LABELS.reading}…`);
      }
      if (next === 'reading') return;
      if (!bar) {
        bar = progressBar(IMPORT_PHASE_LABELS[next]);
        bar.start(total, done);
      } else bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

interface ImportOptions {
  unit: string;
  mode?: ImportMode;
  user?: string;
}

interface ExportOptions {
  unit?: string;
  at?: string;
  query?: string;
  out?: string;
  personalData?: boolean;
}

interface SearchOptions {
  unit?: string;
  json?: boolean;
  limit: number;
}

interface CountOptions {
  unit: string;
  at?: string;
  json?: boolean;
}

export function registerMembers(program: Command): void {
  const members = program
    .command('members')
    .description('danh sách đoàn viên: tệp mẫu, nhập và xuất Excel, tìm kiếm, thống kê');

  members
    .command('template')
    .description('tạo tệp Excel mẫu để nhập danh sách đoàn viên')
    .option('--out <tệp>', 'nơi ghi tệp mẫu', 'mau-nhap-doan-vien.xlsx')
    .action(
      action(async (options: { out: string }) => {
        await withDatabase(async ({ db }) => {
          const template = await memberTemplateFile(db, null, null);
          await writeFile(options.out, template.buffer);
          console.log(`Đã tạo tệp mẫu: ${resolve(options.out)}`);
        });
      }),
    );

  members
    .command('import')
    .description(
      'nhập danh sách đoàn viên từ tệp Excel (.xlsx) hoặc CSV vào một CĐCS, hoặc vào các CĐCS của một công đoàn cấp trên (mỗi dòng ghi cột "Mã CĐCS"); có dòng lỗi thì báo từng dòng và không ghi gì',
    )
    .argument('<tệp>', 'tệp Excel hoặc CSV theo mẫu')
    .requiredOption(
      '--unit <mã đơn vị>',
      'mã của CĐCS nhận danh sách, hoặc của công đoàn cấp trên khi tệp ghi mã CĐCS ở mỗi dòng',
    )
    .addOption(
      new Option(
        '--mode <cách nhập>',
        'register: ghi thẳng vào danh sách đoàn viên; propose: đề nghị kết nạp chờ cấp trên duyệt (mặc định: register)',
      ).choices(IMPORT_MODES),
    )
    .option('--user <tên đăng nhập>', 'nhập với quyền của người dùng này (mặc định: quyền hệ thống)')
    .action(
      action(async (file: string, options: ImportOptions) => {
        const buffer = await readInput(file);
        await withDatabase(async ({ db }) => {
          const unit = await requireUnitByCode(db, options.unit);
          const actor = options.user ? await actorNamed(db, options.user) : null;
          const progress = importProgress();
          try {
            const result = await importMemberFile(db, actor, unit.id, buffer, basename(file), {
              mode: options.mode,
              onProgress: (phase, done, total) => progress.update(phase, done, total),
            });
            progress.stop();
            console.log(describeImport(result, unit.name));
          } catch (error) {
            progress.stop();
            throw error;
          }
        });
      }),
    );

  members
    .command('export')
    .description('xuất danh sách đoàn viên ra Excel (nhập lại được bằng "members import")')
    .option('--unit <mã đơn vị>', 'đơn vị cần xuất, cùng các đơn vị trực thuộc; bỏ trống: toàn hệ thống')
    .option('--at <dd/mm/yyyy>', 'danh sách tại ngày này (mặc định: hôm nay)', dateOption)
    .option('--query <từ khóa>', 'chỉ xuất người khớp họ tên, số CCCD, mã đoàn viên hoặc số điện thoại')
    .option('--out <tệp>', 'nơi ghi tệp (mặc định: tên theo đơn vị và ngày, trong thư mục hiện tại)')
    .option('--personal-data', 'ghi đầy đủ số CCCD và số điện thoại (mặc định: che một phần)')
    .action(
      action(async (options: ExportOptions) => {
        await withDatabase(async ({ db }) => {
          const unit = options.unit ? await requireUnitByCode(db, options.unit) : null;
          const file = await exportMemberFile(
            db,
            null,
            unit?.id ?? null,
            { q: options.query, at: options.at },
            { mask: !options.personalData },
          );
          const out = options.out ?? file.fileName;
          await writeFile(out, file.buffer);
          const when = options.at ? ` tại ngày ${formatDate(options.at)}` : '';
          const masked = file.personalDataShown ? '' : ' (số CCCD và điện thoại đã che một phần)';
          console.log(`Đã xuất ${formatNumber(file.rows)} đoàn viên${when} ra tệp ${resolve(out)}${masked}`);
        });
      }),
    );

  members
    .command('search')
    .description(
      'tìm đoàn viên theo họ tên (không dấu, sai chính tả nhẹ vẫn được), số CCCD, mã hoặc số điện thoại',
    )
    .argument('<từ khóa>', 'họ tên, số CCCD, mã đoàn viên hoặc số điện thoại')
    .option('--unit <mã đơn vị>', 'chỉ tìm trong đơn vị này và các đơn vị trực thuộc')
    .option('--json', 'in kết quả dạng JSON')
    .option('--limit <số>', 'số người tối đa', positiveInteger, 50)
    .action(
      action(async (query: string, options: SearchOptions) => {
        await withDatabase(async ({ db }) => {
          const found = new Map<string, Awaited<ReturnType<typeof searchMembers>>['members'][number]>();
          let total = 0;
          for (const root of await rootsOf(db, options.unit)) {
            const page = await searchMembers(db, SYSTEM_OPERATOR, root.id, {
              q: query,
              page: 1,
              pageSize: Math.max(options.limit, 1),
            });
            total += page.total;
            for (const m of page.members) if (found.size < options.limit) found.set(m.id, m);
          }
          const people = [...found.values()];
          if (options.json) {
            const view = people.map((m) => ({
              code: m.code,
              fullName: m.fullName,
              birthDate: m.birthDate,
              gender: m.gender,
              ethnicity: m.ethnicityName,
              cccd: maskCccd(m.cccd),
              phone: maskPhone(m.phone),
              status: m.status,
              units: m.units.map((u) => u.name),
            }));
            console.log(JSON.stringify(view, null, 2));
            return;
          }
          if (people.length === 0) {
            console.log(`Không tìm thấy đoàn viên nào khớp "${query}".`);
            return;
          }
          console.log(
            table(
              ['Mã đoàn viên', 'Họ và tên', 'Ngày sinh', 'Đơn vị', 'Trạng thái'],
              people.map((m) => [
                m.code,
                m.fullName,
                formatDate(m.birthDate),
                m.units.map((u) => u.name).join('; '),
                MEMBER_STATUS_LABELS[m.status],
              ]),
            ),
          );
          const shown = total > people.length ? ` (hiện ${formatNumber(people.length)})` : '';
          console.log(`Tìm thấy ${formatNumber(total)} đoàn viên${shown}.`);
        });
      }),
    );

  members
    .command('count')
    .description(
      'số đoàn viên của một đơn vị (cả các đơn vị trực thuộc) tại một ngày, theo giới tính, độ tuổi, dân tộc, khu vực',
    )
    .requiredOption('--unit <mã đơn vị>', 'mã đơn vị')
    .option('--at <dd/mm/yyyy>', 'ngày thống kê (mặc định: hôm nay)', dateOption)
    .option('--json', 'in kết quả dạng JSON')
    .action(
      action(async (options: CountOptions) => {
        await withDatabase(async ({ db }) => {
          const unit = await requireUnitByCode(db, options.unit);
          const counts = await countMembers(db, SYSTEM_OPERATOR, unit.id, { at: options.at ?? todayIso() });
          if (options.json) {
            console.log(JSON.stringify({ unit: { code: unit.code, name: unit.name }, ...counts }, null, 2));
            return;
          }
          console.log(
            `Đoàn viên của ${unit.name} (cả các đơn vị trực thuộc) tại ngày ${formatDate(counts.at)}: ` +
              `${formatNumber(counts.memberships)}` +
              (counts.persons === counts.memberships ? '' : ` lượt, ${formatNumber(counts.persons)} người`),
          );
          const section = (title: string, lines: { label: string; memberships: number }[]) => {
            console.log(`\n${title}:`);
            if (lines.length === 0) console.log('  (không có)');
            const width = Math.max(...lines.map((l) => l.label.length));
            const numbers = lines.map((l) => formatNumber(l.memberships));
            const numberWidth = Math.max(...numbers.map((n) => n.length));
            lines.forEach((l, i) =>
              console.log(`  ${l.label.padEnd(width)}  ${numbers[i]!.padStart(numberWidth)}`),
            );
          };
          section('Theo giới tính', counts.byGender);
          section('Theo độ tuổi', counts.byAgeBand);
          section('Theo dân tộc', counts.byEthnicity);
          section('Theo khu vực', counts.bySector);
        });
      }),
    );
}
