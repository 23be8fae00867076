// Start-up cost of the CLI against Node's own start (docs/design.md §10: `crossline --help` at
// most 1.3× a bare `node -e 0`, `crossline plan` of the 4-account example at most 2.0×). The
// machine is shared and noisy, so the cases run side by side: each round runs every case once
// (A B C … A B C …), after 2 warm-up rounds that fill the OS file cache and the CLI's V8 code
// caches (bin/bundle-loader.js writes them at the end of a run they do not cover yet), and each
// case is compared with `node -e 0` of the same rounds. Wall time is measured here; CPU time
// (user+sys) and peak RSS come from GNU time when it is installed. The load average is printed:
// under load, wall time includes waiting for a core and CPU time is the steadier number.
// Needs a build (`npm run build`). Usage: node bench/startup.bench.mjs [--runs 15] [--json]
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { benchOutputDir, runOnce, TIME } from './measure.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const json = args.includes('--json');
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/crossline.js');
/** bin/crossline.js runs dist/cli instead of the bundle when a later plain tsc made it stale. */
function assertBundleCurrent() {
  const mtime = (p) => statSync(join(root, p), { throwIfNoEntry: false })?.mtimeMs;
  const bundle = mtime('dist/bundle/crossline.cjs');
  if (bundle === undefined || bundle < (mtime('dist/cli/main.js') ?? 0)) {
    console.error('dist/bundle is missing or older than dist/cli: run `npm run build` first');
    process.exit(1);
  }
}
assertBundleCurrent();

// The output goes where a user's goes (benchOutputDir). A re-run of an unchanged config finds
// its output up to date and writes nothing; the "output changed" case alternates two configs
// that differ in the pipeline's name, so that each run replaces every file.
const out = benchOutputDir('startup-');
const four = 'examples/four-accounts.yml';
const renamed = join(out, 'four-renamed.yml');
writeFileSync(
  renamed,
  readFileSync(join(root, four), 'utf8').replace(/^name: .*$/m, 'name: my-app-b'),
);
const CASES = [
  { name: 'node -e 0 (Node alone)', argv: ['-e', '0'] },
  { name: 'crossline --help', argv: [bin, '--help'], maxRatio: 1.3 },
  { name: 'crossline --version', argv: [bin, '--version'] },
  {
    name: 'crossline validate (4 accounts)',
    argv: [bin, 'validate', '-c', 'examples/four-accounts.yml'],
  },
  {
    name: 'crossline plan (4 accounts)',
    argv: [bin, 'plan', '-c', four, '-o', join(out, 'four')],
    maxRatio: 2.0,
  },
  {
    name: 'crossline plan (4 accounts, output changed)',
    argv: (round) => [bin, 'plan', '-c', round % 2 === 0 ? four : renamed, '-o', join(out, 'alt')],
    maxRatio: 2.0,
  },
  {
    name: 'crossline plan (50 targets)',
    argv: [bin, 'plan', '-c', 'examples/fifty-targets.yml', '-o', join(out, 'fifty')],
  },
];

/** One process: wall ms, CPU ms and peak RSS MB (the last two only with time(1)). */
function runCase(argv) {
  const s = runOnce(argv, {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { wallMs: s.wall * 1000, cpuMs: s.cpu * 1000, rssMb: s.rssMb };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const loadBefore = os.loadavg()[0];
const samples = CASES.map(() => []);
try {
  for (let round = -2; round < runs; round++) {
    CASES.forEach((c, i) => {
      const s = runCase(typeof c.argv === 'function' ? c.argv(round) : c.argv);
      if (round >= 0) samples[i].push(s);
    });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const loadAfter = os.loadavg()[0];
assertBundleCurrent(); // still the bundle that was measured

const floor = { wall: median(samples[0].map((s) => s.wallMs)) };
floor.cpu = TIME ? median(samples[0].map((s) => s.cpuMs)) : undefined;
const rows = CASES.map((c, i) => {
  const wallMedianMs = median(samples[i].map((s) => s.wallMs));
  const cpuMedianMs = TIME ? median(samples[i].map((s) => s.cpuMs)) : undefined;
  return {
    case: c.name,
    wallMedianMs,
    wallMinMs: Math.min(...samples[i].map((s) => s.wallMs)),
    wallRatio: wallMedianMs / floor.wall,
    cpuMedianMs,
    cpuRatio: TIME ? cpuMedianMs / floor.cpu : undefined,
    peakRssMb: TIME ? Math.max(...samples[i].map((s) => s.rssMb)) : undefined,
    maxRatio: c.maxRatio,
  };
});

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
const load = `${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`;
if (json) {
  console.log(JSON.stringify({ machine, load: [loadBefore, loadAfter], runs, rows }, null, 2));
} else {
  const f = (x, d = 0) => (x === undefined ? 'n/a' : x.toFixed(d));
  console.log(`startup: ${runs} rounds, side by side; ${machine}; load average ${load}`);
  console.log(
    '| case | wall ms (median) | wall ms (min) | × node -e 0 (wall) | CPU ms (median) | × node -e 0 (CPU) | peak RSS MB | target |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const verdict = (x) => (x === undefined ? '' : x <= r.maxRatio ? 'ok' : 'OVER');
    const target =
      r.maxRatio === undefined
        ? ''
        : `≤ ${r.maxRatio}×: wall ${verdict(r.wallRatio)}, CPU ${verdict(r.cpuRatio)}`;
    console.log(
      `| ${r.case} | ${f(r.wallMedianMs)} | ${f(r.wallMinMs)} | ${f(r.wallRatio, 2)} | ${f(r.cpuMedianMs)} | ${f(r.cpuRatio, 2)} | ${f(r.peakRssMb)} | ${target} |`,
    );
  }
}
