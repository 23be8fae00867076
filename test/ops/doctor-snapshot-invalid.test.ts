/**
 * `doctor --snapshot FILE` with a corrupted or wrong-shaped file: a usage error (exit 2) that
 * names the file, the line and column, the field and what to do, never a crash or a wrong
 * analysis. Needs a build: `npm run build`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSnapshot } from '../../src/ops/index.js';
import { REPO, STACK_TRACE, runCli, tempDir, writeFile } from '../cli/run-cli.js';

const GOOD = join(REPO, 'test/ops/fixtures/snapshot-trust-wrong-account.json');
const PIPELINE_ROLE = 'arn:aws:iam::111111111111:role/app-tr-pipeline';

type Json = Record<string, unknown>;
const good = (): Json => JSON.parse(readFileSync(GOOD, 'utf8')) as Json;
const roles = (s: Json) => s.roles as Record<string, Json>;
const text = (s: Json): string => JSON.stringify(s, null, 2) + '\n';

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(body: string, needle: string, from = 0): number {
  const lines = body.split('\n');
  const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
  assert.ok(i >= 0, `${needle} is in the file`);
  return i + 1;
}

let tmp: { dir: string; cleanup: () => void };
before(() => {
  tmp = tempDir('crossline-snapshot-');
});
after(() => tmp.cleanup());

async function doctor(name: string, body: string) {
  const file = writeFile(tmp.dir, name, body);
  const run = await runCli(['doctor', '--snapshot', file, '--json'], { cwd: tmp.dir });
  assert.equal(run.status, 2, run.stderr);
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  assert.match(run.stderr, /is not a doctor snapshot/);
  assert.match(run.stderr, /--save FILE/, 'says how to write a good one');
  return { file, stderr: run.stderr };
}

void describe('doctor --snapshot with a bad file', () => {
  void it('the fixture itself is a snapshot', () => {
    assert.equal(parseSnapshot(good(), GOOD).pipeline.pipeline.name, 'app-tr');
  });

  void it('a wrong type deep in a role: the field, its line and column', async () => {
    const s = good();
    const inline = roles(s)[PIPELINE_ROLE].inline as Json[];
    assert.ok(inline.length > 0);
    inline[0].name = 42;
    const body = text(s);
    const { file, stderr } = await doctor('role-type.json', body);
    const line = lineOf(body, '"name": 42');
    assert.match(
      stderr,
      new RegExp(
        `${file}:${line}:\\d+: roles\\.${PIPELINE_ROLE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.inline\\[0\\]\\.name: .*string`,
      ),
    );
  });

  void it('a missing required field: the nearest field that is there', async () => {
    const s = good();
    const p = (s.pipeline as Json).pipeline as Json;
    delete p.stages;
    const body = text(s);
    const { file, stderr } = await doctor('no-stages.json', body);
    assert.match(
      stderr,
      new RegExp(
        `${file}:${lineOf(body, '"pipeline": {', lineOf(body, '"pipeline": {'))}:\\d+: pipeline\\.pipeline\\.stages: `,
      ),
    );
  });

  void it('another version: says which one this crossline reads', async () => {
    const body = text({ ...good(), version: 2 });
    const { file, stderr } = await doctor('v2.json', body);
    assert.match(
      stderr,
      new RegExp(`${file}:${lineOf(body, '"version": 2')}:\\d+: version: .*version 1`),
    );
  });

  void it('a truncated file: not JSON, with where it stops', async () => {
    const body = readFileSync(GOOD, 'utf8').slice(0, 400);
    const { file, stderr } = await doctor('truncated.json', body);
    assert.match(stderr, new RegExp(`${file}:\\d+:\\d+: not JSON`));
  });

  void it('another JSON file altogether', async () => {
    const { stderr } = await doctor(
      'package.json',
      readFileSync(join(REPO, 'package.json'), 'utf8'),
    );
    assert.match(stderr, /: kind: /);
  });

  void it('a missing file is a usage error too', async () => {
    const run = await runCli(['doctor', '--snapshot', join(tmp.dir, 'nope.json')], {
      cwd: tmp.dir,
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /cannot read .*nope\.json/);
  });
});
