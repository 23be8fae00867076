/**
 * The multi-region example through the real tools (docs/design.md §9): the AWS CLI v1 accepts
 * its pipeline.json with `artifactStores` and per-action `region` (and moto returns them as
 * written), cfn-lint reports no error in any template, the regional artifacts stacks included.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { requireTool, toolPath } from '../support/tools.js';
import { createPipelineWithCli, requireAwsCliV1 } from './aws-cli.js';
import { writeSynth } from './output.js';

const pipeline = loadConfigFile('examples/multi-region.yml').pipeline;
const synth = synthesize(pipeline);

let moto: MotoServer | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

void test('regions: aws codepipeline create-pipeline accepts pipeline.json with artifactStores', async (t) => {
  if (!requireTool(t, 'moto_server')) return;
  const cli = requireAwsCliV1(t);
  if (cli === undefined) return;
  assert.ok(moto);
  const dir = writeSynth(synth);
  try {
    // Resolve every key placeholder (one per region), as deploy does.
    let text = synth.files.get('pipeline.json')!;
    assert.equal(synth.plan.placeholders.length, 3);
    synth.plan.placeholders.forEach((p, i) => {
      text = text
        .split(p.text)
        .join(p.text.replace(/key\/.*$/, `key/0b8a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2${i}`));
    });
    const file = join(dir, 'pipeline.resolved.json');
    writeFileSync(file, text);
    const live = (await createPipelineWithCli(cli, moto.endpoint, pipeline, dir, file)) as {
      artifactStore?: unknown;
      artifactStores?: Record<string, { location: string }>;
      stages: { name: string; actions: { name: string; region?: string }[] }[];
    };
    assert.equal(live.artifactStore, undefined);
    assert.deepEqual(Object.keys(live.artifactStores ?? {}).sort(), [
      'ap-southeast-2',
      'eu-west-1',
      'us-east-1',
    ]);
    assert.equal(
      live.artifactStores?.['eu-west-1'].location,
      'api-artifacts-111111111111-eu-west-1',
    );
    const liveStage = live.stages.find((s) => s.name === 'live')!;
    assert.deepEqual(
      liveStage.actions.map((a) => [a.name, a.region]),
      [
        ['Approve', undefined],
        ['live-api-live', undefined],
        ['live-api-live-eu-west-1', 'eu-west-1'],
        ['live-api-live-ap-southeast-2', 'ap-southeast-2'],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('regions: cfn-lint reports no error in any template, regional artifacts stacks included', (t) => {
  if (!requireTool(t, 'cfn-lint')) return;
  const dir = writeSynth(synth);
  try {
    const files = synth.plan.stacks.map((s) => join(dir, s.templateFile));
    assert.equal(files.length, 7);
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    assert.ok(run.status !== null, `cfn-lint ran (${run.error?.message ?? ''})`);
    const errors = run.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l));
    assert.deepEqual(errors, [], 'cfn-lint errors');
    assert.equal((run.status ?? 0) & 2, 0, run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
