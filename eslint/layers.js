// The layer rule of ARCHITECTURE.md as an ESLint rule: a module under src/ may import only
// modules on a lower level; never upward, never sideways (same level = siblings). Relative
// specifiers are resolved against the importing file, so the rule holds at any folder depth,
// and it covers `import`, `import type`, `export … from` and dynamic `import()`.
// Only src/aws may import the AWS SDK (@aws-sdk/*, @smithy/*).
import { dirname, relative, resolve, sep } from 'node:path';

/** Level of each module under src/ (docs/design.md §1). */
export const LEVELS = {
  errors: 0,
  io: 0,
  model: 1,
  config: 2,
  synth: 3,
  iam: 3,
  aws: 3,
  verify: 4,
  deploy: 5,
  ops: 5,
  report: 5,
  toolkit: 6,
  cli: 7,
};

const SDK = /^@(aws-sdk|smithy)\//;

/** The src/ module a path is in, or undefined outside src/. */
function moduleOf(srcDir, path) {
  const rel = relative(srcDir, path);
  if (rel.startsWith('..') || rel === '') return undefined;
  return rel.split(sep)[0];
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point down the layers of ARCHITECTURE.md' },
    schema: [
      {
        type: 'object',
        properties: { srcDir: { type: 'string' } },
        required: ['srcDir'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward:
        'layer rule: src/{{from}} (level {{fromLevel}}) may not import src/{{to}} (level {{toLevel}}); imports point down only, see ARCHITECTURE.md',
      sideways:
        'layer rule: src/{{from}} and src/{{to}} are siblings (level {{fromLevel}}) and may not import each other; see ARCHITECTURE.md',
      unknown:
        'layer rule: src/{{to}} has no level; add it to LEVELS in eslint/layers.js and to ARCHITECTURE.md',
      sdk: 'layer rule: only src/aws imports the AWS SDK ({{spec}}); add a narrow interface there',
    },
  },
  create(context) {
    const srcDir = context.options[0].srcDir;
    const from = moduleOf(srcDir, context.filename);
    if (from === undefined) return {};
    if (!(from in LEVELS)) {
      return {
        Program: (node) => context.report({ node, messageId: 'unknown', data: { to: from } }),
      };
    }
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (SDK.test(spec)) {
        if (from !== 'aws') context.report({ node, messageId: 'sdk', data: { spec } });
        return;
      }
      if (!spec.startsWith('.')) return;
      const to = moduleOf(srcDir, resolve(dirname(context.filename), spec));
      if (to === undefined || to === from) return;
      const data = { from, to, fromLevel: LEVELS[from], toLevel: LEVELS[to] };
      if (!(to in LEVELS)) context.report({ node, messageId: 'unknown', data });
      else if (LEVELS[to] > LEVELS[from]) context.report({ node, messageId: 'upward', data });
      else if (LEVELS[to] === LEVELS[from]) context.report({ node, messageId: 'sideways', data });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export const layersPlugin = { rules: { imports: rule } };
