#!/usr/bin/env node
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: see bin/package.json */
// Thin launcher, CommonJS (bin/package.json) so that a start does not need Node's ESM loader.
// `npm run build` writes two forms of the CLI: dist/bundle/ (esbuild, loaded with V8's code cache
// by ./bundle-loader.js) and dist/cli/main.js (tsc). Use the bundle unless a
// later plain `tsc -p tsconfig.build.json` made it stale, so a tsc-only rebuild is never shadowed.
const { statSync } = require('node:fs');
const { join } = require('node:path');

const mtime = (rel) => statSync(join(__dirname, rel), { throwIfNoEntry: false })?.mtimeMs;
const bundle = mtime('../dist/bundle/crossline.cjs');
const compiled = mtime('../dist/cli/main.js');
const useBundle = bundle !== undefined && (compiled === undefined || bundle >= compiled);

// The AWS SDK warns on Node 20 about SDK releases after January 2027; crossline pins its SDK
// version, so users cannot act on it. An explicit setting of the variable is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The CLI writes standard output and error through their file descriptors (src/cli/output.ts),
// which also ends the run quietly when a reader closes the pipe early: process.stdout and
// process.stderr are not built here, because building them is a few ms of every start.
/** The CLI module: the bundle through its code cache, or tsc's output. */
function loadCli() {
  if (useBundle) {
    const { loadBundle } = require('./bundle-loader.js');
    return Promise.resolve(loadBundle(join(__dirname, '../dist/bundle'), process.argv.slice(2)));
  }
  // Node >= 22.1 keeps V8's compiled code between runs, as tsc does; no-op on Node 20.
  require('node:module').enableCompileCache?.();
  return import('../dist/cli/main.js');
}

loadCli()
  .then(({ main }) => main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
