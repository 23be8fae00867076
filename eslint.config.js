// ESLint: typed rules from STYLE.md, plus the layer rule of ARCHITECTURE.md:
// a module may import only from modules on a lower level (never upward, never sideways),
// and only src/aws imports the AWS SDK. The rule itself is in eslint/layers.js.
// Also: only src/model writes ARNs (eslint/arns.js), and no source file is over 400 lines.
// The import-cycle check needs the whole graph, so it is a test: test/architecture/cycles.test.ts.
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { arnsPlugin } from './eslint/arns.js';
import { layersPlugin } from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'crossline.out/**', 'test-artifacts/**', '.bench/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/imports': ['error', { srcDir: join(import.meta.dirname, 'src') }] },
  },
  {
    // Small files with one job (STYLE.md): a file over 400 lines is doing more than one.
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // ARNs are written by src/model/arns.ts only; src/iam parses any ARN on its own.
    files: ['src/**/*.ts'],
    ignores: ['src/model/**', 'src/iam/**'],
    plugins: { arns: arnsPlugin },
    rules: { 'arns/no-hand-written-arn': 'error' },
  },
  {
    // Only src/cli touches the process (STYLE.md 1): the library gets env and streams injected.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'only src/cli touches process; inject what you need' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['process', 'node:process'].map((name) => ({
            name,
            message: 'only src/cli touches process',
          })),
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'scripts/**', 'bench/**', 'test/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
