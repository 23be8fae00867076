import type { CodeCommitSource } from '../../../model/index.js';
import { roleResources, template, type Resources } from '../../cfn.js';
import type { SynthContext } from '../../context.js';
import { layoutRole } from '../../policies/layout.js';
import { PARAM } from '../../placeholders.js';
import { artifactParameters, parameterRefs, type StackBuild } from '../../stacks/stack.js';
import { commitEventPattern } from './events.js';
import { forwardRole, sourceRole } from './roles.js';

/**
 * Source account: the role the Source action runs with and, when the repository is in
 * another account than the pipeline, the rule that forwards its commit events:
 *
 *   source account                          tools account
 *   CodeCommit ──event──▶ forward rule ──PutEvents (forward role)──▶ default bus ──▶ start rule ──▶ pipeline
 */
export function sourceStack(ctx: SynthContext, source: CodeCommitSource): StackBuild {
  const refs = parameterRefs(ctx);
  const roles = [sourceRole(ctx, source), forwardRole(ctx, source)]
    .filter((r) => r !== undefined)
    .map(layoutRole);
  const resources: Resources = {};
  Object.assign(
    resources,
    roleResources(
      roles[0],
      refs,
      `Assumed by the ${ctx.names.pipeline} pipeline role for its CodeCommit source action`,
    ),
  );
  const forward = roles[1];
  if (forward !== undefined) {
    Object.assign(
      resources,
      roleResources(
        forward,
        refs,
        `Lets EventBridge forward ${source.repository} commits to the tools account`,
      ),
    );
    resources.ForwardRule = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: ctx.names.forwardRule,
        Description: `Forwards commits on ${source.branch} of ${source.repository} to the ${ctx.names.pipeline} pipeline's account`,
        EventPattern: commitEventPattern(ctx, source, false),
        State: 'ENABLED',
        Targets: [
          {
            Id: 'ToolsDefaultBus',
            Arn: ctx.arns.toolsBus,
            RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
          },
        ],
      },
    };
  }
  if (source.create) {
    resources.Repository = {
      Type: 'AWS::CodeCommit::Repository',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        RepositoryName: source.repository,
        RepositoryDescription: `Source of the ${ctx.names.pipeline} pipeline (created by crossline)`,
      },
    };
  }
  const notes: string[] = [];
  if (ctx.sourceInTools) {
    notes.push(
      `the repository is in the tools account (${ctx.tools.alias}): no forwarding rule, forward role or event bus policy; the start rule sees the commit events directly, and the key and bucket policies need no source grant (the source role's own IAM policy is enough in its account)`,
    );
  }
  return {
    kind: 'source',
    account: ctx.source,
    region: ctx.region,
    name: ctx.names.sourceStack,
    template: template(
      `crossline ${ctx.names.pipeline}: source role${forward ? ' and commit forwarding' : ''} (source account ${ctx.source.alias})`,
      artifactParameters(),
      resources,
      {},
    ),
    entries: roles.flatMap((r) => r.entries),
    roles,
    parameters: [PARAM.bucketName, PARAM.keyArn],
    outputs: [],
    notes: [...notes, ...roles.flatMap((r) => (r.note === undefined ? [] : [r.note]))],
  };
}
