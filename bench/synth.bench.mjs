// Benchmark of `crossline synth` and `crossline plan` (docs/design.md §10): wall time including
// Node start and peak RSS, median of several runs, for both examples; plus synthesize() alone
// in one process (cold = first call, warm = median of later calls) and an empty Node as the floor.
// Needs a build (`npm run build`). Reports the load average: on a shared machine wall time is
// mostly waiting for a core, so CPU time (user+sys) is shown beside it.
// Usage: node bench/synth.bench.mjs [--runs 7] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runOnce } from './measure.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const json = args.includes('--json');
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/crossline.js');
if (!existsSync(join(root, 'dist/synth/index.js'))) {
  console.error('no dist/: run `npm run build` first');
  process.exit(1);
}
const EXAMPLES = [
  { name: '4 accounts', file: 'examples/four-accounts.yml', planTarget: 0.3 },
  { name: '50 targets', file: 'examples/fifty-targets.yml', planTarget: 1.0 },
];
const RSS_TARGET_MB = 150;

const PHASE = `
const { loadConfigFile } = await import('./dist/config/index.js');
const { synthesize } = await import('./dist/synth/index.js');
const p = loadConfigFile(process.argv[1]).pipeline;
const time = () => { const t = performance.now(); const r = synthesize(p); return [performance.now() - t, r.files.size]; };
const [coldMs, files] = time();
const warm = Array.from({ length: 9 }, () => time()[0]).sort((a, b) => a - b);
console.log(JSON.stringify({ files, coldMs, warmMs: warm[4] }));
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summarize = (samples) => ({
  wall: median(samples.map((s) => s.wall)),
  cpu: median(samples.map((s) => s.cpu)),
  rssMb: median(samples.map((s) => s.rssMb)),
  maxRssMb: Math.max(...samples.map((s) => s.rssMb)),
});

const load = os.loadavg()[0];
const node = summarize(Array.from({ length: runs }, () => runOnce(['-e', ''])));
const rows = [];
const out = mkdtempSync(join(os.tmpdir(), 'crossline-bench-'));
try {
  for (const ex of EXAMPLES) {
    for (const command of ['synth', 'plan']) {
      const dir = join(out, `${command}-${ex.name.replace(/\W+/g, '-')}`);
      runOnce([bin, command, '-c', ex.file, '-o', dir]); // warm the file cache
      const s = summarize(
        Array.from({ length: runs }, () => runOnce([bin, command, '-c', ex.file, '-o', dir])),
      );
      const target = command === 'plan' ? ex.planTarget : undefined;
      rows.push({ example: ex.name, command, ...s, target });
    }
    const phase = spawnSync(process.execPath, ['--input-type=module', '-e', PHASE, ex.file], {
      encoding: 'utf8',
      cwd: root,
    });
    if (phase.status !== 0) throw new Error(phase.stderr);
    rows.push({
      example: ex.name,
      command: 'synthesize() in-process',
      ...JSON.parse(phase.stdout),
    });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} vCPUs, Node ${process.version}, ${os.type()}`,
  loadAverage: Number(load.toFixed(1)),
  runs,
  nodeStart: node,
  rows,
};
if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(
    `synth/plan benchmark — ${result.machine}, load ${result.loadAverage}, median of ${runs} runs`,
  );
  console.log(
    `empty node: ${node.wall.toFixed(3)} s wall, ${node.cpu.toFixed(2)} s CPU, ${node.rssMb.toFixed(0)} MB`,
  );
  console.log('| example | command | wall s (median) | CPU s | peak RSS MB | target |');
  console.log('|---|---|---:|---:|---:|---|');
  for (const r of rows) {
    if (r.coldMs !== undefined) {
      console.log(
        `| ${r.example} | ${r.command} (${r.files} files) | cold ${r.coldMs.toFixed(1)} ms, warm ${r.warmMs.toFixed(1)} ms | | | |`,
      );
      continue;
    }
    const ok =
      r.target === undefined
        ? ''
        : `< ${r.target} s ${r.wall < r.target ? 'met' : 'MISSED'}; < ${RSS_TARGET_MB} MB ${r.maxRssMb < RSS_TARGET_MB ? 'met' : 'MISSED'}`;
    console.log(
      `| ${r.example} | crossline ${r.command} | ${r.wall.toFixed(3)} | ${r.cpu.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${ok} |`,
    );
  }
}
