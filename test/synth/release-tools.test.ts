/**
 * The release example through the real tools: the AWS CLI v1 accepts its pipeline.json (and
 * moto returns the change-set stage as written), cfn-lint reports no error in its templates.
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

const pipeline = loadConfigFile('examples/release-flow.yml').pipeline;
const synth = synthesize(pipeline);

let moto: MotoServer | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

interface Stage {
  name: string;
  onFailure?: { result: string; retryConfiguration?: { retryMode: string } };
  actions: {
    name: string;
    runOrder: number;
    roleArn?: string;
    actionTypeId: { category: string; provider: string };
    configuration: Record<string, string>;
  }[];
}

void test('release: aws codepipeline create-pipeline accepts pipeline.json with change-set actions and onFailure', async (t) => {
  if (!requireTool(t, 'moto_server')) return;
  const cli = requireAwsCliV1(t);
  if (cli === undefined) return;
  assert.ok(moto);
  const dir = writeSynth(synth);
  try {
    const placeholder = synth.plan.placeholders[0].text;
    const keyArn = placeholder.replace(/key\/.*$/, 'key/0b8a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
    const file = join(dir, 'pipeline.resolved.json');
    writeFileSync(file, synth.files.get('pipeline.json')!.split(placeholder).join(keyArn));
    const live = (
      (await createPipelineWithCli(cli, moto.endpoint, pipeline, dir, file)) as { stages: Stage[] }
    ).stages;
    const prod = live.find((s) => s.name === 'prod')!;
    assert.deepEqual(
      prod.actions.map((a) => [a.configuration.ActionMode ?? a.actionTypeId.category, a.runOrder]),
      [
        ['CHANGE_SET_REPLACE', 1],
        ['CHANGE_SET_REPLACE', 1],
        ['Approval', 2],
        ['CHANGE_SET_EXECUTE', 3],
        ['CHANGE_SET_EXECUTE', 4],
      ],
    );
    // The V2 onFailure of each stage, as CodePipeline stores it.
    assert.deepEqual(prod.onFailure, { result: 'ROLLBACK' });
    assert.deepEqual(live.find((s) => s.name === 'staging')!.onFailure, {
      result: 'RETRY',
      retryConfiguration: { retryMode: 'FAILED_ACTIONS' },
    });
    assert.equal(live.find((s) => s.name === 'Build')!.onFailure, undefined);
    const approval = prod.actions.find((a) => a.actionTypeId.category === 'Approval')!;
    assert.match(approval.configuration.CustomData, /change set shop-release/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('release: cfn-lint reports no error in any template', (t) => {
  if (!requireTool(t, 'cfn-lint')) return;
  const dir = writeSynth(synth);
  try {
    const files = synth.plan.stacks.map((s) => join(dir, s.templateFile));
    assert.ok(files.length >= 4);
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
