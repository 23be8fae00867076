import { atStatements, formatStatementRef, type Finding } from '../findings.js';
import { allowStatements, awsPrincipals, type LintRule } from './rule.js';

/**
 * A bucket or key policy allowing Principal "*" without a condition: anyone, in any account.
 * The outsider rows of the script (`negative.outsider.data`) are the requests it lets in.
 * Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * and https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 */
export const publicResourcePolicy: LintRule = (_s, model) =>
  allowStatements(model.policies, ['key', 'bucket'])
    .filter(
      (x) =>
        awsPrincipals(x.statement.Principal).includes('*') &&
        (x.statement.Condition === undefined || Object.keys(x.statement.Condition).length === 0),
    )
    .map((x): Finding => ({
      severity: 'error',
      category: 'broad',
      step: 'negative.outsider.data',
      account: x.policy.account,
      ...atStatements([x.ref]),
      message: `${formatStatementRef(x.ref)} allows ${x.actions.join(', ')} to Principal "*" without a condition: anyone, in any account`,
      fix: 'name the account roots that need access and pin the roles with Condition ArnEquals aws:PrincipalArn',
    }));
