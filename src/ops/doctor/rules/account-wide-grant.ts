import { atStatements, formatStatementRef, type Finding } from '../findings.js';
import {
  accountOfPrincipal,
  allowStatements,
  awsPrincipals,
  hasPrincipalArnPin,
  isAccountWide,
  stepOfRole,
  type LintRule,
} from './rule.js';

/**
 * A key policy, bucket policy or trust that grants another account's root without pinning
 * the role (aws:PrincipalArn): every principal there that its administrators allow gets in.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 */
export const accountWideGrant: LintRule = (_s, model, script) =>
  allowStatements(model.policies, ['key', 'bucket', 'trust']).flatMap((x): Finding[] => {
    const p = x.policy;
    const wholeAccounts = awsPrincipals(x.statement.Principal).filter((principal) => {
      const account = principal === '*' ? undefined : accountOfPrincipal(principal);
      return account !== undefined && account !== p.account && isAccountWide(principal);
    });
    if (wholeAccounts.length === 0 || hasPrincipalArnPin(x.statement.Condition)) return [];
    return [
      {
        severity: 'warning',
        category: 'broad',
        // The artifacts are written first by the source step, through the bucket and the key.
        step: p.kind === 'trust' ? stepOfRole(p.attachedTo, script) : 'source.write',
        account: p.account,
        ...atStatements([x.ref]),
        message: `${formatStatementRef(x.ref)} grants ${wholeAccounts.join(', ')} (every principal there that its admins allow) without a role pin`,
        fix: `add Condition ArnEquals aws:PrincipalArn with the exact role${p.kind === 'trust' ? ` (${model.topology.pipelineRole})` : 's that need it'}`,
      },
    ];
  });
