/** The output folder's replace and removal (src/toolkit/output-dir.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree, replaceOutputDir } from '../../src/toolkit/output-dir.js';

void test('removeTree removes nested folders and links, and never follows a link', () => {
  const work = mkdtempSync(join(tmpdir(), 'crossline-rmtree-'));
  try {
    const keep = join(work, 'keep');
    mkdirSync(keep);
    writeFileSync(join(keep, 'precious.txt'), 'mine');
    const gone = join(work, 'gone');
    mkdirSync(join(gone, 'a/b'), { recursive: true });
    writeFileSync(join(gone, 'a/b/deep.json'), '{}');
    writeFileSync(join(gone, 'top.json'), '{}');
    symlinkSync(keep, join(gone, 'a/link-to-folder'));
    symlinkSync(join(keep, 'precious.txt'), join(gone, 'link-to-file'));
    removeTree(gone);
    assert.equal(existsSync(gone), false);
    assert.equal(readFileSync(join(keep, 'precious.txt'), 'utf8'), 'mine', 'link targets stay');
    removeTree(gone); // already gone: not an error
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

void test('replaceOutputDir puts files in nested folders and leaves no temporary folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'crossline-outdir-'));
  try {
    const out = join(work, 'out');
    const files = new Map([
      ['plan.json', '{}\n'],
      ['templates/prod/a.template.json', '{"a":1}\n'],
      ['templates/tools/b.template.json', '{"b":2}\n'],
    ]);
    assert.equal(replaceOutputDir(out, files).written, true);
    assert.equal(replaceOutputDir(out, new Map([['plan.json', '{"v":2}\n']])).written, true);
    assert.deepEqual(readdirSync(work), ['out']);
    assert.deepEqual(readdirSync(out), ['plan.json'], 'files of the first run are gone');
    assert.equal(readFileSync(join(out, 'plan.json'), 'utf8'), '{"v":2}\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

void test('an output folder that already holds exactly the files is left untouched', () => {
  const work = mkdtempSync(join(tmpdir(), 'crossline-outdir-'));
  try {
    const out = join(work, 'out');
    const files = new Map([
      ['plan.json', '{"name":"café"}\n'],
      ['templates/prod/a.template.json', '{"a":1}\n'],
    ]);
    replaceOutputDir(out, files);
    const before = statSync(join(out, 'templates/prod/a.template.json'));
    const again = replaceOutputDir(out, files);
    assert.deepEqual(again, { path: out, written: false });
    const after = statSync(join(out, 'templates/prod/a.template.json'));
    assert.equal(after.ino, before.ino, 'same file, not a new one');
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.deepEqual(readdirSync(work), ['out']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

void test('any difference in the output folder makes it replaced as a whole', () => {
  const files = new Map([
    ['plan.json', '{}\n'],
    ['templates/prod/a.template.json', '{"a":1}\n'],
  ]);
  const cases: [string, (out: string) => void][] = [
    ['a file with other bytes', (out) => writeFileSync(join(out, 'plan.json'), '{ }\n')],
    ['a file of the same length', (out) => writeFileSync(join(out, 'plan.json'), '[]\n')],
    [
      'a nested file of the same length',
      (out) => writeFileSync(join(out, 'templates/prod/a.template.json'), '{"a":2}\n'),
    ],
    ['an extra file', (out) => writeFileSync(join(out, 'stale.json'), '{}')],
    ['an empty folder', (out) => mkdirSync(join(out, 'templates/gone'))],
    ['a missing file', (out) => rmSync(join(out, 'templates/prod/a.template.json'))],
    [
      'a link in place of a file',
      (out) => {
        const file = join(out, 'plan.json');
        writeFileSync(join(out, '..', 'elsewhere.json'), '{}\n');
        rmSync(file);
        symlinkSync(join(out, '..', 'elsewhere.json'), file);
      },
    ],
  ];
  for (const [what, change] of cases) {
    const work = mkdtempSync(join(tmpdir(), 'crossline-outdir-'));
    try {
      const out = join(work, 'out');
      replaceOutputDir(out, files);
      change(out);
      assert.equal(replaceOutputDir(out, files).written, true, what);
      assert.equal(readFileSync(join(out, 'plan.json'), 'utf8'), '{}\n', what);
      const template = join(out, 'templates/prod/a.template.json');
      assert.equal(readFileSync(template, 'utf8'), '{"a":1}\n', what);
      assert.deepEqual(readdirSync(out).sort(), ['plan.json', 'templates'], what);
      assert.deepEqual(readdirSync(join(out, 'templates')), ['prod'], what);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
});
