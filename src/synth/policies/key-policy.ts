import type { SynthContext } from '../context.js';
import { because, DOCS } from './sources.js';
import { crossAccountGrantees, rolesInAccounts } from './cross-account.js';
import { allow, awsPrincipal, pinnedTo, type Grant } from './statement.js';
import { packageKeyGrants } from '../workloads/grants.js';
import { mainStore, type ArtifactStore } from '../regions.js';
import { orgPathGrant } from './org-paths.js';

export const KEY_WRITER_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];
export const KEY_READER_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];

/**
 * An artifact reader's own grant on the key(s) of its input, decrypt only:
 * `DecryptSourceArtifact`, `DecryptBuildArtifact`.
 */
export function decryptArtifactGrant(artifact: 'Source' | 'Build', keys: readonly string[]): Grant {
  return allow({
    sid: `Decrypt${artifact}Artifact`,
    reason: because(
      `kms:Decrypt of the ${artifact.toLowerCase()} artifact with the artifact key`,
      'artifacts are SSE-KMS encrypted with the pipeline key; decrypt only',
      DOCS.artifactEncryption,
    ),
    actions: KEY_READER_ACTIONS,
    resources: keys,
  });
}

/** The artifact key's policy (docs/design.md §4). In a key policy, `Resource: "*"` means this key. */
export function keyPolicyGrants(
  ctx: SynthContext,
  grouped: boolean,
  store: ArtifactStore = mainStore(ctx),
): Grant[] {
  const who = crossAccountGrantees(ctx, store);
  const grants: Grant[] = [
    allow({
      sid: 'ToolsAccountAdministersKey',
      reason: because(
        'every kms:* request from the tools account (pipeline and build roles, key administrators)',
        'a key policy must allow the key account itself, or IAM policies there grant nothing on the key',
        DOCS.keyRoot,
      ),
      principal: awsPrincipal([ctx.arns.toolsRoot]),
      actions: ['kms:*'],
      resources: ['*'],
    }),
  ];
  if (who.writer !== undefined) {
    grants.push(
      allow({
        sid: 'SourceRoleEncryptsArtifacts',
        reason: because(
          `kms:GenerateDataKey / kms:Encrypt by the source role when the ${ctx.sourceModule.label} action uploads the source artifact with SSE-KMS`,
          'a cross-account principal needs the key policy and its own IAM policy; pinned to the exact source role',
          DOCS.keyCrossAccount,
        ),
        principal: awsPrincipal([ctx.arns.sourceRoot]),
        actions: KEY_WRITER_ACTIONS,
        resources: ['*'],
        condition: pinnedTo([who.writer]),
      }),
    );
  }
  if (who.readers.length > 0) {
    grants.push(
      allow({
        sid: 'DeployRolesDecryptArtifacts',
        reason: because(
          `kms:Decrypt by each target deploy role when the CloudFormation action${store.main ? '' : ` in ${store.region}`} reads the build artifact${store.main ? '' : ' (copied to this region by the pipeline role)'}`,
          'cross-account readers need the key policy too; pinned to the exact deploy roles',
          DOCS.crossAccountPipeline,
        ),
        ...rolesInAccounts(ctx, who.readerAccounts, ctx.names.deployRole, who.readers, grouped),
        actions: KEY_READER_ACTIONS,
        resources: ['*'],
      }),
    );
  }
  // Organization paths: the OUs with targets in this store's region.
  grants.push(
    ...orgPathGrant(ctx, {
      sid: 'OuDeployRolesDecryptArtifacts',
      store,
      request: `kms:Decrypt by the deploy role of each account of the targeted OUs when the CloudFormation action reads the build artifact${store.main ? '' : ` in ${store.region}`}`,
      roleName: ctx.names.deployRole,
      actions: KEY_READER_ACTIONS,
      resources: ['*'],
    }),
  );
  grants.push(...packageKeyGrants(ctx, grouped, store));
  return grants;
}
