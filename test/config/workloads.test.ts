/**
 * The workload keys of the config: `build.package`, `images`, a target's `configuration`.
 * Bad input is located (file:line:col), has a hint, exits 2 and writes nothing.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError, type Problem } from '../../src/errors/index.js';
import { runCli, tempDir, writeFile } from '../cli/run-cli.js';
import { BASE, withReplaced } from './base-config.js';

const tmp = tempDir();
after(tmp.cleanup);

/** BASE with workloads: line 15 package, 16-18 images, 23 the staging target's configuration. */
const WORKLOADS = withReplaced(
  '  artifacts: [template.yaml]\nstages:\n',
  '  package: [template.yaml]\nimages:\n  - name: shop/api\n    tagImmutability: true\nstages:\n',
).replace(
  'parameters: { Env: staging } }',
  'parameters: { Env: staging }, configuration: config/staging.json }',
);

function problemsOf(text: string): readonly Problem[] {
  try {
    parseConfig(text, 'bad.yml');
  } catch (e) {
    if (e instanceof ConfigInvalidError) return e.problems;
    throw e;
  }
  assert.fail('the config was accepted');
}

void describe('workload keys', () => {
  void test('a config with every workload key loads into the model', () => {
    const { pipeline, warnings } = parseConfig(WORKLOADS, 'ok.yml');
    assert.deepEqual(pipeline.build.package, ['template.yaml']);
    assert.deepEqual(pipeline.images, [{ name: 'shop/api', tagImmutability: true }]);
    assert.equal(pipeline.stages[0].targets[0].configuration, 'config/staging.json');
    assert.equal(pipeline.stages[1].targets[0].configuration, undefined);
    assert.equal(warnings, undefined, 'the packaged template is deployed: no warning');
  });

  void test('the base config (no workload keys) has no workload fields', () => {
    const { pipeline } = parseConfig(BASE, 'ok.yml');
    assert.equal(pipeline.build.package, undefined);
    assert.equal(pipeline.images, undefined);
  });

  const cases: { name: string; text: string; at: string; message: RegExp }[] = [
    {
      name: 'an absolute package path',
      text: WORKLOADS.replace('package: [template.yaml]', 'package: [/abs/template.yaml]'),
      at: '15:13',
      message: /build\.package entry '\/abs\/template\.yaml' is an absolute path/,
    },
    {
      name: 'a package path that climbs out with ..',
      text: WORKLOADS.replace('package: [template.yaml]', 'package: [../template.yaml]'),
      at: '15:13',
      message: /climbs out of the build output/,
    },
    {
      name: 'an absolute configuration file',
      text: WORKLOADS.replace('config/staging.json', '/etc/staging.json'),
      at: '23:56',
      message: /the configuration file '\/etc\/staging\.json' is an absolute path/,
    },
    {
      name: 'a configuration file that climbs out',
      text: WORKLOADS.replace('config/staging.json', 'config/../../x.json'),
      at: '23:56',
      message: /climbs out/,
    },
    {
      name: 'an upper-case image name',
      text: WORKLOADS.replace('name: shop/api', 'name: Shop/API'),
      at: '17:11',
      message: /ECR refuses the repository name 'Shop\/API'.*API_CreateRepository/,
    },
    {
      name: 'an image name with !',
      text: WORKLOADS.replace('name: shop/api', 'name: shop/api!'),
      at: '17:11',
      message: /ECR refuses the repository name 'shop\/api!'/,
    },
    {
      name: 'the same repository twice',
      text: WORKLOADS.replace(
        '    tagImmutability: true\n',
        '    tagImmutability: true\n  - name: shop/api\n',
      ),
      at: '19:11',
      message: /the repository 'shop\/api' is listed twice \(also images\[0\]\)/,
    },
  ];
  for (const c of cases) {
    void test(`${c.name}: located error with a hint`, () => {
      const problems = problemsOf(c.text);
      assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
      assert.equal(`${problems[0].line}:${problems[0].col}`, c.at, problems[0].message);
      assert.match(problems[0].message, c.message);
      assert.ok((problems[0].hint ?? '').length > 0);
    });
  }

  void test('a configuration file outside build.artifacts is refused', () => {
    const text = BASE.replace(
      'parameters: { Env: staging } }',
      'parameters: { Env: staging }, configuration: staging.json }',
    );
    const problems = problemsOf(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /'staging\.json' is not in the build output/);
  });

  void test('a packaged template no target deploys is a located warning, not an error', () => {
    const text = WORKLOADS.replace(
      'package: [template.yaml]',
      'package: [template.yaml, other.yaml]',
    );
    const { warnings } = parseConfig(text, 'ok.yml');
    assert.ok(warnings !== undefined && warnings.length === 1, 'one warning');
    assert.equal(`${warnings[0].line}:${warnings[0].col}`, '15:28');
    assert.match(warnings[0].message, /'other\.yaml', which no target deploys/);
  });

  void test('through the CLI: exit 2, the location on stderr, nothing written', async () => {
    const dir = mkdtempSync(join(tmp.dir, 'case-'));
    writeFile(dir, 'bad.yml', WORKLOADS.replace('name: shop/api', 'name: Shop/API'));
    const run = await runCli(['plan', '-c', 'bad.yml', '-o', 'out'], { cwd: dir });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^bad\.yml:17:11: ECR refuses/m);
    assert.equal(existsSync(join(dir, 'out')), false, 'plan wrote nothing');
  });
});
