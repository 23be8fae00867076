/**
 * External tools the tests use (docs/design.md §9). A missing tool fails the test when CI=true
 * and skips it with a printed notice otherwise, so a green CI never hides a missing install.
 */
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

const found = new Map<string, string | undefined>();

/** Absolute path of `name` on PATH (pyenv shims included), or undefined. */
export function toolPath(name: string): string | undefined {
  if (!found.has(name)) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = r.status === 0 ? r.stdout.trim() : '';
    found.set(name, path === '' ? undefined : path);
  }
  return found.get(name);
}

/**
 * Returns true when `name` is available. Otherwise: throws under CI=true, or skips `t` with a
 * notice on stderr and returns false (the caller returns early).
 */
export function requireTool(t: TestContext, name: string): boolean {
  if (toolPath(name) !== undefined) return true;
  const why = `${name} is not installed (see docs/design.md §9)`;
  if (process.env.CI === 'true') throw new Error(`${why}; CI requires it`);
  console.error(`skipping "${t.name}": ${why}`);
  t.skip(why);
  return false;
}
