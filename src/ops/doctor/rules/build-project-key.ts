import type { Finding } from '../findings.js';
import { isAwsManagedAlias } from './aws-managed-key.js';
import type { LintRule } from './rule.js';

/**
 * A CodeBuild project that encrypts its output with a key other than the pipeline's artifact
 * key: the deploy roles of other accounts are granted the artifact key only, so they cannot
 * decrypt the build output. Sources: https://github.com/aws/aws-cdk/issues/4033 and
 * https://github.com/awslabs/aws-refarch-cross-account-pipeline/issues/8 (the project's
 * EncryptionKey must be the artifact key);
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_Project.html (encryptionKey).
 * A project that names no key is not reported: CodeBuild then reports its default
 * `alias/aws/s3` (as emulators do whatever was set), and snapshots written before doctor
 * read the project's key cannot tell it apart.
 */
export const buildProjectKey: LintRule = (s, model) => {
  const t = model.topology;
  const key = s.key;
  if (key === undefined || !t.targets.some((x) => x.account !== t.tools)) return [];
  const same = (ref: string): boolean =>
    ref === key.reference ||
    (key.key !== null &&
      (ref === key.key.arn || ref === key.key.keyId || ref.endsWith(`:key/${key.key.keyId}`)));
  return (s.buildProjects ?? []).flatMap((b): Finding[] => {
    const projectKey = b.project?.encryptionKey;
    if (projectKey === undefined || isAwsManagedAlias(projectKey) || same(projectKey)) return [];
    return [
      {
        severity: 'error',
        category: 'runtime',
        step: 'build.write',
        account: b.account,
        message: `the build project ${b.name} encrypts its output with ${projectKey}, not the artifact key ${key.key?.arn ?? key.reference}: the deploy roles of the other accounts cannot decrypt the build output`,
        fix: `aws codebuild update-project --name ${b.name} --encryption-key ${key.key?.arn ?? key.reference} (in account ${b.account})`,
      },
    ];
  });
};
