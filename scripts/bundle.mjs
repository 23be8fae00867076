// Bundles the CLI into one CommonJS file, dist/bundle/crossline.cjs, so that `crossline`
// starts without Node's ESM loader (15–25 ms on Node 20) and bin/crossline.js can load it
// through V8's code cache (bin/bundle-loader.js; see BENCHMARKS.md, "Start-up"). tsc still
// type-checks and emits the ESM dist/ for the library and its .d.ts.
//
// One file, no chunks: a dynamic `import()` of crossline's own code becomes esbuild's lazy
// module initialiser, so a command's modules still run only when its action does. Only the
// packages in BUNDLED are inlined; every other package (the AWS SDK, @aws-cdk/cloudformation-diff,
// ...) stays an external `require` that runs at the moment a command needs it.
//
// The file is one function expression, the body of a CommonJS module, which bin/bundle-loader.js
// compiles as it is (a wrapper added at run time would be a 1.5 MB copy on every start). Its
// first line is `// crossline-bundle sha256:<hex>`, the hash of the rest of the file: the loader
// keys the code cache by it without hashing 1.5 MB on every start.
//
// Rule for code under src/: do not read files relative to `import.meta.url` (the bundle moves
// modules); use src/cli/package-files.ts, or inline the asset as a TypeScript string.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const OUT_DIR = 'dist/bundle';
const OUT_FILE = `${OUT_DIR}/crossline.cjs`;
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];

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
  entryPoints: ['src/cli/main.ts'],
  outfile: OUT_FILE,
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // `import()` of an external package becomes `require()`: code run through vm.Script has no
  // ESM loader to resolve a dynamic import with.
  supported: { 'dynamic-import': false },
  // src/cli/package-files.ts and prompt.ts resolve paths from import.meta.url. The banner
  // keeps 'use strict' first: the bundled code is ES modules, which are strict.
  define: { 'import.meta.url': '__crosslineModuleUrl' },
  banner: {
    js: "'use strict';var __crosslineModuleUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  plugins: [lazyBuiltins, onlyBundled],
  legalComments: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
mkdirSync(OUT_DIR, { recursive: true });
for (const file of result.outputFiles) {
  if (!file.path.endsWith('/crossline.cjs')) {
    writeFileSync(file.path, file.contents);
    continue;
  }
  const code = `${WRAPPER[0]}${file.text}${WRAPPER[1]}`;
  const hash = createHash('sha256').update(code).digest('hex');
  writeFileSync(file.path, `// crossline-bundle sha256:${hash}\n${code}`);
}
