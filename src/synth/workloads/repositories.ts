import {
  anyFunctionArn,
  dnsSuffix,
  imageEnvVar,
  scopeOf,
  type Partition,
} from '../../model/index.js';
import { toCfn, type Resources } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { crossAccountGrantees, rolesInAccounts } from '../policies/cross-account.js';
import { because } from '../policies/sources.js';
import { allow, policyDocument, reasonsOf, type Grant } from '../policies/statement.js';
import type { PolicyEntry } from '../types.js';
import { ECR_PULL_ACTIONS, WORKLOAD_DOCS } from './docs.js';
import { imageArns } from './grants.js';
import { orgPathGrant } from '../policies/org-paths.js';

/** `<tools>.dkr.ecr.<region>.<suffix>/<name>`: what `docker push` names. */
export function imageUri(ctx: SynthContext, name: string): string {
  return `${ctx.tools.id}.dkr.ecr.${ctx.region}.${dnsSuffix(ctx.partition as Partition)}/${name}`;
}

/**
 * The repository policy: target accounts pull, nobody else. Two statements, as Lambda documents
 * for cross-account container images: the target account (root, pinned to its execution role,
 * which creates the functions) and lambda.amazonaws.com for functions of the target accounts.
 * The build pushes with its own IAM policy (same account); nothing here grants a push.
 */
export function repositoryGrants(ctx: SynthContext): Grant[] {
  const { readerAccounts } = crossAccountGrantees(ctx);
  const grants: Grant[] = [];
  if (readerAccounts.length > 0) {
    grants.push(
      allow({
        sid: 'TargetExecutionRolesPull',
        reason: because(
          'ecr:BatchGetImage / GetDownloadUrlForLayer by the execution role of each target account when CloudFormation creates or updates a function from this image',
          'the account of the function must be allowed by the repository policy; pinned to the exact execution roles',
          WORKLOAD_DOCS.lambdaImages,
        ),
        ...rolesInAccounts(
          ctx,
          readerAccounts,
          ctx.names.execRole,
          readerAccounts.map((a) => ctx.execRoleOf(a)),
          false,
        ),
        actions: ECR_PULL_ACTIONS,
        resources: [],
      }),
    );
  }
  grants.push(
    ...orgPathGrant(ctx, {
      sid: 'OuExecutionRolesPull',
      request:
        'ecr:BatchGetImage / GetDownloadUrlForLayer by the execution role of each account of the targeted OUs when CloudFormation creates or updates a function from this image',
      roleName: ctx.names.execRole,
      actions: ECR_PULL_ACTIONS,
      resources: [],
    }),
  );
  const functions = ctx.targets.map((a) => anyFunctionArn(scopeOf(ctx.pipeline, a)));
  if (functions.length > 0) {
    grants.push(
      allow({
        sid: 'LambdaPullsForTargetFunctions',
        reason: because(
          'ecr:BatchGetImage / GetDownloadUrlForLayer by lambda.amazonaws.com when it fetches the image of a function in a target account',
          'Lambda pulls as its service principal; aws:sourceArn limits it to functions of the target accounts',
          WORKLOAD_DOCS.lambdaImages,
        ),
        principal: { Service: ctx.service('lambda') },
        actions: ECR_PULL_ACTIONS,
        resources: [],
        condition: {
          StringLike: { 'aws:sourceArn': functions.length === 1 ? functions[0] : functions },
        },
      }),
    );
  }
  return grants;
}

export interface ImageRepositories {
  readonly resources: Resources;
  readonly entries: readonly PolicyEntry[];
}

/** One AWS::ECR::Repository per `images` entry, with its policy as a PolicyEntry. */
export function imageRepositories(ctx: SynthContext): ImageRepositories {
  const images = ctx.pipeline.images ?? [];
  const arns = imageArns(ctx);
  const grants = repositoryGrants(ctx);
  const document = policyDocument(grants);
  const resources: Resources = {};
  const entries: PolicyEntry[] = [];
  images.forEach((image, i) => {
    resources[`ImageRepository${i + 1}`] = {
      Type: 'AWS::ECR::Repository',
      // Images are release history: keep them when the stack goes.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        RepositoryName: image.name,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: image.tagImmutability ? 'IMMUTABLE' : 'MUTABLE',
        ...(grants.length > 0 ? { RepositoryPolicyText: toCfn(document, []) } : {}),
      },
    };
    if (grants.length > 0) {
      entries.push({
        name: `image-repository-${i + 1}`,
        kind: 'repository',
        account: ctx.tools.id,
        attachedTo: arns[i],
        document,
        reasons: reasonsOf(grants),
      });
    }
  });
  return { resources, entries };
}

/** Environment of the build project: image URIs and the key for `--kms-key-id`. */
export function imageEnvironment(
  ctx: SynthContext,
): { Name: string; Type: 'PLAINTEXT'; Value: string }[] {
  return (ctx.pipeline.images ?? []).map((i) => ({
    Name: imageEnvVar(i.name),
    Type: 'PLAINTEXT',
    Value: imageUri(ctx, i.name),
  }));
}
