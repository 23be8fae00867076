import type { Finding } from '../findings.js';
import type { LintRule } from './rule.js';

/**
 * What doctor could not read: the checks that depend on it are skipped, never guessed.
 * Reading needs the read-only calls of each account (iam:GetRole, s3:GetBucketPolicy,
 * kms:GetKeyPolicy, events:ListRuleNamesByTarget…): https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_security-auditor
 */
export const unread: LintRule = (s) =>
  s.unread.map((u): Finding => ({
    severity: 'warning',
    category: 'unchecked',
    step: 'read',
    account: u.account,
    message: `could not read ${u.what}: ${u.error}; the checks that depend on it were skipped`,
    fix: `give doctor read access in account ${u.account} (--profile ${u.account}=PROFILE or --assume-role NAME), or run it there and send the snapshot (--save)`,
  }));
