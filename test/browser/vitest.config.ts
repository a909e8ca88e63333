import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Browser journeys in Chromium against the real server; run after `npm run build`. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/browser/**/*.browser.test.ts'],
    // The run's migrated database template, copied by every file (helpers.ts).
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/no-network.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    // The files run one after the other in one process: the server code is imported once, Chromium started once.
    isolate: false,
  },
});
