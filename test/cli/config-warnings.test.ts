/**
 * Config warnings (`LoadedConfig.warnings`: located problems that do not stop the run) are
 * printed by every command that reads the config, on stderr, with file:line:col, once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO, runCli, tempDir, writeFile } from './run-cli.js';

const tmp = tempDir();
after(tmp.cleanup);

/** The 4-account example packaging a template that no target deploys (line 18). */
const config = writeFile(
  tmp.dir,
  'crossline.yml',
  readFileSync(join(REPO, 'examples/four-accounts.yml'), 'utf8').replace(
    '  artifacts: [template.yaml]',
    '  package: [template.yaml, extra.yaml]',
  ),
);
const WARNING =
  /^warning: crossline\.yml:18:28: build\.package lists 'extra\.yaml', which no target deploys: the build packages it for nothing\n {2}hint: deploy it from a target \(template: extra\.yaml\) or remove it from build\.package$/m;

const count = (text: string): number => text.split('build.package lists').length - 1;

void describe('config warnings on the CLI', { concurrency: 3 }, () => {
  for (const args of [
    ['validate'],
    ['validate', '--json'],
    ['synth', '-o', 'out-synth'],
    ['plan', '-o', 'out-plan'],
    ['verify'],
  ]) {
    void test(`${args.join(' ')}: the warning on stderr, located, once; the run succeeds`, async () => {
      const run = await runCli([...args, '-c', 'crossline.yml'], { cwd: tmp.dir });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, WARNING);
      assert.equal(count(run.stderr), 1, run.stderr);
      assert.equal(count(run.stdout), 0, 'stdout stays for results');
    });
  }

  void test('deploy: the warning once (it reads the config twice), before it needs AWS', async () => {
    const run = await runCli(['deploy', '-c', 'crossline.yml', '--yes', '-o', 'out-deploy'], {
      cwd: tmp.dir,
      // No credentials: the run stops at the profile, after loading the config.
      env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(tmp.dir, 'none') },
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, WARNING);
    assert.equal(count(run.stderr), 1, run.stderr);
  });

  void test('the example without the extra template: no warning', async () => {
    assert.ok(config.endsWith('crossline.yml'));
    const clean = await runCli(['validate', '-c', 'examples/four-accounts.yml']);
    assert.equal(clean.status, 0);
    assert.equal(clean.stderr, '');
  });
});
