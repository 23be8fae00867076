import type { Finding } from '../findings.js';
import type { UnreadItem } from '../snapshot.js';
import type { LintRule } from './rule.js';

/**
 * What doctor could not verify: the checks that depend on it are "not verified", never
 * guessed. Reading needs the read-only calls of each account (iam:GetRole,
 * s3:GetBucketPolicy, kms:GetKeyPolicy, events:ListRuleNamesByTarget…):
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html#jf_security-auditor
 * A document that was read but did not parse is no matter of access: its fix is the document.
 */
export const unread: LintRule = (s) =>
  s.unread.map((u): Finding => ({
    severity: 'warning',
    category: 'unchecked',
    step: 'read',
    account: u.account,
    message: unreadMessage(u),
    fix:
      u.reason === 'parse'
        ? `the read succeeded: check that document in account ${u.account} (IAM returns policies URL-encoded JSON; an emulator or a proxy may have changed it), then run doctor again`
        : `give doctor read access in account ${u.account} (--profile ${u.account}=PROFILE or --assume-role NAME)${readPermission(u)}, or run it there and send the snapshot (--save)`,
  }));

/**
 * A connection's state is read with GetConnection, authorised as codeconnections:GetConnection
 * (codestar-connections:GetConnection for an older ARN):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeconnections.html
 * A stack's template with DescribeStacks and GetTemplate (src/aws/stack-api.ts).
 */
function readPermission(u: UnreadItem): string {
  if (u.what.startsWith('connection '))
    return '; the identity needs codeconnections:GetConnection (codestar-connections:GetConnection for an older ARN) on the connection';
  return u.what.startsWith('template of stack ')
    ? '; the identity needs cloudformation:DescribeStacks and cloudformation:GetTemplate on the stack'
    : '';
}

/** `could not read X: why` or `read X, but its trust policy is not a JSON document: …`. */
export function unreadMessage(u: UnreadItem): string {
  const head =
    u.reason === 'parse'
      ? `read ${u.what}, but ${u.error}`
      : `could not read ${u.what}: ${u.error}`;
  return `${head}; the checks that depend on it are not verified`;
}
