/**
 * Each doctor rule alone, offline, on the snapshot `doctor --save` wrote for a moto fixture
 * (fixtures/snapshot-build-role-no-key.json), edited in memory to show the rule's pattern;
 * and the steps of every finding are steps of the access script.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  analyzeSnapshot,
  liveModel,
  NON_REQUEST_STEPS,
  parseSnapshot,
  RULES,
  type Finding,
  type LiveSnapshot,
} from '../../src/ops/index.js';
import { buildAccessScript, type Topology } from '../../src/verify/index.js';
import { REPO } from '../cli/run-cli.js';
import { connectionSourceAction } from '../fakes/pipelines.js';

const FIXTURES = join(REPO, 'test/ops/fixtures');
const FILE = join(FIXTURES, 'snapshot-build-role-no-key.json');
const SOURCE_ROLE = 'arn:aws:iam::222222222222:role/app-bk-source';
const PIPELINE_ROLE = 'arn:aws:iam::111111111111:role/app-bk-pipeline';
const PROD_DEPLOY = 'arn:aws:iam::444444444444:role/app-bk-deploy';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the snapshot JSON, edited in place
type Raw = Record<string, any>;
function snapshot(edit: (s: Raw) => void = () => {}, file = FILE): LiveSnapshot {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Raw;
  edit(raw);
  return parseSnapshot(raw, file);
}

function run(name: string, s: LiveSnapshot): Finding[] {
  const rule = RULES[name];
  assert.ok(rule, `rule ${name} is registered`);
  const model = liveModel(s);
  return rule(s, model, buildAccessScript(model.topology));
}

/** A policy statement of a role, to edit. */
function inline(raw: Raw, role: string): { Statement: Raw[] } {
  return raw.roles[role].inline[0].document as { Statement: Raw[] };
}

/** The script's steps for this pipeline, with its triggers in place (the steps they would have). */
function scriptSteps(t: Topology): Set<string> {
  const complete: Topology = {
    ...t,
    forwardRole: t.forwardRole ?? 'arn:aws:iam::222222222222:role/forward',
    forwardRuleArn: t.forwardRuleArn ?? 'arn:aws:events:us-east-1:222222222222:rule/forward',
    busArn: t.busArn ?? 'arn:aws:events:us-east-1:111111111111:event-bus/default',
    triggerRole: t.triggerRole ?? 'arn:aws:iam::111111111111:role/trigger',
    startRuleArn: t.startRuleArn ?? 'arn:aws:events:us-east-1:111111111111:rule/start',
  };
  return new Set(buildAccessScript(complete).rows.map((r) => r.step));
}

const CONNECTION =
  'arn:aws:codeconnections:us-east-1:111111111111:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

/** The fixture's CodeCommit source action replaced by a CodeStarSourceConnection one. */
function toConnectionSource(s: Raw, triggers?: Raw[]): void {
  s.pipeline.pipeline.stages[0].actions = [
    connectionSourceAction(CONNECTION, { inputArtifacts: [] }),
  ];
  if (triggers !== undefined) s.pipeline.pipeline.triggers = triggers;
}

/** Edits that each show one rule's pattern; together they make every rule speak. */
const CASES: Record<string, (s: Raw) => void> = {
  // The pipeline role runs the action but has no UseConnection grant.
  'connection-use': (s) => toConnectionSource(s),
  // GetConnection answered PENDING: nobody completed the handshake in the console yet.
  'connection-state': (s) => {
    toConnectionSource(s);
    s.connection = { arn: CONNECTION, account: '111111111111', status: 'PENDING' };
  },
  // A connection of account 999999999999 that AWS RAM does not list as shared with the pipeline account.
  'connection-share': (s) => {
    toConnectionSource(s);
    const shared = CONNECTION.replace(':111111111111:', ':999999999999:');
    s.pipeline.pipeline.stages[0].actions[0].configuration.ConnectionArn = shared;
    s.connectionShare = { arn: shared, resources: [] };
  },
  // Pushes to release/* only: the action's branch main never starts a run.
  'trigger-branch': (s) =>
    toConnectionSource(s, [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: {
          sourceActionName: 'Source',
          push: [{ branches: { includes: ['release/*'] } }],
        },
      },
    ]),
  'codecommit-full-access': (s) => {
    s.roles[SOURCE_ROLE].attached.push({
      name: 'AWSCodeCommitFullAccess',
      arn: 'arn:aws:iam::aws:policy/AWSCodeCommitFullAccess',
      document: { Statement: [{ Effect: 'Allow', Action: 'codecommit:*', Resource: '*' }] },
    });
  },
  'codecommit-wildcard': (s) => {
    inline(s, SOURCE_ROLE).Statement.push({
      Effect: 'Allow',
      Action: 'codecommit:*',
      Resource: '*',
    });
  },
  'assume-any-role': (s) => {
    inline(s, PIPELINE_ROLE).Statement.push({
      Sid: 'AnyRole',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: '*',
    });
  },
  'public-resource-policy': (s) => {
    s.bucket.policy.Statement.push({
      Sid: 'Everyone',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${s.bucket.name}/*`,
    });
  },
  'account-wide-grant': (s) => {
    s.roles[PROD_DEPLOY].trust = {
      Statement: [
        {
          Sid: 'ToolsAccount',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'sts:AssumeRole',
        },
      ],
    };
  },
  'artifact-bucket-missing': (s) => {
    s.bucket.exists = false;
  },
  'artifact-key-reference': (s) => {
    s.pipeline.pipeline.artifactStore.encryptionKey.id = 'alias/app-bk-artifacts';
  },
  'aws-managed-key': (s) => {
    s.key.key.manager = 'AWS';
  },
  'build-project': (s) => {
    s.buildProjects[0].project = null;
  },
  'source-polling': (s) => {
    s.pipeline.pipeline.stages[0].actions[0].configuration.PollForSourceChanges = 'true';
  },
  'forward-rule': (s) => {
    s.forwardRules = [];
  },
  'start-rule': (s) => {
    s.startRules = [];
  },
  'build-project-key': (s) => {
    s.buildProjects[0].project.encryptionKey =
      'arn:aws:kms:us-east-1:111111111111:key/0000aaaa-1111-2222-3333-444455556666';
  },
  'writer-key-encrypt': (s) => {
    const grant = s.key.key.policy.Statement.find(
      (x: Raw) => x.Sid === 'SourceRoleEncryptsArtifacts',
    );
    grant.Action = ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*'];
  },
  'bare-unique-id': (s) => {
    s.roles[PROD_DEPLOY].trust.Statement[0].Principal = { AWS: 'AROAEXAMPLEID123456789' };
  },
  'cfn-pass-role-account': (s) => {
    const prod = s.pipeline.pipeline.stages.find((x: Raw) => x.name === 'prod');
    const deploy = prod.actions.find((a: Raw) => a.actionTypeId.provider === 'CloudFormation');
    deploy.configuration.RoleArn = 'arn:aws:iam::111111111111:role/app-bk-cfn-exec';
  },
  'forward-rule-pattern': (s) => {
    s.startRules[0].eventPattern.detail.referenceName = ['master'];
  },
  unread: (s) => {
    s.unread = [{ what: 'event rules', account: '222222222222', error: 'AccessDenied' }];
  },
  // The prod stack's function takes its code from the artifact bucket, which admits only the
  // deploy roles: the execution role (PowerUserAccess) is refused by the bucket and key policies.
  'package-read': (s) => {
    s.templates = [
      {
        account: '444444444444',
        region: 'us-east-1',
        stack: 'app-bk-prod',
        template: {
          body: `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: { S3Bucket: ${s.bucket.name}, S3Key: app-bk/BuildArtif/code.zip }\n`,
          parameters: {},
        },
      },
    ];
  },
};

void describe('doctor rules', () => {
  void it('every registered rule has a case here, and the fixture itself gives none of them', () => {
    assert.deepEqual(Object.keys(CASES).sort(), Object.keys(RULES).sort());
    for (const name of Object.keys(RULES)) assert.deepEqual(run(name, snapshot()), [], name);
  });

  for (const [name, edit] of Object.entries(CASES)) {
    void it(`${name}: reports its pattern, at a step the access script produces`, () => {
      const s = snapshot(edit);
      const found = run(name, s);
      assert.ok(found.length > 0, `${name} finds its pattern`);
      const steps = scriptSteps(liveModel(s).topology);
      for (const f of found) {
        assert.ok(
          steps.has(f.step) || NON_REQUEST_STEPS.includes(f.step),
          `${name}: ${f.step} is a step of the script`,
        );
        assert.ok(f.fix.length > 10, 'a concrete fix');
      }
    });
  }

  void it('no step that is not a request is one the script produces', () => {
    const steps = scriptSteps(liveModel(snapshot()).topology);
    for (const x of NON_REQUEST_STEPS) assert.ok(!steps.has(x), x);
  });

  void it('every finding of a full analysis is at a script step (both fixtures, every case)', () => {
    const cases: [string, (s: Raw) => void][] = [
      [join(FIXTURES, 'snapshot-trust-wrong-account.json'), () => {}],
      [FILE, () => {}],
      ...Object.values(CASES).map((edit): [string, (s: Raw) => void] => [FILE, edit]),
    ];
    for (const [file, edit] of cases) {
      const s = snapshot(edit, file);
      const steps = scriptSteps(liveModel(s).topology);
      for (const f of analyzeSnapshot(s).findings)
        assert.ok(steps.has(f.step) || NON_REQUEST_STEPS.includes(f.step), `${file}: ${f.step}`);
    }
  });

  void it('the structured statement reference names the statement at fault', () => {
    const [f] = run('assume-any-role', snapshot(CASES['assume-any-role']));
    assert.deepEqual(f?.statements, [
      { policy: 'app-bk-pipeline/app-bk-pipeline-policy', sid: 'AnyRole' },
    ]);
    assert.equal(f?.statement, 'app-bk-pipeline/app-bk-pipeline-policy/AnyRole');
    const [w] = run('codecommit-wildcard', snapshot(CASES['codecommit-wildcard']));
    assert.equal(w?.statements?.[0]?.sid, undefined);
    assert.equal(typeof w?.statements?.[0]?.index, 'number', 'a statement without Sid by index');
    const [m] = run('codecommit-full-access', snapshot(CASES['codecommit-full-access']));
    assert.deepEqual(m?.statements, [{ policy: 'app-bk-source/AWSCodeCommitFullAccess' }]);
  });

  void it('a trust finding names the step that assumes the role, with the target', () => {
    const [f] = run('account-wide-grant', snapshot(CASES['account-wide-grant']));
    assert.equal(f?.step, 'deploy.prod.assume');
    assert.equal(f?.severity, 'warning');
  });

  void it('new rules: the message names the key, the likely role, the accounts, the branch', () => {
    const [k] = run('build-project-key', snapshot(CASES['build-project-key']));
    assert.equal(k?.severity, 'error');
    assert.match(
      k.message,
      /app-bk-build encrypts its output with arn:aws:kms:.*key\/0000aaaa.*, not the artifact key arn:aws:kms:/,
    );
    const [w] = run('writer-key-encrypt', snapshot(CASES['writer-key-encrypt']));
    assert.deepEqual(
      [w?.severity, w?.step, w?.statement],
      ['warning', 'source.write', 'key policy/SourceRoleEncryptsArtifacts'],
    );
    assert.match(w.message, /app-bk-source.*not call kms:Encrypt$/);
    const [u] = run('bare-unique-id', snapshot(CASES['bare-unique-id']));
    assert.equal(u?.step, 'deploy.prod.assume');
    assert.match(
      u.message,
      /AROAEXAMPLEID123456789.*deleted role.*most likely arn:aws:iam::111111111111:role\/app-bk-pipeline/,
    );
    assert.match(u.fix, /aws:PrincipalArn/);
    const [c] = run('cfn-pass-role-account', snapshot(CASES['cfn-pass-role-account']));
    assert.deepEqual([c?.severity, c?.step], ['error', 'deploy.prod.pass-role']);
    assert.match(c.message, /Cross-account pass role is not allowed/);
    const [f] = run('forward-rule-pattern', snapshot(CASES['forward-rule-pattern']));
    assert.equal(f?.step, 'trigger.start');
    assert.equal(f?.severity, 'error', 'polling is off: commits never start the pipeline');
    assert.match(f.message, /referenceName \["master"\] does not match the branch main/);
    // The AWS managed key by its alias: the managed-key rule, not the alias rule's "use the ARN".
    const aliasS3 = snapshot((s) => {
      s.pipeline.pipeline.artifactStore.encryptionKey.id = 'alias/aws/s3';
      s.key = { reference: 'alias/aws/s3', account: '111111111111', key: null };
    });
    assert.equal(run('aws-managed-key', aliasS3).length, 1);
    assert.deepEqual(run('artifact-key-reference', aliasS3), []);
  });

  void it('a public bucket statement is an error at the outsider data step', () => {
    const [f] = run('public-resource-policy', snapshot(CASES['public-resource-policy']));
    assert.equal(f?.step, 'negative.outsider.data');
    assert.equal(f?.severity, 'error');
  });
});
