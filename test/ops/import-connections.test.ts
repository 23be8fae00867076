/**
 * `import` of a CodeConnections pipeline: the CodeStarSourceConnection action and the
 * pipeline's V2 git triggers become `source.provider: codeconnections` with `triggers`, and
 * synthesizing the imported config gives back the same Source action and triggers. Offline
 * from a snapshot, and end to end: the AWS CLI v1 creates the pipeline in moto (which accepts
 * a CodeStarSourceConnection action and keeps `triggers`), `crossline import` reads it live.
 * Needs a build for the CLI part (test/cli/run-cli.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/index.js';
import { configFromSnapshot, parseSnapshot, type LiveSnapshot } from '../../src/ops/index.js';
import { synthesize } from '../../src/synth/index.js';
import { runCli, tempDir } from '../cli/run-cli.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { requireTool, toolPath } from '../support/tools.js';
import { createPipelineWithCli, requireAwsCliV1 } from '../synth/aws-cli.js';
import { writeSynth } from '../synth/output.js';
import {
  CONNECTION,
  connectionConfig,
  EXISTING,
  FULL_CLONE,
} from '../synth/sources/codeconnections-config.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TRIGGERED = connectionConfig(`
  provider: codeconnections
  connection: ${CONNECTION}
  repository: acme/shop
  branch: main
  triggers:
    push:
      branches: { includes: [main, "release/*"], excludes: ["release/old"] }
      tags: { includes: ["v*"] }
      filePaths: { excludes: ["docs/**"] }
    pullRequest:
      events: [OPEN, CLOSED]
      branches: { includes: [main] }
`);

/** pipeline.json of a config: the declaration CodePipeline's CreatePipeline takes. */
function declarationOf(yaml: string): Obj {
  const synth = synthesize(parseConfig(yaml, 'test.yml').pipeline);
  return (JSON.parse(synth.files.get('pipeline.json')!) as { pipeline: Obj }).pipeline;
}

function snapshotOf(declaration: Obj): LiveSnapshot {
  return parseSnapshot(
    {
      kind: 'crossline-doctor-snapshot',
      version: 1,
      capturedAt: '2026-12-01T12:00:00.000Z',
      region: 'us-east-1',
      partition: 'aws',
      pipelineAccount: '111111111111',
      pipeline: { pipeline: declaration },
      roles: {},
      unread: [],
    },
    'test.json',
  );
}

/** What must survive the round trip: the Source action and the pipeline's triggers. */
function sourceOf(declaration: Obj): { action: Obj; triggers: unknown } {
  const action = declaration.stages[0].actions[0] as Obj;
  return {
    action: {
      name: action.name,
      provider: action.actionTypeId.provider,
      configuration: action.configuration,
    },
    triggers: declaration.triggers,
  };
}

void describe('import of a CodeConnections pipeline (snapshot)', () => {
  for (const [name, yaml] of [
    ['push and pull-request triggers', TRIGGERED],
    ['the default push trigger', EXISTING],
    ['a full clone (CODEBUILD_CLONE_REF)', FULL_CLONE],
  ] as const) {
    void it(`${name}: the imported config regenerates the same Source action and triggers`, () => {
      const live = declarationOf(yaml);
      const { yaml: imported } = configFromSnapshot(snapshotOf(live));
      const config = parse(imported) as Obj;
      assert.equal(config.source.provider, 'codeconnections');
      assert.equal(config.source.connection, CONNECTION);
      assert.equal(config.source.repository, 'acme/shop');
      assert.equal(config.source.branch, 'main');
      assert.equal(config.source.account, undefined, 'a connection source has no account');
      assert.deepEqual(sourceOf(declarationOf(imported)), sourceOf(live));
    });
  }

  void it('maps the filters back to source.triggers, and leaves the default out', () => {
    const t = (parse(configFromSnapshot(snapshotOf(declarationOf(TRIGGERED))).yaml) as Obj).source
      .triggers;
    assert.deepEqual(t, {
      push: {
        branches: { includes: ['main', 'release/*'], excludes: ['release/old'] },
        tags: { includes: ['v*'] },
        filePaths: { excludes: ['docs/**'] },
      },
      pullRequest: { events: ['OPEN', 'CLOSED'], branches: { includes: ['main'] } },
    });
    const plain = parse(configFromSnapshot(snapshotOf(declarationOf(EXISTING))).yaml) as Obj;
    assert.equal(plain.source.triggers, undefined);
  });

  void it('notes the filters it cannot carry (a second push filter)', () => {
    const live = declarationOf(TRIGGERED);
    live.triggers[0].gitConfiguration.push.push({ tags: { includes: ['r*'] } });
    const { notes } = configFromSnapshot(snapshotOf(live));
    assert.ok(notes.some((n) => /2 push and 1 pull-request filters/.test(n)));
  });

  void it('a trigger on another source action is not this one (the default push is used)', () => {
    const live = declarationOf(TRIGGERED);
    live.triggers[0].gitConfiguration.sourceActionName = 'Other';
    const config = parse(configFromSnapshot(snapshotOf(live)).yaml) as Obj;
    assert.equal(config.source.triggers, undefined);
  });
});

let moto: MotoServer | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

void describe('crossline import of a live CodeConnections pipeline (moto)', () => {
  void it('moto keeps the action and triggers; import, then plan, give them back', async (t) => {
    if (!requireTool(t, 'moto_server')) return;
    const cli = requireAwsCliV1(t);
    if (cli === undefined) return;
    assert.ok(moto);
    const pipeline = parseConfig(TRIGGERED, 'test.yml').pipeline;
    const synth = synthesize(pipeline);
    const dir = writeSynth(synth);
    const tmp = tempDir();
    try {
      const live = (await createPipelineWithCli(
        cli,
        moto.endpoint,
        pipeline,
        dir,
        join(dir, 'pipeline.json'),
      )) as Obj;
      // moto accepts the CodeStarSourceConnection action and returns the triggers as given.
      assert.deepEqual(sourceOf(live), sourceOf(declarationOf(TRIGGERED)));
      const out = join(tmp.dir, 'crossline.yml');
      const imported = await runCli(
        [
          'import',
          '--pipeline',
          'shop',
          '--region',
          'us-east-1',
          '--account',
          '111111111111',
          '--assume-role',
          'OrganizationAccountAccessRole',
          '--endpoint-url',
          moto.endpoint,
          '-o',
          out,
        ],
        {
          env: {
            AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_CONFIG_FILE: '/nonexistent/crossline-test/config',
            AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/crossline-test/credentials',
          },
        },
      );
      assert.equal(imported.status, 0, imported.stderr);
      const text = readFileSync(out, 'utf8');
      assert.match(text, /provider: codeconnections/);
      // The imported config as the user finishes it (build commands), then `plan` synthesizes it.
      writeFileSync(out, text.replace(/commands:\n\s+- .*\n/, 'commands: [make]\n'));
      const planDir = join(tmp.dir, 'out');
      const plan = await runCli(['synth', '-c', out, '-o', planDir]);
      assert.equal(plan.status, 0, plan.stderr);
      const regenerated = (
        JSON.parse(readFileSync(join(planDir, 'pipeline.json'), 'utf8')) as { pipeline: Obj }
      ).pipeline;
      assert.deepEqual(sourceOf(regenerated), sourceOf(live));
    } finally {
      tmp.cleanup();
    }
  });
});
