/** FdOutput: standard output written on its descriptor, with the cases a pipe brings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { FdOutput, writableOf } from '../../src/cli/output.js';

const noStream = (): NodeJS.WritableStream => assert.fail('the Node stream was not needed');

/** The descriptor of the parent's end of a child's stdin (libuv sets it non-blocking). */
function stdinFd(child: ChildProcessWithoutNullStreams): number {
  const fd = (child.stdin as unknown as { _handle?: { fd?: number } })._handle?.fd;
  assert.ok(typeof fd === 'number' && fd > 2, 'a pipe descriptor');
  return fd;
}

void test('a file: every write lands, in order, without building a Node stream', () => {
  const file = join(mkdtempSync(join(os.tmpdir(), 'crossline-output-')), 'out.txt');
  const fd = openSync(file, 'w');
  try {
    const out = new FdOutput(fd, noStream, () => assert.fail('not closed'));
    for (let i = 0; i < 1000; i++) out.write(`line ${i} ✔\n`);
    assert.equal(out.isTTY, false);
  } finally {
    closeSync(fd);
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.equal(lines[999], 'line 999 ✔');
  assert.equal(lines.length, 1001);
});

void test('a non-blocking pipe that is full (EAGAIN): the rest goes through the Node stream, in order', async () => {
  // The child reads nothing for 300 ms, then counts what arrives.
  const child = spawn(process.execPath, [
    '-e',
    `setTimeout(() => { let n = 0, tail = ''; process.stdin.on('data', (c) => { n += c.length; tail = (tail + c).slice(-8); });
       process.stdin.on('end', () => process.stdout.write(n + ' ' + JSON.stringify(tail))); }, 300)`,
  ]);
  const out = new FdOutput(
    stdinFd(child),
    () => child.stdin,
    () => assert.fail('not closed'),
  );
  const chunk = 'x'.repeat(1023) + '\n';
  for (let i = 0; i < 1024; i++) out.write(chunk); // 1 MiB: far more than a pipe buffer holds
  out.write('the end\n');
  assert.equal(writableOf(out), child.stdin, 'fell back to the stream');
  child.stdin.end();
  let said = '';
  child.stdout.on('data', (c: Buffer) => (said += c.toString()));
  await new Promise((resolve) => child.on('close', resolve));
  assert.equal(said, `${1024 * 1024 + 8} ${JSON.stringify('the end\n')}`);
});

void test('a reader that went away (EPIPE): onClosed, once, and the write reports it', async () => {
  // The child closes its end of the pipe, says so, and waits to be killed.
  const child = spawn(process.execPath, [
    '-e',
    "require('fs').closeSync(0); process.stdout.write('closed'); setInterval(() => {}, 1000)",
  ]);
  await new Promise((resolve) => child.stdout.once('data', resolve));
  let closed = 0;
  const out = new FdOutput(stdinFd(child), noStream, () => (closed += 1));
  assert.equal(out.write('nobody reads this\n'), false);
  assert.equal(closed, 1);
  child.kill();
  await new Promise((resolve) => child.on('close', resolve));
});
