/**
 * Config problems a new user meets first, through the real CLI: templates the build does not
 * produce, booleans and policy names written the way people say them, a folder for -c.
 */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { produces } from '../../src/config/artifacts.js';
import { parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError, type Problem } from '../../src/errors/index.js';
import { runCli, tempDir, writeFile } from '../cli/run-cli.js';
import { withReplaced } from './base-config.js';

const tmp = tempDir();
after(tmp.cleanup);

function problemsOf(text: string): readonly Problem[] {
  try {
    parseConfig(text, 'c.yml');
  } catch (e) {
    if (e instanceof ConfigInvalidError) return e.problems;
    throw e;
  }
  return [];
}

/** BASE with both targets' templates and the artifacts list replaced. */
const withArtifacts = (artifacts: string, template: string): string =>
  withReplaced('artifacts: [template.yaml]', `artifacts: [${artifacts}]`)
    .split('template: template.yaml')
    .join(`template: ${template}`);

void describe('templates and build.artifacts', () => {
  void test('a template the build does not produce: located, with the closest artifact', async () => {
    const dir = mkdtempSync(join(tmp.dir, 'art-'));
    writeFile(dir, 'c.yml', withArtifacts('cfn/app.yaml, cfn/network.yaml', 'cfn/netwrk.yaml'));
    for (const command of ['validate', 'plan']) {
      const run = await runCli([command, '-c', 'c.yml'], { cwd: dir });
      assert.equal(run.status, 2, run.stderr);
      assert.match(
        run.stderr,
        /^c\.yml:24:56: the template 'cfn\/netwrk\.yaml' is not in the build output/m,
      );
      assert.match(run.stderr, /hint: did you mean 'cfn\/network\.yaml'\?/);
    }
  });

  void test('folders and globs of the buildspec produce what is under them', () => {
    for (const [artifacts, template] of [
      ['cfn', 'cfn/app.yaml'],
      ['cfn/', 'cfn/nested/app.yaml'],
      ['cfn/*', 'cfn/app.yaml'],
      ['"**/*"', 'deep/er/app.yaml'],
      ['"cfn/**/*"', 'cfn/a/b.yaml'],
      ['"cfn/*.yaml"', 'cfn/app.yaml'],
      ['./template.yaml', 'template.yaml'],
    ]) {
      assert.deepEqual(
        problemsOf(withArtifacts(artifacts, template)),
        [],
        `${artifacts} ${template}`,
      );
    }
    assert.equal(produces('cfn/*', 'cfn/a/b.yaml'), false);
    assert.equal(produces('cfn/*.yaml', 'cfn/app.json'), false);
    assert.equal(produces('cfn', 'cfnx/app.yaml'), false);
    assert.equal(problemsOf(withArtifacts('"cfn/*.json"', 'cfn/app.yaml')).length, 2);
  });

  void test('a template in build.package is in the output as its packaged form', () => {
    // The build writes infra/app.packaged.yaml into the output and the target deploys that
    // (src/synth/workloads/buildspec.ts): the template itself need not be an artifact.
    const text = withArtifacts('cfn/app.yaml', 'infra/app.yaml').replace(
      '  artifacts: [cfn/app.yaml]\n',
      '  artifacts: [cfn/app.yaml]\n  package: [infra/app.yaml]\n',
    );
    assert.deepEqual(problemsOf(text), []);
  });

  void test('a configuration file the build does not produce: located, with the closest artifact', () => {
    const text = withArtifacts('cfn/app.yaml, cfn/prod.json', 'cfn/app.yaml').replace(
      '{ account: prod, stack: my-app-prod, template: cfn/app.yaml }',
      '{ account: prod, stack: my-app-prod, template: cfn/app.yaml, configuration: cfn/prd.json }',
    );
    const problems = problemsOf(text);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].line, 24);
    assert.match(
      problems[0].message,
      /configuration file 'cfn\/prd\.json' is not in the build output/,
    );
    assert.match(problems[0].hint ?? '', /^did you mean 'cfn\/prod\.json'\?/);
  });

  void test('without build.artifacts every template is in the output', () => {
    const text = withReplaced('  artifacts: [template.yaml]\n', '');
    assert.deepEqual(
      problemsOf(withReplaced('template: template.yaml }', 'template: x.yaml }', text)),
      [],
    );
  });
});

void describe('hints for values written the way people say them', () => {
  const one = (text: string): Problem => {
    const problems = problemsOf(text);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    return problems[0];
  };

  void test('approval: yes please', () => {
    const p = one(withReplaced('approval: true', 'approval: yes please'));
    assert.match(p.hint ?? '', /^use true or false, e\.g\. approval: true/);
  });

  void test('a bare managed policy name: did you mean its ARN, in the partition', () => {
    const policy = '[arn:aws:iam::aws:policy/PowerUserAccess]';
    const p = one(withReplaced(policy, '[AdministratorAccess]'));
    assert.equal(p.hint, 'did you mean arn:aws:iam::aws:policy/AdministratorAccess?');
    const cn = one(
      withReplaced(
        'region: us-east-1',
        'region: cn-north-1',
        withReplaced(policy, '[ReadOnlyAccess]'),
      ),
    );
    assert.equal(cn.hint, 'did you mean arn:aws-cn:iam::aws:policy/ReadOnlyAccess?');
  });

  void test('the .git hint suggests a name that is valid', () => {
    for (const bad of ['"my repo.git"', 'app.git.git', '".git"']) {
      const problems = problemsOf(withReplaced('repository: my-app', `repository: ${bad}`));
      assert.ok(problems.length > 0, bad);
      for (const p of problems) {
        const suggested = /repository: (\S+)$/.exec(p.hint ?? '')?.[1];
        assert.ok(suggested, `${bad}: ${p.hint}`);
        const fixed = withReplaced('repository: my-app', `repository: ${suggested}`);
        assert.deepEqual(problemsOf(fixed), [], `${bad} -> ${suggested}`);
      }
    }
  });
});

void describe('the config file itself', () => {
  void test('-c a folder: a clear error, exit 2', async () => {
    const dir = mkdtempSync(join(tmp.dir, 'dir-'));
    mkdirSync(join(dir, 'infra'));
    const run = await runCli(['validate', '-c', 'infra'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^error: infra is a folder, not a config file$/m);
    assert.match(run.stderr, /hint: point -c at the YAML file, e\.g\. -c infra\/crossline\.yml/);
  });

  void test('validate says how many problems, not that nothing was written', async () => {
    const dir = mkdtempSync(join(tmp.dir, 'nw-'));
    writeFile(dir, 'c.yml', withReplaced('region: us-east-1', 'region: us-est-1'));
    const run = await runCli(['validate', '-c', 'c.yml'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^1 problem$/m);
    assert.doesNotMatch(run.stderr, /nothing was written/);
  });
});
