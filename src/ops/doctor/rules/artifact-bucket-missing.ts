import type { LintRule } from './rule.js';

/**
 * The artifact store names a bucket that does not exist: the first upload fails. Source:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/welcome-introducing-artifacts.html
 */
export const artifactBucketMissing: LintRule = (s) =>
  s.bucket && !s.bucket.exists
    ? [
        {
          severity: 'error',
          category: 'runtime',
          step: 'source.write',
          account: s.pipelineAccount,
          message: `the artifact bucket ${s.bucket.name} does not exist`,
          fix: `create it in account ${s.pipelineAccount}, or point artifactStore.location at the bucket`,
        },
      ]
    : [];
