/**
 * No import cycle in src/ (ARCHITECTURE.md, "Layers"): files load each other in one
 * direction, so every file can be read, tested and evaluated after the files it needs.
 * Type-only imports and dynamic import() do not count; import-graph.ts says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO } from '../cli/run-cli.js';
import { cycles, graphOf, readTree, runtimeImports } from './import-graph.js';

void test('src/ has no import cycle', () => {
  const found = cycles(graphOf(readTree(join(REPO, 'src'))));
  assert.deepEqual(
    found.map((c) => c.join(' -> ')),
    [],
    'import cycles in src/ (move what both sides need into a file of its own)',
  );
});

void test('a cycle through three files is found, with its path', () => {
  const files = new Map([
    ['toolkit/a.ts', "import { b } from './b.js';\nexport const a = b;\n"],
    ['toolkit/b.ts', "import { c } from './nested/c.js';\nexport const b = c;\n"],
    ['toolkit/nested/c.ts', "export { a as c } from '../a.js';\n"],
    ['toolkit/d.ts', "import { a } from './a.js';\nexport const d = a;\n"],
  ]);
  assert.deepEqual(cycles(graphOf(files)), [
    ['toolkit/a.ts', 'toolkit/b.ts', 'toolkit/nested/c.ts', 'toolkit/a.ts'],
  ]);
});

void test('a file importing itself is a cycle; a chain is not', () => {
  const self = new Map([['x.ts', "import './x.js';\n"]]);
  assert.deepEqual(cycles(graphOf(self)), [['x.ts', 'x.ts']]);
  const chain = new Map([
    ['a.ts', "import { b } from './b.js';\nexport const a = b;\n"],
    ['b.ts', 'export const b = 1;\n'],
  ]);
  assert.deepEqual(cycles(graphOf(chain)), []);
});

void test('type-only imports and dynamic import() are not runtime edges', () => {
  const code = [
    "import type { A } from './a.js';",
    "export type { B } from './b.js';",
    "import { type C } from './c.js';",
    "import { d } from './d.js';",
    "import 'node:fs';",
    "export const lazy = () => import('./e.js');",
  ].join('\n');
  // `import { type C }` still loads ./c.js under verbatimModuleSyntax.
  assert.deepEqual(runtimeImports(code), ['./c.js', './d.js']);
  const files = new Map([
    ['a.ts', "import type { B } from './b.js';\nexport const a = (b: B) => b;\n"],
    ['b.ts', "import { a } from './a.js';\nexport type B = typeof a;\n"],
  ]);
  assert.deepEqual(cycles(graphOf(files)), []);
});
