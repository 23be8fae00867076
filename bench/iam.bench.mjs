// Benchmark of the policy-evaluation engine (docs/design.md §6): evaluations per second on one core.
// Uses the built engine (dist/iam) when present, else the sources through tsx.
// Workloads: the pipeline access script's requests (test/iam/pipeline-requests.ts) and the
// differential test's seeded random policy sets, both with cached (compiled once) policies,
// plus the pipeline requests with fresh policy objects every time (no cache).
// Usage: node bench/iam.bench.mjs [--seconds 2] [--min 100000] [--json]
// `--min` fails (exit 1) when the pipeline workload is below that many evaluations per CPU second.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = option('--seconds', 2);
const min = option('--min', 0);

const dist = new URL('../dist/iam/index.js', import.meta.url);
const engine = existsSync(dist)
  ? { source: 'dist/iam', module: await import(dist.href) }
  : { source: 'src/iam via tsx', module: await tsImport('../src/iam/index.ts', import.meta.url) };
const { evaluate } = engine.module;
const { pipelineRequests } = await tsImport('../test/iam/pipeline-requests.ts', import.meta.url);
const { generateCase, prng } = await tsImport('../test/iam/random-policies.ts', import.meta.url);

/**
 * Runs `cases` round-robin for `seconds`. Returns evaluations per CPU second of this
 * single-threaded process (= on one core, robust to other load on the machine) and per
 * wall-clock second.
 */
function measure(cases, prepare = (c) => c) {
  let sink = 0;
  for (let i = 0; i < 20_000; i++)
    sink += evaluate(...prepare(cases[i % cases.length])).allowed ? 1 : 0;
  let count = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++, count++) {
      sink += evaluate(...prepare(cases[count % cases.length])).allowed ? 1 : 0;
    }
  }
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  if (sink < 0) console.log(sink);
  return {
    perCpuSecond: Math.round(count / ((used.user + used.system) / 1e6)),
    perWallSecond: Math.round(count / wall),
  };
}

const pipeline = pipelineRequests().map((row) => [row.request, row.policies]);
const random = prng(20240611);
const generated = Array.from({ length: 1000 }, () => generateCase(random)).map((c) => [
  c.request,
  c.policies,
]);
// Fresh policy objects per evaluation: what a caller that re-reads policies every time pays.
const fresh = ([request, policies]) => [request, structuredClone(policies)];

const results = {
  engine: engine.source,
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  date: new Date().toISOString().slice(0, 10),
  loadAverage: os.loadavg()[0].toFixed(1),
  cores: os.cpus().length,
  pipelineCached: measure(pipeline),
  randomCached: measure(generated),
  pipelineUncached: measure(pipeline, fresh),
};

if (args.includes('--json')) {
  console.log(JSON.stringify(results));
} else {
  const line = (label, r) =>
    console.log(
      `  ${label} ${r.perCpuSecond.toLocaleString('en')} evaluations/CPU-s (${r.perWallSecond.toLocaleString('en')}/wall-s)`,
    );
  console.log(
    `iam engine (${results.engine}, node ${results.node}, ${results.cpu} x${results.cores}, load ${results.loadAverage})`,
  );
  line('pipeline access script, cached policies:', results.pipelineCached);
  line('random policy sets, cached policies:    ', results.randomCached);
  line('pipeline access script, fresh policies: ', results.pipelineUncached);
}
if (min > 0 && results.pipelineCached.perCpuSecond < min) {
  console.error(`below the target of ${min} evaluations/s`);
  process.exit(1);
}
