import type { Finding } from '../findings.js';
import { isAwsManagedAlias } from './aws-managed-key.js';
import type { LintRule } from './rule.js';

/**
 * How the artifact store names its key. Without one, artifacts use the AWS managed key
 * aws/s3, which other accounts cannot use; through an alias, roles in other accounts resolve
 * it in their own account; a key that does not exist fails every upload. Source:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 * and https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 */
export const artifactKeyReference: LintRule = (s, model) => {
  const t = model.topology;
  const p = s.pipeline.pipeline;
  const store = p.artifactStore ?? Object.values(p.artifactStores ?? {})[0];
  const ref = store?.encryptionKey?.id;
  const finding = (account: string, message: string, fix: string): Finding[] => [
    { severity: 'error', category: 'runtime', step: 'source.write', account, message, fix },
  ];
  if (ref === undefined) {
    if (!t.accounts.some((a) => a.id !== t.tools)) return [];
    return finding(
      s.pipelineAccount,
      'the artifact store has no encryption key, so artifacts use the AWS managed key aws/s3, which roles in other accounts cannot use',
      'create a customer managed key, grant the cross-account roles in its key policy, and set artifactStore.encryptionKey {id: <key ARN>, type: KMS}',
    );
  }
  // An AWS managed alias (alias/aws/s3) is the aws-managed-key rule's: its ARN does not help.
  if (isAwsManagedAlias(ref)) return [];
  if (/^alias\/|:alias\//.test(ref)) {
    return finding(
      s.pipelineAccount,
      `the artifact store references the key through the alias ${ref}; roles in other accounts resolve an alias in their own account, so their artifact uploads and downloads fail`,
      `set artifactStore.encryptionKey.id to the key ARN${s.key?.key ? ` ${s.key.key.arn}` : ''}`,
    );
  }
  if (s.key && s.key.key === null) {
    return finding(
      s.key.account,
      `the artifact key ${ref} does not exist`,
      'create the key or point artifactStore.encryptionKey.id at an existing key ARN',
    );
  }
  return [];
};
