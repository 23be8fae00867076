// Bundles the CLI into two CommonJS files in dist/bundle/, so that `crossline` starts without
// Node's ESM loader (15–25 ms on Node 20) and bin/bundle-loader.js can load them through V8's
// code cache (see BENCHMARKS.md, "Start-up"). tsc still type-checks and emits the ESM dist/ for
// the library and its .d.ts.
//
// esbuild splits the code into chunks (ES modules) at each dynamic `import()`, so that a
// command's modules load only when its action runs. Each chunk is then turned into a CommonJS
// module function, and the chunks are packed into two files, each one script that evaluates to
// { "<chunk>.js": function (exports, require, module, __filename, __dirname) { … }, … }:
//
//   crossline.cjs           main.js and the chunks it imports statically: all that `--help`,
//                           `--version` and the command definitions need (~130 KB)
//   crossline-commands.cjs  the toolkit and the chunks it imports statically: config, synth,
//                           verify, the report, zod and yaml, all that `plan` runs (~600 KB)
//   crossline-aws.cjs       every other chunk: what the commands that talk to AWS load on top
//                           (deploy, operate, doctor, …; ~250 KB)
//
// Several files rather than one so that `--help` reads, deserializes and runs a tenth of the
// code and `plan` none of what only the AWS commands run; one script per file rather than a file
// per chunk so that a command reads two or three files, not 40. bin/bundle-loader.js reads them
// in this order, each when a chunk that the ones before it lack is first required.
// A chunk's body runs only when first required, as an ES module would.
//
// Each file starts with `// crossline-bundle sha256:<hex>`, the hash of the rest of the file:
// the loader keys the code cache by it without hashing 1.4 MB on every start.
//
// Only the packages in BUNDLED are inlined; every other package (the AWS SDK,
// @aws-cdk/cloudformation-diff, ...) stays an external `require` that runs when a command needs it.
//
// Rule for code under src/: do not read files relative to `import.meta.url` (the bundle moves
// modules); use src/cli/package-files.ts, or inline the asset as a TypeScript string.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const OUT_DIR = 'dist/bundle';
const SHELL_FILE = `${OUT_DIR}/crossline.cjs`;
const COMMANDS_FILE = `${OUT_DIR}/crossline-commands.cjs`;
const AWS_FILE = `${OUT_DIR}/crossline-aws.cjs`;

/** Small, pure-JS packages on the start-up path. */
const BUNDLED = new Set(['commander', 'yaml', 'zod']);

const packageName = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

const onlyBundled = {
  name: 'only-bundled-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.has(packageName(args.path)) ? undefined : { external: true },
    );
  },
};

// A module that imports node:crypto, node:os or node:stream (src/toolkit/files.ts, the diff
// renderer, ...) would load them when the bundle starts, because `--help` runs the command
// registrations that import from those modules: node:crypto alone is ~4 % of Node's own start.
// So each builtin that Node has not loaded already is taken through an object whose properties
// load it on first read. Its keys are the builtin's exports in the Node that builds; esbuild's
// named-import interop reads them at the point of use. commander's node:child_process (only for
// executable subcommands, which crossline has none of) is covered the same way.
const runtimeRequire = createRequire(import.meta.url);
/** Builtins that Node has loaded before it runs any script: nothing to gain by deferring. */
const LOADED_BY_NODE = new Set(
  ['buffer', 'events', 'fs', 'module', 'path', 'process', 'timers', 'url', 'util'].map(
    (name) => `node:${name}`,
  ),
);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'lazy-builtin' || LOADED_BY_NODE.has(args.path)
        ? { path: args.path, external: true } // the real builtin
        : { path: args.path, namespace: 'lazy-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const name = JSON.stringify(args.path);
      const keys = Object.keys(runtimeRequire(args.path)).filter((k) => k !== 'default');
      const props = keys.map(
        (k) =>
          `${JSON.stringify(k)}: { get: () => load()[${JSON.stringify(k)}], enumerable: true }`,
      );
      return {
        contents:
          `let m; const load = () => (m ??= require(${name}));\n` +
          `module.exports = Object.defineProperties({}, {\n  ${props.join(',\n  ')}\n});\n`,
        loader: 'js',
      };
    });
  },
};

rmSync(OUT_DIR, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUT_DIR,
  write: false,
  metafile: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [lazyBuiltins, onlyBundled],
  legalComments: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

/** The chunk as the body of a CommonJS module function. */
async function commonJs(esm) {
  const { code } = await transform(esm, {
    format: 'cjs',
    loader: 'js',
    target: 'node20',
    // `import()` becomes `require()`: code run through vm.Script has no ESM loader.
    supported: { 'dynamic-import': false },
    // src/cli/package-files.ts and prompt.ts resolve paths from import.meta.url.
    define: { 'import.meta.url': '__crosslineModuleUrl' },
    minifyWhitespace: true,
    minifySyntax: true,
  });
  return (
    "function (exports, require, module, __filename, __dirname) {'use strict';" +
    `var __crosslineModuleUrl=require('node:url').pathToFileURL(__filename).href;\n${code}\n}`
  );
}

/** `start` and every chunk it reaches by static imports. */
function staticClosure(outputs, start) {
  const reached = new Set();
  const visit = (path) => {
    if (reached.has(path)) return;
    reached.add(path);
    for (const i of outputs[path].imports)
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(start);
  return reached;
}

const outputs = result.metafile.outputs;
const shell = staticClosure(outputs, `${OUT_DIR}/main.js`);
const toolkitChunk = Object.keys(outputs).find((o) => /\/toolkit-[A-Z0-9]+\.js$/.test(o));
if (toolkitChunk === undefined) throw new Error('bundle: no toolkit chunk (src/toolkit/index.ts)');
const offline = staticClosure(outputs, toolkitChunk);
const packs = { [SHELL_FILE]: [], [COMMANDS_FILE]: [], [AWS_FILE]: [] };
const packOf = (path) =>
  shell.has(path) ? SHELL_FILE : offline.has(path) ? COMMANDS_FILE : AWS_FILE;
mkdirSync(OUT_DIR, { recursive: true });
for (const file of result.outputFiles) {
  const path = file.path.slice(file.path.lastIndexOf(`${OUT_DIR}/`));
  if (!path.endsWith('.js')) {
    writeFileSync(file.path, file.contents); // legal comments, if any
    continue;
  }
  const entry = `${JSON.stringify(basename(path))}: ${await commonJs(file.text)}`;
  packs[packOf(path)].push(entry);
}
// The code caches that bin/bundle-loader.js writes here belong to one machine: not in `npm pack`.
writeFileSync(`${OUT_DIR}/.npmignore`, '*.v8cache\n*.v8cache.verified\n*.v8cache.*.tmp\n');
for (const [out, entries] of Object.entries(packs)) {
  const code = `({\n${entries.join(',\n')}\n})\n`;
  const hash = createHash('sha256').update(code).digest('hex');
  writeFileSync(out, `// crossline-bundle sha256:${hash}\n${code}`);
}
