/**
 * The doctor rules, in one list: each is a `LintRule` in its own file, with the AWS page it
 * relies on. A new rule is a new file here and one line below.
 */
import { accountWideGrant } from './account-wide-grant.js';
import { artifactBucketMissing } from './artifact-bucket-missing.js';
import { artifactKeyReference } from './artifact-key-reference.js';
import { assumeAnyRole } from './assume-any-role.js';
import { awsManagedKey } from './aws-managed-key.js';
import { bareUniqueId } from './bare-unique-id.js';
import { buildProject } from './build-project.js';
import { buildProjectKey } from './build-project-key.js';
import { cfnPassRoleAccount } from './cfn-pass-role-account.js';
import { codecommitFullAccess } from './codecommit-full-access.js';
import { codecommitWildcard } from './codecommit-wildcard.js';
import { connectionShare } from './connection-share.js';
import { connectionState } from './connection-state.js';
import { connectionUse } from './connection-use.js';
import { forwardRule } from './forward-rule.js';
import { forwardRulePattern } from './forward-rule-pattern.js';
import { packageRead } from './package-read.js';
import { publicResourcePolicy } from './public-resource-policy.js';
import type { LintRule } from './rule.js';
import { sourcePolling } from './source-polling.js';
import { startRule } from './start-rule.js';
import { triggerBranch } from './trigger-branch.js';
import { unread } from './unread.js';
import { writerKeyEncrypt } from './writer-key-encrypt.js';

export type { LintRule } from './rule.js';

export const RULES: Readonly<Record<string, LintRule>> = {
  'codecommit-full-access': codecommitFullAccess,
  'codecommit-wildcard': codecommitWildcard,
  'assume-any-role': assumeAnyRole,
  'public-resource-policy': publicResourcePolicy,
  'account-wide-grant': accountWideGrant,
  'artifact-bucket-missing': artifactBucketMissing,
  'artifact-key-reference': artifactKeyReference,
  'aws-managed-key': awsManagedKey,
  'build-project': buildProject,
  'build-project-key': buildProjectKey,
  'writer-key-encrypt': writerKeyEncrypt,
  'bare-unique-id': bareUniqueId,
  'cfn-pass-role-account': cfnPassRoleAccount,
  'package-read': packageRead,
  'source-polling': sourcePolling,
  'forward-rule': forwardRule,
  'forward-rule-pattern': forwardRulePattern,
  'start-rule': startRule,
  unread,
  'connection-use': connectionUse,
  'trigger-branch': triggerBranch,
  'connection-state': connectionState,
  'connection-share': connectionShare,
};

/**
 * Steps of findings that are about no request of the access script: how the source action
 * detects changes (polling, git trigger filters), and what doctor itself could not read.
 */
export const NON_REQUEST_STEPS: readonly string[] = ['trigger.polling', 'read', 'trigger.git'];
