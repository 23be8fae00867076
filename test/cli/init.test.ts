/** `crossline init`: a starter file that validates, never overwritten without --force. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPO, runCli, tempDir } from './run-cli.js';

const tmp = tempDir();
const fresh = (): string => mkdtempSync(join(tmp.dir, 'init-'));

/** The schema path of the yaml-language-server line, resolved against the file's folder. */
function schemaOf(file: string): string {
  const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
  const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
  assert.ok(m, `first line is the yaml-language-server line: ${first}`);
  return resolve(dirname(file), m[1]);
}

void describe('crossline init', { concurrency: 4 }, () => {
  void test('writes crossline.yml that validates, with the schema line for editors', async () => {
    const dir = fresh();
    const run = await runCli(['init', '--yes', '--placeholder-ids'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /crossline\.yml written\. Next: crossline validate -c crossline\.yml/);
    const file = join(dir, 'crossline.yml');
    assert.equal(schemaOf(file), join(REPO, 'schema/crossline.schema.json'));
    const text = readFileSync(file, 'utf8');
    assert.match(
      text,
      /^execution: .*\n {2}policies: \[arn:aws:iam::aws:policy\/PowerUserAccess\]/m,
    );
    assert.ok(text.split('\n').filter((l) => /#\s\S/.test(l)).length >= 10, 'commented');
    const check = await runCli(['validate'], { cwd: dir });
    assert.equal(check.status, 0, check.stderr);
  });

  void test('the schema line resolves from a nested folder too', async () => {
    const dir = fresh();
    const run = await runCli(
      ['init', '--yes', '--placeholder-ids', '-c', 'infra/pipelines/app.yml'],
      { cwd: dir },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      schemaOf(join(dir, 'infra/pipelines/app.yml')),
      join(REPO, 'schema/crossline.schema.json'),
    );
  });

  void test('never overwrites an existing file without --force', async () => {
    const dir = fresh();
    const file = join(dir, 'crossline.yml');
    writeFileSync(file, 'mine\n');
    const refused = await runCli(['init', '--yes', '--placeholder-ids'], { cwd: dir });
    assert.equal(refused.status, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /crossline\.yml already exists; not overwriting it/);
    assert.match(refused.stderr, /hint: pass --force/);
    assert.equal(readFileSync(file, 'utf8'), 'mine\n');

    const forced = await runCli(['init', '--yes', '--placeholder-ids', '--force'], { cwd: dir });
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(readFileSync(file, 'utf8'), /^version: 1$/m);
  });

  void test('flags fill the file, and the resolved pipeline has them', async () => {
    const dir = fresh();
    const flags = [
      ['--name', 'shop'],
      ['--region', 'eu-central-1'],
      ['--tools', '123456789012'],
      ['--source', '210987654321'],
      ['--staging', '555555555555'],
      ['--prod', '666666666666'],
      ['--repository', 'shop-infra'],
      ['--branch', 'release'],
    ].flat();
    const run = await runCli(['init', ...flags], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const check = await runCli(['validate', '--json'], { cwd: dir });
    assert.equal(check.status, 0, check.stderr);
    const { pipeline: p } = JSON.parse(check.stdout) as {
      pipeline: {
        name: string;
        region: string;
        tools: { id: string };
        source: { account: { id: string }; repository: string; branch: string };
        stages: { targets: { account: { id: string }; stack: string }[] }[];
      };
    };
    assert.equal(p.name, 'shop');
    assert.equal(p.region, 'eu-central-1');
    assert.equal(p.tools.id, '123456789012');
    assert.equal(p.source.account.id, '210987654321');
    assert.equal(p.source.repository, 'shop-infra');
    assert.equal(p.source.branch, 'release');
    assert.deepEqual(
      p.stages.map((s) => `${s.targets[0].account.id}/${s.targets[0].stack}`),
      ['555555555555/shop-staging', '666666666666/shop-prod'],
    );
  });

  void test('the policy ARN is in the partition of the region', async () => {
    for (const [region, partition] of [
      ['cn-north-1', 'aws-cn'],
      ['us-gov-west-1', 'aws-us-gov'],
    ] as const) {
      const dir = fresh();
      const run = await runCli(['init', '--region', region, '--placeholder-ids'], { cwd: dir });
      assert.equal(run.status, 0, run.stderr);
      const text = readFileSync(join(dir, 'crossline.yml'), 'utf8');
      assert.match(
        text,
        new RegExp(`policies: \\[arn:${partition}:iam::aws:policy/PowerUserAccess\\]`),
      );
      assert.doesNotMatch(text, /arn:aws:/);
      assert.equal((await runCli(['validate'], { cwd: dir })).status, 0);
    }
  });

  void test('bad flag values are reported against the flag; nothing is written', async () => {
    const dir = fresh();
    const run = await runCli(['init', '--tools', '12345678901', '--region', 'us-est-1'], {
      cwd: dir,
    });
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /--tools: .*'12345678901' is not a 12-digit account id \(it has 11 digits\)/,
    );
    assert.match(run.stderr, /--region: 'us-est-1' is not an AWS region.*did you mean 'us-east-1'/);
    assert.equal(existsSync(join(dir, 'crossline.yml')), false);
  });

  void test('without a terminal it never writes placeholder ids silently: it names the missing flags', async () => {
    for (const args of [['init'], ['init', '--yes'], ['init', '--tools', '123456789012']]) {
      const dir = fresh();
      const run = await runCli(args, { cwd: dir });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /no terminal to ask: pass .*--staging ID, --prod ID/);
      assert.match(run.stderr, /--source ID/);
      assert.equal(/--tools ID/.test(run.stderr), args.length === 1 || args[1] === '--yes');
      assert.match(run.stderr, /hint: or pass --placeholder-ids/);
      assert.equal(existsSync(join(dir, 'crossline.yml')), false, args.join(' '));
    }
  });

  void test('an error names the flag once, not the config field again', async () => {
    const dir = fresh();
    const run = await runCli(['init', '--placeholder-ids', '--tools', '123'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^ {2}--tools: '123' is not a 12-digit account id/m);
    assert.doesNotMatch(run.stderr, /account 'tools'/);
  });

  void test('--name and --branch errors name the flag only; what the name breaks is not listed', async () => {
    const dir = fresh();
    const run = await runCli(
      ['init', '--placeholder-ids', '--name', 'Bad_Name', '--branch', 'a..b'],
      { cwd: dir },
    );
    assert.equal(run.status, 2);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('  --') || /^ {2}\w/.test(l));
    assert.match(run.stderr, /^ {2}--name: the name is 1-32 of lower-case letters/m);
    assert.match(run.stderr, /^ {2}--branch: not a valid git branch name/m);
    // The stack names derived from --name are the same mistake, not two more problems.
    assert.doesNotMatch(run.stderr, /stages\[|--name: name:|--branch: source\.branch:/);
    assert.equal(lines.length, 3, run.stderr); // two flags and the hint
  });
});

after(tmp.cleanup);
