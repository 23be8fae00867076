// Benchmark of `crossline deploy` (docs/design.md §10): wall time for 2, 10 and 50 target accounts,
// with the fault proxy in front of moto adding a fixed latency to every stack operation
// (CreateStack, ExecuteChangeSet, DeleteStack), so that each stack "takes" LATENCY ms like a
// real one takes minutes. The critical path should stay artifacts → (source ∥ targets) →
// pipeline: about 3 × LATENCY, not growing with the number of targets.
// Needs moto_server and a build (`npm run build`); runs through tsx to reuse test/support.
// Usage: node --import tsx bench/deploy.bench.mjs [--latency 1000] [--poll 250] [--targets 2,10,50] [--json]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startMoto } from '../test/support/moto.ts';
import { startFaultProxy, on } from '../test/support/fault-proxy.ts';
import { awsTestEnv } from '../test/support/aws-env.ts';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const latency = Number(opt('--latency', '1000'));
const counts = opt('--targets', '2,10,50').split(',').map(Number);
const json = args.includes('--json');
const poll = Number(opt('--poll', '250'));
const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('no dist/: run `npm run build` first');
  process.exit(1);
}

/** A config with n target accounts in one stage (ids 2000000000NN). */
function config(n) {
  const accounts = ['  tools: "100000000001"', '  source: "100000000002"'];
  const targets = [];
  for (let i = 1; i <= n; i++) {
    const alias = `t${String(i).padStart(2, '0')}`;
    accounts.push(`  ${alias}: "2000000000${String(i).padStart(2, '0')}"`);
    targets.push(`      - { account: ${alias}, stack: app-${alias}, template: template.yaml }`);
  }
  return [
    'version: 1',
    'name: bench',
    'region: us-east-1',
    'accounts:',
    ...accounts,
    'source: { account: source, repository: bench, branch: main }',
    'build: { commands: [make] }',
    'stages:',
    '  - name: release',
    '    targets:',
    ...targets,
    'execution: { policies: [arn:aws:iam::aws:policy/PowerUserAccess] }',
    'credentials: { assumeRole: OrganizationAccountAccessRole }',
    '',
  ].join('\n');
}

function run(argv, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/crossline.js'), ...argv], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const moto = await startMoto();
const proxy = await startFaultProxy({ target: moto.endpoint });
proxy.addRule({
  match: on('cloudformation', 'CreateStack', 'ExecuteChangeSet', 'DeleteStack'),
  fault: { kind: 'latency', ms: latency },
});
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NO_COLOR: '1',
  ...awsTestEnv(proxy.endpoint),
};
const dir = mkdtempSync(join(os.tmpdir(), 'crossline-bench-'));
const rows = [];
try {
  for (const n of counts) {
    await moto.reset();
    const file = join(dir, `targets-${n}.yml`);
    writeFileSync(file, config(n));
    const start = performance.now();
    const r = await run(
      [
        'deploy',
        '-c',
        file,
        '-o',
        join(dir, `out-${n}`),
        '--yes',
        '--json',
        '--poll-interval-ms',
        String(poll),
      ],
      env,
    );
    const wall = (performance.now() - start) / 1000;
    if (r.code !== 0)
      throw new Error(`deploy of ${n} targets exited ${r.code}:\n${r.stderr.slice(-2000)}`);
    const result = JSON.parse(r.stdout);
    const stacks = result.stacks.length;
    const secs = (k) => result.stacks.filter((s) => s.kind === k).map((s) => s.elapsedMs / 1000);
    const path = [
      Math.max(...secs('artifacts')),
      Math.max(...secs('source'), ...secs('target')),
      Math.max(...secs('pipeline')),
    ];
    rows.push({
      targets: n,
      stacks,
      wallS: +wall.toFixed(2),
      deployS: +(result.elapsedMs / 1000).toFixed(2),
      stackDurations: +(result.elapsedMs / latency).toFixed(2),
      serialS: +((stacks * latency) / 1000).toFixed(1),
      criticalPath: path.map((x) => +x.toFixed(2)),
    });
  }
} finally {
  await proxy.stop();
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(env.AWS_CONFIG_FILE), { recursive: true, force: true });
}

if (json)
  console.log(
    JSON.stringify(
      { latencyMs: latency, cpus: os.cpus().length, load: os.loadavg()[0], rows },
      null,
      2,
    ),
  );
else {
  console.log(
    `deploy with ${latency} ms per stack operation (node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg()[0].toFixed(2)})`,
  );
  console.log(
    'targets  stacks  wall (s)  deploy phase (s)  = stack durations  one-by-one (s)  artifacts → slowest of source∥targets → pipeline (s)',
  );
  for (const r of rows) {
    console.log(
      `${String(r.targets).padStart(7)}  ${String(r.stacks).padStart(6)}  ${String(r.wallS).padStart(8)}  ${String(r.deployS).padStart(16)}  ${String(r.stackDurations).padStart(17)}  ${String(r.serialS).padStart(14)}  ${r.criticalPath.join(' → ')}`,
    );
  }
}
