// Mutation testing (`npm run mutate`, not part of `npm test`): changes the pure rules one small mutant at a time
// and checks that a unit test fails for each. Reports in reports/mutation/ (git-ignored).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.mjs' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/lib/*.ts',
    '!src/lib/*.test.ts',
    'src/features/*/model.ts',
    'src/features/members/member-code.ts',
    // 'src/features/access/scope.ts', // the scope module, once its rewrite lands (and its tests in vitest.mutate.config.mjs)
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 10_000,
  ignorePatterns: ['data', 'dist', 'test-results', 'web', 'bench'],
};
