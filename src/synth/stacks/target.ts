import type { Account } from '../../model/index.js';
import { roleResources, template, type Resources } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { layoutRole } from '../policies/layout.js';
import { deployRole, execRole } from '../policies/target-roles.js';
import { PARAM } from '../placeholders.js';
import { executionNotes } from '../release/execution.js';
import { testRole } from '../release/tests.js';
import { artifactParameters, parameterRefs, type StackBuild } from './stack.js';
import { regionalInputs, storesOfAccount } from '../regions.js';

/**
 * One target account: the deploy role the pipeline assumes and the role CloudFormation deploys
 * with. `stackSet` gives the same roles in the form of a StackSet template: the account's id is
 * the `AWS::AccountId` pseudo parameter (so members whose roles differ only by their id share
 * one template) and the description names the OU instead of the account.
 */
export function targetStack(
  ctx: SynthContext,
  account: Account,
  stackSet?: { readonly description: string },
): StackBuild {
  const regional = regionalInputs(storesOfAccount(ctx, account));
  const refs = [
    ...parameterRefs(ctx),
    ...regional.refs,
    ...(stackSet === undefined ? [] : [{ text: account.id, sub: 'AWS::AccountId' }]),
  ];
  const test = testRole(ctx, account);
  const roles = [deployRole(ctx, account), execRole(ctx, account), ...(test ? [test] : [])].map(
    layoutRole,
  );
  const resources: Resources = {
    ...roleResources(
      roles[0],
      refs,
      `Assumed by the ${ctx.names.pipeline} pipeline role to deploy stacks into this account`,
    ),
    ...roleResources(
      roles[1],
      refs,
      `CloudFormation deploys the ${ctx.names.pipeline} pipeline's stacks with this role`,
    ),
    ...(roles[2] === undefined
      ? {}
      : roleResources(
          roles[2],
          refs,
          `The ${ctx.names.pipeline} pipeline's tests act here with this role`,
        )),
  };
  const notes: string[] = executionNotes(ctx, account);
  if (account.id === ctx.tools.id) {
    notes.push(
      `target account ${account.alias} is the tools account: its deploy role reads the artifacts through its own IAM policy (the key policy delegates to IAM in its account), so the key and bucket policies name no role for it`,
    );
  }
  return {
    kind: 'target',
    account,
    region: ctx.region,
    name: ctx.names.targetStack,
    template: template(
      stackSet?.description ??
        `crossline ${ctx.names.pipeline}: deploy and execution roles (target account ${account.alias})`,
      { ...artifactParameters(), ...regional.parameters },
      resources,
      {},
    ),
    entries: roles.flatMap((r) => r.entries),
    roles,
    parameters: [PARAM.bucketName, PARAM.keyArn],
    outputs: [],
    ...(regional.inputs.length === 0 ? {} : { inputs: regional.inputs }),
    notes: [...notes, ...roles.flatMap((r) => (r.note === undefined ? [] : [r.note]))],
  };
}
