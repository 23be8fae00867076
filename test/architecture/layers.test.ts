/**
 * The layer rule works: ESLint (Node API, the repository's own eslint.config.js) on small
 * virtual files placed in src/<module>/ reports imports that point up or sideways.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { REPO } from '../cli/run-cli.js';

// Type-aware parsing needs files that exist; these snippets do not, and the rules under test
// do not need types.
const eslint = new ESLint({
  cwd: REPO,
  overrideConfig: { files: ['src/**/*.ts'], ...tseslint.configs.disableTypeChecked },
});

/** Lints `code` as if it were the file `path` (relative to the repository). */
async function messages(
  path: string,
  code: string,
): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO}/${path}` });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

async function layerErrors(path: string, code: string): Promise<string[]> {
  return (await messages(path, code))
    .filter((m) => m.rule === 'layers/imports')
    .map((m) => m.message);
}

void test('upward: src/model importing src/synth is an error', async () => {
  const errors = await layerErrors(
    'src/model/fixture.ts',
    "import { synthesize } from '../synth/index.js';\nexport const x = synthesize;\n",
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0], /src\/model \(level 1\) may not import src\/synth \(level 3\)/);
});

void test('sideways: src/synth importing src/iam is an error (siblings)', async () => {
  const errors = await layerErrors(
    'src/synth/fixture.ts',
    "import { evaluate } from '../iam/index.js';\nexport const x = evaluate;\n",
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0], /src\/synth and src\/iam are siblings/);
});

void test('at any depth, and for type imports, re-exports and dynamic import()', async () => {
  const code = [
    "import type { Plan } from '../../../deploy/index.js';",
    "export { thing } from '../../../verify/index.js';",
    "export * from '../../../report/index.js';",
    "export const lazy = () => import('../../../toolkit/index.js');",
    'export type P = Plan;',
  ].join('\n');
  const errors = await layerErrors('src/synth/stacks/deep/fixture.ts', code);
  assert.equal(errors.length, 4, errors.join('\n'));
  for (const to of ['deploy', 'verify', 'report', 'toolkit']) {
    assert.ok(
      errors.some((e) => e.includes(`import src/${to} `)),
      to,
    );
  }
});

void test('downward imports and imports inside a module are fine', async () => {
  const code = [
    "import { arn } from '../model/index.js';",
    "import { CrosslineError } from '../errors/index.js';",
    "import { parseConfig } from '../config/index.js';",
    "import { helper } from './helper.js';",
    "import { deeper } from './stacks/deeper.js';",
    'export const all = [arn, CrosslineError, parseConfig, helper, deeper];',
  ].join('\n');
  assert.deepEqual(await layerErrors('src/synth/fixture.ts', code), []);
  assert.deepEqual(
    await layerErrors(
      'src/cli/fixture.ts',
      "export const t = () => import('../toolkit/index.js');\n",
    ),
    [],
  );
});

void test('only src/aws imports the AWS SDK, statically or lazily', async () => {
  const sdk = "import { S3Client } from '@aws-sdk/client-s3';\nexport const c = S3Client;\n";
  assert.deepEqual(await layerErrors('src/aws/fixture.ts', sdk), []);
  const [error] = await layerErrors('src/deploy/fixture.ts', sdk);
  assert.match(error, /only src\/aws imports the AWS SDK \(@aws-sdk\/client-s3\)/);
  const lazy = "export const c = () => import('@smithy/types');\n";
  assert.equal((await layerErrors('src/toolkit/fixture.ts', lazy)).length, 1);
});

void test('a new module under src/ must be given a level', async () => {
  const [error] = await layerErrors('src/newthing/fixture.ts', 'export const x = 1;\n');
  assert.match(error, /src\/newthing has no level/);
});

void test('outside src/cli, no console and no process', async () => {
  const code = 'export function f(): void {\n  console.log(process.env.HOME);\n}\n';
  const rules = (await messages('src/deploy/fixture.ts', code)).map((m) => m.rule).sort();
  assert.deepEqual(rules, ['no-console', 'no-restricted-globals']);
  assert.deepEqual(await messages('src/cli/fixture.ts', code), []);
});
