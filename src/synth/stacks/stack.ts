import type { Account } from '../../model/index.js';
import type { CfnRef, Json } from '../cfn.js';
import type { SynthContext } from '../context.js';
import type { RoleLayout } from '../policies/layout.js';
import { PARAM } from '../placeholders.js';
import type { CfnTemplate, PolicyEntry, StackPlan } from '../types.js';

/**
 * One synthesized stack before it is placed in the plan: the plan takes its kind, name,
 * region and outputs as they are.
 */
export interface StackBuild extends Pick<StackPlan, 'kind' | 'name' | 'region' | 'outputs'> {
  readonly account: Account;
  readonly template: CfnTemplate;
  readonly entries: readonly PolicyEntry[];
  readonly roles: readonly RoleLayout[];
  /** Parameters fed by the artifacts stack's outputs of the same name. */
  readonly parameters: readonly string[];
  readonly notes: readonly string[];
  /** Values known after deploy (plan.json `placeholders`): the text and this stack's output. */
  readonly placeholders?: readonly { readonly text: string; readonly output: string }[];
  /** Parameters fed by outputs of other stacks (the key ARNs of extra regions' stores). */
  readonly inputs?: readonly StackInput[];
}

/** A parameter of a stack and the output of another stack that feeds it. */
export interface StackInput {
  readonly name: string;
  readonly stack: string;
  readonly output: string;
}

/** Stacks deployed after the artifacts stack receive the key ARN and bucket name as parameters. */
export function artifactParameters(): Record<string, Json> {
  return {
    [PARAM.keyArn]: {
      Type: 'String',
      Description: 'ARN of the artifact key (output ArtifactKeyArn of the artifacts stack)',
      AllowedPattern: '^arn:[a-z-]+:kms:[a-z0-9-]+:[0-9]{12}:key/.+$',
    },
    [PARAM.bucketName]: {
      Type: 'String',
      Description: 'Name of the artifact bucket (output ArtifactBucketName of the artifacts stack)',
    },
  };
}

/** Where the concrete key ARN and bucket name come from in a stack that takes them as parameters. */
export function parameterRefs(ctx: SynthContext): CfnRef[] {
  return [
    { text: ctx.arns.key, sub: PARAM.keyArn },
    { text: ctx.names.bucket, sub: PARAM.bucketName },
  ];
}
