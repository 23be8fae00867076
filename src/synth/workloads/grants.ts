import {
  ecrRepositoryArn,
  packagedTemplates,
  packagesPrefix,
  scopeOf,
  type Account,
} from '../../model/index.js';
import type { SynthContext } from '../context.js';
import { crossAccountGrantees, rolesInAccounts } from '../policies/cross-account.js';
import { because } from '../policies/sources.js';
import { allow, type Grant } from '../policies/statement.js';
import { ECR_PULL_ACTIONS, ECR_PUSH_ACTIONS, WORKLOAD_DOCS } from './docs.js';
import { mainStore, packagedIn, storesOfAccount, viaS3In, type ArtifactStore } from '../regions.js';
import { orgPathPackageGrant } from '../policies/org-paths.js';

/**
 * The grants workloads need: the execution roles read what `aws cloudformation package`
 * uploaded (Lambda code, nested templates), the build role pushes images. Each exists only
 * when the config asks for it, so pipelines without workloads keep their exact policies.
 */

/** `arn:…:s3:::<bucket>/<name>/packages/*`: the one prefix packaged code lives under. */
export function packagesArn(ctx: SynthContext, store: ArtifactStore = mainStore(ctx)): string {
  return `${store.bucketArn}/${packagesPrefix(ctx.pipeline.name)}/*`;
}

/** What KMS sees when S3 decrypts an object for its caller. */
export function viaS3(ctx: SynthContext): Record<string, string> {
  return { 'kms:ViaService': `s3.${ctx.region}.amazonaws.com` };
}

const packaging = (ctx: SynthContext): boolean => packagedTemplates(ctx.pipeline).length > 0;

/** Every image repository's ARN, in config order. */
export function imageArns(ctx: SynthContext): string[] {
  const tools = scopeOf(ctx.pipeline, ctx.tools);
  return (ctx.pipeline.images ?? []).map((i) => ecrRepositoryArn(tools, i.name));
}

const READ_REQUEST =
  "s3:GetObject of packaged code and nested templates under <name>/packages/ by the execution role, when Lambda fetches a function's S3 code and CloudFormation a nested stack's TemplateURL with the credentials of the caller (CloudFormation deploys with the execution role)";

type PackageOuGrant = Parameters<typeof orgPathPackageGrant>[2];

/**
 * A store's resource-policy side of the package read: nothing without packaged templates in
 * it; the statement for the targeted OUs, then `crossAccount` for the listed execution roles.
 */
function packageGrants(
  ctx: SynthContext,
  grouped: boolean,
  store: ArtifactStore,
  ou: PackageOuGrant,
  crossAccount: (who: ReturnType<typeof rolesInAccounts>) => Grant,
): Grant[] {
  if (packagedIn(ctx, store).length === 0) return [];
  const ouGrants = orgPathPackageGrant(ctx, store, ou);
  const accounts = [...crossAccountGrantees(ctx, store).readerAccounts];
  if (accounts.length === 0) return ouGrants;
  const roles = accounts.map((a) => ctx.execRoleOf(a));
  return [
    ...ouGrants,
    crossAccount(rolesInAccounts(ctx, accounts, ctx.names.execRole, roles, grouped)),
  ];
}

/** Bucket policy: cross-account execution roles read the packages prefix, nothing else. */
export function packageBucketGrants(
  ctx: SynthContext,
  grouped: boolean,
  store: ArtifactStore = mainStore(ctx),
): Grant[] {
  const ou = {
    sid: 'OuExecutionRolesReadPackages',
    request: READ_REQUEST,
    actions: ['s3:GetObject'],
    resources: [packagesArn(ctx, store)],
  };
  return packageGrants(ctx, grouped, store, ou, (who) =>
    allow({
      sid: 'ExecutionRolesReadPackages',
      reason: because(
        READ_REQUEST,
        'a cross-account reader needs the bucket policy and its own IAM policy; only the packages prefix, pinned to the exact execution roles',
        `${WORKLOAD_DOCS.lambdaCode} ; ${WORKLOAD_DOCS.cfnServiceRole}`,
      ),
      ...who,
      actions: ['s3:GetObject'],
      resources: [packagesArn(ctx, store)],
    }),
  );
}

/** Key policy: cross-account execution roles decrypt, only through S3. */
export function packageKeyGrants(
  ctx: SynthContext,
  grouped: boolean,
  store: ArtifactStore = mainStore(ctx),
): Grant[] {
  const ou = {
    sid: 'OuExecutionRolesDecryptPackages',
    request: `kms:Decrypt by the execution role of each account of the targeted OUs when S3${store.main ? '' : ` in ${store.region}`} serves it a packaged object (only through S3: kms:ViaService)`,
    actions: ['kms:Decrypt'],
    resources: ['*'],
    extra: { StringEquals: viaS3In(store.region) },
  };
  return packageGrants(ctx, grouped, store, ou, (who) =>
    allow({
      sid: 'ExecutionRolesDecryptPackages',
      reason: because(
        'kms:Decrypt by the execution role when S3 serves it a packaged object (SSE-KMS with the artifact key)',
        'a cross-account principal needs the key policy too; pinned to the exact execution roles, and only for requests S3 makes for them (kms:ViaService)',
        `${WORKLOAD_DOCS.s3SseKms} ; ${WORKLOAD_DOCS.kmsViaService}`,
      ),
      principal: who.principal,
      actions: ['kms:Decrypt'],
      resources: ['*'],
      condition: { ...who.condition, StringEquals: viaS3In(store.region) },
    }),
  );
}

/**
 * The execution role's own policy: read packages (identity side) in the stores of the regions
 * where its account has targets, pull images.
 */
export function execRoleWorkloadGrants(ctx: SynthContext, account: Account): Grant[] {
  const grants: Grant[] = [];
  const stores = storesOfAccount(ctx, account).filter((s) => packagedIn(ctx, s).length > 0);
  const main = stores.find((s) => s.main);
  if (packaging(ctx) && stores.length > 0) {
    grants.push(
      allow({
        sid: 'ReadPackages',
        reason: because(
          READ_REQUEST,
          'the identity side of the cross-account read; only the packages prefix, never source or build artifacts',
          `${WORKLOAD_DOCS.lambdaCode} ; ${WORKLOAD_DOCS.cfnServiceRole}`,
        ),
        actions: ['s3:GetObject'],
        resources: stores.map((s) => packagesArn(ctx, s)),
      }),
    );
  }
  if (main !== undefined) {
    grants.push(
      allow({
        sid: 'DecryptPackages',
        reason: because(
          'kms:Decrypt with the artifact key when S3 serves a packaged object',
          'packages are SSE-KMS encrypted with the pipeline key; decrypt only, only through S3',
          `${WORKLOAD_DOCS.s3SseKms} ; ${WORKLOAD_DOCS.kmsViaService}`,
        ),
        actions: ['kms:Decrypt'],
        resources: [ctx.arns.key],
        condition: { StringEquals: viaS3(ctx) },
      }),
    );
  }
  for (const store of stores.filter((s) => !s.main)) {
    grants.push(
      allow({
        sid: `DecryptPackages${store.word}`,
        reason: because(
          `kms:Decrypt with the artifact key of ${store.region} when S3 there serves a packaged object`,
          "Lambda code must sit in its function's region, so the build packages it into that region's store; decrypt only, only through S3 in that region",
          `${WORKLOAD_DOCS.s3SseKms} ; ${WORKLOAD_DOCS.kmsViaService}`,
        ),
        actions: ['kms:Decrypt'],
        resources: [store.key],
        condition: { StringEquals: viaS3In(store.region) },
      }),
    );
  }
  const images = imageArns(ctx);
  if (images.length > 0) {
    grants.push(
      allow({
        sid: 'PullImages',
        reason: because(
          'ecr:BatchGetImage / GetDownloadUrlForLayer by the execution role when CloudFormation creates or updates a Lambda function from an image of these repositories',
          'the role that creates the function needs pull permission on the repository; only these repositories',
          WORKLOAD_DOCS.lambdaImages,
        ),
        actions: ECR_PULL_ACTIONS,
        resources: images,
      }),
    );
  }
  return grants;
}

/** The build role pushes to exactly the configured repositories. */
export function buildRoleImageGrants(ctx: SynthContext): Grant[] {
  const images = imageArns(ctx);
  if (images.length === 0) return [];
  return [
    allow({
      sid: 'GetRegistryToken',
      reason: because(
        'ecr:GetAuthorizationToken when the build logs docker in to the registry',
        'the token call has no resource-level permissions, so its Resource is *; it grants no repository access by itself',
        WORKLOAD_DOCS.ecrPush,
      ),
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    }),
    allow({
      sid: 'PushImages',
      reason: because(
        'ecr:InitiateLayerUpload / UploadLayerPart / CompleteLayerUpload / BatchCheckLayerAvailability / PutImage / BatchGetImage when the build pushes an image',
        'the documented push set, on exactly the repositories of `images`',
        WORKLOAD_DOCS.ecrPush,
      ),
      actions: ECR_PUSH_ACTIONS,
      resources: images,
    }),
  ];
}
