import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/features/*/tables.ts', './src/platform/jobs/tables.ts', './src/platform/mail/tables.ts'],
  out: './migrations',
});
