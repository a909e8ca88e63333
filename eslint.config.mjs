// Type-aware lint that also enforces the house plan's layering (ARCHITECTURE.md).
import tseslint from 'typescript-eslint';
import { layering } from './eslint-layering.mjs';

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
  // The house plan (ARCHITECTURE.md), one rule set per kind of file. A file gets every restriction of its kind in one
  // list (ESLint replaces, not merges, a rule's options when two blocks match one file), so the kinds do not overlap.
  ...layering(),
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
