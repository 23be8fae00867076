/**
 * `verify --from` reads an output folder back through a schema: a corrupted folder is a usage
 * error (exit 2) naming the file and the JSON path at fault, never a crash or a silent pass.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO, runCli, tempDir, STACK_TRACE } from './run-cli.js';

const FOUR = join(REPO, 'examples/four-accounts.yml');

async function planned(dir: string): Promise<void> {
  const run = await runCli(['plan', '-c', FOUR, '-o', dir]);
  assert.equal(run.status, 0, run.stderr);
}

void test('--from a folder whose index names an unknown policy kind: file and JSON path, exit 2', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await planned(dir);
    const index = join(dir, 'policies/index.json');
    const entries = JSON.parse(readFileSync(index, 'utf8')) as Record<string, unknown>[];
    entries[2].kind = 'bogus';
    writeFileSync(index, JSON.stringify(entries));
    const run = await runCli(['verify', '-c', FOUR, '--from', dir]);
    assert.equal(run.status, 2, run.stderr);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
    assert.match(run.stderr, /policies\/index\.json: \$\[2\]\.kind: /);
  } finally {
    cleanup();
  }
});

void test('--from a folder with a statement whose Effect is missing: the policy file and path', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await planned(dir);
    const file = join(dir, 'policies/artifact-key.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { Statement: Record<string, unknown>[] };
    delete doc.Statement[1].Effect;
    writeFileSync(file, JSON.stringify(doc));
    const run = await runCli(['verify', '-c', FOUR, '--from', dir]);
    assert.equal(run.status, 2, run.stderr);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
    assert.match(run.stderr, /policies\/artifact-key\.json: \$\.Statement\[1\]\.Effect: /);
  } finally {
    cleanup();
  }
});

void test('--from a folder with a truncated policy file: not valid JSON, exit 2', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await planned(dir);
    const file = join(dir, 'policies/artifact-bucket.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    const run = await runCli(['verify', '-c', FOUR, '--from', dir]);
    assert.equal(run.status, 2, run.stderr);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
    assert.match(run.stderr, /policies\/artifact-bucket\.json: not valid JSON/);
  } finally {
    cleanup();
  }
});
