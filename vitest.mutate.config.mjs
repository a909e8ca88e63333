// Vitest for mutation testing only (`npm run mutate`, stryker.config.mjs): the fast pure unit tests that cover the
// mutated files, no database and no global set-up. The full suite stays in vitest.config.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/lib/*.test.ts',
      'src/features/*/model.test.ts',
      'src/features/members/rules.test.ts',
    ],
    testTimeout: 10_000,
  },
});
