import type { PolicyInput } from '../../../verify/index.js';
import type { Finding } from '../findings.js';
import { awsPrincipals, statements, stepOfRole, type LintRule } from './rule.js';

/** IAM unique ids of roles (AROA…) and users (AIDA…), as policies show a deleted principal. */
const UNIQUE_ID = /^(AROA|AIDA)[A-Z0-9]{12,}$/;

/**
 * A bare unique id as principal in a key, bucket, bus or trust policy: what IAM leaves behind
 * when the role it named was deleted. A role re-created with the same name gets a new id, so
 * the policy no longer grants it. Sources: https://github.com/aws/aws-cdk/issues/11934 and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * The fix names the ARN; the account root pinned with aws:PrincipalArn never goes stale.
 */
export const bareUniqueId: LintRule = (_s, model, script) => {
  const t = model.topology;
  const pipelineRoles = [
    t.pipelineRole,
    t.sourceRole,
    t.buildRole,
    ...t.targets.flatMap((x) => [x.deployRole, x.execRole]),
    t.forwardRole,
    t.triggerRole,
  ].filter((x): x is string => x !== undefined);
  const resourcePolicies = model.policies.filter((p) => p.kind !== 'identity');
  return resourcePolicies.flatMap((p): Finding[] => {
    const text = JSON.stringify(p.document);
    return statements(p.document).flatMap((st, i): Finding[] => {
      const ids = awsPrincipals(st.Principal).filter((x) => UNIQUE_ID.test(x));
      if (ids.length === 0) return [];
      const likely = likelyRole(p, pipelineRoles, text, t.pipelineRole);
      const ref = st.Sid ? { policy: p.name, sid: st.Sid } : { policy: p.name, index: i };
      const at = `${p.name}/${st.Sid ? st.Sid : `#${i}`}`;
      return [
        {
          severity: 'warning',
          category: 'runtime',
          step: p.kind === 'trust' ? stepOfRole(p.attachedTo, script) : stepOf(p, script),
          account: p.account,
          message: `${at} names ${ids.join(', ')}: the unique id of a deleted ${ids[0].startsWith('AROA') ? 'role' : 'user'}; a role re-created with the same name is not granted${likely ? ` (most likely ${likely})` : ''}`,
          fix: `replace ${ids.join(', ')} with the role's ARN${likely ? ` ${likely}` : ''}, or grant its account root with Condition ArnEquals aws:PrincipalArn <role ARN>, which does not go stale when the role is re-created`,
          statement: at,
          statements: [ref],
        },
      ];
    });
  });
};

/** The pipeline role the policy should name but does not: the role a stale id most likely was. */
function likelyRole(
  p: PolicyInput,
  roles: readonly string[],
  text: string,
  pipelineRole: string,
): string | undefined {
  // An action role's trust is for the pipeline role (the services assume the others).
  if (p.kind === 'trust') return p.attachedTo === pipelineRole ? undefined : pipelineRole;
  return roles.find((r) => !text.includes(r));
}

/** A resource policy's first allow step, for findings about it. */
function stepOf(p: PolicyInput, script: Parameters<LintRule>[2]): string {
  return (
    script.rows.find((r) => r.expect === 'allow' && r.resourcePolicy?.arn === p.attachedTo)?.step ??
    'source.write'
  );
}
