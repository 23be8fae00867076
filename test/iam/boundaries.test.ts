// The engine's isolation rules: pure (no crossline modules, no I/O), and the AGPL oracle is
// never reachable from src/ (docs/design.md §6).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

void test('no file under src/ imports @cloud-copilot (AGPL oracle, test-only)', () => {
  const offenders = files(join(root, 'src')).filter((f) =>
    readFileSync(f, 'utf8').includes('@cloud-copilot'),
  );
  assert.deepEqual(offenders, []);
});

void test('src/iam imports only its own files and node-free code', () => {
  for (const file of files(join(root, 'src/iam'))) {
    const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map(
      (m) => m[1] ?? '',
    );
    for (const spec of imports) {
      const target = resolve(dirname(file), spec);
      assert.ok(
        spec.startsWith('.') && target.startsWith(join(root, 'src/iam')),
        `${file} imports ${spec}`,
      );
    }
  }
});
