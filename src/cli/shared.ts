/** What every command shares: configuration, the database, Vietnamese help and errors, progress bars. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { Help, InvalidArgumentError, type Command, type Option } from 'commander';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import type { DatabaseHandle } from '../platform/db';
import { AppError } from '../platform/errors';
import { formatNumber } from '../lib/numbers';
import { parseDate } from '../lib/dates';
import { openPreparedDatabase } from '../server';

/** A refusal meant for the person at the terminal: printed as is, exit code 1. */
export class CliFailure extends Error {}

export function describeDatabase(handle: DatabaseHandle): string {
  return handle.kind === 'pglite'
    ? `PGlite (nhúng), thư mục dữ liệu ${resolve(handle.where)}`
    : `PostgreSQL ${handle.where}`;
}

/** The database given to the commands run inside `withGivenDatabase` (the command line run in-process). */
const givenDatabase = new AsyncLocalStorage<DatabaseHandle>();

/**
 * Runs `work` (commands parsed in this process) on an open, prepared database instead of the configured one; the
 * commands leave it open. Lets a program embedding the command line, or a test, run many commands on one database.
 */
export function withGivenDatabase<T>(handle: DatabaseHandle, work: () => T): T {
  return givenDatabase.run(handle, work);
}

/**
 * The database a command works on: the given one (left open by `close`), or the configured one (DATABASE_URL,
 * CONGDOAN_DATA_DIR …), opened and migrated.
 */
export async function openCommandDatabase(config: Config): Promise<DatabaseHandle> {
  const given = givenDatabase.getStore();
  if (given) return { ...given, close: () => Promise.resolve() };
  return openPreparedDatabase(config);
}

/** Reads the configuration, opens and migrates the database, always closes it. */
export async function withDatabase<T>(
  work: (handle: DatabaseHandle, config: Config) => T | Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const handle = await openCommandDatabase(config);
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}

export function reportError(error: unknown): void {
  if (error instanceof ConfigError) {
    console.error('Lỗi: cấu hình không hợp lệ:');
    for (const problem of error.problems) console.error(`  • ${problem}`);
    console.error('Sửa các biến môi trường trên rồi chạy lại.');
  } else if (error instanceof AppError) {
    console.error(`Lỗi: ${error.message}`);
    for (const problem of error.problems) console.error(`  • ${problem.field} — ${problem.message}`);
  } else if (error instanceof CliFailure) {
    console.error(`Lỗi: ${error.message}`);
  } else {
    console.error(`Lỗi hệ thống: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  process.exitCode = 1;
}

/** Wraps a command's action: any failure is printed in Vietnamese and the process ends with exit code 1. */
export function action<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      reportError(error);
    }
  };
}

/** A progress bar on the terminal (nothing is drawn when the output is not a terminal). */
export function progressBar(label: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% · {value}/{total}`,
      formatValue: (value, _options, type) =>
        type === 'value' || type === 'total' ? formatNumber(value) : String(value),
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
}

/**
 * Text columns padded to their widest cell (names are NFC, one code point a letter); the columns listed in `right`
 * (figures) aligned right.
 */
export function table(header: string[], rows: string[][], right: readonly number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** An option value given as dd/mm/yyyy (or yyyy-mm-dd), as ISO. */
export function dateOption(value: string): string {
  const iso = parseDate(value);
  if (!iso) throw new InvalidArgumentError('Ngày phải có dạng dd/mm/yyyy, ví dụ 31/05/2025.');
  return iso;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('Cần một số nguyên không âm.');
  return n;
}

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tùy chọn chung:',
};

const vietnameseTerms = (text: string) =>
  text.replace(/\[options\]/g, '[tùy chọn]').replace(/\[command\]/g, '[lệnh]');

const ERRORS: [RegExp, string][] = [
  [/error: unknown option '(.+?)'/, "Lỗi: không có tùy chọn '$1'"],
  [/error: unknown command '(.+?)'/, "Lỗi: không có lệnh '$1'"],
  [/error: missing required argument '(.+?)'/, "Lỗi: thiếu tham số bắt buộc '$1'"],
  [/error: option '(.+?)' argument missing/, "Lỗi: tùy chọn '$1' cần một giá trị"],
  [/error: required option '(.+?)' not specified/, "Lỗi: thiếu tùy chọn bắt buộc '$1'"],
  [
    /error: option '(.+?)' argument '(.*?)' is invalid\./,
    "Lỗi: giá trị '$2' của tùy chọn '$1' không hợp lệ.",
  ],
  [/error: too many arguments.*/, 'Lỗi: thừa tham số.'],
  [/Allowed choices are (.+)\./, 'Chọn một trong: $1.'],
  [/\(Did you mean (.+)\?\)/, '(Có phải ý bạn là $1?)'],
  [/^error: /, 'Lỗi: '],
];

/** Commander's help and errors in Vietnamese; subcommands created with `.command()` inherit these settings. */
export function speakVietnamese(program: Command): Command {
  return program
    .helpOption('-h, --help', 'hiển thị trợ giúp')
    .helpCommand('help [lệnh]', 'hiển thị trợ giúp của một lệnh')
    .showHelpAfterError('(Thêm --help để xem cách dùng.)')
    .configureOutput({
      outputError: (text, write) => write(ERRORS.reduce((t, [pattern, vi]) => t.replace(pattern, vi), text)),
    })
    .configureHelp({
      styleTitle: (title) => TITLES[title] ?? title,
      commandUsage(this: Help, command) {
        return vietnameseTerms(Help.prototype.commandUsage.call(this, command));
      },
      subcommandTerm(this: Help, command) {
        return vietnameseTerms(Help.prototype.subcommandTerm.call(this, command));
      },
      optionDescription(option: Option) {
        const extra: string[] = [];
        if (option.argChoices) extra.push(`chọn: ${option.argChoices.join(', ')}`);
        if (option.defaultValue !== undefined) {
          extra.push(
            `mặc định: ${option.defaultValueDescription ?? String(option.defaultValue as string | number)}`,
          );
        }
        return extra.length ? `${option.description} (${extra.join('; ')})` : option.description;
      },
    });
}
