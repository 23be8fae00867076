import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { Toolkit } from '../../src/toolkit/index.js';
import { planReportFiles } from '../../src/toolkit/report.js';
import type { IoMessage } from '../../src/io/index.js';
import { realRun } from './real.js';
import { FOUR } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'crossline-report-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void test('crossline report writes the page and the Mermaid diagram', async () => {
  const out = join(dir, 'page.html');
  const mmd = join(dir, 'diagram.mmd');
  const run = await runCli(['report', '-c', FOUR, '-o', out, '--mermaid', mmd]);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), [out, mmd]);
  assert.match(run.stderr, /access checks pass/);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(
    html,
    /data-edge="assume-role" data-from="111111111111" data-to="444444444444" data-status="pass"/,
  );
  assert.doesNotMatch(html, /Verify has not run/);
  assert.match(readFileSync(mmd, 'utf8'), /^flowchart TB$/m);
});

void test('report -o a folder writes report.html in it, as plan -o does', async () => {
  const folder = mkdtempSync(join(dir, 'out-'));
  const run = await runCli(['report', '-c', FOUR, '-o', folder]);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), [join(folder, 'report.html')]);
  assert.match(readFileSync(join(folder, 'report.html'), 'utf8'), /^<!DOCTYPE html>/);
});

void test('crossline report fails with a config error, writing nothing', async () => {
  const out = join(dir, 'none.html');
  const run = await runCli(['report', '-c', join(dir, 'missing.yml'), '-o', out]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /config file not found/);
  assert.throws(() => readFileSync(out));
});

void test('the toolkit method and the plan hook give the same page as the report module', () => {
  const messages: IoMessage[] = [];
  const toolkit = new Toolkit({ ioHost: { notify: (m) => messages.push(m) } });
  const out = join(dir, 'toolkit.html');
  const run = toolkit.report(FOUR, { out });
  assert.ok(run.verify.ok);
  assert.ok(messages.some((m) => m.code === 'report.written'));
  const real = realRun(FOUR);
  const files = planReportFiles(real.pipeline, real.synth, real.verify);
  assert.equal(readFileSync(out, 'utf8'), files.get('report.html'));
  const unverified = planReportFiles(real.pipeline, real.synth);
  assert.match(unverified.get('report.html') ?? '', /Verify has not run/);
});
