/**
 * Every bad input of the config contract, each through the real CLI (`crossline validate -c bad.yml`):
 * exit code 2, nothing on stdout, and on stderr `bad.yml:LINE:COL: message` plus a hint.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STACK_TRACE, runCli, tempDir, writeFile, type CliRun } from '../cli/run-cli.js';
import { BASE, withReplaced } from './base-config.js';

const tmp = tempDir();
after(tmp.cleanup);

interface Expected {
  /** `LINE:COL` of the problem. */
  readonly at: string;
  readonly message: RegExp;
  readonly hint: RegExp;
}

/** Each call in its own directory: the tests run concurrently. */
async function validate(text: string, name = 'bad.yml'): Promise<CliRun> {
  const dir = mkdtempSync(join(tmp.dir, 'case-'));
  writeFile(dir, name, text);
  return runCli(['validate', '-c', name], { cwd: dir });
}

/** Asserts a failed validation that reports exactly `expected`, in order. */
function assertProblems(run: CliRun, expected: readonly Expected[], file = 'bad.yml'): void {
  assert.equal(run.status, 2, `exit code; stderr:\n${run.stderr}`);
  assert.equal(run.stdout, '', 'nothing on stdout when the config is invalid');
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  const heads = run.stderr.split('\n').filter((l) => l.startsWith(`${file}:`));
  assert.equal(heads.length, expected.length, `problems reported:\n${run.stderr}`);
  expected.forEach((e, i) => {
    const head = heads[i];
    assert.ok(head.startsWith(`${file}:${e.at}: `), `location of '${head}', expected ${e.at}`);
    assert.match(head, e.message);
    const lines = run.stderr.split('\n');
    const hint = lines[lines.indexOf(head) + 1] ?? '';
    assert.match(hint, /^ {2}hint: /, `a hint follows '${head}'`);
    assert.match(hint, e.hint);
  });
  const n = expected.length;
  assert.match(run.stderr, new RegExp(`^${n} problem${n === 1 ? '' : 's'}$`, 'm'));
}

void describe('crossline validate: bad input', { concurrency: 4 }, () => {
  void test('missing file: named, with a hint, exit 2', async () => {
    const run = await runCli(['validate', '-c', 'no-such-file.yml'], { cwd: tmp.dir });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: config file not found: no-such-file\.yml$/m);
    assert.match(run.stderr, /^ {2}hint: .*crossline init/m);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
  });

  void test('missing file: the default is crossline.yml', async () => {
    const empty = tempDir();
    try {
      const run = await runCli(['validate'], { cwd: empty.dir });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /config file not found: crossline\.yml/);
    } finally {
      empty.cleanup();
    }
  });

  void test('YAML syntax error: points at the unclosed bracket', async () => {
    const run = await validate(withReplaced('name: my-app', 'name: [my-app'));
    assertProblems(run, [
      {
        at: '2:7',
        message: /YAML syntax error: this '\[' is not closed/,
        hint: /close it with '\]'/,
      },
    ]);
  });

  void test('YAML syntax error: tab indentation', async () => {
    const run = await validate(withReplaced('  branch: main', '\tbranch: main'));
    assertProblems(run, [{ at: '12:1', message: /YAML syntax error: Tabs/, hint: /spaces/ }]);
  });

  void test('unquoted account id (a YAML number): says so and shows the quoted form', async () => {
    const run = await validate(withReplaced('staging: "333333333333"', 'staging: 333333333333'));
    assertProblems(run, [
      {
        at: '7:12',
        message: /account 'staging': the id 333333333333 is a YAML number, not a string/,
        hint: /quote it: "333333333333"/,
      },
    ]);
  });

  void test('unquoted account id with a leading zero keeps its digits in the hint', async () => {
    const run = await validate(withReplaced('staging: "333333333333"', 'staging: 033333333333'));
    assertProblems(run, [{ at: '7:12', message: /YAML number/, hint: /quote it: "033333333333"/ }]);
  });

  void test('11-digit account id: counts the digits', async () => {
    const run = await validate(withReplaced('prod: "444444444444"', 'prod: "44444444444"'));
    assertProblems(run, [
      {
        at: '8:9',
        message: /account 'prod': '44444444444' is not a 12-digit account id \(it has 11 digits\)/,
        hint: /exactly 12 digits/,
      },
    ]);
  });

  void test('unknown key at the top: did you mean', async () => {
    const run = await validate(withReplaced('region: us-east-1', 'regoin: us-east-1'));
    // The typo is the problem; "missing required key 'region'" would say it twice.
    assertProblems(run, [
      { at: '3:1', message: /unknown key 'regoin'$/, hint: /did you mean 'region'\?/ },
    ]);
  });

  void test('unknown key in a nested mapping: did you mean, pointing at the key', async () => {
    const run = await validate(withReplaced('  branch: main', '  brnach: main'));
    assertProblems(run, [
      { at: '12:3', message: /unknown key 'brnach' in source/, hint: /did you mean 'branch'\?/ },
    ]);
  });

  void test('unknown key with no close match lists the allowed keys', async () => {
    const run = await validate(withReplaced('  branch: main', '  branch: main\n  colour: blue'));
    assertProblems(run, [
      {
        at: '13:3',
        message: /unknown key 'colour' in source/,
        hint: /allowed keys here: provider, account, repository, branch, create$/,
      },
    ]);
  });

  void test('alias that does not exist: did you mean', async () => {
    const run = await validate(withReplaced('account: prod,', 'account: prd,'));
    assertProblems(run, [
      {
        at: '24:20',
        message: /target account 'prd' is not an alias under 'accounts'/,
        hint: /did you mean 'prod'\?/,
      },
    ]);
  });

  void test('alias that does not exist and is not close: lists the aliases', async () => {
    const run = await validate(withReplaced('  account: source', '  account: repo-owner'));
    assertProblems(run, [
      {
        at: '10:12',
        message: /source\.account 'repo-owner' is not an alias/,
        hint: /known aliases: tools, source, staging, prod/,
      },
    ]);
  });

  void test('duplicate stage name: names the first one', async () => {
    const run = await validate(withReplaced('  - name: prod', '  - name: staging'));
    assertProblems(run, [
      {
        at: '21:11',
        message: /duplicate stage name 'staging' \(also stages\[0\]\)/,
        hint: /unique/,
      },
    ]);
  });

  void test('invalid stack name: suggests a valid one', async () => {
    const run = await validate(withReplaced('stack: my-app-prod', 'stack: my_app.prod'));
    assertProblems(run, [
      {
        at: '24:33',
        message: /stages\[1\]\.targets\[0\]\.stack: a stack name starts with a letter/,
        hint: /e\.g\. my-app-prod/,
      },
    ]);
  });

  void test('targets without execution.policies: refuses to guess and explains', async () => {
    const run = await validate(
      withReplaced('execution:\n  policies: [arn:aws:iam::aws:policy/PowerUserAccess]\n', ''),
    );
    assertProblems(run, [
      {
        at: '1:1',
        message: /missing required key 'execution'/,
        hint: /does not guess .*execution: \{ policies: \[arn:aws:iam::aws:policy\/PowerUserAccess\] \}/,
      },
    ]);
  });

  void test('execution without policies, and an empty policy list', async () => {
    const noKey = await validate(
      withReplaced('  policies: [arn:aws:iam::aws:policy/PowerUserAccess]', '  {}'),
    );
    assert.equal(noKey.status, 2);
    const empty = await validate(
      withReplaced('[arn:aws:iam::aws:policy/PowerUserAccess]', '[]'),
      'empty.yml',
    );
    assertProblems(
      empty,
      [{ at: '26:13', message: /at least one managed policy/, hint: /does not guess/ }],
      'empty.yml',
    );
  });

  void test('the execution hint uses the partition of the region', async () => {
    const text = withReplaced(
      'region: us-east-1',
      'region: cn-north-1',
      withReplaced('[arn:aws:iam::aws:policy/PowerUserAccess]', '[]'),
    );
    const run = await validate(text);
    assertProblems(run, [
      {
        at: '26:13',
        message: /managed policy/,
        hint: /arn:aws-cn:iam::aws:policy\/PowerUserAccess/,
      },
    ]);
  });

  void test('empty branch', async () => {
    const run = await validate(withReplaced('branch: main', 'branch: ""'));
    assertProblems(run, [
      { at: '12:11', message: /source\.branch: the branch cannot be empty/, hint: /branch: main/ },
    ]);
  });

  void test('repository name ending in .git: shows the name without it', async () => {
    const run = await validate(withReplaced('repository: my-app', 'repository: my-app.git'));
    assertProblems(run, [
      {
        at: '11:15',
        message: /a CodeCommit repository name cannot end in \.git/,
        hint: /drop the suffix: repository: my-app$/,
      },
    ]);
  });

  void test('a region that is not a region: did you mean', async () => {
    const run = await validate(withReplaced('region: us-east-1', 'region: us-east-7'));
    assertProblems(run, [
      {
        at: '3:9',
        message: /'us-east-7' is not an AWS region/,
        hint: /did you mean 'us-east-1'\?/,
      },
    ]);
  });

  void test('a name too long for the bucket name: names the field to shorten', async () => {
    // 31 characters: my-very-long-application-name-x-artifacts-111111111111-us-east-1 is 64.
    const run = await validate(
      withReplaced('name: my-app', 'name: my-very-long-application-name-x'),
    );
    assertProblems(run, [
      {
        at: '2:7',
        message: /artifact bucket name '.+' would be 64 characters; S3 allows 63/,
        hint: /shorten 'name' by at least 1 character\b/,
      },
    ]);
  });

  void test('every problem at once, in file order', async () => {
    let text = withReplaced('region: us-east-1', 'region: us-east-7');
    text = withReplaced('staging: "333333333333"', 'staging: 333333333333', text);
    text = withReplaced('  branch: main', '  brnach: main', text);
    text = withReplaced('account: prod,', 'account: prd,', text);
    text = withReplaced('  - name: prod', '  - name: staging', text);
    const run = await validate(text);
    assertProblems(run, [
      { at: '3:9', message: /not an AWS region/, hint: /us-east-1/ },
      { at: '7:12', message: /YAML number/, hint: /quote it/ },
      { at: '12:3', message: /unknown key 'brnach'/, hint: /branch/ },
      { at: '21:11', message: /duplicate stage name/, hint: /unique/ },
      { at: '24:20', message: /'prd' is not an alias/, hint: /prod/ },
    ]);
  });

  void test('--json on an invalid config: the problems as data on stdout, exit 2', async () => {
    const dir = mkdtempSync(join(tmp.dir, 'json-'));
    writeFile(dir, 'json.yml', withReplaced('region: us-east-1', 'region: us-east-7'));
    const run = await runCli(['validate', '-c', 'json.yml', '--json'], { cwd: dir });
    assert.equal(run.status, 2);
    const out = JSON.parse(run.stdout) as {
      error: { code: string; details: { file: string; line: number; col: number; hint: string }[] };
    };
    assert.equal(out.error.code, 'ConfigInvalid');
    assert.deepEqual(
      out.error.details.map((p) => [p.file, p.line, p.col]),
      [['json.yml', 3, 9]],
    );
    assert.match(out.error.details[0].hint, /us-east-1/);
  });
});

void test('the base config of these tests is valid (so each failure above is the mutation)', async () => {
  const run = await validate(BASE, 'base.yml');
  assert.equal(run.status, 0, run.stderr);
});
