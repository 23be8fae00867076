/** --help, --version and usage errors: fast paths that must not load the toolkit. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli } from './run-cli.js';

void describe('crossline --help / --version / usage', { concurrency: 4 }, () => {
  void test('--help: usage and every command on stdout, exit 0', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Usage: crossline \[options\] \[command\]/);
    for (const command of ['init', 'validate']) {
      assert.match(run.stdout, new RegExp(`^ {2}${command}\\b`, 'm'), command);
    }
    assert.match(run.stdout, /Start with `crossline init`/);
  });

  void test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout.trim(), pkg.version);
  });

  void test('help for one command lists its options', async () => {
    const run = await runCli(['validate', '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /-c, --config <file>.*\(default: "crossline\.yml"\)/);
    assert.match(run.stdout, /--json/);
  });

  void test('no command: the usage on stderr, exit 2', async () => {
    const run = await runCli([]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^Usage: crossline/);
  });

  void test('a misspelt command: suggestion on stderr, exit 2', async () => {
    const run = await runCli(['validat']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /unknown command 'validat'/);
    assert.match(run.stderr, /Did you mean validate\?/);
  });

  void test('an unknown option: exit 2', async () => {
    const run = await runCli(['validate', '--nope']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown option '--nope'/);
  });

  void test('a reader that stops early (| head -1) ends the run quietly, no EPIPE trace', () => {
    const cli = `"${process.execPath}" bin/crossline.js`;
    for (const args of ['--help', 'verify -c examples/fifty-targets.yml --all']) {
      const run = spawnSync(
        'bash',
        ['-c', `${cli} ${args} | head -1 >/dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`],
        { cwd: REPO, encoding: 'utf8' },
      );
      assert.doesNotMatch(run.stderr, /EPIPE|Unhandled|at \S+ \(/, args);
      assert.match(run.stderr, /rc=0\n$/, `${args}: ${run.stderr}`);
    }
  });
});
