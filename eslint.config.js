// ESLint: typed rules from STYLE.md, plus the layer rule of ARCHITECTURE.md:
// a module may import only from modules on a lower level (never upward, never sideways).
import tseslint from 'typescript-eslint';

/** Level of each module under src/ (DESIGN.md §1). Same level = siblings = no imports. */
const LEVELS = {
  errors: 0,
  io: 0,
  model: 1,
  config: 2,
  synth: 3,
  iam: 3,
  aws: 3,
  verify: 4,
  deploy: 5,
  ops: 5,
  report: 5,
  toolkit: 6,
  cli: 7,
};

const layerRules = Object.entries(LEVELS).map(([module, level]) => {
  const forbidden = Object.entries(LEVELS)
    .filter(([other, otherLevel]) => other !== module && otherLevel >= level)
    .map(([other]) => other);
  const patterns = [];
  if (forbidden.length > 0) {
    patterns.push({
      group: forbidden.flatMap((m) => [`../${m}`, `../${m}/*`, `../../${m}`, `../../${m}/*`]),
      message: `layer rule: src/${module} (level ${level}) may import only lower levels; see ARCHITECTURE.md`,
    });
  }
  if (module !== 'aws') {
    patterns.push({
      group: ['@aws-sdk/*', '@smithy/*'],
      message: 'layer rule: only src/aws imports the AWS SDK',
    });
  }
  return {
    files: [`src/${module}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
});

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
  ...layerRules,
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
