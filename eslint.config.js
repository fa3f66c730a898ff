import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'bench/peers/node_modules/**',
      'coverage/**',
      'data/**',
      'apps/web/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['**/*.spec.ts', 'test/**', 'apps/cli/**', '**/*.bench.ts', 'bench/**'], rules: { 'no-console': 'off' } },
  {
    // no app imports another app: the API and the web app never import the CLI (shared code lives in libs/)
    files: ['apps/api/**', 'apps/web/**', 'libs/**', 'projections/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(apps/)?cli/src(/|$)',
              message: 'Nothing imports the CLI; put shared code in libs/ (e.g. @akkoord/exchange).',
            },
          ],
        },
      ],
    },
  },
  {
    // the CLI starts and reads the API through its public entry (apps/api/src/index.ts) only
    files: ['apps/cli/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)api/src/(?!index\\.js$)',
              message: 'Import the API only from its public entry, apps/api/src/index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // the answer shapes are types shared with the browser: they import nothing but each other
    files: ['libs/contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'libs/contracts imports nothing outside its own folder.' }] },
      ],
    },
  },
);
