#!/usr/bin/env node
// Thin launcher. `npm run build` writes two forms of the CLI: dist/bundle/main.js (esbuild,
// fast start) and dist/cli/main.js (tsc). Use the bundle unless a later plain
// `tsc -p tsconfig.build.json` made it stale, so a tsc-only rebuild is never shadowed.
// Builtins through process.getBuiltinModule (Node >= 20.16) where it exists: an ESM `import`
// of node:fs builds its ESM facade, which loads node:fs's streams on every start.
const builtin = async (name) => process.getBuiltinModule?.(name) ?? (await import(name));
const { statSync } = await builtin('node:fs');
const module = await builtin('node:module');

// Node >= 22.1 keeps V8's compiled code of the CLI between runs (as tsc does); no-op on Node 20.
module.enableCompileCache?.();

const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundle = mtime('../dist/bundle/main.js');
const compiled = mtime('../dist/cli/main.js');
const entry =
  bundle !== undefined && (compiled === undefined || bundle >= compiled)
    ? '../dist/bundle/main.js'
    : '../dist/cli/main.js';
// The AWS SDK warns on Node 20 about SDK releases after January 2027; crossline pins its SDK
// version, so users cannot act on it. An explicit setting of the variable is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (`crossline verify --all | head`) closes the pipe: end quietly with
// the run's exit code, as command-line tools do on SIGPIPE, instead of an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}
const { main } = await import(entry);

process.exitCode = await main(process.argv.slice(2));
