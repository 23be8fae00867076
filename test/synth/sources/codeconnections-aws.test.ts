/**
 * The CodeConnections output against the tools of docs/design.md §9: the AWS CLI v1 accepts
 * pipeline.json with `triggers` (client-side validation against the CodePipeline model) and
 * moto creates it; cfn-lint reports no error on the templates, with and without a created
 * connection. One moto server for this file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from '../../../src/synth/index.js';
import { startMoto, type MotoServer } from '../../support/moto.js';
import { requireTool, toolPath } from '../../support/tools.js';
import { aws, cliEnv, createPipelineWithCli, requireAwsCliV1 } from '../aws-cli.js';
import { pipelineFrom } from '../helpers.js';
import { writeSynth } from '../output.js';
import { CREATED, EXISTING, FULL_CLONE } from './codeconnections-config.js';

let moto: MotoServer | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

interface Live {
  pipeline: {
    pipelineType?: string;
    triggers?: unknown;
    stages: {
      actions: { actionTypeId: { provider: string }; configuration: Record<string, string> }[];
    }[];
  };
}

for (const [name, yaml] of [
  ['existing connection, default trigger', EXISTING],
  ['created connection, push and pull-request triggers', CREATED],
  ['full clone (CODEBUILD_CLONE_REF)', FULL_CLONE],
] as const) {
  void test(`${name}: aws codepipeline create-pipeline accepts pipeline.json; get-pipeline returns the source action`, async (t) => {
    if (!requireTool(t, 'moto_server')) return;
    const cli = requireAwsCliV1(t);
    if (cli === undefined) return;
    assert.ok(moto);
    await moto.reset();
    const pipeline = pipelineFrom(yaml);
    const synth = synthesize(pipeline);
    const dir = writeSynth(synth);
    try {
      // Resolve what deploy resolves: the key, and a created connection's ARN.
      let text = synth.files.get('pipeline.json')!;
      for (const [i, ph] of synth.plan.placeholders.entries()) {
        text = text
          .split(ph.text)
          .join(ph.text.replace(/\/[^/]+$/, `/0b8a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2${i}`));
      }
      const file = join(dir, 'pipeline.resolved.json');
      writeFileSync(file, text);
      const live = (await createPipelineWithCli(
        cli,
        moto.endpoint,
        pipeline,
        dir,
        file,
      )) as Live['pipeline'];
      assert.equal(live.stages[0].actions[0].actionTypeId.provider, 'CodeStarSourceConnection');
      assert.equal(live.stages[0].actions[0].configuration.FullRepositoryId, 'acme/shop');
      assert.equal(
        live.stages[0].actions[0].configuration.OutputArtifactFormat,
        yaml === FULL_CLONE ? 'CODEBUILD_CLONE_REF' : 'CODE_ZIP',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

void test('the AWS CLI rejects triggers with a field of the wrong shape (the check above can fail)', async (t) => {
  if (!requireTool(t, 'moto_server')) return;
  const cli = requireAwsCliV1(t);
  if (cli === undefined) return;
  assert.ok(moto);
  const synth = synthesize(pipelineFrom(EXISTING));
  const dir = writeSynth(synth);
  try {
    const doc = JSON.parse(synth.files.get('pipeline.json')!) as {
      pipeline: { triggers: { gitConfiguration: Record<string, unknown> }[] };
    };
    doc.pipeline.triggers[0].gitConfiguration.pushes =
      doc.pipeline.triggers[0].gitConfiguration.push;
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

void test('cfn-lint: no errors in the templates of the connection configs', (t) => {
  if (!requireTool(t, 'cfn-lint')) return;
  const synths = [EXISTING, CREATED, FULL_CLONE].map((y) => synthesize(pipelineFrom(y)));
  const dirs = synths.map((s) => writeSynth(s));
  try {
    const files = synths.flatMap((s, i) => s.plan.stacks.map((x) => join(dirs[i], x.templateFile)));
    assert.equal(files.length, 12);
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    assert.ok(run.status !== null, `cfn-lint ran (${run.error?.message ?? ''})`);
    const errors = run.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l));
    assert.deepEqual(errors, [], 'cfn-lint errors');
    assert.equal((run.status ?? 0) & 2, 0, run.stderr);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
