/**
 * `congdoan report forms|totals|completeness|document`, and the report files (`template`, `import`,
 * `targets import`): periodic reports from the command line, run by the operator at the server (the system; the
 * imports take `--user` to act as a named user, with that user's rights). Units are named by their codes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { formatDate } from '../lib/dates';
import { formatNumber, formatPercent } from '../lib/numbers';
import type { Actor } from '../features/access/model';
import { actorByUsername } from '../features/access/services/find-users';
import { requireUnitByCode } from '../features/organisation/services/exchange';
import { SYSTEM_OPERATOR } from '../features/members/services/import-members';
import { BASES, type Basis } from '../features/reporting/model';
import { formatFigure } from '../features/reporting/review-document';
import {
  DOCUMENT_FORMATS,
  getCompleteness,
  getTotals,
  listCatalogue,
  reviewDocumentFile,
  type DocumentFormat,
} from '../features/reporting/service';
import type { Database } from '../platform/db';
import { action, CliFailure, positiveInteger, table, withDatabase } from './shared';

interface FormPeriodOptions {
  unit: string;
  form: string;
  period: string;
  json?: boolean;
}

const formOption = () => new Option('--form <mã biểu mẫu>', 'mã biểu mẫu, ví dụ SK6T').makeOptionMandatory();
const periodOption = () =>
  new Option('--period <kỳ>', 'mã kỳ báo cáo, ví dụ 2023S1, 2023, 2023Q1, 202305')
    .argParser((v) => v.trim().toUpperCase())
    .makeOptionMandatory();
const unitOption = () => new Option('--unit <mã đơn vị>', 'mã đơn vị').makeOptionMandatory();

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new CliFailure(`không đọc được tệp "${resolve(file)}".`);
  }
}

async function actorFor(db: Database, username: string | undefined): Promise<Actor> {
  if (!username) return SYSTEM_OPERATOR;
  const actor = await actorByUsername(db, username);
  if (!actor) throw new CliFailure(`không có người dùng "${username}" (hoặc tài khoản đã bị vô hiệu hóa).`);
  return actor;
}

export function registerReports(program: Command): Command {
  const report = program
    .command('report')
    .description('báo cáo định kỳ: biểu mẫu, số liệu tổng hợp, tình hình nộp, báo cáo sơ kết/tổng kết');

  report
    .command('forms')
    .description('các biểu mẫu báo cáo và các kỳ gần nhất của mỗi biểu mẫu')
    .option('--json', 'in kết quả dạng JSON')
    .action(
      action(async (options: { json?: boolean }) => {
        await withDatabase(async ({ db }) => {
          const catalogue = await listCatalogue(db);
          const typeName = new Map(catalogue.periodTypes.map((t) => [t.id, t.nameVi]));
          const forms = catalogue.forms.map((f) => {
            const periodTypeId = f.versions.at(-1)?.periodTypeId ?? null;
            return {
              id: f.id,
              nameVi: f.nameVi,
              nameEn: f.nameEn,
              periodType: periodTypeId,
              periodTypeName: periodTypeId ? (typeName.get(periodTypeId) ?? periodTypeId) : null,
              recentPeriods: f.recentPeriods.map((p) => ({ code: p.code, labelVi: p.labelVi })),
            };
          });
          if (options.json) {
            console.log(JSON.stringify(forms, null, 2));
            return;
          }
          console.log(
            table(
              ['Mã', 'Biểu mẫu', 'Kỳ', 'Kỳ gần nhất'],
              forms.map((f) => [
                f.id,
                f.nameVi,
                f.periodTypeName ?? '',
                f.recentPeriods
                  .slice(0, 3)
                  .map((p) => p.code)
                  .join(', '),
              ]),
            ),
          );
        });
      }),
    );

  report
    .command('totals')
    .description(
      'số liệu tổng hợp của một đơn vị: của đơn vị, của cấp dưới, tổng cộng, chỉ tiêu năm, tỷ lệ, cùng kỳ năm trước',
    )
    .addOption(unitOption())
    .addOption(formOption())
    .addOption(periodOption())
    .addOption(
      new Option('--basis <cơ sở>', 'approved: báo cáo đã duyệt; submitted: cả báo cáo đã nộp chưa duyệt')
        .choices(BASES)
        .default('approved'),
    )
    .option('--json', 'in kết quả dạng JSON')
    .action(
      action(async (options: FormPeriodOptions & { basis: Basis }) => {
        await withDatabase(async ({ db }) => {
          const unit = await requireUnitByCode(db, options.unit);
          const totals = await getTotals(
            db,
            SYSTEM_OPERATOR,
            unit.id,
            options.form,
            options.period,
            options.basis,
          );
          if (options.json) {
            console.log(JSON.stringify(totals, null, 2));
            return;
          }
          const basis = options.basis === 'approved' ? 'báo cáo đã duyệt' : 'báo cáo đã nộp';
          console.log(`${totals.form.nameVi} — ${totals.period.labelVi} — ${totals.unit.name} (${basis})\n`);
          const shown = (v: number | string | null, type: (typeof totals.rows)[number]['valueType']) =>
            // A yes/no figure is read as a count: of the units that said yes (1 or 0 for a unit's own).
            formatFigure(v, type === 'boolean' ? 'count' : type);
          console.log(
            table(
              [
                'Chỉ tiêu',
                'ĐVT',
                'Của đơn vị',
                'Của cấp dưới',
                'Tổng cộng',
                'Chỉ tiêu năm',
                'Tỷ lệ',
                'Cùng kỳ',
              ],
              totals.rows
                .filter((r) => r.valueType !== 'text')
                .map((r) => [
                  r.parentCode ? `  ${r.nameVi}` : r.nameVi,
                  r.measure,
                  shown(r.own, r.valueType),
                  shown(r.below, r.valueType),
                  shown(r.total, r.valueType),
                  r.target === null ? '' : formatNumber(r.target),
                  r.rate === null ? '' : formatPercent(r.rate),
                  shown(r.lastYear, r.valueType),
                ]),
              [2, 3, 4, 5, 6, 7],
            ),
          );
        });
      }),
    );

  report
    .command('completeness')
    .description('tình hình nộp báo cáo của các đơn vị cấp dưới; đơn vị chưa báo cáo kèm cán bộ phụ trách')
    .addOption(unitOption())
    .addOption(formOption())
    .addOption(periodOption())
    .option('--json', 'in kết quả dạng JSON')
    .action(
      action(async (options: FormPeriodOptions) => {
        await withDatabase(async ({ db }) => {
          const unit = await requireUnitByCode(db, options.unit);
          const result = await getCompleteness(db, SYSTEM_OPERATOR, unit.id, options.form, options.period);
          if (options.json) {
            console.log(JSON.stringify(result, null, 2));
            return;
          }
          const o = result.overall;
          console.log(
            `${result.form.nameVi} — ${result.period.labelVi} — ${unit.name}; hạn nộp ${formatDate(result.deadline)}.\n` +
              `Đã nộp ${formatNumber(o.submitted)}/${formatNumber(o.expected)}` +
              (o.rate === null ? '' : ` (${formatPercent(o.rate)})`) +
              `: đúng hạn ${formatNumber(o.onTime)}, muộn ${formatNumber(o.late)}; chưa báo cáo ${formatNumber(o.missing)}.`,
          );
          const missing = result.units.filter((u) => u.timeliness === 'missing');
          if (missing.length === 0) return;
          console.log(
            `\n${table(
              ['Mã', 'Đơn vị chưa báo cáo', 'Cán bộ phụ trách', 'Điện thoại', 'Thư điện tử'],
              missing.flatMap((u) =>
                (u.officers.length ? u.officers : [null]).map((officer, n) => [
                  n === 0 ? u.code : '',
                  n === 0 ? u.name : '',
                  officer?.fullName ?? '(chưa có)',
                  officer?.phone ?? '',
                  officer?.email ?? '',
                ]),
              ),
            )}`,
          );
        });
      }),
    );

  report
    .command('document')
    .description('viết báo cáo sơ kết/tổng kết của đơn vị từ số liệu của kỳ, ra tệp Word hoặc Excel')
    .addOption(unitOption())
    .addOption(formOption())
    .addOption(periodOption())
    .addOption(
      new Option('--format <định dạng>', 'docx: Word; xlsx: Excel').choices(DOCUMENT_FORMATS).default('docx'),
    )
    .addOption(
      new Option('--basis <cơ sở>', 'approved: báo cáo đã duyệt; submitted: cả báo cáo đã nộp chưa duyệt')
        .choices(BASES)
        .default('approved'),
    )
    .option('-o, --out <tệp>', 'nơi ghi tệp (mặc định: tên theo báo cáo và đơn vị, trong thư mục hiện tại)')
    .action(
      action(async (options: FormPeriodOptions & { format: DocumentFormat; basis: Basis; out?: string }) => {
        await withDatabase(async ({ db }) => {
          const unit = await requireUnitByCode(db, options.unit);
          const file = await reviewDocumentFile(db, SYSTEM_OPERATOR, unit.id, options.form, options.period, {
            format: options.format,
            basis: options.basis,
          });
          const out = options.out ?? file.fileName;
          await writeFile(out, file.body);
          console.log(`Đã ghi báo cáo ra tệp ${resolve(out)}`);
        });
      }),
    );
  return report;
}

/** The report-file services the exchange commands call (written beside the feature's other use-cases). */
export interface ReportExchangeServices {
  buildReportTemplate(
    db: Database,
    actor: Actor,
    unitId: string,
    formId: string,
    periodCode: string,
  ): Promise<{ fileName: string; body: Buffer }>;
  importReportFile(
    db: Database,
    actor: Actor,
    unitId: string,
    formId: string,
    periodCode: string,
    file: Buffer,
    options: { submit: boolean; approve: boolean },
  ): Promise<{ reports: number; submitted: number; approved: number }>;
  importTargetsFile(db: Database, actor: Actor, unitId: string, year: number, file: Buffer): Promise<unknown>;
}

/**
 * `report template|import` and `report targets import`: the report's Excel file for the units below, filled and
 * read back; yearly targets from a file. Registered on the `report` command given.
 */
export function registerReportExchangeCommands(report: Command, services: ReportExchangeServices): void {
  report
    .command('template')
    .description('tạo tệp Excel để các đơn vị trực thuộc điền số liệu báo cáo của kỳ')
    .addOption(unitOption())
    .addOption(formOption())
    .addOption(periodOption())
    .option('-o, --out <tệp>', 'nơi ghi tệp (mặc định: tên theo biểu mẫu và kỳ, trong thư mục hiện tại)')
    .action(
      action(async (options: FormPeriodOptions & { out?: string }) => {
        await withDatabase(async ({ db }) => {
          const unit = await requireUnitByCode(db, options.unit);
          const file = await services.buildReportTemplate(
            db,
            SYSTEM_OPERATOR,
            unit.id,
            options.form,
            options.period,
          );
          const out = options.out ?? file.fileName;
          await writeFile(out, file.body);
          console.log(`Đã tạo tệp mẫu: ${resolve(out)}`);
        });
      }),
    );

  report
    .command('import')
    .description(
      'nhập số liệu báo cáo của các đơn vị từ tệp Excel theo mẫu; có lỗi thì báo từng ô và không ghi gì',
    )
    .argument('<tệp>', 'tệp Excel theo mẫu "report template"')
    .addOption(unitOption())
    .addOption(formOption())
    .addOption(periodOption())
    .option('--submit', 'nộp luôn các báo cáo đã nhập')
    .option('--approve', 'nộp và duyệt luôn (cần quyền duyệt)')
    .option('--user <tên đăng nhập>', 'nhập với quyền của người dùng này (mặc định: quyền hệ thống)')
    .action(
      action(
        async (
          file: string,
          options: FormPeriodOptions & { submit?: boolean; approve?: boolean; user?: string },
        ) => {
          const buffer = await readInput(file);
          await withDatabase(async ({ db }) => {
            const unit = await requireUnitByCode(db, options.unit);
            const actor = await actorFor(db, options.user);
            const approve = options.approve === true;
            const result = await services.importReportFile(
              db,
              actor,
              unit.id,
              options.form,
              options.period,
              buffer,
              { submit: approve || options.submit === true, approve },
            );
            console.log(
              `Đã nhập ${formatNumber(result.reports)} báo cáo; đã nộp ${formatNumber(result.submitted)}, ` +
                `đã duyệt ${formatNumber(result.approved)}.`,
            );
          });
        },
      ),
    );

  report
    .command('targets')
    .description('chỉ tiêu năm giao cho các đơn vị trực thuộc')
    .command('import')
    .description('nhập chỉ tiêu năm từ tệp Excel; có lỗi thì báo từng ô và không ghi gì')
    .argument('<tệp>', 'tệp Excel chỉ tiêu')
    .addOption(unitOption())
    .requiredOption('--year <năm>', 'năm của chỉ tiêu', positiveInteger)
    .option('--form <mã biểu mẫu>', 'biểu mẫu của các chỉ tiêu (không bắt buộc: tệp ghi chỉ tiêu theo mã)')
    .option('--user <tên đăng nhập>', 'nhập với quyền của người dùng này (mặc định: quyền hệ thống)')
    .action(
      action(async (file: string, options: { unit: string; year: number; user?: string }) => {
        const buffer = await readInput(file);
        await withDatabase(async ({ db }) => {
          const unit = await requireUnitByCode(db, options.unit);
          const actor = await actorFor(db, options.user);
          await services.importTargetsFile(db, actor, unit.id, options.year, buffer);
          console.log(`Đã nhập chỉ tiêu năm ${options.year} của ${unit.name}.`);
        });
      }),
    );
}
