/** `crossline validate` on valid configs: the summary, --json, and what goes where. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './run-cli.js';

void describe('crossline validate', { concurrency: 4 }, () => {
  void test('the 4-account example: exit 0, a summary on stdout, nothing on stderr', async () => {
    const run = await runCli(['validate', '-c', 'examples/four-accounts.yml']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const out = run.stdout;
    assert.match(
      out,
      /^examples\/four-accounts\.yml: valid\. Pipeline 'my-app' in us-east-1 \(partition aws\)$/m,
    );
    assert.match(out, /^ {2}tools {8}111111111111 {2}tools$/m);
    const order = [...out.matchAll(/^ {2}(\w+) +\d{12} /gm)].map((m) => m[1]);
    assert.deepEqual(order, ['tools', 'source', 'staging', 'prod'], 'pipeline order');
    assert.match(out, /^ {2}source {7}222222222222 {2}source {2}profile client-admin$/m);
    assert.match(out, /^source {3}codecommit my-app@main in source$/m);
    assert.match(out, /^ {2}prod {2}1 target, manual approval first$/m);
    assert.match(out, /^ {4}staging {6}stack my-app-staging {2}template template\.yaml$/m);
    assert.match(
      out,
      /artifact bucket my-app-artifacts-111111111111-us-east-1 · 2 target accounts$/m,
    );
  });

  void test('the 50-target example: one screen, with counts for what is not shown', async () => {
    const run = await runCli(['validate', '-c', 'examples/fifty-targets.yml']);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.ok(lines.length <= 40, `${lines.length} lines`);
    assert.match(run.stdout, /… and 47 more accounts/);
    assert.match(run.stdout, /^ {2}prod {2}25 targets, manual approval first$/m);
    assert.match(run.stdout, /50 target accounts$/m);
  });

  void test('--json: the resolved pipeline and physical names on stdout, parseable', async () => {
    const run = await runCli(['validate', '-c', 'examples/four-accounts.yml', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const out = JSON.parse(run.stdout) as {
      file: string;
      pipeline: { name: string; partition: string; stages: { name: string; targets: unknown[] }[] };
      names: { bucket: string; deployRole: string };
    };
    assert.equal(out.file, 'examples/four-accounts.yml');
    assert.equal(out.pipeline.name, 'my-app');
    assert.equal(out.pipeline.partition, 'aws');
    assert.deepEqual(
      out.pipeline.stages.map((s) => [s.name, s.targets.length]),
      [
        ['staging', 1],
        ['prod', 1],
      ],
    );
    assert.equal(out.names.bucket, 'my-app-artifacts-111111111111-us-east-1');
    assert.equal(out.names.deployRole, 'my-app-deploy');
  });

  void test('-v: progress on stderr, the result still alone on stdout', async () => {
    const run = await runCli(['-v', 'validate', '-c', 'examples/four-accounts.yml']);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /reading examples\/four-accounts\.yml/);
    assert.doesNotMatch(run.stdout, /reading/);
    assert.match(run.stdout, /: valid\./);
  });

  void test('errors never colour a pipe; FORCE_COLOR does; NO_COLOR wins over it', async () => {
    const args = ['validate', '-c', 'examples/no-such-file.yml'];
    const plain = await runCli(args);
    const forced = await runCli(args, { env: { FORCE_COLOR: '1' } });
    const both = await runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    for (const run of [plain, forced, both]) assert.equal(run.status, 2);
    assert.doesNotMatch(plain.stderr, /\u001b\[/);
    assert.match(forced.stderr, /\u001b\[31merror:\u001b\[0m config file not found/);
    assert.doesNotMatch(both.stderr, /\u001b\[/);
    assert.match(both.stderr, /^error: config file not found/m);
  });
});
