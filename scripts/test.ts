/**
 * Runs every test suite: unit and integration tests on embedded PGlite; the same suite on PostgreSQL when
 * TEST_DATABASE_URL is set; browser tests in Chromium when /usr/bin/chromium exists. A skipped suite says so loudly.
 * Ends with one line "N passed, N failed" over all suites.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { postgresAnswers } from './lib/postgres';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const results: { suite: string; passed: number; failed: number; skipped: number; ok: boolean }[] = [];
mkdirSync('test-results', { recursive: true });

function runVitest(suite: string, args: string[], env: Record<string, string> = {}): void {
  const report = `test-results/${suite}.json`;
  console.log(`\n=== ${suite} ===`);
  const run = spawnSync(
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
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
  const ok = run.status === 0;
  if (!ok && failed === 0) failed = 1;
  results.push({ suite, passed, failed, skipped, ok });
}

function loud(message: string): void {
  console.log(`\n!!!!! ${message} !!!!!\n`);
}

runVitest('pglite', []);

const url = process.env.TEST_DATABASE_URL;
if (!url) loud('SKIPPED: PostgreSQL integration suite (TEST_DATABASE_URL is not set)');
else if (!(await postgresAnswers(url))) {
  loud(`FAILED: TEST_DATABASE_URL is set but PostgreSQL does not answer at ${url}`);
  results.push({ suite: 'postgres', passed: 0, failed: 1, skipped: 0, ok: false });
} else
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
    {
      TEST_DB: 'postgres',
    },
  );

if (!existsSync(CHROMIUM))
  loud(`SKIPPED: browser tests (no Chromium at ${CHROMIUM}; apt-get install -y chromium fonts-liberation2)`);
else runVitest('browser', ['--config', 'test/browser/vitest.config.ts']);

console.log('\n=== summary ===');
for (const r of results)
  console.log(
    `${r.suite.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`,
  );
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
