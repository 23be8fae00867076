import type { Finding } from '../findings.js';
import { CODECOMMIT_ACTIONS, isCodeCommitFullAccess, type LintRule } from './rule.js';

/**
 * The managed policy AWSCodeCommitFullAccess on a pipeline role: every CodeCommit action on
 * every repository of the account, where the source action needs five read actions on one.
 * Source: https://docs.aws.amazon.com/codecommit/latest/userguide/security-iam-awsmanpol.html
 * and https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role
 */
export const codecommitFullAccess: LintRule = (_s, model) =>
  model.policies.filter(isCodeCommitFullAccess).map((p): Finding => ({
    severity: 'warning',
    category: 'broad',
    step: 'source.read',
    account: p.account,
    statement: p.name,
    statements: [{ policy: p.name }],
    message: `${p.attachedTo.split('/').pop() ?? p.attachedTo} has AWSCodeCommitFullAccess: every CodeCommit action (GitPush, DeleteRepository, …) on every repository in account ${p.account}`,
    fix: `detach AWSCodeCommitFullAccess; allow only ${CODECOMMIT_ACTIONS} on ${model.repositoryArn}`,
  }));
