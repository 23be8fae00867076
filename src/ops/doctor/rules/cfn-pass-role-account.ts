import type { Finding } from '../findings.js';
import { accountOf } from '../../pipeline-ref.js';
import type { LintRule } from './rule.js';

/**
 * A CloudFormation action whose execution role (configuration RoleArn) is in another account
 * than its action role: the action role passes the execution role to CloudFormation in its
 * own account, and IAM refuses "Cross-account pass role is not allowed". Sources:
 * https://github.com/aws/aws-cdk/issues/28122 and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
export const cfnPassRoleAccount: LintRule = (_s, model, script) =>
  model.topology.targets.flatMap((x): Finding[] => {
    const execAccount = accountOf(x.execRole);
    if (x.execRole === undefined || execAccount === undefined || execAccount === x.account)
      return [];
    const step =
      script.rows.find((r) => r.action === 'iam:PassRole' && r.resource === x.execRole)?.step ??
      script.rows.find((r) => r.principal === x.deployRole && r.expect === 'allow')?.step ??
      'deploy';
    return [
      {
        severity: 'error',
        category: 'runtime',
        step,
        account: x.account,
        message: `the CloudFormation action of stack ${x.stack} runs as ${x.deployRole ?? 'the pipeline role'} in account ${x.account} but its execution role ${x.execRole} is in account ${execAccount}: "Cross-account pass role is not allowed"`,
        fix: `use an execution role in account ${x.account} (the stack's account) as the action's RoleArn`,
      },
    ];
  });
