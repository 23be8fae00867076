// Start-up cost of the CLI (docs/design.md §10: `crossline --help` under 150 ms wall, Node's own
// start included): Node alone as the floor, then --help, --version and validate on both
// examples. Each case runs N times after 2 warm-up runs (which fill the OS file cache);
// wall time is measured here, CPU time (user+sys) and peak RSS come from GNU time when it is
// installed. On a shared machine wall time includes waiting for a core: the load average is
// printed, and CPU time is the steadier number.
// Needs a build (`npm run build`). Usage: node bench/startup.bench.mjs [--runs 15] [--json]
import { statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runOnce, TIME } from './measure.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const json = args.includes('--json');
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/crossline.js');
/** bin/crossline.js runs dist/cli instead of the bundle when a later plain tsc made it stale. */
function assertBundleCurrent() {
  const mtime = (p) => statSync(join(root, p), { throwIfNoEntry: false })?.mtimeMs;
  const bundle = mtime('dist/bundle/main.js');
  if (bundle === undefined || bundle < (mtime('dist/cli/main.js') ?? 0)) {
    console.error('dist/bundle is missing or older than dist/cli: run `npm run build` first');
    process.exit(1);
  }
}
assertBundleCurrent();

const CASES = [
  { name: 'node -e 0 (Node alone)', argv: ['-e', '0'] },
  { name: 'crossline --help', argv: [bin, '--help'], budgetMs: 150 },
  { name: 'crossline --version', argv: [bin, '--version'], budgetMs: 150 },
  {
    name: 'crossline validate (4 accounts)',
    argv: [bin, 'validate', '-c', 'examples/four-accounts.yml'],
  },
  {
    name: 'crossline validate (50 targets)',
    argv: [bin, 'validate', '-c', 'examples/fifty-targets.yml'],
  },
];

/** One process: wall ms, CPU ms and peak RSS MB (the last two only with time(1)). */
function runCase(argv) {
  const s = runOnce(argv, {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (!TIME) return { wallMs: s.wall * 1000 };
  return { wallMs: s.wall * 1000, cpuMs: s.cpu * 1000, rssMb: s.rssMb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const load = os.loadavg()[0];
const rows = CASES.map((c) => {
  for (let i = 0; i < 2; i++) runCase(c.argv);
  const samples = Array.from({ length: runs }, () => runCase(c.argv));
  const wall = samples.map((s) => s.wallMs);
  return {
    case: c.name,
    wallMedianMs: median(wall),
    wallMinMs: Math.min(...wall),
    cpuMedianMs: TIME ? median(samples.map((s) => s.cpuMs)) : undefined,
    peakRssMb: TIME ? Math.max(...samples.map((s) => s.rssMb)) : undefined,
    budgetMs: c.budgetMs,
  };
});

assertBundleCurrent(); // still the bundle that was measured

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
if (json) {
  console.log(JSON.stringify({ machine, load, runs, rows }, null, 2));
} else {
  const f = (x) => (x === undefined ? 'n/a' : x.toFixed(0));
  console.log(`startup: ${runs} runs per case; ${machine}; load average ${load.toFixed(2)}`);
  console.log(
    '| case | wall ms (median) | wall ms (min) | CPU ms (median) | peak RSS MB | budget |',
  );
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const budget =
      r.budgetMs === undefined
        ? ''
        : `${r.wallMedianMs < r.budgetMs ? 'ok' : 'OVER'}: < ${r.budgetMs} ms`;
    console.log(
      `| ${r.case} | ${f(r.wallMedianMs)} | ${f(r.wallMinMs)} | ${f(r.cpuMedianMs)} | ${f(r.peakRssMb)} | ${budget} |`,
    );
  }
}
