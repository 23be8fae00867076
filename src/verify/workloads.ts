import { anyFunctionArn, arn, ecrRepositoryArn } from '../model/arns.js';
import { bucketName } from '../model/names.js';
import { scopeOf } from '../model/queries.js';
import type { Partition, Pipeline } from '../model/types.js';
import { packagedTemplates, packagesPrefix } from '../model/workloads.js';
import type { RowGenerator, ScriptContext } from './generator.js';
import { homeRegion } from './region-view.js';
import { OTHER_ADMIN_ROLE, OUTSIDER_ACCOUNT } from './negative.js';
import { stepTargets } from './positive.js';
import { makeRow, roleName, type RowSpec } from './rows.js';
import { step, targetScope } from './step.js';
import { SOURCES } from './sources.js';
import { targetRegion, type TargetTopology, type Topology } from './topology.js';
import type { AccessRow } from './types.js';
import { orgOutsiderPackageRows } from './workloads-org.js';

const DOCS = 'https://docs.aws.amazon.com';
/** Where the workload rows' claims about AWS come from. */
export const WORKLOAD_SOURCES = {
  /** Lambda reads S3 code (Code.S3Bucket/S3Key) as the caller of CreateFunction. */
  lambdaCode: `${DOCS}/lambda/latest/api/API_FunctionCode.html`,
  /** CloudFormation reads a nested stack's TemplateURL as its caller: the service role when set. */
  cfnServiceRole: `${DOCS}/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html`,
  /** `aws cloudformation package` uploads with SSE-KMS (--kms-key-id). */
  cliPackage: `${DOCS}/cli/latest/reference/cloudformation/package.html`,
  /** Push: GetAuthorizationToken on *, the layer-upload actions and PutImage on the repository. */
  ecrPush: `${DOCS}/AmazonECR/latest/userguide/image-push-iam.html`,
  /** Cross-account Lambda images: the account and lambda.amazonaws.com with aws:sourceArn. */
  lambdaImages: `${DOCS}/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions`,
  /** ECR repository policies decide cross-account access to a repository. */
  ecrRepositoryPolicy: `${DOCS}/AmazonECR/latest/userguide/repository-policies.html`,
} as const;

/** The workload part of a generated pipeline's topology (nothing when it has none). */
export function workloadTopology(p: Pipeline): Pick<Topology, 'packagesArn' | 'images'> {
  const tools = scopeOf(p, p.tools);
  const bucket = bucketName(p.name, p.tools.id, p.region);
  return {
    ...(packagedTemplates(p).length > 0
      ? { packagesArn: `${arn.bucket(p.partition, bucket)}/${packagesPrefix(p.name)}` }
      : {}),
    ...(p.images !== undefined && p.images.length > 0
      ? { images: p.images.map((i) => ({ name: i.name, arn: ecrRepositoryArn(tools, i.name) })) }
      : {}),
  };
}

const LAYERS = ['identity', 'resource'] as const;
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const PUSH = [
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchCheckLayerAvailability',
  'ecr:PutImage',
  'ecr:BatchGetImage',
];

/**
 * The requests workloads make, and the ones that must fail: execution roles read packaged
 * code and nested templates (through S3, so KMS sees kms:ViaService), the build writes them and
 * pushes images, targets (their execution roles, and Lambda for their functions) pull.
 * Principals outside the pipeline are the ones the negative script assumes (`negative.ts`).
 */
export const workloadRows: RowGenerator = (ctx) =>
  workloadRowsOf(ctx, (x) => targetRegion(ctx.t, x) === homeRegion(ctx.t));

/**
 * The workload rows of the targets `only` admits, against the artifact store of `ctx`: the
 * main one for the pipeline region's targets, a region's own for its targets (regions.ts).
 */
export function workloadRowsOf(
  ctx: ScriptContext,
  only: (target: TargetTopology) => boolean,
): AccessRow[] {
  const { t, r } = ctx;
  const rows: AccessRow[] = [];
  const allow = (spec: RowSpec): void => void rows.push(makeRow('allow', spec));
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  const partition = t.partition as Partition;
  const key = r.keyPolicy;
  const code =
    t.packagesArn === undefined ? undefined : `${t.packagesArn}/0a1b2c3d4e5f60718293a4b5c6d7e8f9`;
  const nested =
    t.packagesArn === undefined
      ? undefined
      : `${t.packagesArn}/9f8e7d6c5b4a39281706f5e4d3c2b1a0.template`;
  const images = t.images ?? [];
  /** A function of `account`, as Lambda names it in aws:SourceArn when it pulls its image. */
  const functionOf = (account: string): string =>
    anyFunctionArn({ partition, region: t.region, account }).replace(/\*$/, 'a-function');

  /** Read one object and decrypt it through S3, as `principal` of `account`. */
  const read = (
    expect: (s: RowSpec) => void,
    at: RowSpec['step'],
    principal: string,
    account: string,
    object: string,
    source: string,
  ): void => {
    expect({
      step: at,
      principal,
      action: 's3:GetObject',
      resource: object,
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      source,
    });
    if (key === undefined) return;
    expect({
      step: at,
      principal,
      action: 'kms:Decrypt',
      resource: key.arn,
      resourcePolicy: key,
      context: r.kmsViaS3(account),
      source: SOURCES.s3SseKms,
    });
  };

  /** Put a packaged object with SSE-KMS, as `aws cloudformation package` does in the build. */
  const putPackage = (object: string) => ({
    action: 's3:PutObject',
    resource: object,
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    context: r.sseKms(),
  });

  if (code !== undefined && nested !== undefined) {
    if (t.buildRole !== undefined) {
      allow({
        step: step('build', { verb: 'package' }),
        principal: t.buildRole,
        ...putPackage(code),
        source: WORKLOAD_SOURCES.cliPackage,
      });
      if (key !== undefined) {
        allow({
          step: step('build', { verb: 'package' }),
          principal: t.buildRole,
          action: 'kms:GenerateDataKey',
          resource: key.arn,
          resourcePolicy: key,
          context: r.kmsViaS3(t.tools),
          source: SOURCES.s3SseKms,
        });
      }
      deny({
        step: step('negative', { check: 'no-sse' }),
        principal: t.buildRole,
        action: 's3:PutObject',
        resource: code,
        resourceAccount: t.tools,
        resourcePolicy: r.bucketPolicy,
        source: SOURCES.s3SseKms,
      });
    }
    // The source role uses the key (it encrypts the source artifact), so the bucket alone
    // must keep it out of the packages.
    if (t.sourceRole !== undefined) {
      deny({
        step: step('negative', { check: 'source-role', verb: 'packages' }),
        principal: t.sourceRole,
        action: 's3:GetObject',
        resource: code,
        resourceAccount: t.tools,
        resourcePolicy: r.bucketPolicy,
        source: SOURCES.s3CrossAccount,
      });
    }
  }

  const accounts = new Set<string>();
  for (const [target, name] of stepTargets(t)) {
    const exec = target.execRole;
    if (exec === undefined || !only(target)) continue;
    const at = (verb: string) => step('deploy', { target: name, verb });
    const no = (verb: string) => step('negative', { target: name, verb });
    if (code !== undefined && nested !== undefined) {
      read(allow, at('code'), exec, target.account, code, WORKLOAD_SOURCES.lambdaCode);
      read(allow, at('nested'), exec, target.account, nested, WORKLOAD_SOURCES.cfnServiceRole);
      deny({
        step: no('package-write'),
        principal: exec,
        ...putPackage(code),
        source: SOURCES.s3CrossAccount,
      });
      for (const artifact of ['SourceArti', 'BuildArtif'] as const) {
        deny({
          step: no('package-scope'),
          principal: exec,
          action: 's3:GetObject',
          resource: r.object(artifact),
          resourceAccount: t.tools,
          resourcePolicy: r.bucketPolicy,
          source: SOURCES.s3CrossAccount,
        });
      }
    }
    for (const image of images) {
      const repository = { kind: 'repository' as const, arn: image.arn };
      for (const action of PULL) {
        allow({
          step: at('pull'),
          principal: exec,
          action,
          resource: image.arn,
          resourcePolicy: repository,
          source: WORKLOAD_SOURCES.lambdaImages,
        });
        allow({
          step: at('pull'),
          principal: 'lambda.amazonaws.com',
          action,
          resource: image.arn,
          resourcePolicy: repository,
          context: {
            'aws:SourceAccount': target.account,
            'aws:SourceArn': functionOf(target.account),
          },
          source: WORKLOAD_SOURCES.lambdaImages,
        });
      }
      deny({
        step: no('push'),
        principal: exec,
        action: 'ecr:PutImage',
        resource: image.arn,
        resourcePolicy: repository,
        source: WORKLOAD_SOURCES.ecrRepositoryPolicy,
      });
    }
    // Each side alone stays narrow (least privilege per layer): the execution role's own
    // policy and the bucket, key and repository policies grant nothing beyond the workload.
    // (In the tools account the bucket and key delegate to IAM: its identity side only.)
    const scope = targetScope(name);
    const narrow = (layer: 'identity' | 'resource', spec: Omit<RowSpec, 'step' | 'principal'>) =>
      deny({ step: scope, principal: exec, layer, ...spec });
    const layers = target.account === t.tools ? ['identity' as const] : LAYERS;
    for (const layer of layers) {
      if (code !== undefined) {
        narrow(layer, {
          action: 's3:GetObject',
          resource: r.object('BuildArtif'),
          resourceAccount: t.tools,
          resourcePolicy: r.bucketPolicy,
          source: SOURCES.s3CrossAccount,
        });
        narrow(layer, { ...putPackage(code), source: SOURCES.s3CrossAccount });
        if (key !== undefined) {
          narrow(layer, {
            action: 'kms:Encrypt',
            resource: key.arn,
            resourcePolicy: key,
            context: r.kmsViaS3(target.account),
            source: SOURCES.kmsKeyPolicy,
          });
        }
      }
      for (const image of images.slice(0, 1)) {
        narrow(layer, {
          action: 'ecr:PutImage',
          resource: image.arn,
          resourcePolicy: { kind: 'repository', arn: image.arn },
          source: WORKLOAD_SOURCES.ecrRepositoryPolicy,
        });
      }
    }
    if (code !== undefined && key !== undefined) {
      // Decrypt only through S3: not a direct kms:Decrypt call.
      narrow('identity', {
        action: 'kms:Decrypt',
        resource: key.arn,
        resourcePolicy: key,
        context: { 'kms:CallerAccount': target.account },
        source: SOURCES.kmsKeyPolicy,
      });
      narrow('identity', {
        action: 'kms:Decrypt',
        resource: `${key.arn.slice(0, key.arn.lastIndexOf('/'))}/00000000-0000-4000-8000-0000000other`,
        context: r.kmsViaS3(target.account),
        source: SOURCES.kmsKeyPolicy,
      });
    }
    if (images.length > 0) {
      narrow('identity', {
        action: 'ecr:BatchGetImage',
        resource: `${images[0].arn}-other`,
        source: WORKLOAD_SOURCES.ecrRepositoryPolicy,
      });
    }
    accounts.add(target.account);
  }

  // Any other administrator of a target account: no packages, no pulls, no pushes.
  for (const account of [...accounts].filter((a) => a !== t.tools)) {
    const other = ctx.admin(arn.role(partition, account, OTHER_ADMIN_ROLE), account);
    const at = (verb: string) =>
      step('negative', { check: 'other', account: r.aliasOf(account), verb });
    if (code !== undefined) read(deny, at('packages'), other, account, code, SOURCES.principalArn);
    for (const image of images) {
      const repository = { kind: 'repository' as const, arn: image.arn };
      for (const action of ['ecr:BatchGetImage', 'ecr:PutImage']) {
        deny({
          step: at(action === 'ecr:PutImage' ? 'push' : 'pull'),
          principal: other,
          action,
          resource: image.arn,
          resourcePolicy: repository,
          source: WORKLOAD_SOURCES.ecrRepositoryPolicy,
        });
      }
    }
  }

  // A member of the organization outside the targeted OUs: no packages (workloads-org.ts).
  if (code !== undefined) rows.push(...orgOutsiderPackageRows(ctx, code));

  if (t.buildRole !== undefined && images.length > 0) {
    allow({
      step: step('build', { verb: 'push' }),
      principal: t.buildRole,
      action: 'ecr:GetAuthorizationToken',
      resource: '*',
      resourceAccount: t.tools,
      source: WORKLOAD_SOURCES.ecrPush,
    });
  }
  if (t.buildRole !== undefined && images.length > 0) {
    // The build pushes to these repositories only, and administers none.
    const scope = step('negative', { check: 'scope', verb: 'build' });
    for (const [action, resource] of [
      ['ecr:PutImage', `${images[0].arn}-other`],
      ['ecr:DeleteRepository', images[0].arn],
    ] as const) {
      deny({
        step: scope,
        principal: t.buildRole,
        layer: 'identity',
        action,
        resource,
        source: WORKLOAD_SOURCES.ecrPush,
      });
    }
  }
  for (const image of images) {
    const repository = { kind: 'repository' as const, arn: image.arn };
    if (t.buildRole !== undefined) {
      for (const action of PUSH) {
        allow({
          step: step('build', { verb: 'push' }),
          principal: t.buildRole,
          action,
          resource: image.arn,
          resourcePolicy: repository,
          source: WORKLOAD_SOURCES.ecrPush,
        });
      }
    }
    // Outsiders, as the negative script imagines them (administrators of their own account),
    // and Lambda acting for an outside account's function.
    for (const principal of [
      ctx.admin(arn.accountRoot(partition, OUTSIDER_ACCOUNT), OUTSIDER_ACCOUNT),
      ctx.admin(arn.role(partition, OUTSIDER_ACCOUNT, roleName(t.pipelineRole)), OUTSIDER_ACCOUNT),
    ]) {
      deny({
        step: step('negative', { check: 'outsider', verb: 'pull' }),
        principal,
        action: 'ecr:BatchGetImage',
        resource: image.arn,
        resourcePolicy: repository,
        source: WORKLOAD_SOURCES.ecrRepositoryPolicy,
      });
    }
    deny({
      step: step('negative', { check: 'outsider', verb: 'pull' }),
      principal: 'lambda.amazonaws.com',
      action: 'ecr:BatchGetImage',
      resource: image.arn,
      resourcePolicy: repository,
      context: {
        'aws:SourceAccount': OUTSIDER_ACCOUNT,
        'aws:SourceArn': functionOf(OUTSIDER_ACCOUNT),
      },
      source: WORKLOAD_SOURCES.lambdaImages,
    });
  }
  return rows;
}
