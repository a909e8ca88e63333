/**
 * The lint keeps the house plan: an import that points up (a lower feature reaching a higher one), sideways (into
 * another feature's insides), or across a layer (SQL outside a store, a store from a route, a feature from platform/)
 * fails, with a message that says what to use instead; the imports the plan allows pass.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the lint configuration, without types
import { layering } from '../eslint-layering.mjs';

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    { languageOptions: { parser: tseslint.parser as never } },
    ...(layering as () => object[])(),
  ],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.map((m) => m.message);
}

const cases: [string, string, string, RegExp | null][] = [
  // [file, import, why, expected message or null when allowed]
  [
    'src/features/organisation/services/restructure.ts',
    "import { x } from '../../members/service';",
    'up',
    /lies below members/,
  ],
  [
    'src/features/access/services/users.ts',
    "import { x } from '../../organisation/service';",
    'up',
    /lies below/,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import { x } from '../../organisation/store';",
    'sideways',
    /through its service\.ts/,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import { x } from '../../organisation/services/restructure';",
    'sideways',
    /through its service\.ts/,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import { x } from '../../organisation/service';",
    'down, public',
    null,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import { x } from '../../access/model';",
    'down, public',
    null,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import { sql } from 'drizzle-orm';",
    'SQL in a service',
    /stores/,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import type { SQL } from 'drizzle-orm';",
    'a type only',
    null,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import { queryRows } from '../../../platform/db';",
    'SQL in a service',
    /stores/,
  ],
  [
    'src/features/members/services/get-member.ts',
    "import * as s from '../list-store';",
    'a service calls a store',
    null,
  ],
  [
    'src/features/members/import-jobs.ts',
    "import { members } from './tables';",
    'tables outside a store',
    /stores only/,
  ],
  [
    'src/features/members/routes.ts',
    "import * as s from './list-store';",
    'a store from a route',
    /Only services call stores/,
  ],
  [
    'src/features/members/exchange-routes.ts',
    "import * as s from './store';",
    'a store from a route',
    /Only services call stores/,
  ],
  [
    'src/features/members/list-store.ts',
    "import { x } from './services/get-member';",
    'a use-case from a store',
    /calls no use-case/,
  ],
  [
    'src/features/members/model.ts',
    "import { x } from '../../platform/db';",
    'I/O in the model',
    /hold no I\/O/,
  ],
  [
    'src/features/members/errors.ts',
    "import { AppError } from '../../platform/errors';",
    'typed errors',
    null,
  ],
  [
    'src/platform/http.ts',
    "import { x } from '../features/access/model';",
    'platform importing a feature',
    /imports none/,
  ],
  [
    'src/cli/members.ts',
    "import * as s from '../features/access/store';",
    'the CLI past the services',
    /Only services call stores/,
  ],
  ['src/demo/index.ts', "import { sql } from 'drizzle-orm';", 'the demo writing SQL', /stores/],
  ['src/lib/text.ts', "import { readFileSync } from 'node:fs';", 'I/O in lib', /lib\/ is pure/],
];

describe('the lint keeps the house plan', () => {
  it.each(cases)('%s: %s (%s)', async (file, code, _why, expected) => {
    const found = await problems(file, `${code}\nexport const y = 1;\n`);
    if (expected === null) expect(found).toEqual([]);
    else
      expect(
        found.some((m) => expected.test(m)),
        found.join(' | ') || 'no problem found',
      ).toBe(true);
  });
});
