/* eslint-disable @typescript-eslint/no-explicit-any -- templates are read as untyped JSON */
/**
 * docs/design.md §7, asserted by meaning on the generated templates and policy documents of both
 * examples: find the statement, then check its principal, action, resource and condition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pipeline } from '../../src/model/index.js';
import type { PolicyEntry, SynthResult } from '../../src/synth/index.js';
import {
  allowing,
  awsPrincipals,
  condition,
  example,
  list,
  matches,
  policy,
  strings,
} from './helpers.js';

interface Resource {
  Type: string;
  DeletionPolicy?: string;
  Properties: Record<string, any>;
}
type Template = { Resources: Record<string, Resource> };

function tpl(synth: SynthResult, kind: string, alias?: string): Template {
  const s = synth.plan.stacks.find(
    (x) => x.kind === kind && (alias === undefined || x.account.alias === alias),
  );
  assert.ok(s, `a ${kind} stack${alias ? ` in ${alias}` : ''}`);
  return synth.templates[s.id] as Template;
}

function ofType(t: Template, type: string): Resource[] {
  return Object.values(t.Resources).filter((r) => r.Type === type);
}

function names(p: Pipeline) {
  const part = p.partition;
  const role = (acct: string, n: string) => `arn:${part}:iam::${acct}:role/${p.name}-${n}`;
  const targets = [
    ...new Map(
      p.stages.flatMap((s) => s.targets.map((t) => [t.account.id, t.account] as const)),
    ).values(),
  ];
  return {
    part,
    root: (acct: string) => `arn:${part}:iam::${acct}:root`,
    pipelineRole: role(p.tools.id, 'pipeline'),
    sourceRole: role(p.source.account.id, 'source'),
    deployRole: (acct: string) => role(acct, 'deploy'),
    execRole: (acct: string) => role(acct, 'cfn-exec'),
    targets,
    bucket: `arn:${part}:s3:::${p.name}-artifacts-${p.tools.id}-${p.region}`,
    repo: `arn:${part}:codecommit:${p.region}:${p.source.account.id}:${p.source.repository}`,
    pipeline: `arn:${part}:codepipeline:${p.region}:${p.tools.id}:${p.name}`,
    bus: `arn:${part}:events:${p.region}:${p.tools.id}:event-bus/default`,
  };
}

for (const which of ['four', 'fifty'] as const) {
  const { pipeline: p, synth } = example(which);
  const n = names(p);
  const crossTargets = n.targets.filter((a) => a.id !== p.tools.id);
  const byKind = (kind: PolicyEntry['kind']) => synth.policies.filter((e) => e.kind === kind);

  void test(`${which}: artifact bucket — versioned, SSE-KMS with bucket key, public access blocked, owner enforced, retained`, () => {
    const [bucket] = ofType(tpl(synth, 'artifacts'), 'AWS::S3::Bucket');
    assert.ok(bucket);
    assert.equal(bucket.DeletionPolicy, 'Retain');
    const props = bucket.Properties;
    assert.equal(props.VersioningConfiguration.Status, 'Enabled');
    const [rule] = props.BucketEncryption.ServerSideEncryptionConfiguration;
    assert.equal(rule.ServerSideEncryptionByDefault.SSEAlgorithm, 'aws:kms');
    assert.deepEqual(rule.ServerSideEncryptionByDefault.KMSMasterKeyID, {
      'Fn::GetAtt': ['ArtifactKey', 'Arn'],
    });
    assert.equal(rule.BucketKeyEnabled, true);
    assert.deepEqual(props.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.deepEqual(props.OwnershipControls.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
  });

  void test(`${which}: bucket policy — TLS-only on both ARNs, SSE-KMS-only uploads, writers and readers pinned to exact roles`, () => {
    const bp = policy(synth, 'artifact-bucket');
    const denies = bp.document.Statement.filter((s) => s.Effect === 'Deny');
    const tls = denies.find((s) => condition(s, 'Bool', 'aws:SecureTransport').includes('false'));
    assert.ok(tls, 'a Deny on aws:SecureTransport false');
    assert.equal(tls.Principal, '*');
    assert.ok(
      list(tls.Action).some((a) => matches(a, 's3:GetObject')) &&
        list(tls.Action).some((a) => matches(a, 's3:ListBucket')),
    );
    assert.deepEqual(list(tls.Resource).sort(), [n.bucket, `${n.bucket}/*`]);
    const sse = denies.find((s) =>
      condition(s, 'StringNotEquals', 's3:x-amz-server-side-encryption').includes('aws:kms'),
    );
    assert.ok(sse, 'a Deny of uploads without SSE-KMS');
    assert.equal(sse.Principal, '*');
    assert.ok(list(sse.Action).some((a) => matches(a, 's3:PutObject')));
    assert.ok(list(sse.Resource).includes(`${n.bucket}/*`));

    for (const s of bp.document.Statement.filter((x) => x.Effect === 'Allow')) {
      assert.notEqual(s.Principal, '*', 'no Allow to everyone');
      assert.ok(
        condition(s, 'ArnEquals', 'aws:PrincipalArn').length > 0,
        `${s.Sid} is pinned with aws:PrincipalArn`,
      );
    }
    const writer = allowing(bp, 's3:PutObject', `${n.bucket}/x`);
    assert.equal(writer.length, 1);
    assert.deepEqual(awsPrincipals(writer[0]), [n.root(p.source.account.id)]);
    assert.deepEqual(condition(writer[0], 'ArnEquals', 'aws:PrincipalArn'), [n.sourceRole]);
    assert.deepEqual(list(writer[0].Action).sort(), ['s3:PutObject', 's3:PutObjectAcl']);
    const reader = allowing(bp, 's3:GetObject', `${n.bucket}/x`);
    assert.equal(reader.length, 1);
    assert.deepEqual(awsPrincipals(reader[0]).sort(), crossTargets.map((a) => n.root(a.id)).sort());
    assert.deepEqual(
      condition(reader[0], 'ArnEquals', 'aws:PrincipalArn').sort(),
      crossTargets.map((a) => n.deployRole(a.id)).sort(),
    );
    assert.deepEqual(list(reader[0].Action).sort(), ['s3:GetObject', 's3:GetObjectVersion']);
  });

  void test(`${which}: key — rotation on, no * principal, grants pinned to exact role ARNs, referenced by ARN`, () => {
    const [key] = ofType(tpl(synth, 'artifacts'), 'AWS::KMS::Key');
    assert.ok(key);
    assert.equal(key.Properties.EnableKeyRotation, true);
    assert.equal(key.DeletionPolicy, 'Retain');
    const kp = policy(synth, 'artifact-key');
    for (const s of kp.document.Statement) {
      assert.equal(s.Effect, 'Allow');
      assert.notEqual(s.Principal, '*');
      assert.ok(!awsPrincipals(s).includes('*'), `${s.Sid}: no * principal`);
      const pinned = condition(s, 'ArnEquals', 'aws:PrincipalArn');
      if (awsPrincipals(s).join() === n.root(p.tools.id)) continue; // the key account's own root: delegates to IAM
      assert.ok(
        pinned.length > 0 && pinned.every((a) => !a.includes('*')),
        `${s.Sid}: pinned to exact role ARNs`,
      );
    }
    const admin = kp.document.Statement.find((s) => awsPrincipals(s).join() === n.root(p.tools.id));
    assert.deepEqual(list(admin?.Action), ['kms:*']);
    const writer = kp.document.Statement.find((s) =>
      condition(s, 'ArnEquals', 'aws:PrincipalArn').includes(n.sourceRole),
    );
    assert.deepEqual(list(writer?.Action).sort(), [
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey*',
      'kms:ReEncrypt*',
    ]);
    const reader = kp.document.Statement.find((s) =>
      condition(s, 'ArnEquals', 'aws:PrincipalArn').includes(n.deployRole(crossTargets[0].id)),
    );
    assert.deepEqual(list(reader?.Action).sort(), ['kms:Decrypt', 'kms:DescribeKey']);
    assert.deepEqual(
      condition(reader!, 'ArnEquals', 'aws:PrincipalArn').sort(),
      crossTargets.map((a) => n.deployRole(a.id)).sort(),
    );

    const store = (synth.pipelineJson.pipeline as any).artifactStore.encryptionKey;
    assert.equal(store.type, 'KMS');
    assert.match(
      store.id,
      new RegExp(`^arn:${n.part}:kms:${p.region}:${p.tools.id}:key/`),
      'the artifact store names the key by ARN, not alias',
    );
    const [pipe] = ofType(tpl(synth, 'pipeline'), 'AWS::CodePipeline::Pipeline');
    assert.deepEqual(pipe.Properties.ArtifactStore.EncryptionKey, {
      Type: 'KMS',
      Id: { Ref: 'ArtifactKeyArn' },
    });
  });

  void test(`${which}: trust — cross-account roles trust the tools root pinned to the exact pipeline role`, () => {
    const trusts = byKind('trust');
    const crossAccountRoles = [n.sourceRole, ...n.targets.map((a) => n.deployRole(a.id))];
    for (const arn of crossAccountRoles) {
      const t = trusts.find((e) => e.attachedTo === arn);
      assert.ok(t, `trust of ${arn}`);
      assert.equal(t.document.Statement.length, 1);
      const [s] = t.document.Statement;
      assert.deepEqual(list(s.Action), ['sts:AssumeRole']);
      assert.deepEqual(awsPrincipals(s), [n.root(p.tools.id)]);
      assert.deepEqual(condition(s, 'ArnEquals', 'aws:PrincipalArn'), [n.pipelineRole]);
    }
  });

  void test(`${which}: service trusts carry aws:SourceAccount (and aws:SourceArn where the service sends it)`, () => {
    const services = byKind('trust').filter((e) =>
      e.document.Statement.some((s) => (s.Principal as any)?.Service),
    );
    assert.ok(services.length >= 3 + n.targets.length);
    for (const t of services) {
      for (const s of t.document.Statement) {
        assert.deepEqual(
          condition(s, 'StringEquals', 'aws:SourceAccount'),
          [t.account],
          `${t.name} is limited to its own account`,
        );
        const service = (s.Principal as { Service: string }).Service;
        if (service === 'events.amazonaws.com') {
          const [rule] = condition(s, 'ArnEquals', 'aws:SourceArn');
          assert.match(
            rule,
            new RegExp(`^arn:${n.part}:events:${p.region}:${t.account}:rule/`),
            `${t.name}: only its rule`,
          );
        }
        if (service === 'codebuild.amazonaws.com') {
          assert.deepEqual(condition(s, 'ArnEquals', 'aws:SourceArn'), [
            `arn:${n.part}:codebuild:${p.region}:${p.tools.id}:project/${p.name}-build`,
          ]);
        }
      }
    }
  });

  void test(`${which}: no sts:AssumeRole on role/* — the pipeline role assumes exactly the source and deploy roles`, () => {
    const assumable: string[] = [];
    for (const e of byKind('identity')) {
      for (const s of allowing(e, 'sts:AssumeRole')) {
        assert.equal(
          e.attachedTo,
          n.pipelineRole,
          `only the pipeline role assumes roles (${e.name})`,
        );
        for (const r of list(s.Resource)) {
          assert.ok(!r.includes('*'), `${e.name}.${s.Sid}: ${r} has no wildcard`);
          assumable.push(r);
        }
      }
    }
    assert.deepEqual(
      assumable.sort(),
      [n.sourceRole, ...n.targets.map((a) => n.deployRole(a.id))].sort(),
    );
  });

  void test(`${which}: PassRole is scoped to one role and one service`, () => {
    let seen = 0;
    for (const e of byKind('identity')) {
      for (const s of allowing(e, 'iam:PassRole')) {
        seen++;
        const acct = e.account;
        assert.deepEqual(list(s.Resource), [n.execRole(acct)]);
        assert.deepEqual(condition(s, 'StringEquals', 'iam:PassedToService'), [
          'cloudformation.amazonaws.com',
        ]);
        assert.equal(e.attachedTo, n.deployRole(acct));
      }
    }
    assert.equal(seen, n.targets.length);
  });

  void test(`${which}: the CodeCommit role has exactly the five actions on one repository and no managed policy`, () => {
    const perms = synth.policies.filter(
      (e) => e.kind === 'identity' && e.attachedTo === n.sourceRole,
    );
    assert.equal(perms.length, 1);
    assert.equal(perms[0].managedPolicies, undefined);
    const codecommit = perms[0].document.Statement.flatMap((s) =>
      list(s.Action)
        .filter((a) => a.startsWith('codecommit:'))
        .map((a) => [a, list(s.Resource)] as const),
    );
    assert.deepEqual(codecommit.map(([a]) => a).sort(), [
      'codecommit:CancelUploadArchive',
      'codecommit:GetBranch',
      'codecommit:GetCommit',
      'codecommit:GetUploadArchiveStatus',
      'codecommit:UploadArchive',
    ]);
    for (const [, resources] of codecommit) assert.deepEqual(resources, [n.repo]);
    const [role] = Object.values(tpl(synth, 'source').Resources).filter(
      (r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === `${p.name}-source`,
    );
    assert.equal(role.Properties.ManagedPolicyArns, undefined);
    assert.ok(!JSON.stringify(synth.templates).includes('AWSCodeCommitFullAccess'));
    // No other role may touch CodeCommit.
    for (const e of byKind('identity').filter((x) => x.attachedTo !== n.sourceRole)) {
      assert.equal(
        e.document.Statement.flatMap((s) => list(s.Action)).filter((a) =>
          a.startsWith('codecommit:'),
        ).length,
        0,
        e.name,
      );
    }
  });

  void test(`${which}: the bus policy lets only the source account put events`, () => {
    const bus = byKind('bus');
    assert.equal(bus.length, 1);
    const [s, ...rest] = bus[0].document.Statement;
    assert.equal(rest.length, 0);
    assert.equal(s.Effect, 'Allow');
    assert.deepEqual(awsPrincipals(s), [n.root(p.source.account.id)]);
    assert.deepEqual(list(s.Action), ['events:PutEvents']);
    assert.deepEqual(list(s.Resource), [n.bus]);
    const [res] = ofType(tpl(synth, 'artifacts'), 'AWS::Events::EventBusPolicy');
    assert.equal(res.Properties.Statement.Principal.AWS, n.root(p.source.account.id));
  });

  void test(`${which}: commits trigger the pipeline across accounts; no polling`, () => {
    const decl = synth.pipelineJson.pipeline as any;
    const source = decl.stages[0].actions[0];
    assert.equal(source.configuration.PollForSourceChanges, 'false');
    assert.equal(source.roleArn, n.sourceRole);
    const [forward] = ofType(tpl(synth, 'source'), 'AWS::Events::Rule');
    assert.deepEqual(forward.Properties.EventPattern.resources, [n.repo]);
    assert.deepEqual(forward.Properties.EventPattern.detail.referenceName, [p.source.branch]);
    assert.deepEqual(forward.Properties.Targets[0].Arn, n.bus);
    assert.deepEqual(forward.Properties.Targets[0].RoleArn, {
      'Fn::GetAtt': ['ForwardRole', 'Arn'],
    });
    const [start] = ofType(tpl(synth, 'pipeline'), 'AWS::Events::Rule');
    assert.deepEqual(start.Properties.EventPattern.account, [p.source.account.id]);
    assert.deepEqual(start.Properties.EventPattern.resources, [n.repo]);
    assert.equal(start.Properties.Targets[0].Arn, n.pipeline);
    const trigger = policy(synth, 'trigger-role-permissions').document.Statement;
    assert.deepEqual(
      trigger.flatMap((s) => list(s.Action)),
      ['codepipeline:StartPipelineExecution'],
    );
    assert.deepEqual(
      trigger.flatMap((s) => list(s.Resource)),
      [n.pipeline],
    );
    const forwardPerms = policy(synth, 'forward-role-permissions').document.Statement;
    assert.deepEqual(
      forwardPerms.flatMap((s) => list(s.Action)),
      ['events:PutEvents'],
    );
    assert.deepEqual(
      forwardPerms.flatMap((s) => list(s.Resource)),
      [n.bus],
    );
  });

  void test(`${which}: each deploy action runs with its account's deploy role and execution role`, () => {
    const decl = synth.pipelineJson.pipeline as any;
    const deploys: any[] = decl.stages
      .flatMap((s: { actions: unknown[] }) => s.actions)
      .filter((a: any) => a.actionTypeId.provider === 'CloudFormation');
    assert.equal(
      deploys.length,
      p.stages.reduce((k, s) => k + s.targets.length, 0),
    );
    for (const a of deploys) {
      const acct = a.roleArn.split(':')[4];
      assert.equal(a.roleArn, n.deployRole(acct));
      assert.equal(a.configuration.RoleArn, n.execRole(acct));
      const deployPerms = synth.policies.find(
        (e) => e.kind === 'identity' && e.attachedTo === n.deployRole(acct),
      )!;
      const stackArn = `arn:${n.part}:cloudformation:${p.region}:${acct}:stack/${a.configuration.StackName}/x`;
      assert.equal(a.configuration.ActionMode, 'CREATE_UPDATE');
      for (const action of [
        'cloudformation:CreateStack',
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackEvents',
      ]) {
        assert.ok(allowing(deployPerms, action, stackArn).length > 0, action);
      }
      assert.equal(
        allowing(deployPerms, 'cloudformation:CreateChangeSet').length,
        0,
        'CREATE_UPDATE makes no change-set calls',
      );
      assert.equal(allowing(deployPerms, 'cloudformation:DeleteStack').length, 0);
      assert.ok(allowing(deployPerms, 'cloudformation:UpdateStack', stackArn).length > 0);
      const other = `arn:${n.part}:cloudformation:${p.region}:${acct}:stack/not-ours/x`;
      assert.equal(allowing(deployPerms, 'cloudformation:UpdateStack', other).length, 0);
    }
  });

  void test(`${which}: no secrets in any output`, () => {
    for (const [file, content] of synth.files) {
      assert.doesNotMatch(
        content,
        /AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|aws_secret_access_key|SecretAccessKey|SessionToken/i,
        file,
      );
    }
    assert.ok(strings(synth.pipelineJson).length > 0);
  });
}
