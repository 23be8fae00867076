/**
 * Bad input through the real CLI: `crossline validate -c bad.yml` must exit 2 with nothing on
 * stdout and no stack trace; what it returns is each `bad.yml:LINE:COL: message` line of
 * stderr joined with the line after it (the hint).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { STACK_TRACE, runCli, tempDir, writeFile } from '../cli/run-cli.js';

/** A `problems(text)` whose temporary folders are removed after the calling test file. */
export function validateProblems(): (text: string) => Promise<string[]> {
  const tmp = tempDir();
  after(tmp.cleanup);
  return async (text) => {
    const dir = mkdtempSync(join(tmp.dir, 'case-'));
    writeFile(dir, 'bad.yml', text);
    const run = await runCli(['validate', '-c', 'bad.yml'], { cwd: dir });
    assert.equal(run.status, 2, `exit code; stderr:\n${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.doesNotMatch(run.stderr, STACK_TRACE);
    const lines = run.stderr.split('\n');
    return lines
      .filter((l) => l.startsWith('bad.yml:'))
      .map((l) => `${l}\n${lines[lines.indexOf(l) + 1] ?? ''}`);
  };
}
