// Runs every test/**/*.test.ts with Node's built-in test runner (TypeScript through tsx), with
// the Node that runs this script (process.execPath), so `npx -y -p node@22 node
// scripts/run-tests.mjs` tests on Node 22; CLI tests spawn process.execPath too.
// Node 20 has no glob support in `node --test`, so the files are listed here.
//
// Usage: node scripts/run-tests.mjs [substring filter ...]
// Environment:
//   CROSSLINE_TEST_CONCURRENCY  test files run at once (default: the number of cores; most
//                               tests wait on child processes and servers, not the CPU)
//   CROSSLINE_SKIP_SLOW=1       leave out the slowest end-to-end files (SLOW below); CI does
//                               this on its Node 22 and 24 legs, which run everything else
//   CROSSLINE_KEEP_TMP=1        keep the run's temporary folder (see below) for a post-mortem
//
// The tests, and the CLIs, moto servers and browsers they start, get a temporary folder of
// this run as TMPDIR, removed at the end: what a test leaves behind does not pile up in the
// system's temp folder (thousands of folders there made file creation, and so the `plan`
// benchmark, several times slower).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

/** End-to-end files (moto, whole deploys) that take minutes; run in full on Node 20 only. */
const SLOW = [];

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
let files = find('test')
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (process.env.CROSSLINE_SKIP_SLOW === '1') {
  const skipped = files.filter((f) => SLOW.some((s) => f.endsWith(s)));
  files = files.filter((f) => !skipped.includes(f));
  for (const f of skipped) console.log(`skipping ${f}: CROSSLINE_SKIP_SLOW=1 (it runs on Node 20)`);
}
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const concurrency = Number(process.env.CROSSLINE_TEST_CONCURRENCY) || availableParallelism();
const tmp = mkdtempSync(join(tmpdir(), 'crossline-tests-'));
console.log(`node ${process.version}: ${files.length} test files, ${concurrency} at a time`);
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${new URL('./test-summary-reporter.mjs', import.meta.url).pathname}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp } },
);
if (process.env.CROSSLINE_KEEP_TMP === '1') console.log(`kept the temporary folder ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
process.exit(result.status ?? 1);
