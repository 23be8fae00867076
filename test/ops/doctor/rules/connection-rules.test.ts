/**
 * The CodeConnections doctor rules on the moto fixture turned into a connection pipeline:
 * each triggers on its pattern and stays quiet when the pattern is fixed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  analyzeSnapshot,
  liveModel,
  parseSnapshot,
  RULES,
  type LiveSnapshot,
} from '../../../../src/ops/index.js';
import { globMatches } from '../../../../src/ops/doctor/rules/trigger-branch.js';
import { buildAccessScript } from '../../../../src/verify/index.js';
import { REPO } from '../../../cli/run-cli.js';
import { connectionSourceAction } from '../../../fakes/pipelines.js';

const FILE = join(REPO, 'test/ops/fixtures/snapshot-build-role-no-key.json');
const PIPELINE_ROLE = 'arn:aws:iam::111111111111:role/app-bk-pipeline';
const CONNECTION =
  'arn:aws:codeconnections:us-east-1:111111111111:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the snapshot JSON, edited in place
type Raw = Record<string, any>;

function connectionSnapshot(opts: { grant?: Raw; push?: Raw[] } = {}): LiveSnapshot {
  const raw = JSON.parse(readFileSync(FILE, 'utf8')) as Raw;
  raw.pipeline.pipeline.stages[0].actions = [
    connectionSourceAction(CONNECTION, { inputArtifacts: [] }),
  ];
  if (opts.push !== undefined) {
    raw.pipeline.pipeline.triggers = [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: { sourceActionName: 'Source', push: opts.push },
      },
    ];
  }
  if (opts.grant !== undefined)
    raw.roles[PIPELINE_ROLE].inline[0].document.Statement.push(opts.grant);
  return parseSnapshot(raw, FILE);
}

const run = (name: string, s: LiveSnapshot) => {
  const model = liveModel(s);
  return RULES[name](s, model, buildAccessScript(model.topology));
};

void test('doctor reads a connection source: the script checks UseConnection on its ARN by the pipeline role', () => {
  const model = liveModel(connectionSnapshot());
  assert.deepEqual(model.topology.sourceAction, {
    provider: 'codeconnections',
    connectionArn: CONNECTION,
    // The action has no OutputArtifactFormat CODEBUILD_CLONE_REF: no full clone.
    fullClone: false,
  });
  const rows = buildAccessScript(model.topology).rows.filter((r) => r.step === 'source.read');
  assert.deepEqual(
    rows.map((r) => [r.principal, r.action, r.resource]),
    [[PIPELINE_ROLE, 'codeconnections:UseConnection', CONNECTION]],
  );
});

void test('connection-use: an error without the grant, none with it (exact, or by wildcard)', () => {
  const [f] = run('connection-use', connectionSnapshot());
  assert.equal(f?.severity, 'error');
  assert.equal(f?.step, 'source.read');
  assert.match(f.message, /may not codeconnections:UseConnection on arn:aws:codeconnections:/);
  assert.match(f.fix, new RegExp(`allow codeconnections:UseConnection on ${CONNECTION}`));
  const exact = { Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: CONNECTION };
  assert.deepEqual(run('connection-use', connectionSnapshot({ grant: exact })), []);
  const wildcard = { Effect: 'Allow', Action: 'codeconnections:Use*', Resource: '*' };
  assert.deepEqual(run('connection-use', connectionSnapshot({ grant: wildcard })), []);
  // The grant on another connection does not count; neither does the other prefix.
  const other = { ...exact, Resource: `${CONNECTION}-other` };
  assert.equal(run('connection-use', connectionSnapshot({ grant: other })).length, 1);
  const prefix = { ...exact, Action: 'codestar-connections:UseConnection' };
  assert.equal(run('connection-use', connectionSnapshot({ grant: prefix })).length, 1);
  // The full analysis agrees: the source.read row fails without the grant, passes with it.
  const denied = analyzeSnapshot(connectionSnapshot()).findings.filter(
    (x) => x.step === 'source.read',
  );
  assert.ok(denied.length > 0);
  const ok = analyzeSnapshot(connectionSnapshot({ grant: exact })).findings.filter(
    (x) => x.step === 'source.read',
  );
  assert.deepEqual(ok, []);
});

void test('trigger-branch: a warning when no push filter matches the branch; quiet when one does', () => {
  const [w] = run(
    'trigger-branch',
    connectionSnapshot({ push: [{ branches: { includes: ['release/*'] } }] }),
  );
  assert.equal(w?.severity, 'warning');
  assert.equal(w?.step, 'trigger.git');
  assert.match(w.message, /never start app-bk/);
  const excluded = connectionSnapshot({
    push: [{ branches: { includes: ['**'], excludes: ['main'] } }],
  });
  assert.equal(run('trigger-branch', excluded).length, 1);
  const tagsOnly = connectionSnapshot({ push: [{ tags: { includes: ['v*'] } }] });
  assert.equal(run('trigger-branch', tagsOnly).length, 1);
  for (const push of [
    [{ branches: { includes: ['main'] } }],
    [{ branches: { includes: ['ma*'] } }],
    [{ tags: { includes: ['v*'] } }, { branches: { includes: ['main', 'release/*'] } }],
  ])
    assert.deepEqual(run('trigger-branch', connectionSnapshot({ push })), [], JSON.stringify(push));
  // No triggers at all: the action's own change detection starts it (nothing to report).
  assert.deepEqual(run('trigger-branch', connectionSnapshot()), []);
});

void test('git glob patterns: * stays within a path segment, ** crosses it', () => {
  assert.ok(globMatches('release/*', 'release/1.2'));
  assert.ok(!globMatches('release/*', 'release/1/2'));
  assert.ok(globMatches('release/**', 'release/1/2'));
  assert.ok(!globMatches('main', 'mainline'));
});
