/**
 * pipeline.json is what `aws codepipeline create-pipeline --cli-input-json` takes: the AWS CLI
 * v1 (current service models) validates it client-side, moto creates it, and get-pipeline
 * returns the same stages and role ARNs. One moto server for this file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMoto, type MotoServer } from '../support/moto.js';
import { requireTool, toolPath } from '../support/tools.js';
import { aws, cliEnv, createPipelineWithCli, requireAwsCliV1 } from './aws-cli.js';
import { example } from './helpers.js';
import { writeSynth } from './output.js';

let moto: MotoServer | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

interface Declaration {
  pipeline: {
    name: string;
    roleArn: string;
    pipelineType?: string;
    artifactStore: { location: string; encryptionKey: { id: string; type: string } };
    stages: {
      name: string;
      actions: {
        name: string;
        roleArn?: string;
        runOrder: number;
        actionTypeId: { provider: string };
        configuration: Record<string, string>;
      }[];
    }[];
  };
}

for (const which of ['four', 'fifty', 'sam'] as const) {
  void test(`${which}: aws codepipeline create-pipeline accepts pipeline.json; get-pipeline returns the same stages and roles`, async (t) => {
    if (!requireTool(t, 'moto_server')) return;
    const cli = requireAwsCliV1(t);
    if (cli === undefined) return;
    assert.ok(moto);
    const { pipeline, synth } = example(which);
    const dir = writeSynth(synth);
    try {
      const placeholder = synth.plan.placeholders[0].text;
      const keyArn = placeholder.replace(/key\/.*$/, 'key/0b8a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d');
      const file = join(dir, 'pipeline.resolved.json');
      const text = synth.files.get('pipeline.json')!;
      assert.ok(text.includes(placeholder));
      writeFileSync(file, text.split(placeholder).join(keyArn));

      const live = (await createPipelineWithCli(
        cli,
        moto.endpoint,
        pipeline,
        dir,
        file,
      )) as Declaration['pipeline'];
      const mine = (synth.pipelineJson as unknown as Declaration).pipeline;
      assert.equal(live.name, mine.name);
      assert.equal(
        live.roleArn,
        `arn:${pipeline.partition}:iam::${pipeline.tools.id}:role/${pipeline.name}-pipeline`,
      );
      assert.equal(live.pipelineType, 'V2');
      assert.deepEqual(live.artifactStore.encryptionKey, { id: keyArn, type: 'KMS' });
      assert.equal(live.artifactStore.location, mine.artifactStore.location);
      const shape = (d: Declaration['pipeline']) =>
        d.stages.map((s) => ({
          name: s.name,
          actions: s.actions.map((a) => [
            a.name,
            a.actionTypeId.provider,
            a.runOrder,
            a.roleArn ?? null,
            a.configuration.RoleArn ?? null,
          ]),
        }));
      assert.deepEqual(shape(live), shape(mine));
      assert.equal(live.stages[0].actions[0].configuration.PollForSourceChanges, 'false');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

void test('the AWS CLI rejects a pipeline.json with a wrong field (the check above can fail)', async (t) => {
  if (!requireTool(t, 'moto_server')) return;
  const cli = requireAwsCliV1(t);
  if (cli === undefined) return;
  assert.ok(moto);
  const { synth } = example('four');
  const dir = writeSynth(synth);
  try {
    const doc = JSON.parse(synth.files.get('pipeline.json')!) as {
      pipeline: Record<string, unknown>;
    };
    doc.pipeline.stagez = doc.pipeline.stages;
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await aws(
      cli,
      ['codepipeline', 'create-pipeline', '--cli-input-json', `file://${file}`],
      moto.endpoint,
      cliEnv('us-east-1'),
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Parameter validation failed|Unknown parameter/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
