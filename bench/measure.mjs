// One measured Node child process, shared by the benches that time the CLI from outside:
// wall time is taken here, user+sys CPU time and peak RSS come from GNU time when installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** GNU time(1), when installed; without it CPU time and peak RSS are NaN. */
/**
 * A new folder for a benchmark's plan output, in .bench/ of the checkout (git-ignored): where a
 * user's output goes, beside the config, not in the system temp folder, where creating files
 * can be several times slower when it holds thousands of folders. The caller removes it.
 */
export function benchOutputDir(prefix) {
  const base = new URL('../.bench', import.meta.url).pathname;
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, prefix));
}

export const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const root = new URL('..', import.meta.url).pathname;

/**
 * Runs `node ...argv` once (in the repository root unless `options.cwd` says otherwise;
 * other `options` go to spawnSync, e.g. env or stdio) and throws when it exits non-zero.
 * Returns wall seconds, user+sys CPU seconds and peak RSS in MB.
 */
export function runOnce(argv, options = {}) {
  const command = TIME
    ? [TIME, '-f', '%U %S %M', process.execPath, ...argv]
    : [process.execPath, ...argv];
  const start = performance.now();
  const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8', cwd: root, ...options });
  const wall = (performance.now() - start) / 1000;
  if (r.status !== 0)
    throw new Error(`${argv.join(' ')} exited ${r.status}: ${(r.stderr ?? '').trim()}`);
  const [user, sys, rss] = TIME
    ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number)
    : [NaN, NaN, NaN];
  return { wall, cpu: user + sys, rssMb: rss / 1024 };
}
