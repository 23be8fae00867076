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
  plugins: [onlyBundled],
  legalComments: 'linked',
  logLevel: 'warning',
});
