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
    replaceOutputDir(out, files);
    replaceOutputDir(out, new Map([['plan.json', '{"v":2}\n']]));
    assert.deepEqual(readdirSync(work), ['out']);
    assert.deepEqual(readdirSync(out), ['plan.json'], 'files of the first run are gone');
    assert.equal(readFileSync(join(out, 'plan.json'), 'utf8'), '{"v":2}\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
