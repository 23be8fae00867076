import { useConnectionActions } from '../../../model/index.js';
import { allowStatements, type LintRule } from './rule.js';

const ACTION_DOC =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html';

/** IAM's wildcards in an action or resource (`*`, `?`), case-insensitive for actions. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * A CodeStarSourceConnection action whose principal (its role, or the pipeline role) may not
 * UseConnection on the action's connection: the Source stage fails. The action reference
 * lists the permission its service role needs; a policy names the prefix of the connection's
 * ARN (https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html). Source:
 * ACTION_DOC.
 */
export const connectionUse: LintRule = (_s, model) => {
  const action = model.connection;
  const connection = action?.configuration?.ConnectionArn;
  if (action === undefined || connection === undefined) return [];
  const principal = action.roleArn ?? model.topology.pipelineRole;
  const own = model.policies.filter((p) => p.attachedTo === principal);
  // Without the principal's policies doctor cannot tell (the `unread` rule reports that).
  if (own.length === 0) return [];
  const needed = useConnectionActions(connection);
  // The service prefix of the ARN decides which action authorises it.
  const prefix = needed.at(-1)!;
  const grants = allowStatements(own, ['identity']).filter(
    (x) =>
      x.actions.some((a) => glob(a, prefix, true)) &&
      x.resources.some((r) => glob(r, connection, false)),
  );
  if (grants.length > 0) return [];
  return [
    {
      severity: 'error',
      category: 'runtime',
      step: 'source.read',
      account: model.topology.tools,
      message: `${principal} may not ${prefix} on ${connection}: the ${action.name} action (CodeStarSourceConnection) cannot read the repository (${ACTION_DOC})`,
      fix: `allow ${needed.join(' and ')} on ${connection} in a policy of ${principal}`,
    },
  ];
};
