// Type-aware lint that also enforces the house plan's layering (ARCHITECTURE.md).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'data/',
      'migrations/',
      'node_modules/',
      'test-results/',
      'bin/',
      '*.mjs',
      'reports/',
      '.stryker-tmp/',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/platform/**', '**/features/**', 'node:*', 'fs', 'pg'],
              message: 'lib/ is pure: no I/O, no features. Move I/O into platform/ or a store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['src/platform/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/features/**'],
              message:
                'platform/ serves every feature and imports none: take a minimal type of your own (as http.ts RequestActor), and let the feature extend it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/*/model.ts', 'src/features/*/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/platform/**', '**/store', '**/service', 'drizzle-orm', 'drizzle-orm/*'],
              message:
                'model.ts and contract.ts hold no I/O: put SQL in store.ts and orchestration in service.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/*/routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store', 'drizzle-orm', 'drizzle-orm/*', '**/tables'],
              message: 'Routes call one service function; SQL lives in store.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/service', '**/store', '**/tables', '**/platform/**'],
              message: 'The web app imports only contract.ts, model.ts and lib/ from the server.',
            },
          ],
        },
      ],
    },
  },
);
