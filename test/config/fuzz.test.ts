/**
 * Property: whatever is done to a valid config (keys deleted, types changed, unknown keys,
 * broken YAML, ids changed), crossline never crashes. Either the config is valid and resolves
 * to a consistent model, or every problem is located (file:line:col inside the file) and has a
 * message and a hint. In-process through parseConfig for speed, plus a few through the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError } from '../../src/errors/index.js';
import { STACK_TRACE, runCli, tempDir, writeFile } from '../cli/run-cli.js';
import { BASE } from './base-config.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const BASE_OBJECT = parse(BASE) as Json;

function pathsOf(v: Json, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => pathsOf(x, [...at, i]))];
  if (v !== null && typeof v === 'object') {
    return [at, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...at, k]))];
  }
  return [at];
}
const PATHS = pathsOf(BASE_OBJECT).filter((p) => p.length > 0);

/** Values of every shape, including the classic YAML traps. */
const value: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, 0, 111111111111, 1e21, '', '.git', 'us-east-7', '*', '123'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

type Mutation =
  | { op: 'delete'; path: number }
  | { op: 'set'; path: number; value: Json }
  | { op: 'unknown-key'; path: number; key: string }
  | { op: 'rename-key'; path: number; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), path: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), path: fc.nat(), value }),
  fc.record({
    op: fc.constant('unknown-key' as const),
    path: fc.nat(),
    key: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    op: fc.constant('rename-key' as const),
    path: fc.nat(),
    key: fc.string({ maxLength: 8 }),
  }),
);

function apply(root: Json, m: Mutation): Json {
  const copy = structuredClone(root);
  const path = PATHS[m.path % PATHS.length];
  // An earlier mutation may have removed or replaced part of the path: then do nothing.
  const parent = path
    .slice(0, -1)
    .reduce<Json | undefined>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, Json>)[k] : undefined),
      copy,
    );
  const last = path[path.length - 1];
  if (parent === undefined || parent === null || typeof parent !== 'object') return copy;
  const container = parent as Record<string | number, Json>;
  if (!(last in container)) return copy;
  switch (m.op) {
    case 'delete':
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
      break;
    case 'set':
      container[last] = m.value;
      break;
    case 'unknown-key': {
      const target = container[last];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        target[m.key] = 'x';
      }
      break;
    }
    case 'rename-key':
      if (!Array.isArray(container)) {
        const v = container[last]!;
        delete container[last];
        container[m.key] = v;
      }
      break;
  }
  return copy;
}

/** Structured mutations, written back as YAML. */
const mutatedObjectText = fc
  .array(mutation, { minLength: 1, maxLength: 4 })
  .map((ms) => stringify(ms.reduce(apply, BASE_OBJECT)));

/** Text mutations: broken YAML, lost lines, stray characters. */
const mutatedText = fc.oneof(
  fc.nat().map((i) => {
    const lines = BASE.split('\n');
    lines.splice(i % lines.length, 1);
    return lines.join('\n');
  }),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom(
        '[',
        '{',
        ']',
        '"',
        "'",
        ':',
        '- ',
        '\t',
        '&a ',
        '*a',
        '#',
        '? ',
        '|',
        '---\n',
      ),
    )
    .map(([i, s]) => BASE.slice(0, i % BASE.length) + s + BASE.slice(i % BASE.length)),
  fc.nat().map((i) => BASE.slice(0, i % BASE.length)),
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })).map(([i, d]) => {
    const lines = BASE.split('\n');
    const n = i % lines.length;
    lines[n] = d > 0 ? ' '.repeat(d) + lines[n] : lines[n].slice(-d);
    return lines.join('\n');
  }),
  fc.string({ maxLength: 40 }),
);

const anyMutation = fc.oneof(mutatedObjectText, mutatedText);

/** The property: a consistent model, or located problems with hints. Throws otherwise. */
function check(text: string): 'valid' | 'invalid' {
  const lineCount = text.split('\n').length;
  try {
    const { pipeline } = parseConfig(text, 'fuzz.yml');
    assert.ok(pipeline.partition, 'a partition');
    assert.ok(pipeline.tools?.id, 'a tools account');
    for (const s of pipeline.stages)
      for (const t of s.targets) assert.match(t.account.id, /^\d{12}$/);
    assert.match(pipeline.source.account.id, /^\d{12}$/);
    return 'valid';
  } catch (e) {
    if (!(e instanceof ConfigInvalidError)) {
      throw new Error(`crash on:\n${text}\n${(e as Error).stack ?? String(e)}`);
    }
    assert.ok(e.problems.length > 0);
    for (const p of e.problems) {
      assert.equal(p.file, 'fuzz.yml');
      assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount, `line ${p.line}`);
      assert.ok(Number.isInteger(p.col) && p.col >= 1, `col ${p.col}`);
      assert.ok(p.message.trim().length > 0, 'a message');
      assert.ok(p.hint !== undefined && p.hint.trim().length > 0, `a hint for '${p.message}'`);
    }
    return 'invalid';
  }
}

void test('fuzz (in-process): mutated configs never crash; problems are located with hints', () => {
  const seen = { valid: 0, invalid: 0 };
  fc.assert(
    fc.property(anyMutation, (text) => {
      seen[check(text)]++;
    }),
    { numRuns: 600 },
  );
  // The generator is useful only if it produces both outcomes.
  assert.ok(seen.invalid > 50, `invalid: ${seen.invalid}`);
  assert.ok(seen.valid > 0, `valid: ${seen.valid}`);
});

void test('fuzz (CLI): a sample of mutated configs exits 0 or 2 with located messages', async () => {
  const tmp = tempDir();
  try {
    const samples = fc.sample(anyMutation, { numRuns: 5 });
    const runs = await Promise.all(
      samples.map(async (text, i) => {
        writeFile(tmp.dir, `fuzz-${i}.yml`, text);
        return {
          text,
          i,
          run: await runCli(['validate', '-c', `fuzz-${i}.yml`], { cwd: tmp.dir }),
        };
      }),
    );
    for (const { text, i, run } of runs) {
      const context = `input:\n${text}\nstderr:\n${run.stderr}`;
      assert.doesNotMatch(run.stderr, STACK_TRACE, context);
      assert.doesNotMatch(run.stderr, /internal error/, context);
      if (run.status === 0) {
        assert.match(run.stdout, /: valid\./, context);
      } else {
        assert.equal(run.status, 2, context);
        assert.match(
          run.stderr,
          new RegExp(`^fuzz-${i}\\.yml:\\d+:\\d+: .+\\n {2}hint: .+`, 'm'),
          context,
        );
      }
    }
  } finally {
    tmp.cleanup();
  }
});
