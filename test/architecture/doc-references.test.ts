/**
 * The README and the docs cite only files the repository has: every relative link, and every
 * path under a top-level folder (src/, test/, docs/, …) written in them. Paths in the design
 * and architecture docs may be relative to src/ (`config/schema.ts`); a test path may be a
 * prefix, as `node scripts/run-tests.mjs test/verify/mutation` takes one.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../cli/run-cli.js';

const DOCS = [
  'README.md',
  'ARCHITECTURE.md',
  'BENCHMARKS.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const ROOTS = 'src|test|docs|examples|scripts|bench|schema|bin|eslint';
const PATH = new RegExp(`(?<![\\w./-])(?:${ROOTS})/[\\w.@/-]*[\\w]`, 'g');
const LINK = /\]\(([^)#\s]+)(?:#[^)]*)?\)/g;
/** A source file named in backticks with its folder: `config/schema.ts`, `ops/org/changes.ts`. */
const SOURCE = /`((?:[\w.-]+\/)+[\w.-]+\.(?:ts|mjs|js|md|yml|json|py))`/g;

/** True when `path` is a file or folder of the repository, or the start of one's name. */
function exists(path: string): boolean {
  if (existsSync(join(REPO, path))) return true;
  const slash = path.lastIndexOf('/');
  const dir = join(REPO, path.slice(0, slash));
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(path.slice(slash + 1)));
}

/** Paths as written, and the ones relative to src/ (`config/schema.ts`) for the design docs. */
function cited(text: string): string[] {
  const links = [...text.matchAll(LINK)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
  const sources = [...text.matchAll(SOURCE)].map((m) => m[1]);
  return [...new Set([...links, ...(text.match(PATH) ?? []), ...sources])];
}

void test('every file the docs cite exists', () => {
  const missing: string[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(join(REPO, doc), 'utf8');
    for (const path of cited(text)) {
      const inDocs = doc.startsWith('docs/') && !path.startsWith('docs/') ? `docs/${path}` : '';
      if (!exists(path) && !(inDocs && exists(inDocs)) && !exists(`src/${path}`))
        missing.push(`${doc}: ${path}`);
    }
  }
  assert.deepEqual(missing, []);
});

void test('the check sees a cited file that is not there', () => {
  assert.deepEqual(cited('see [x](docs/nothing-here.md) and `src/nope/gone.ts`.'), [
    'docs/nothing-here.md',
    'src/nope/gone.ts',
  ]);
  assert.equal(exists('src/nope/gone.ts'), false);
  assert.equal(exists('test/verify/mutation'), true, 'a prefix of test/verify/mutation.test.ts');
});
