// The house plan (ARCHITECTURE.md) as import restrictions, one rule set per kind of file. Used by eslint.config.mjs
// and proved by test/lint-plan.test.ts.

const TESTS = ['**/*.test.ts', '**/test-factories.ts'];

/** Features from the bottom up: a feature imports only features below it (access ← organisation ← members). */
const FEATURES = ['access', 'organisation', 'members', 'reporting'];

/** What a restriction says, with what to use instead. */
const ban = (regex, message, extra = {}) => ({ regex, message, ...extra });

const noSql = [
  ban(
    '^drizzle-orm',
    "SQL lives in the feature's stores (store.ts, *-store.ts): call a store function instead.",
    {
      allowTypeImports: true,
    },
  ),
  ban('(^|/)tables$', 'Tables are read and written by the stores only: call a store function instead.', {
    allowTypeImports: true,
  }),
];
const noSqlFromDb = {
  name: '../../platform/db',
  importNames: ['sql', 'queryRows', 'writeRows'],
  message: "SQL lives in the feature's stores: call a store function instead.",
};
const dbPaths = [
  '../platform/db',
  '../../platform/db',
  '../../../platform/db',
  '../src/platform/db',
  '../../src/platform/db',
];
const noSqlPaths = dbPaths.map((name) => ({ ...noSqlFromDb, name }));
const noStores = ban(
  '(^|/)(store|[\\w-]+-store)$',
  "Only services call stores: call the feature's service (service.ts or services/*) instead.",
);
const noRoutes = ban(
  '(^|/)([\\w-]+-)?routes$',
  'Routes are registered at the composition root (server.ts) only.',
);
const noServices = ban(
  '(^|/)(service|services/[\\w-]+)$',
  'A store answers one query and calls no use-case: let the service combine stores.',
);

/** Another feature is reached through its public face only, and only when it lies below. */
function crossFeature(own) {
  const below = FEATURES.slice(0, FEATURES.indexOf(own));
  const above = FEATURES.filter((f) => f !== own && !below.includes(f));
  const rules = [
    ban(
      `^(\\.\\./)+(${FEATURES.filter((f) => f !== own).join('|')})/(?!(service|model|contract|errors|tables)$)`,
      'Another feature is reached through its service.ts, model.ts or contract.ts, not its insides.',
    ),
  ];
  if (above.length)
    rules.push(
      ban(
        `^(\\.\\./)+(${above.join('|')})/`,
        `${own} lies below ${above.join(' and ')} and imports nothing from it: publish what happened through a handler registered at the composition root (server.ts), as the restructuring does.`,
      ),
    );
  return rules;
}

function restrict(files, patterns, paths = [], ignores = []) {
  return {
    files,
    ignores: [...TESTS, ...ignores],
    rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
  };
}

export function layering() {
  const blocks = [
    restrict(
      ['src/lib/**/*.ts'],
      [
        ban(
          '(/platform/|/features/|^node:|^fs$|^pg$)',
          'lib/ is pure: no I/O, no features. Move I/O into platform/ or a store.',
        ),
      ],
    ),
    restrict(
      ['src/platform/**/*.ts'],
      [
        ban(
          '/features/',
          'platform/ serves every feature and imports none: take a minimal type of your own (as http.ts RequestActor), and let the feature extend it.',
        ),
      ],
    ),
    restrict(['src/cli/**/*.ts', 'src/demo/**/*.ts'], [...noSql, noStores], noSqlPaths),
  ];
  for (const own of FEATURES) {
    const at = (globs) => globs.map((g) => `src/features/${own}/${g}`);
    const pure = at(['model.ts', '*-model.ts', 'contract.ts', '*-contract.ts', 'errors.ts']);
    const stores = at(['store.ts', '*-store.ts', 'stores/**/*.ts']);
    // access's scope.ts (the one scope API) and guard.ts (its HTTP adapter) are use-cases over its stores.
    const services = at([
      'service.ts',
      'services/**/*.ts',
      ...(own === 'access' ? ['scope.ts', 'guard.ts'] : []),
    ]);
    const routes = at(['routes.ts', '*-routes.ts']);
    const tables = at(['tables.ts']);
    const cross = crossFeature(own);
    blocks.push(
      restrict(pure, [
        ...cross,
        ban(
          '(/platform/(?!errors$)|(^|/)(store|[\\w-]+-store|service|services/[\\w-]+|tables)$|^drizzle-orm|^node:)',
          'model, contract and errors hold no I/O: SQL goes in a store, orchestration in a service.',
        ),
      ]),
      restrict(stores, [...cross, noServices, noRoutes]),
      restrict(services, [...cross, ...noSql, noRoutes], noSqlPaths),
      restrict(routes, [...cross, ...noSql, noStores], noSqlPaths),
      restrict(tables, [
        ban('(^|/)(service|services/|store|[\\w-]+-store|routes)', 'tables.ts declares tables only.'),
      ]),
      restrict(at(['**/*.ts']), [...cross, ...noSql, noStores], noSqlPaths, [
        ...pure,
        ...stores,
        ...services,
        ...routes,
        ...tables,
      ]),
    );
  }
  return blocks;
}
