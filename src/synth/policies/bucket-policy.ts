import type { SynthContext } from '../context.js';
import { because, DOCS } from './sources.js';
import { crossAccountGrantees, rolesInAccounts } from './cross-account.js';
import { allow, awsPrincipal, deny, pinnedTo, type Grant } from './statement.js';
import { packageBucketGrants } from '../workloads/grants.js';
import { mainStore, type ArtifactStore } from '../regions.js';
import { orgPathGrant } from './org-paths.js';

/**
 * What a source action writes: the object and, cross-account, its ACL
 * (CodePipeline sets `bucket-owner-full-control`, which S3 authorises as s3:PutObjectAcl;
 * the CDK had to add exactly this grant, aws-cdk#14260). No read, list or delete.
 */
export const SOURCE_WRITE_ACTIONS = ['s3:PutObject', 's3:PutObjectAcl'];
export const DEPLOY_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];

/** The artifact bucket's policy (docs/design.md §4). */
export function bucketPolicyGrants(
  ctx: SynthContext,
  grouped: boolean,
  store: ArtifactStore = mainStore(ctx),
): Grant[] {
  const who = crossAccountGrantees(ctx, store);
  const { bucketArn: bucket, bucketObjects } = store;
  const grants: Grant[] = [
    deny({
      sid: 'DenyInsecureTransport',
      reason: because(
        'any S3 request without TLS (aws:SecureTransport false), on the bucket and on its objects',
        'artifacts hold source code and templates; refuse plain HTTP for everyone',
        DOCS.s3Tls,
      ),
      principal: '*',
      actions: ['s3:*'],
      resources: [bucket, bucketObjects],
      condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
    deny({
      sid: 'DenyUploadsWithoutKms',
      reason: because(
        's3:PutObject without the header x-amz-server-side-encryption: aws:kms',
        'every artifact must be encrypted with the artifact key, which the other accounts can use; CodePipeline and CodeBuild send the header',
        DOCS.crossAccountPipeline,
      ),
      principal: '*',
      actions: ['s3:PutObject'],
      resources: [bucketObjects],
      condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    }),
  ];
  if (who.writer !== undefined) {
    grants.push(
      allow({
        sid: 'SourceRoleWritesSourceArtifact',
        reason: because(
          `s3:PutObject (with ACL bucket-owner-full-control, hence s3:PutObjectAcl) by the source role when the ${ctx.sourceModule.label} action uploads the source artifact`,
          'a cross-account writer needs the bucket policy and its own IAM policy; pinned to the exact source role',
          DOCS.cdkPutObjectAcl,
        ),
        principal: awsPrincipal([ctx.arns.sourceRoot]),
        actions: SOURCE_WRITE_ACTIONS,
        resources: [bucketObjects],
        condition: pinnedTo([who.writer]),
      }),
    );
  }
  if (who.readers.length > 0) {
    grants.push(
      allow({
        sid: 'DeployRolesReadArtifacts',
        reason: because(
          `s3:GetObject / s3:GetObjectVersion by each target deploy role when the CloudFormation action${store.main ? '' : ` in ${store.region}`} reads the template from the build artifact${store.main ? '' : ' (copied to this region by the pipeline role)'}`,
          'cross-account readers need the bucket policy too; pinned to the exact deploy roles',
          DOCS.crossAccountPipeline,
        ),
        ...rolesInAccounts(ctx, who.readerAccounts, ctx.names.deployRole, who.readers, grouped),
        actions: DEPLOY_READ_ACTIONS,
        resources: [bucketObjects],
      }),
    );
  }
  // Organization paths: the OUs with targets in this store's region.
  grants.push(
    ...orgPathGrant(ctx, {
      sid: 'OuDeployRolesReadArtifacts',
      store,
      request: `s3:GetObject / s3:GetObjectVersion by the deploy role of each account of the targeted OUs when the CloudFormation action reads the template from the build artifact${store.main ? '' : ` in ${store.region}`}`,
      roleName: ctx.names.deployRole,
      actions: DEPLOY_READ_ACTIONS,
      resources: [bucketObjects],
    }),
  );
  grants.push(...packageBucketGrants(ctx, grouped, store));
  return grants;
}
