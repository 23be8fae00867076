import type { LintRule } from './rule.js';

/**
 * An AWS managed artifact key in a cross-account pipeline: its key policy cannot be changed,
 * so it cannot grant the other accounts. Source:
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-cmk
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 * and https://github.com/aws/aws-cdk/issues/20609 (the aws/s3 key cannot be shared across
 * accounts). The store may name it by its alias `alias/aws/s3` (then the key is not read).
 */
export const awsManagedKey: LintRule = (s, model) => {
  const t = model.topology;
  const key = s.key;
  const managed =
    key?.key?.manager === 'AWS' || (key !== undefined && isAwsManagedAlias(key.reference));
  if (key === undefined || !managed || !t.accounts.some((a) => a.id !== t.tools)) return [];
  return [
    {
      severity: 'error',
      category: 'runtime',
      step: 'source.write',
      account: key.account,
      message: `the artifact key ${key.key?.arn ?? key.reference} is AWS managed (aws/s3): its policy cannot grant other accounts`,
      fix: 'create a customer managed key, grant the cross-account roles in its key policy, and set artifactStore.encryptionKey.id to its ARN',
    },
  ];
};

/** `alias/aws/s3` or its ARN: an AWS managed key's alias (`alias/aws/…`). */
export function isAwsManagedAlias(reference: string): boolean {
  return /(^|:)alias\/aws\//.test(reference);
}
