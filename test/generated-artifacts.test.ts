/** Generated artifacts are checked in; these tests fail when they drift from their source. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('migrations', () => {
  it('match the Drizzle tables (run `npm run db:generate` after changing a tables.ts)', () => {
    // drizzle-kit takes --out relative to the project, so the copy lives in the ignored test-results folder.
    const dir = `test-results/migrations-check-${process.pid}`;
    mkdirSync(dir, { recursive: true });
    try {
      cpSync('migrations', dir, { recursive: true });
      const before = readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort();
      // The project's own configuration (every tables.ts it names), writing into the copy.
      const config = `${dir}.config.ts`;
      writeFileSync(config, `import c from '../drizzle.config';\nexport default { ...c, out: '${dir}' };\n`);
      const run = spawnSync('npx', ['drizzle-kit', 'generate', '--config', config], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const after = readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort();
      expect(after).toEqual(before);
      expect(run.stdout).toMatch(/No schema changes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.config.ts`, { force: true });
    }
  });
});

describe('OpenAPI document', () => {
  it('matches the routes (run `npm run openapi` after changing a contract or route)', async () => {
    const { readFileSync } = await import('node:fs');
    const { buildOpenApiDocument } = await import('../scripts/openapi');
    expect(await buildOpenApiDocument()).toBe(readFileSync('openapi.json', 'utf8'));
  });
});
