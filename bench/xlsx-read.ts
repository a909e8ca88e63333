/**
 * .xlsx reading benchmark: 100,000 member rows (the template's columns, bench/lib/member-xlsx.ts: Vietnamese names, dates as text, CCCD
 * and phone as text) written with ExcelJS's streaming writer — once with inline text (as our exports and the
 * members benchmark write it) and once with shared strings (as Excel saves a file) — then read by
 *   - the fast reader (src/platform/xlsx/: yauzl, zlib, a hand-written scanner), rows streamed to a callback;
 *   - readMemberFile, the members' import reading the file into import rows (the fast reader plus the columns);
 *   - the baseline, measured in the same run: ExcelJS's streaming WorkbookReader over the same file, as the import
 *     used it before (shared strings cached; styles, hyperlinks and other entries ignored; whole UTF-8 letters).
 * Each reading runs BENCH_XLSX_REPEAT times (default 3) after one warm-up, its rows only counted; the figure is the
 * median. Then, outside the timing, the texts of both readers are compared cell by cell, so that a fast wrong
 * reader does not pass.
 *
 * Environment: BENCH_XLSX_ROWS (default 100000), BENCH_XLSX_REPEAT (3).
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { readXlsxRows } from '../src/platform/xlsx/rows';
import { cellText } from '../src/platform/xlsx/sheet-rows';
import { readMemberFile } from '../src/features/members/services/member-file';
import { int, machine, ms, percentile } from './lib/measure';
import { writeMemberXlsx } from './lib/member-xlsx';

/** The goal set for the fast reader: 100,000 rows in about half a second. */
const TARGET_ROWS_PER_S = 200_000;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** A cheap fingerprint of every cell's text, row by row, to compare the readers. */
class Fingerprint {
  rows = 0;
  private hash = 0;
  add(rowNumber: number, texts: string[]): void {
    this.rows += 1;
    const line = `${rowNumber}|${texts.join('|').replace(/\|+$/, '')}`;
    for (let i = 0; i < line.length; i += 1) this.hash = (Math.imul(this.hash, 31) + line.charCodeAt(i)) | 0;
  }
  get value(): string {
    return `${this.rows}:${(this.hash >>> 0).toString(16)}`;
  }
}

/** The fast reader, rows only counted (`print` takes each row's texts: the comparison, outside the timing). */
async function fastRead(buffer: Buffer, print?: Fingerprint): Promise<number> {
  let rows = 0;
  await readXlsxRows(buffer, (row) => {
    rows += 1;
    print?.add(row.rowNumber, row.cells.map(cellText));
  });
  return rows;
}

/**
 * exceljs 4.4's streaming reader decodes each chunk of the unzipped XML on its own, so a Vietnamese letter split
 * across two chunks comes out as "\uFFFD"; the import patched it as below before it had its own reader, and the
 * baseline keeps the patch so that its texts can be compared.
 */
type PatchableReader = {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
};

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function decodeWholeLetters(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const patchable = reader as unknown as PatchableReader;
  const parseWorksheet = patchable._parseWorksheet.bind(reader);
  const parseSharedStrings = patchable._parseSharedStrings.bind(reader);
  patchable._parseWorksheet = (iterator, sheetNo) => parseWorksheet(decodeUtf8(iterator), sheetNo);
  patchable._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding('utf8'));
}

/** The baseline, rows only counted (`print` as for `fastRead`). */
async function exceljsRead(buffer: Buffer, print?: Fingerprint): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  decodeWholeLetters(reader);
  let rows = 0;
  for await (const worksheet of reader)
    for await (const row of worksheet) {
      rows += 1;
      if (!print) continue;
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      const texts: string[] = [];
      for (let i = 0; i < values.length; i += 1) {
        const value = values[i];
        texts.push(typeof value === 'string' || typeof value === 'number' ? cellText(value) : '');
      }
      print.add(row.number, texts);
    }
  return rows;
}

async function memberFileRead(buffer: Buffer): Promise<number> {
  return (await readMemberFile(buffer, 'benchmark.xlsx')).length;
}

interface Measured {
  medianS: number;
  bestS: number;
  peakHeapMiB: number;
}

async function measure<T>(repeat: number, read: () => Promise<T>): Promise<{ result: T } & Measured> {
  let result = await read();
  const times: number[] = [];
  let peak = 0;
  for (let i = 0; i < repeat; i += 1) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - before)), 20);
    const start = performance.now();
    result = await read();
    times.push(performance.now() - start);
    clearInterval(timer);
  }
  return {
    result,
    medianS: percentile(times, 50) / 1000,
    bestS: Math.min(...times) / 1000,
    peakHeapMiB: peak / 2 ** 20,
  };
}

export async function run(): Promise<void> {
  const count = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
  const repeat = Number(process.env.BENCH_XLSX_REPEAT ?? 3);
  console.log(`xlsx-read benchmark: ${int(count)} member rows of 13 columns read from .xlsx`);
  console.log(machine());
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);
  const figures: Record<string, number> = {};

  for (const shared of [false, true]) {
    const kind = shared ? 'shared strings (as Excel saves)' : 'inline text (as exports write)';
    log(`writing ${int(count)} rows with ${kind} …`);
    const written = await writeMemberXlsx(count, {
      seed: 2026,
      cccdProvince: '068',
      firstJoin: '2000-01-01',
      lastJoin: '2025-06-30',
      useSharedStrings: shared,
    });
    const file = { buffer: written.buffer, s: written.writeS };
    log('  reading with the fast reader …');
    const fast = await measure(repeat, () => fastRead(file.buffer));
    log('  reading with readMemberFile …');
    const members = await measure(repeat, () => memberFileRead(file.buffer));
    log('  reading with ExcelJS (baseline) …');
    const baseline = await measure(repeat, () => exceljsRead(file.buffer));
    log('  comparing the texts of both readers …');
    const fastPrint = new Fingerprint();
    const baselinePrint = new Fingerprint();
    await fastRead(file.buffer, fastPrint);
    await exceljsRead(file.buffer, baselinePrint);
    const same = fastPrint.value === baselinePrint.value;

    console.log(`\n=== ${kind} ===`);
    line('file', `${(file.buffer.length / 2 ** 20).toFixed(1)} MiB, written in ${file.s.toFixed(1)} s`);
    const report = (label: string, m: Measured, rows: number) =>
      line(
        label,
        `${ms(m.medianS * 1000)} ms median (best ${ms(m.bestS * 1000)} ms), ${int(rows / m.medianS)} rows/s, ` +
          `heap +${m.peakHeapMiB.toFixed(0)} MiB`,
      );
    report('fast reader (xlsx-rows)', fast, fast.result);
    report('readMemberFile (import rows)', members, members.result);
    report('baseline: ExcelJS streaming reader', baseline, baseline.result);
    line('speed-up over the baseline', `${(baseline.medianS / fast.medianS).toFixed(1)}×`);
    line(
      'same cell texts as ExcelJS',
      same ? `yes (${fastPrint.value})` : `NO: ${fastPrint.value} vs ${baselinePrint.value}`,
    );
    const rowsPerS = count / fast.medianS;
    line(
      'xlsx_rows_per_s',
      `${int(rowsPerS)} rows/s against ≥ ${int(TARGET_ROWS_PER_S)} rows/s: ${rowsPerS >= TARGET_ROWS_PER_S ? 'PASS' : 'FAIL'}`,
    );
    const suffix = shared ? '_shared' : '';
    figures[`xlsx_rows_per_s${suffix}`] = Math.round(rowsPerS);
    figures[`member_file_rows_per_s${suffix}`] = Math.round(count / members.medianS);
    figures[`exceljs_rows_per_s${suffix}`] = Math.round(count / baseline.medianS);
    if (!same) process.exitCode = 1;
  }

  console.log('');
  console.log(JSON.stringify({ bench: 'xlsx-read', db: 'none', figures }));
}
