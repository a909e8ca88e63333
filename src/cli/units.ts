/** `congdoan units template|import|export`: the units file (Excel or CSV) from the command line. */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { formatNumber } from '../lib/numbers';
import { formatDate } from '../lib/dates';
import {
  exportUnitFile,
  importUnitFile,
  unitTemplateFile,
  type UnitFileFormat,
} from '../features/organisation/services/exchange';
import { action, CliFailure, dateOption, progressBar, withDatabase } from './shared';

interface ImportOptions {
  parent?: string;
  decision?: string;
}

interface ExportOptions {
  unit?: string;
  at?: string;
  format?: UnitFileFormat;
  out?: string;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new CliFailure(`không đọc được tệp "${resolve(file)}".`);
  }
}

export function registerUnits(program: Command): void {
  const units = program.command('units').description('danh sách đơn vị: tệp mẫu, nhập và xuất Excel/CSV');

  units
    .command('template')
    .description('tạo tệp Excel mẫu để nhập đơn vị')
    .option('--out <tệp>', 'nơi ghi tệp mẫu', 'mau-nhap-don-vi.xlsx')
    .action(
      action(async (options: { out: string }) => {
        await withDatabase(async ({ db }) => {
          const template = await unitTemplateFile(db);
          await writeFile(options.out, template.body);
          console.log(`Đã tạo tệp mẫu: ${resolve(options.out)}`);
        });
      }),
    );

  units
    .command('import')
    .description('nhập đơn vị từ tệp Excel (.xlsx) hoặc CSV; có dòng lỗi thì báo từng dòng và không ghi gì')
    .argument('<tệp>', 'tệp Excel hoặc CSV theo mẫu')
    .option('--parent <mã đơn vị>', 'đơn vị cấp trên của các dòng để trống "Mã đơn vị cấp trên"')
    .option('--decision <số>', 'số quyết định thành lập ghi cho các dòng để trống')
    .action(
      action(async (file: string, options: ImportOptions) => {
        const buffer = await readInput(file);
        const bar = progressBar('Nhập đơn vị');
        await withDatabase(async ({ db }) => {
          try {
            const result = await importUnitFile(
              db,
              null,
              { buffer, fileName: basename(file) },
              {
                parent: options.parent ? { code: options.parent } : undefined,
                decisionNo: options.decision,
                onParsed: (rows) => {
                  console.log(`Đã đọc ${formatNumber(rows)} dòng từ "${basename(file)}"; đang kiểm tra…`);
                  bar.start(rows, 0);
                },
                onProgress: (done) => bar.update(done),
              },
            );
            bar.stop();
            console.log(
              `Đã nhập ${formatNumber(result.created)} đơn vị (sự kiện thành lập số ${result.eventId}).`,
            );
          } catch (error) {
            bar.stop();
            throw error;
          }
        });
      }),
    );

  units
    .command('export')
    .description(
      'xuất đơn vị (và các đơn vị trực thuộc) ra Excel hoặc CSV, nhập lại được bằng "units import"',
    )
    .option('--unit <mã đơn vị>', 'đơn vị cần xuất; bỏ trống: toàn bộ hệ thống')
    .option('--at <dd/mm/yyyy>', 'cây tổ chức tại ngày này (mặc định: hôm nay)', dateOption)
    .addOption(
      new Option('--format <định dạng>', 'định dạng tệp (mặc định theo đuôi của --out, hoặc xlsx)').choices([
        'xlsx',
        'csv',
      ]),
    )
    .option('--out <tệp>', 'nơi ghi tệp (mặc định: tên theo đơn vị và ngày, trong thư mục hiện tại)')
    .action(
      action(async (options: ExportOptions) => {
        const format =
          options.format ?? (options.out && extname(options.out).toLowerCase() === '.csv' ? 'csv' : 'xlsx');
        await withDatabase(async ({ db }) => {
          const file = await exportUnitFile(db, null, {
            unit: options.unit ? { code: options.unit } : undefined,
            at: options.at,
            format,
          });
          const out = options.out ?? file.fileName;
          await writeFile(out, file.body);
          const when = options.at ? ` tại ngày ${formatDate(options.at)}` : '';
          console.log(`Đã xuất ${formatNumber(file.count)} đơn vị${when} ra tệp ${resolve(out)}`);
        });
      }),
    );
}
