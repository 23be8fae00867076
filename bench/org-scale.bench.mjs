// Benchmark of `crossline plan` for many target accounts (issue 16): the same N accounts as
// explicit targets (one alias each) and as one target by OU (`{ ou: … }` expanded from an
// organization snapshot). Reports wall and CPU time, peak RSS, the exit code, and the sizes of
// the policies that would grow with the accounts (artifact key, bucket, pipeline role).
// Needs a build (`npm run build`). Everything is generated in a temp folder (.bench/); no AWS.
// Usage: node bench/org-scale.bench.mjs [--accounts 1000] [--runs 3] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchOutputDir, TIME } from './measure.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const accounts = opt('--accounts', 1000);
const runs = opt('--runs', 3);
const json = args.includes('--json');
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/crossline.js');
if (!existsSync(join(root, 'dist/config/index.js'))) {
  console.error('no dist/: run `npm run build` first');
  process.exit(1);
}

const ORG = 'o-a1b2c3d4e5';
const OU = 'ou-ab12-11111111';
const ids = Array.from({ length: accounts }, (_, i) => String(500000000000 + i));
const snapshot = {
  version: 1,
  organization: { id: ORG, managementAccount: '111111111111' },
  roots: [{ id: 'r-ab12', name: 'Root' }],
  units: [{ id: OU, name: 'clients', parent: 'r-ab12', path: `${ORG}/r-ab12/${OU}/` }],
  accounts: [
    {
      id: '111111111111',
      name: 'tools',
      status: 'ACTIVE',
      parent: 'r-ab12',
      path: `${ORG}/r-ab12/`,
      tags: {},
    },
    ...ids.map((id, i) => ({
      id,
      name: `client-${i}`,
      status: 'ACTIVE',
      parent: OU,
      path: `${ORG}/r-ab12/${OU}/`,
      tags: { env: 'prod' },
    })),
  ],
};
const head = (extraAccounts) => `version: 1
name: scale
region: us-east-1
accounts:
  tools: "111111111111"
${extraAccounts}source: { account: tools, repository: scale, branch: main }
build: { commands: [make] }
organization: { snapshot: org.json }
`;
const tail = 'execution:\n  policies: [arn:aws:iam::aws:policy/PowerUserAccess]\n';
const explicit =
  head(ids.map((id, i) => `  c${i}: "${id}"\n`).join('')) +
  'stages:\n  - name: prod\n    targets:\n' +
  ids.map((_, i) => `      - { account: c${i}, stack: app, template: t.yaml }\n`).join('') +
  tail;
const byOu =
  head('') +
  `stages:\n  - name: prod\n    targets:\n      - { ou: ${OU}, stack: app, template: t.yaml }\n` +
  tail;

const dir = benchOutputDir('org-');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Wall seconds of a bare `node -e 0`, run between the plans (the ratio's denominator). */
const nodeAlone = [];
const timeNode = () => {
  const start = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return (performance.now() - start) / 1000;
};
const rows = [];
try {
  writeFileSync(join(dir, 'org.json'), JSON.stringify(snapshot, null, 2) + '\n');
  for (const [name, text] of [
    ['explicit', explicit],
    ['by OU', byOu],
  ]) {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yml`);
    const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
    writeFileSync(file, text);
    const samples = [];
    let status;
    let stderr = '';
    for (let i = 0; i < runs; i++) {
      // A re-run of an unchanged config would find its output up to date and write nothing: a
      // file the plan does not produce makes every run replace the whole folder.
      if (existsSync(out)) writeFileSync(join(out, 'stale.json'), '{}\n');
      nodeAlone.push(timeNode());
      const command = TIME
        ? [TIME, '-f', '%U %S %M', process.execPath, bin, 'plan', '-c', file, '-o', out]
        : [process.execPath, bin, 'plan', '-c', file, '-o', out];
      const start = performance.now();
      const r = spawnSync(command[0], command.slice(1), {
        encoding: 'utf8',
        cwd: root,
        maxBuffer: 1 << 28,
      });
      const wall = (performance.now() - start) / 1000;
      status = r.status;
      stderr = r.stderr;
      const [user, sys, rss] = TIME
        ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number)
        : [NaN, NaN, NaN];
      samples.push({ wall, cpu: user + sys, rssMb: rss / 1024 });
    }
    const size = (f) => {
      const p = join(out, 'policies', `${f}.json`);
      return existsSync(p) ? readFileSync(p, 'utf8').length : undefined;
    };
    rows.push({
      config: name,
      targets: accounts,
      exit: status,
      wall: median(samples.map((s) => s.wall)),
      cpu: median(samples.map((s) => s.cpu)),
      rssMb: median(samples.map((s) => s.rssMb)),
      keyPolicy: size('artifact-key'),
      bucketPolicy: size('artifact-bucket'),
      pipelineRole: size('pipeline-role-permissions'),
      ...(status === 0
        ? {}
        : {
            error: stderr
              .split('\n')
              .filter((l) => l.trim())
              .slice(0, 3)
              .join(' / '),
          }),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} vCPUs, Node ${process.version}`,
  loadAverage: Number(os.loadavg()[0].toFixed(1)),
  runs,
  nodeAloneWall: median(nodeAlone),
  rows,
};
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(
    `${result.date} ${result.machine}, load ${result.loadAverage}, median of ${runs}; node -e 0: ${(result.nodeAloneWall * 1000).toFixed(0)} ms`,
  );
  console.log(
    'config | targets | exit | wall s | × node -e 0 | cpu s | RSS MB | key | bucket | pipeline role',
  );
  for (const r of rows)
    console.log(
      [
        r.config,
        r.targets,
        r.exit,
        r.wall.toFixed(2),
        `${(r.wall / result.nodeAloneWall).toFixed(1)}×`,
        r.cpu.toFixed(2),
        r.rssMb.toFixed(0),
        r.keyPolicy ?? '-',
        r.bucketPolicy ?? '-',
        r.pipelineRole ?? '-',
      ].join(' | ') + (r.error ? `\n  ${r.error}` : ''),
    );
}
