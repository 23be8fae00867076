import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/index.js';
import {
  analyzeSnapshot,
  configFromSnapshot,
  parseSnapshot,
  type LiveSnapshot,
} from '../../src/ops/index.js';
import { ACCOUNTS, MY_APP_DECLARATION } from '../fakes/pipelines.js';

/** A snapshot of the 4-account pipeline as doctor would save it (roles trimmed to what import reads). */
function snapshot(declaration: Record<string, unknown> = MY_APP_DECLARATION): LiveSnapshot {
  const exec = (account: string) => ({
    arn: `arn:aws:iam::${account}:role/my-app-cfn-exec`,
    name: 'my-app-cfn-exec',
    trust: {},
    inline: [],
    attached: [
      { arn: 'arn:aws:iam::aws:policy/PowerUserAccess', name: 'PowerUserAccess', document: {} },
    ],
  });
  return parseSnapshot(
    {
      kind: 'crossline-doctor-snapshot',
      version: 1,
      capturedAt: '2026-11-26T12:00:00.000Z',
      region: 'us-east-1',
      partition: 'aws',
      pipelineAccount: ACCOUNTS.tools,
      pipeline: {
        pipeline: declaration,
        metadata: {
          pipelineArn: `arn:aws:codepipeline:us-east-1:${ACCOUNTS.tools}:${String(declaration.name)}`,
        },
      },
      roles: {
        [`arn:aws:iam::${ACCOUNTS.staging}:role/my-app-cfn-exec`]: exec(ACCOUNTS.staging),
        [`arn:aws:iam::${ACCOUNTS.prod}:role/my-app-cfn-exec`]: exec(ACCOUNTS.prod),
      },
      unread: [],
    },
    'test.json',
  );
}

void describe('import: a crossline config from a live pipeline', () => {
  void it('maps accounts, source, stages, approvals and execution policies', () => {
    const { yaml, notes } = configFromSnapshot(snapshot());
    const { pipeline } = parseConfig(yaml, 'imported.yml');
    assert.equal(pipeline.name, 'my-app');
    assert.deepEqual(
      pipeline.accounts.map((a) => `${a.alias}=${a.id}`),
      ['prod=444444444444', 'source=222222222222', 'staging=333333333333', 'tools=111111111111'],
    );
    assert.equal(pipeline.source.repository, 'my-app');
    assert.equal(pipeline.source.account.alias, 'source');
    assert.deepEqual(
      pipeline.stages.map(
        (s) =>
          `${s.name}${s.approval ? '+approval' : ''}:${s.targets.map((t) => `${t.account.alias}/${t.stack}/${t.template}`).join(',')}`,
      ),
      [
        'staging:staging/my-app-staging/template.yaml',
        'prod+approval:prod/my-app-prod/template.yaml',
      ],
    );
    assert.deepEqual(pipeline.execution.policies, ['arn:aws:iam::aws:policy/PowerUserAccess']);
    assert.ok(
      notes.some((n) => /build\.commands/.test(n)),
      'the buildspec cannot be imported: said so',
    );
    assert.match(yaml, /^# TODO\/NOTE: build\.commands/m);
  });

  void it('carries parameters, fixes the name, notes what it leaves out', () => {
    const declaration = structuredClone(MY_APP_DECLARATION) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    declaration.name = 'My_App Pipeline';
    declaration.stages[2].actions[0].configuration.ParameterOverrides = JSON.stringify({
      Env: 'staging',
      Bucket: { 'Fn::GetArtifactAtt': ['x', 'BucketName'] },
    });
    declaration.stages[2].actions.push({
      name: 'Notify',
      actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
    });
    const { yaml, notes } = configFromSnapshot(snapshot(declaration));
    const config = parse(yaml);
    assert.equal(config.name, 'my-app-pipeline');
    assert.deepEqual(config.stages[0].targets[0].parameters, { Env: 'staging' });
    assert.ok(notes.some((n) => /not a crossline name/.test(n)));
    assert.ok(notes.some((n) => /parameter Bucket uses a CodePipeline function/.test(n)));
    assert.ok(notes.some((n) => /Notify \(Lambda\) has no crossline equivalent/.test(n)));
  });

  void it('refuses to guess execution policies', () => {
    const s = { ...snapshot(), roles: {} };
    const { yaml, notes } = configFromSnapshot(s);
    assert.match(yaml, /REPLACE-WITH-THE-EXECUTION-POLICY/);
    assert.ok(notes.some((n) => /refuses to guess/.test(n)));
  });
});

void describe('doctor analysis of a snapshot without policies', () => {
  void it('names the missing roles as run-time errors at their steps', () => {
    const report = analyzeSnapshot(snapshot());
    assert.equal(report.ok, false);
    const steps = new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.step));
    for (const step of ['source.assume', 'deploy.staging.assume', 'deploy.prod.assume'])
      assert.ok(steps.has(step), step);
  });
});
