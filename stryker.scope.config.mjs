// Mutation testing of the scope module (src/features/access/scope.ts), whose tests need the database: the second
// half of `npm run mutate`, with the Vitest config's database tests (MUTATE_DATABASE=1).
import base from './stryker.config.mjs';

process.env.MUTATE_DATABASE = '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ['src/features/access/scope.ts'],
  jsonReporter: { fileName: 'reports/mutation/scope.json' },
  concurrency: 2,
};
