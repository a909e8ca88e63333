/**
 * .xlsx writing benchmark: the member export's rows (16 columns: code, Vietnamese names, two dates, gender, ethnic
 * group, CCCD, phone, e-mail, the units, the status) written into a stream by
 *   - the hand-written writer (src/platform/xlsx/writer.ts: inline strings, zlib level 1, a streamed zip);
 *   - the baseline, measured in the same run: ExcelJS's streaming WorkbookWriter on the same rows, set up as the
 *     export used it before (styles on, no shared strings, bold frozen header, column widths, dates dd/mm/yyyy).
 * The rows are made before the timing; each writer runs BENCH_XLSX_REPEAT times (default 3) after one warm-up and
 * the figure is the median. Outside the timing, both files are read back with our reader and compared cell by cell
 * (text, numbers, date serials), so that a fast wrong writer does not pass.
 *
 * The house rule is a well-kept library unless a benchmark shows it cannot do the job: this one is that benchmark
 * (the export's goal is 20,000 rows a second including the database; ExcelJS alone stays near a tenth of it here).
 *
 * Environment: BENCH_XLSX_ROWS (default 100000), BENCH_XLSX_REPEAT (3).
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readXlsxRows } from '../src/platform/xlsx/rows';
import { XlsxWriter, type SheetCell } from '../src/platform/xlsx/writer';
import { personName } from '../src/demo/names';
import { mulberry32 } from '../src/demo/random';
import { int, machine, percentile } from './lib/measure';

/** The export's own goal; the writer must leave most of the time to reading the database. */
const TARGET_ROWS_PER_S = 20_000;

const log = (line: string) => process.stderr.write(`${line}\n`);

const HEADER = [
  'Mã đoàn viên',
  'Họ và tên',
  'Ngày sinh (dd/mm/yyyy)',
  'Giới tính',
  'Dân tộc',
  'Tôn giáo',
  'Số CCCD',
  'Số điện thoại',
  'Email',
  'Trình độ',
  'Nghề nghiệp',
  'Chức vụ công đoàn',
  'Đảng viên',
  'Ngày vào công đoàn (dd/mm/yyyy)',
  'Đơn vị',
  'Trạng thái',
];
const WIDTHS = [14, 28, 14, 9, 12, 12, 15, 14, 26, 12, 18, 18, 10, 16, 40, 14];

function memberRows(count: number): SheetCell[][] {
  const rng = mulberry32(42);
  const rows: SheetCell[][] = [];
  for (let i = 0; i < count; i += 1) {
    const female = rng.chance(0.6);
    rows.push([
      `DV${String(100_000_000 + i)}`,
      personName(rng, female ? 'female' : 'male', '01'),
      new Date(`${rng.date('1966-01-01', '2005-12-31')}T00:00:00Z`),
      female ? 'Nữ' : 'Nam',
      rng.pick(['Kinh', 'Kinh', 'Kinh', 'Tày', 'Khmer', "K'Ho"]),
      rng.chance(0.6) ? 'Không' : 'Phật giáo',
      `068${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
      `09${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      rng.chance(0.3) ? `doanvien${i}@congdoan.vn` : '',
      rng.pick(['12/12', 'Trung cấp', 'Cao đẳng', 'Đại học']),
      rng.pick(['Công nhân', 'Giáo viên', 'Nhân viên văn phòng', 'Kỹ sư']),
      rng.chance(0.05) ? 'Tổ trưởng công đoàn' : '',
      rng.chance(0.1) ? 'Có' : 'Không',
      new Date(`${rng.date('2000-01-01', '2025-06-30')}T00:00:00Z`),
      `CĐCS Công ty TNHH May mặc & Chè ${rng.int(1, 400)} <Bảo Lộc>`,
      'Đang sinh hoạt',
    ]);
  }
  return rows;
}

/** A stream that keeps what is written (a fast reader), and the bytes when it has ended. */
function sink(): { out: PassThrough; bytes: Promise<Buffer> } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) =>
    out.on('end', () => resolve(Buffer.concat(chunks))).on('error', reject),
  );
  return { out, bytes };
}

/** The hand-written writer, waiting on `ready` every 5,000 rows as the export does. */
async function handWritten(rows: readonly SheetCell[][], out: Writable): Promise<void> {
  const writer = new XlsxWriter(out, { creator: 'Công Đoàn Số', title: 'Benchmark' });
  const sheet = writer.sheet({
    name: 'Đoàn viên',
    columns: WIDTHS.map((width) => ({ width })),
    header: HEADER,
  });
  for (let i = 0; i < rows.length; i += 1) {
    sheet.addRow(rows[i]!);
    if (i % 5000 === 4999) await sheet.ready();
  }
  await writer.finish();
}

/** ExcelJS's streaming writer as the export used it. */
async function excelJs(rows: readonly SheetCell[][], out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Công Đoàn Số';
  workbook.title = 'Benchmark';
  const sheet = workbook.addWorksheet('Đoàn viên', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = WIDTHS.map((width, i) => ({
    width,
    style: i === 2 || i === 13 ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  const header = sheet.addRow(HEADER);
  header.font = { bold: true };
  header.commit();
  for (const row of rows) sheet.addRow(row.map((c) => (c === '' ? null : c))).commit();
  sheet.commit();
  await workbook.commit();
}

async function timed(
  write: (rows: readonly SheetCell[][], out: Writable) => Promise<void>,
  rows: readonly SheetCell[][],
  repeat: number,
): Promise<{ seconds: number[]; file: Buffer }> {
  const seconds: number[] = [];
  let file: Buffer = Buffer.alloc(0);
  for (let i = 0; i <= repeat; i += 1) {
    const { out, bytes } = sink();
    const start = performance.now();
    await write(rows, out);
    file = await bytes;
    if (i > 0) seconds.push((performance.now() - start) / 1000);
  }
  return { seconds, file };
}

/** Every cell of the file as our reader gives it, one line a row. */
async function cellsOf(file: Buffer): Promise<string[]> {
  const lines: string[] = [];
  await readXlsxRows(file, (row) => lines.push(JSON.stringify(row.cells)));
  return lines;
}

export async function run(args: string[] = []): Promise<void> {
  const count = Number(args.find((a) => /^\d+$/.test(a)) ?? process.env.BENCH_XLSX_ROWS ?? 100_000);
  const repeat = Number(process.env.BENCH_XLSX_REPEAT ?? 3);
  console.log(`xlsx-write benchmark: ${int(count)} member rows of the export, written into a stream`);
  console.log(machine());
  const rows = memberRows(count);
  log('  the hand-written writer …');
  const ours = await timed(handWritten, rows, repeat);
  log('  ExcelJS’s streaming writer …');
  const theirs = await timed(excelJs, rows, repeat);
  const [a, b] = [await cellsOf(ours.file), await cellsOf(theirs.file)];
  const differing = a.findIndex((line, i) => line !== b[i]);
  const same = a.length === b.length && differing < 0;
  const rate = (s: number[]) => count / percentile(s, 50);
  const figures = {
    rows_per_s: Math.round(rate(ours.seconds)),
    exceljs_rows_per_s: Math.round(rate(theirs.seconds)),
    mib: Number((ours.file.length / 2 ** 20).toFixed(1)),
    exceljs_mib: Number((theirs.file.length / 2 ** 20).toFixed(1)),
    same_cells: same,
  };
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
  console.log('');
  line('hand-written writer (median)', `${int(figures.rows_per_s)} rows/s, ${figures.mib} MiB`);
  line(
    'ExcelJS streaming writer (median, baseline)',
    `${int(figures.exceljs_rows_per_s)} rows/s, ${figures.exceljs_mib} MiB`,
  );
  line('ratio', `${(figures.rows_per_s / figures.exceljs_rows_per_s).toFixed(1)} ×`);
  line(
    'the same cells read back from both files',
    same ? `yes, ${int(a.length)} rows` : `NO: first difference at row ${differing + 1}`,
  );
  line(
    'rows_per_s',
    `${int(figures.rows_per_s)} against ≥ ${int(TARGET_ROWS_PER_S)} for the whole export: ${figures.rows_per_s >= TARGET_ROWS_PER_S ? 'PASS' : 'FAIL'}`,
  );
  console.log(JSON.stringify({ bench: 'xlsx-write', rows: count, figures }));
  if (!same) process.exitCode = 1;
}
