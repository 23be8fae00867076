/**
 * `watch --timeout` is a wall-clock bound on the command: against a CodePipeline endpoint that
 * answers slowly, `watch` ends at the timeout (counted from the start of the process), with
 * the last status it saw, instead of waiting for the poll in flight. The endpoint is the
 * CodePipeline fake behind the fault proxy, which holds the second ListActionExecutions.
 * Needs a build: `npx tsc -p tsconfig.build.json`.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FAKE_AWS_ENV, REPO, runCli, tempDir } from '../cli/run-cli.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
import { myAppPipeline } from '../fakes/pipelines.js';
import { on, startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';

const ENV = FAKE_AWS_ENV;
const TIMEOUT_S = 3;
/**
 * What may follow the deadline, measured from this side: spawning Node (before the process
 * start the bound counts from), printing the result and exiting, on a busy CI machine. Before
 * the deadline was wall-clock, the same run took 5.3 s.
 */
const MARGIN_MS = 1_200;

let fake: CodePipelineFake;
let proxy: FaultProxy;
let config: string;
let cleanup: () => void;

void before(async () => {
  // The run never moves on by itself: it is still in progress when watch gives up.
  fake = await startCodePipelineFake({ pipelines: [myAppPipeline()], autoAdvance: false });
  proxy = await startFaultProxy({ target: fake.endpoint });
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  config = join(tmp.dir, 'crossline.yml');
  copyFileSync(join(REPO, 'examples/four-accounts.yml'), config);
});

void after(async () => {
  await proxy.stop();
  await fake.close();
  cleanup();
});

void describe('watch --timeout against a slow endpoint', () => {
  void it(`--timeout ${TIMEOUT_S} ends within ${TIMEOUT_S} s, cutting the poll in flight`, async () => {
    const started = await runCli(['start', '-c', config, '--endpoint-url', fake.endpoint], {
      env: ENV,
    });
    assert.equal(started.status, 0, started.stderr);
    const id = started.stdout.trim();
    // The first poll answers at once; the next one's action list goes silent for 10 s, so
    // it is in flight at the deadline.
    const match = on('codepipeline', 'ListActionExecutions');
    proxy.addRule({ match, fault: { kind: 'latency', ms: 0 }, times: 1 });
    const slow = proxy.addRule({ match, fault: { kind: 'latency', ms: 10_000 } });

    const t0 = Date.now();
    const run = await runCli(
      [
        'watch',
        id,
        '--timeout',
        String(TIMEOUT_S),
        '--interval',
        '0.2',
        '-c',
        config,
        '--endpoint-url',
        proxy.endpoint,
      ],
      { env: ENV },
    );
    const elapsed = Date.now() - t0;

    assert.equal(run.status, 1, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`execution ${id} InProgress \\(still running; gave up waiting\\)`),
    );
    assert.match(run.stderr, /Source\/Source\s+InProgress/, 'what the first poll saw is reported');
    assert.ok(
      elapsed <= TIMEOUT_S * 1000 + MARGIN_MS,
      `watch --timeout ${TIMEOUT_S} took ${elapsed} ms`,
    );
    assert.equal(slow.hits, 1, 'the second poll was in flight at the deadline');
  });
});
