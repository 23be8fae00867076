/** CliContext in-process: colour rules on a terminal, and errors become exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { CliContext } from '../../src/cli/context.js';
import { ConfigInvalidError, CrosslineError } from '../../src/errors/index.js';

function terminal(): PassThrough & { isTTY: boolean; text: () => string } {
  const s = new PassThrough() as PassThrough & { isTTY: boolean; text: () => string };
  s.isTTY = true;
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  s.text = () => chunks.join('');
  return s;
}

void test('colour on a terminal, unless NO_COLOR is set (non-empty) or TERM=dumb', () => {
  const color = (env: NodeJS.ProcessEnv): boolean =>
    new CliContext(terminal(), terminal(), env).color;
  assert.equal(color({}), true);
  assert.equal(color({ NO_COLOR: '1' }), false);
  assert.equal(color({ NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.equal(color({ TERM: 'dumb' }), false);
  assert.equal(color({ NO_COLOR: '1', FORCE_COLOR: '1' }), false);
});

void test('no colour on a pipe unless FORCE_COLOR', () => {
  const pipe = new PassThrough();
  assert.equal(new CliContext(pipe, pipe, {}).color, false);
  assert.equal(new CliContext(pipe, pipe, { FORCE_COLOR: '1' }).color, true);
  assert.equal(new CliContext(pipe, pipe, { FORCE_COLOR: '0' }).color, false);
});

void test('config problems: location, message, hint; exit code 2', () => {
  const out = terminal();
  const err = terminal();
  const ctx = new CliContext(out, err, { NO_COLOR: '1' });
  ctx.fail(
    new ConfigInvalidError([
      {
        file: 'c.yml',
        line: 3,
        col: 9,
        message: "'x' is not an AWS region",
        hint: 'use us-east-1',
      },
      { file: 'c.yml', line: 7, col: 1, message: 'second' },
    ]),
    false,
  );
  assert.equal(ctx.exitCode, 2);
  assert.equal(
    err.text(),
    "c.yml:3:9: 'x' is not an AWS region\n  hint: use us-east-1\nc.yml:7:1: second\n2 problems; nothing was written\n",
  );
  assert.equal(out.text(), '');
});

void test('an unexpected error: no stack trace unless CROSSLINE_DEBUG, exit 70', () => {
  const err = terminal();
  const ctx = new CliContext(terminal(), err, { NO_COLOR: '1' });
  ctx.fail(new TypeError('boom'), false);
  assert.equal(ctx.exitCode, 70);
  assert.match(err.text(), /^internal error: boom\n/);
  assert.doesNotMatch(err.text(), /\n\s+at /);

  const debugErr = terminal();
  const debug = new CliContext(terminal(), debugErr, { NO_COLOR: '1', CROSSLINE_DEBUG: '1' });
  debug.fail(new TypeError('boom'), false);
  assert.match(debugErr.text(), /\n\s+at /);
});

void test('external errors exit 1, and the highest exit code wins', () => {
  const ctx = new CliContext(terminal(), terminal(), { NO_COLOR: '1' });
  ctx.fail(new CrosslineError('StackFailed', 'external', 'stack failed'), false);
  assert.equal(ctx.exitCode, 1);
  ctx.fail(new CrosslineError('UsageError', 'usage', 'bad flag'), false);
  assert.equal(ctx.exitCode, 2);
  ctx.setExitCode(0);
  assert.equal(ctx.exitCode, 2);
});

void test('--json errors: a machine-readable error on stdout too', () => {
  const out = terminal();
  const ctx = new CliContext(out, terminal(), { NO_COLOR: '1' });
  ctx.fail(new CrosslineError('FileExists', 'usage', 'exists', { hint: 'use --force' }), true);
  const parsed = JSON.parse(out.text()) as { error: { code: string; hint: string } };
  assert.equal(parsed.error.code, 'FileExists');
  assert.equal(parsed.error.hint, 'use --force');
});
