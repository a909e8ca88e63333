/**
 * Runs every test suite: unit and integration tests on embedded PGlite; the same suite on PostgreSQL when
 * TEST_DATABASE_URL is set; browser tests in Chromium when /usr/bin/chromium exists. A skipped suite says so loudly.
 * The PostgreSQL and browser suites run at the same time (each leaves much of the machine idle: the one waits on the
 * database server, the other on the browser), their output kept and printed as each ends; TEST_SEQUENTIAL=1 runs
 * them one after the other. Ends with one line "N passed, N failed" over all suites.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { postgresAnswers } from './lib/postgres';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SEQUENTIAL = process.env.TEST_SEQUENTIAL === '1';
const results: {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
  seconds: number;
}[] = [];
mkdirSync('test-results', { recursive: true });

/** Runs one vitest suite; `quiet` keeps its output and prints it when the suite ends (another suite runs too). */
async function runVitest(
  suite: string,
  args: string[],
  env: Record<string, string> = {},
  quiet = false,
): Promise<void> {
  const report = `test-results/${suite}.json`;
  rmSync(report, { force: true });
  if (!quiet) console.log(`\n=== ${suite} ===`);
  else console.log(`\n=== ${suite}: started (its output follows when it ends) ===`);
  const started = Date.now();
  const run = spawn(
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env, ...(quiet && process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}) },
    },
  );
  let output = '';
  run.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  run.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => run.on('close', resolve));
  const seconds = Math.round((Date.now() - started) / 1000);
  if (quiet) {
    console.log(`\n=== ${suite} ===`);
    process.stdout.write(output);
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed = json.numPassedTests;
    failed = json.numFailedTests;
    skipped = json.numPendingTests + json.numTodoTests;
  }
  const ok = status === 0;
  if (!ok && failed === 0) failed = 1;
  results.push({ suite, passed, failed, skipped, ok, seconds });
}

function loud(message: string): void {
  console.log(`\n!!!!! ${message} !!!!!\n`);
}

const started = Date.now();
await runVitest('pglite', []);

/** The suites that may run together; each is told whether another runs beside it (its output then waits). */
const later: ((together: boolean) => Promise<void>)[] = [];
const url = process.env.TEST_DATABASE_URL;
if (!url) loud('SKIPPED: PostgreSQL integration suite (TEST_DATABASE_URL is not set)');
else if (!(await postgresAnswers(url))) {
  loud(`FAILED: TEST_DATABASE_URL is set but PostgreSQL does not answer at ${url}`);
  results.push({ suite: 'postgres', passed: 0, failed: 1, skipped: 0, ok: false, seconds: 0 });
} else
  later.push((together) =>
    runVitest(
      'postgres',
      [
        '--exclude',
        'test/cli.test.ts',
        '--exclude',
        'test/cli-members.test.ts',
        '--exclude',
        'test/serve.test.ts',
        // No database in these: once is enough.
        '--exclude',
        'src/platform/xlsx/limits.test.ts',
        '--exclude',
        'test/lint-plan.test.ts',
        '--exclude',
        'test/generated-artifacts.test.ts',
        '--exclude',
        'test/browser/**',
      ],
      { TEST_DB: 'postgres' },
      together,
    ),
  );

if (!existsSync(CHROMIUM))
  loud(`SKIPPED: browser tests (no Chromium at ${CHROMIUM}; apt-get install -y chromium fonts-liberation2)`);
else
  later.push((together) => runVitest('browser', ['--config', 'test/browser/vitest.config.ts'], {}, together));

if (SEQUENTIAL || later.length < 2) for (const run of later) await run(false);
else await Promise.all(later.map((run) => run(true)));

console.log('\n=== summary ===');
for (const r of results)
  console.log(
    `${r.suite.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds} s)`,
  );
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
