import type { CodeCommitSource } from '../../../model/index.js';
import { SOURCE_OUTPUT } from '../../pipeline-model.js';
import type { SynthSourceModule } from '../provider.js';
import { busPolicy } from './bus-policy.js';
import { commitEventPattern } from './events.js';
import { sourceStack } from './stack.js';

/**
 * CodeCommit: the Source action reads a branch with the source role; commits reach the tools
 * account through EventBridge (a forwarding rule when the repository is in another account).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html
 */
export const codecommit: SynthSourceModule<CodeCommitSource> = {
  provider: 'codecommit',
  label: 'CodeCommit',
  action: (ctx, source) => ({
    name: 'Source',
    category: 'Source',
    provider: 'CodeCommit',
    runOrder: 1,
    // Commits start the pipeline through EventBridge, not polling.
    configuration: {
      BranchName: source.branch,
      PollForSourceChanges: 'false',
      RepositoryName: source.repository,
    },
    inputArtifacts: [],
    outputArtifacts: [SOURCE_OUTPUT],
    roleArn: ctx.arns.sourceRole,
  }),
  stack: sourceStack,
  startTrigger: (ctx, source) => ({
    description: `Starts ${ctx.names.pipeline} on commits to ${source.branch} of ${source.repository}`,
    eventPattern: commitEventPattern(ctx, source, true),
    event: `a commit to ${source.branch}`,
  }),
  busPolicy,
};
