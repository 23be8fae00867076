/**
 * The style rules of eslint.config.js work: only src/model writes ARNs (src/iam, the pure
 * engine, parses its own), and no source file in src/ is over 400 lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { REPO } from '../cli/run-cli.js';

// The snippets are virtual files; the rules under test do not need types.
const eslint = new ESLint({
  cwd: REPO,
  overrideConfig: { files: ['src/**/*.ts'], ...tseslint.configs.disableTypeChecked },
});

async function ruleHits(path: string, code: string, rule: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO}/${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.line);
}

const ARN_RULE = 'arns/no-hand-written-arn';
const arnCode = [
  'export const p = (partition: string, account: string) =>',
  '  `arn:${partition}:iam::${account}:root`;',
  "export const fixed = 'arn:aws:iam::aws:policy/PowerUserAccess';",
  "export const prefix = 'arn:';",
  "export const fine = ['not arn:', `role/${'x'}`, 'ARN'];",
].join('\n');

void test('an ARN template or string outside src/model is an error, each one', async () => {
  assert.deepEqual(await ruleHits('src/verify/fixture.ts', arnCode, ARN_RULE), [2, 3, 4]);
  assert.deepEqual(await ruleHits('src/synth/policies/fixture.ts', arnCode, ARN_RULE), [2, 3, 4]);
});

void test('src/model writes ARNs; src/iam parses them on its own', async () => {
  assert.deepEqual(await ruleHits('src/model/fixture.ts', arnCode, ARN_RULE), []);
  assert.deepEqual(await ruleHits('src/iam/fixture.ts', arnCode, ARN_RULE), []);
});

void test('a source file over 400 lines is an error; 400 lines are fine', async () => {
  const lines = (n: number): string =>
    Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
  assert.deepEqual(await ruleHits('src/deploy/fixture.ts', lines(400), 'max-lines'), []);
  assert.equal((await ruleHits('src/deploy/fixture.ts', lines(401), 'max-lines')).length, 1);
});
