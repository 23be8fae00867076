// Benchmark of `crossline plan` with verify (docs/design.md §10): wall time including Node start
// and peak RSS for both examples, plus the verify phase alone (access script + evaluation),
// cold (first run in a fresh process, as the CLI pays it) and warm.
// Needs a build (`npm run build`: the CLI runs from dist/bundle). Reports the load average,
// because on a shared machine wall time is mostly waiting for a core.
// Usage: node bench/verify.bench.mjs [--runs 7] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runOnce } from './measure.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const json = args.includes('--json');
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/crossline.js');
if (!existsSync(join(root, 'dist/bundle/crossline.cjs'))) {
  console.error('no dist/bundle: run `npm run build` first');
  process.exit(1);
}
// bin/crossline.js runs the bundle only when it is newer than dist/cli (a later plain tsc wins).
const mtime = (rel) => statSync(join(root, rel), { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (mtime('dist/cli/main.js') > mtime('dist/bundle/crossline.cjs')) {
  console.error(
    'dist/bundle is older than dist/cli: run `npm run build` (or node scripts/bundle.mjs) first',
  );
  process.exit(1);
}
const EXAMPLES = [
  { name: '4 accounts', file: 'examples/four-accounts.yml', target: 0.3 },
  { name: '50 targets', file: 'examples/fifty-targets.yml', target: 1.0 },
];

/** Runs in a child: synth once, then time script + verifyAccess cold and warm. */
const PHASE = `
const { loadConfigFile } = await import('./dist/config/index.js');
const { synthesize } = await import('./dist/synth/index.js');
const { buildAccessScript, topologyFromSynth, verifyAccess } = await import('./dist/verify/index.js');
const p = loadConfigFile(process.argv[1]).pipeline;
const s = synthesize(p);
const once = () => { const t = performance.now(); const r = verifyAccess(buildAccessScript(topologyFromSynth(p, s)), s.policies); if (!r.ok) throw new Error('verify failed'); return [performance.now() - t, r.rows.length]; };
const [coldMs, rows] = once();
const warm = Array.from({ length: 5 }, () => once()[0]).sort((a, b) => a - b);
console.log(JSON.stringify({ rows, coldMs, warmMs: warm[2] }));
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);

const baseline = Array.from({ length: runs }, () => runOnce(['-e', '']));
const results = [];
const out = mkdtempSync(join(os.tmpdir(), 'crossline-bench-'));
try {
  for (const ex of EXAMPLES) {
    const samples = Array.from({ length: runs }, () =>
      runOnce([bin, 'plan', '-c', ex.file, '-o', join(out, 'o')]),
    );
    // The verify phase alone, in a fresh process (cold JIT, as in the CLI) and then warm.
    const phase = spawnSync(process.execPath, ['--input-type=module', '-e', PHASE, ex.file], {
      encoding: 'utf8',
      cwd: root,
    });
    if (phase.status !== 0) throw new Error(phase.stderr);
    results.push({
      example: ex.name,
      target: ex.target,
      wallMin: min(samples.map((s) => s.wall)),
      wallMedian: median(samples.map((s) => s.wall)),
      cpuMedian: median(samples.map((s) => s.cpu)),
      rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
      ...JSON.parse(phase.stdout),
    });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const report = {
  node: process.version,
  cpus: os.cpus().length,
  loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
  runs,
  nodeStart: {
    wallMin: min(baseline.map((s) => s.wall)),
    cpuMedian: median(baseline.map((s) => s.cpu)),
  },
  results,
};
if (json) console.log(JSON.stringify(report, null, 2));
else {
  const f = (s) => `${s.toFixed(3)} s`;
  console.log(
    `node ${report.node}, ${report.cpus} cores, load average ${report.loadavg.join(' / ')}, ${runs} runs each`,
  );
  console.log(
    `node -e '' : wall min ${f(report.nodeStart.wallMin)}, cpu ${f(report.nodeStart.cpuMedian)}`,
  );
  console.log(
    '| example | rows | plan wall min | plan wall median | plan CPU (user+sys) | peak RSS | verify cold | verify warm | target |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.example} | ${r.rows} | ${f(r.wallMin)} | ${f(r.wallMedian)} | ${f(r.cpuMedian)} | ${r.rssMaxMb.toFixed(0)} MB | ${r.coldMs.toFixed(0)} ms | ${r.warmMs.toFixed(1)} ms | < ${r.target} s |`,
    );
  }
}
