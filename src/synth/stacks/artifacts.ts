import { anyAccountRoleArn } from '../../model/index.js';
import { toCfn, template, type CfnRef, type Resources } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { bucketPolicyGrants } from '../policies/bucket-policy.js';
import { keyPolicyGrants } from '../policies/key-policy.js';
import { layoutResourcePolicy } from '../policies/layout.js';
import { POLICY_LIMITS } from '../policies/limits.js';
import { policyDocument, reasonsOf } from '../policies/statement.js';
import { PARAM } from '../placeholders.js';
import type { PolicyEntry } from '../types.js';
import type { StackBuild } from './stack.js';
import { mainStore, type ArtifactStore } from '../regions.js';

/**
 * Tools account, deployed first: the artifact key, bucket, their policies, and the bus policy.
 * With `store` an extra region's store (targets in several regions): its own key and bucket
 * with the same guards, in that region, and no bus policy (events arrive in the pipeline
 * region only).
 */
export function artifactsStack(
  ctx: SynthContext,
  store: ArtifactStore = mainStore(ctx),
): StackBuild {
  const refs: CfnRef[] = [
    { text: store.key, sub: 'ArtifactKey.Arn' },
    { text: store.bucket, sub: 'ArtifactBucket' },
  ];
  const notes: string[] = [];
  const where = store.main ? '' : ` of ${store.region}`;
  const key = layoutResourcePolicy(`the artifact key policy${where}`, POLICY_LIMITS.key, (g) =>
    keyPolicyGrants(ctx, g, store),
  );
  const bucket = layoutResourcePolicy(
    `the artifact bucket policy${where}`,
    POLICY_LIMITS.bucket,
    (g) => bucketPolicyGrants(ctx, g, store),
  );
  for (const [what, l] of [
    ['key', key],
    ['bucket', bucket],
  ] as const) {
    if (l.grouped) {
      notes.push(
        `the artifact ${what} policy${where} names ${store.targets.length} target accounts; listing every deploy role ARN would exceed its size limit, so it lists the account roots and matches aws:PrincipalArn against ${anyAccountRoleArn(ctx.pipeline.partition, ctx.names.deployRole)} (same roles, ${l.size} characters)`,
      );
    }
  }
  const keyDoc = policyDocument(key.grants);
  const bucketDoc = policyDocument(bucket.grants);
  const entries: PolicyEntry[] = [
    {
      name: `artifact-key${store.suffix}`,
      kind: 'key',
      account: ctx.tools.id,
      attachedTo: store.key,
      document: keyDoc,
      reasons: reasonsOf(key.grants),
    },
    {
      name: `artifact-bucket${store.suffix}`,
      kind: 'bucket',
      account: ctx.tools.id,
      attachedTo: store.bucketArn,
      document: bucketDoc,
      reasons: reasonsOf(bucket.grants),
    },
  ];

  const resources: Resources = {
    ArtifactKey: {
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: store.main
          ? `Encrypts the artifacts of the ${ctx.names.pipeline} pipeline; shared with its source and target accounts`
          : `Encrypts the artifacts of the ${ctx.names.pipeline} pipeline in ${store.region}; shared with the target accounts of that region`,
        EnableKeyRotation: true,
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyPolicy: toCfn(keyDoc, refs),
      },
    },
    ArtifactKeyAlias: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: ctx.names.keyAlias, TargetKeyId: { Ref: 'ArtifactKey' } },
    },
    ArtifactBucket: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketName: store.bucket,
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': ['ArtifactKey', 'Arn'] },
              },
              BucketKeyEnabled: true,
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    },
    ArtifactBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: { Ref: 'ArtifactBucket' }, PolicyDocument: toCfn(bucketDoc, refs) },
    },
  };

  const source = ctx.pipeline.source;
  const busPolicy = store.main ? ctx.sourceModule.busPolicy(ctx, source) : undefined;
  if (busPolicy !== undefined) {
    const bus = busPolicy.grants;
    const busDoc = policyDocument(bus);
    entries.push({
      name: 'tools-event-bus',
      kind: 'bus',
      account: ctx.tools.id,
      attachedTo: ctx.arns.toolsBus,
      document: busDoc,
      reasons: reasonsOf(bus),
    });
    // EventBusPolicy takes one statement; its Sid is the StatementId.
    const statement: Record<string, unknown> = { ...bus[0].statement };
    delete statement.Sid;
    resources.ToolsBusPolicy = {
      Type: 'AWS::Events::EventBusPolicy',
      Properties: {
        EventBusName: 'default',
        StatementId: busPolicy.statementId,
        Statement: toCfn(statement, refs),
      },
    };
  }

  return {
    kind: 'artifacts',
    account: ctx.tools,
    region: store.region,
    name: store.stackName,
    template: template(
      store.main
        ? `crossline ${ctx.names.pipeline}: artifact key, bucket and event bus policy (tools account ${ctx.tools.alias})`
        : `crossline ${ctx.names.pipeline}: artifact key and bucket of ${store.region} (tools account ${ctx.tools.alias})`,
      {},
      resources,
      {
        [PARAM.keyArn]: {
          Description: 'ARN of the artifact key',
          Value: { 'Fn::GetAtt': ['ArtifactKey', 'Arn'] },
        },
        [PARAM.bucketName]: {
          Description: 'Name of the artifact bucket',
          Value: { Ref: 'ArtifactBucket' },
        },
      },
    ),
    entries,
    roles: [],
    parameters: [],
    outputs: [PARAM.bucketName, PARAM.keyArn],
    notes,
  };
}
