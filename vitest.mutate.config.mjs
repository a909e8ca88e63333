// Vitest for mutation testing only (`npm run mutate`, stryker.config.mjs): the fast pure unit tests that cover the
// mutated files, no database and no global set-up. The full suite stays in vitest.config.ts.
import { defineConfig } from 'vitest/config';

/**
 * A test file that cannot load counts as one failed test. A mutant of a module-level value can make the module
 * throw on import (an empty locale in `new Intl.Collator('')`); the file then collects no test, and Stryker's Vitest
 * runner (9.6.1, stryker-js#6150) would score that mutant as survived although every test of the file is lost.
 */
const unloadableFileFails = {
  onInit(vitest) {
    this.vitest = vitest;
  },
  onTestRunEnd() {
    const countTests = (suite) =>
      suite.tasks.reduce((n, t) => n + (t.type === 'suite' ? countTests(t) : t.type === 'test' ? 1 : 0), 0);
    for (const file of this.vitest.state.getFiles()) {
      if (file.result?.state !== 'fail' || countTests(file) > 0) continue;
      file.tasks.push({
        type: 'test',
        id: `${file.id}_load`,
        name: 'the test file loads',
        mode: 'run',
        file,
        suite: file,
        meta: {},
        result: { state: 'fail', errors: file.result.errors ?? [{ message: 'the test file did not load' }] },
      });
    }
  },
};

/**
 * The pure unit tests (stryker.config.mjs), or with MUTATE_DATABASE=1 the tests of the scope module, which need the
 * database (stryker.scope.config.mjs): kept apart, since Stryker runs every test file for each static mutant, and a
 * database test in the pure run made it twelve times longer.
 */
const databaseRun = process.env.MUTATE_DATABASE === '1';
const pureTests = [
  'src/lib/*.test.ts',
  'src/features/*/model.test.ts',
  'src/features/members/rules.test.ts',
  'src/features/members/search-parse.test.ts',
  'src/features/reporting/periods.test.ts',
  'src/features/reporting/formula.test.ts',
];
const databaseTests = ['src/features/access/scope.test.ts'];

export default defineConfig({
  test: {
    include: databaseRun ? databaseTests : pureTests,
    ...(databaseRun
      ? { globalSetup: ['test/support/global-setup.ts'], setupFiles: ['test/support/no-network.ts'] }
      : {}),
    testTimeout: 10_000,
    reporters: ['default', unloadableFileFails],
  },
});
