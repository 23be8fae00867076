/**
 * `crossline init` on a real terminal (a pseudo-terminal from util-linux `script`): it asks,
 * answers typed ahead are not lost, end of input keeps the defaults, Ctrl+C cancels.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir } from './run-cli.js';

const tmp = tempDir();
after(tmp.cleanup);
const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;

function skipWithoutScript(t: TestContext): boolean {
  if (hasScript) return false;
  console.error(`skipping "${t.name}": util-linux 'script' (a pseudo-terminal) is not installed`);
  t.skip('no script(1)');
  return true;
}

/**
 * Runs `crossline init -c FILE` on a pseudo-terminal. `steps` are [prompt text to wait for,
 * keys to type]. Resolves with the exit code and everything the terminal showed.
 */
function onTerminal(
  file: string,
  steps: [string, string][],
  env: Readonly<Record<string, string>> = {},
  flags: readonly string[] = [],
): Promise<{ status: number; screen: string }> {
  const extra = flags.map((f) => ` '${f}'`).join('');
  const command = `'${process.execPath}' '${BIN}' init -c '${file}'${extra}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TERM: 'xterm', ...env },
  });
  let screen = '';
  let next = 0;
  const type = (): void => {
    while (next < steps.length && screen.includes(steps[next][0])) {
      child.stdin.write(steps[next][1]);
      next++;
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    type();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, screen });
    });
  });
}

void test('asks each value; answers typed ahead are kept; empty keeps the default', async (t) => {
  if (skipWithoutScript(t)) return;
  const file = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const run = await onTerminal(file, [['pipeline name [', 'shop\neu-west-1\n\n\n\n\n\nrelease\n']]);
  assert.equal(run.status, 0, run.screen);
  for (const q of [
    'region [us-east-1]:',
    'tools (pipeline) account id [111111111111]:',
    'CodeCommit repository [shop]:',
    'branch [main]:',
  ])
    assert.ok(run.screen.includes(q), q);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^name: shop /m);
  assert.match(text, /^region: eu-west-1 /m);
  assert.match(text, /^ {2}tools: "111111111111"/m);
  assert.match(text, /^ {2}branch: release /m);
});

void test('AWS_REGION is the region default, shown in the question', async (t) => {
  if (skipWithoutScript(t)) return;
  const file = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const run = await onTerminal(
    file,
    [
      ['pipeline name [', 'shop\n'],
      ['region [eu-north-1]:', '\u0004'],
    ],
    {
      AWS_REGION: 'eu-north-1',
    },
    ['--placeholder-ids'],
  );
  assert.equal(run.status, 0, run.screen);
  assert.ok(run.screen.includes('region [eu-north-1]:'), run.screen);
  assert.match(readFileSync(file, 'utf8'), /^region: eu-north-1 /m);
});

void test('end of input (Ctrl+D) keeps the defaults for the rest', async (t) => {
  if (skipWithoutScript(t)) return;
  const file = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const ids = ['--tools', '111122223333', '--source', '222233334444'];
  const run = await onTerminal(
    file,
    [
      ['pipeline name [', 'shop\n'],
      ['region [', '\u0004'],
    ],
    {},
    [...ids, '--staging', '333344445555', '--prod', '444455556666'],
  );
  assert.equal(run.status, 0, run.screen);
  assert.match(readFileSync(file, 'utf8'), /^region: us-east-1 /m);
});

void test('end of input before the account ids: refused, naming them; nothing written', async (t) => {
  if (skipWithoutScript(t)) return;
  const file = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const run = await onTerminal(file, [
    ['pipeline name [', 'shop\n'],
    ['region [', '\u0004'],
  ]);
  assert.equal(run.status, 2, run.screen);
  assert.match(run.screen, /input ended before the account ids: pass --tools ID, --source ID/);
  assert.match(run.screen, /or pass --placeholder-ids/);
  assert.equal(existsSync(file), false, 'no placeholder ids written unseen');
  const tried = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const ok = await onTerminal(tried, [['pipeline name [', '\u0004']], {}, ['--placeholder-ids']);
  assert.equal(ok.status, 0, ok.screen);
  assert.match(readFileSync(tried, 'utf8'), /^ {2}tools: "111111111111"/m);
});

void test('Ctrl+C cancels: exit 2, nothing written', async (t) => {
  if (skipWithoutScript(t)) return;
  const file = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const run = await onTerminal(file, [
    ['pipeline name [', 'shop\n'],
    ['region [', '\u0003'],
  ]);
  assert.equal(run.status, 2, run.screen);
  assert.match(run.screen, /cancelled; nothing was written/);
  assert.equal(existsSync(file), false);
});

void test('a bad answer is explained and asked again; the good answer is kept', async (t) => {
  if (skipWithoutScript(t)) return;
  const file = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const run = await onTerminal(
    file,
    [
      ['pipeline name [', 'shop\nus-eest-1\n'],
      ['did you mean', 'eu-west-1\n123\n'],
      ['12-digit', '123456789012\n\u0004'],
    ],
    {},
    ['--placeholder-ids'],
  );
  assert.equal(run.status, 0, run.screen);
  assert.match(run.screen, /'us-eest-1' is not an AWS region/);
  assert.ok(run.screen.split('region [').length - 1 >= 2, `region asked again:\n${run.screen}`);
  assert.doesNotMatch(run.screen, /account 'tools'/, 'the question already names the field');
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^region: eu-west-1 /m);
  assert.match(text, /^ {2}tools: "123456789012"/m);
});

void test('partial flags on a terminal: the rest is asked, flags are not', async (t) => {
  if (skipWithoutScript(t)) return;
  const file = join(mkdtempSync(join(tmp.dir, 'tty-')), 'crossline.yml');
  const run = await onTerminal(file, [['region [', 'eu-west-1\n\u0004']], {}, [
    '--name',
    'shop',
    '--placeholder-ids',
  ]);
  assert.equal(run.status, 0, run.screen);
  assert.doesNotMatch(run.screen, /pipeline name \[/);
  assert.match(readFileSync(file, 'utf8'), /^name: shop /m);
  assert.match(readFileSync(file, 'utf8'), /^region: eu-west-1 /m);
});
