// Runs every bench/*.bench.mjs, one after the other, each in its own Node process (through
// tsx, since some benches reuse test/support/*.ts), with its output shown as it comes; then
// a summary table. Each bench prints its own results table (and takes its own options).
// Usage: node bench/run.mjs [substring ...]   only bench files whose name contains one
// `npm run bench` builds first.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no bench files matched');
  process.exit(1);
}

const results = [];
for (const file of files) {
  console.log(`\n## bench/${file}\n`);
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
  results.push({ file, status: r.status ?? 1, seconds: (performance.now() - start) / 1000 });
}

console.log(
  `\n## summary (${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version})\n`,
);
console.log('| bench | result | took s |');
console.log('|---|---|---:|');
for (const r of results) {
  console.log(
    `| ${r.file} | ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} | ${r.seconds.toFixed(1)} |`,
  );
}
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
