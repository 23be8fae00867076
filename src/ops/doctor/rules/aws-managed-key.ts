import type { LintRule } from './rule.js';

/**
 * An AWS managed artifact key in a cross-account pipeline: its key policy cannot be changed,
 * so it cannot grant the other accounts. Source:
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-cmk
 * and https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 */
export const awsManagedKey: LintRule = (s, model) => {
  const t = model.topology;
  const key = s.key;
  if (key?.key?.manager !== 'AWS' || !t.accounts.some((a) => a.id !== t.tools)) return [];
  return [
    {
      severity: 'error',
      category: 'runtime',
      step: 'source.write',
      account: key.account,
      message: `the artifact key ${key.key.arn} is AWS managed: its policy cannot grant other accounts`,
      fix: 'use a customer managed key',
    },
  ];
};
