import type { CodeCommitSource } from '../../../model/index.js';
import { repositoryArn, scopeOf } from '../../../model/index.js';
import type { Json } from '../../cfn.js';
import type { SynthContext } from '../../context.js';

/** The repository the CodeCommit source reads, in the source account. */
export function repositoryOf(ctx: SynthContext, source: CodeCommitSource): string {
  return repositoryArn(scopeOf(ctx.pipeline, source.account), source.repository);
}

/** The commit event the source action reacts to (CodeCommit Repository State Change on the branch). */
export function commitEventPattern(
  ctx: SynthContext,
  source: CodeCommitSource,
  withAccount: boolean,
): Record<string, Json> {
  return {
    source: ['aws.codecommit'],
    'detail-type': ['CodeCommit Repository State Change'],
    ...(withAccount ? { account: [source.account.id] } : {}),
    resources: [repositoryOf(ctx, source)],
    detail: {
      event: ['referenceCreated', 'referenceUpdated'],
      referenceType: ['branch'],
      referenceName: [source.branch],
    },
  };
}
