import { arn } from '../../model/arns.js';
import type { Organization } from '../../iam/index.js';
import type { RowGenerator } from '../generator.js';
import { dataRows, deny } from '../negative.js';
import { SOURCES } from '../sources.js';
import { roleName } from '../rows.js';
import { step } from '../step.js';
import type { OrganizationTopology } from '../topology.js';

/**
 * Targets by OU (issue 16): the key, bucket and repository policies grant the members of the
 * targeted OUs by aws:PrincipalOrgPaths and the exact role names, the pipeline role assumes
 * the deploy role by aws:ResourceOrgPaths. These rows imagine a member account of the same
 * organization outside those OUs (a sandbox OU) with roles of the very same names, and
 * administrator rights there: it must get no artifact, and the pipeline role's own policy
 * must not let it assume that account's deploy role (whatever that role trusts). (A member inside the
 * OUs with another role name is the `other` check of outsiders.ts.)
 */
export const ORG_OUTSIDER_ACCOUNT = '999999999998';
/** A sandbox OU the outsider sits in: a sibling of every targeted OU. */
const SANDBOX_OU = 'ou-zzzz-zzzzzzzz';

/** The organization the script evaluates with: the pipeline's, plus the sandbox outsider. */
export function scriptOrganization(o: OrganizationTopology): Organization {
  return {
    id: o.id,
    accountPaths: { ...o.accountPaths, [ORG_OUTSIDER_ACCOUNT]: sandboxPath(o) },
  };
}

function sandboxPath(o: OrganizationTopology): string {
  const root = (o.unitPaths[0] ?? `${o.id}/r-zzzz/`).split('/').slice(0, 2).join('/');
  return `${root}/${SANDBOX_OU}/`;
}

export const orgOutsiderRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  if (t.organization === undefined || t.organization.unitPaths.length === 0) return [];
  const outsider = (verb: string) => step('negative', { check: 'org-outsider', verb });
  const sameName = (role: string | undefined): string | undefined =>
    role === undefined ? undefined : arn.role(t.partition, ORG_OUTSIDER_ACCOUNT, roleName(role));
  const first = t.targets[0];
  const deployRole = sameName(first?.deployRole);
  const execRole = sameName(first?.execRole);
  const rows = [deployRole, execRole]
    .filter((r): r is string => r !== undefined)
    .flatMap((role) =>
      dataRows(ctx, outsider('data'), ctx.admin(role, ORG_OUTSIDER_ACCOUNT), ORG_OUTSIDER_ACCOUNT),
    );
  if (deployRole !== undefined) {
    // Identity layer: the pipeline role's own policy must refuse, whatever the role trusts.
    // The request context carries the resource's organization keys, as AWS's would for a
    // role in the sandbox member.
    rows.push(
      deny({
        step: outsider('assume'),
        principal: t.pipelineRole,
        action: 'sts:AssumeRole',
        resource: deployRole,
        layer: 'identity',
        context: {
          'aws:ResourceAccount': ORG_OUTSIDER_ACCOUNT,
          'aws:ResourceOrgID': t.organization.id,
          'aws:ResourceOrgPaths': [sandboxPath(t.organization)],
        },
        source: SOURCES.assumeRoleCrossAccount,
      }),
    );
  }
  return rows;
};
