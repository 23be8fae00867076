import { atStatements, formatStatementRef, type Finding } from '../findings.js';
import { allowStatements, isCodeCommitFullAccess, type LintRule } from './rule.js';

/**
 * An identity statement allowing sts:AssumeRole on any role: every role that trusts the
 * account becomes reachable. The cross-account recipe grants the exact role ARNs. Source:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
export const assumeAnyRole: LintRule = (_s, model) => {
  const t = model.topology;
  const exact = [t.sourceRole, ...t.targets.map((x) => x.deployRole)].filter(
    (x): x is string => x !== undefined,
  );
  return allowStatements(
    model.policies.filter((p) => !isCodeCommitFullAccess(p)),
    ['identity'],
  ).flatMap((x): Finding[] => {
    const assumes = x.actions.some((a) => a === 'sts:assumerole' || a === 'sts:*' || a === '*');
    const anyRole = x.resources.filter(
      (r) => r === '*' || /:role\/\*$/.test(r) || /^arn:[^:]+:iam::(\*|\d{12}):\*$/.test(r),
    );
    if (!assumes || anyRole.length === 0) return [];
    return [
      {
        severity: 'warning',
        category: 'broad',
        step: 'source.assume',
        account: x.policy.account,
        ...atStatements([x.ref]),
        message: `${formatStatementRef(x.ref)} allows sts:AssumeRole on ${anyRole.join(', ')}: any role that trusts account ${x.policy.account}`,
        fix: `allow sts:AssumeRole on the exact role ARNs only: ${[...new Set(exact)].join(', ')}`,
      },
    ];
  });
};
