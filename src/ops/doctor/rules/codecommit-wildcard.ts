import { atStatements, formatStatementRef, type Finding } from '../findings.js';
import {
  allowStatements,
  CODECOMMIT_ACTIONS,
  isCodeCommitFullAccess,
  type LintRule,
} from './rule.js';

/**
 * An identity statement allowing `codecommit:*` (or `*`): least privilege asks for the
 * actions the role performs. Source:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 * (the source action's actions: https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role)
 */
export const codecommitWildcard: LintRule = (_s, model) =>
  allowStatements(
    model.policies.filter((p) => !isCodeCommitFullAccess(p)),
    ['identity'],
  )
    .filter((x) => x.actions.some((a) => a === 'codecommit:*' || a === '*'))
    .map((x): Finding => ({
      severity: 'warning',
      category: 'broad',
      step: 'source.read',
      account: x.policy.account,
      ...atStatements([x.ref]),
      message: `${formatStatementRef(x.ref)} allows ${x.actions.includes('*') ? '*' : 'codecommit:*'} on ${x.resources.join(', ') || '(no resource)'}`,
      fix: `allow only the actions the role needs (for a source role: ${CODECOMMIT_ACTIONS} on ${model.repositoryArn})`,
    }));
