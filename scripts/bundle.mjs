// Bundles the CLI into dist/bundle/ so that `crossline` loads a few files instead of the
// hundreds of small modules of zod, yaml and commander (module loading was most of its start
// time; see BENCHMARKS.md). tsc still type-checks and emits dist/ for the library and .d.ts.
//
// Code splitting keeps dynamic imports lazy: `--help` loads only main.js; a command's action
// loads the toolkit chunk when it runs. Only the packages in BUNDLED are inlined; every other
// package (the AWS SDK, @aws-cdk/cloudformation-diff, ...) stays an external import resolved
// from node_modules at the moment a command needs it.
//
// Rule for code under src/: do not read files relative to `import.meta.url` (the bundle moves
// modules); use src/cli/package-files.ts, or inline the asset as a TypeScript string.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

/** Small, pure-JS packages on the start-up path. */
const BUNDLED = new Set(['commander', 'yaml', 'zod']);

const packageName = (spec) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];

// commander requires node:child_process at load time, only to run executable subcommands,
// which crossline does not have; loading it (with net, dgram, ...) cost ~8 ms of every start.
// Inside commander it is replaced by a module that requires it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'crossline-lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'crossline-lazy' }, () => ({
      contents:
        "let m; const load = () => (m ??= require('node:child_process'));\n" +
        'module.exports = new Proxy({}, { get: (_, key) => load()[key] });\n',
      loader: 'js',
    }));
  },
};

// An ESM `import ... from 'node:fs'` makes Node build the module's ESM facade, which reads every
// export, including the lazy getters (fs.ReadStream loads all of node:stream): about a tenth of
// `crossline --help`. The bundle takes builtins with require() instead; esbuild turns the named
// imports into property reads at the point of use.
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'import-statement'
        ? { path: args.path, namespace: 'crossline-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'crossline-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};

const onlyBundled = {
  name: 'only-bundled-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.has(packageName(args.path)) ? undefined : { external: true },
    );
  },
};

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander is CommonJS and calls require('node:events'); ESM output has no `require`.
  banner: {
    js: "import { createRequire as __crosslineRequire } from 'node:module'; const require = __crosslineRequire(import.meta.url);",
  },
  plugins: [lazyChildProcess, builtinsByRequire, onlyBundled],
  legalComments: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
