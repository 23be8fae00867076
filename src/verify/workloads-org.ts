import { arn } from '../model/arns.js';
import type { ScriptContext } from './generator.js';
import { homeRegion } from './region-view.js';
import { ORG_OUTSIDER_ACCOUNT } from './negative/organization.js';
import { makeRow, roleName } from './rows.js';
import { SOURCES } from './sources.js';
import { step } from './step.js';
import type { AccessRow } from './types.js';

/** The bucket and key policies grant OU members' execution roles by organization path. */
const PRINCIPAL_ORG_PATHS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths';

/**
 * Targets by OU with `build.package` (docs/design.md §13): the store's bucket and key policies
 * let the execution role `<name>-cfn-exec` of every member of the targeted OUs read the
 * packages, by aws:PrincipalOrgPaths and the role name. A member of the same organization
 * outside those OUs (negative/organization.ts: a sandbox OU, administrator rights, a role of
 * the very same name) must read no package and decrypt none through S3, in every store.
 * `code` is a packaged object of the store `ctx` sees.
 */
export function orgOutsiderPackageRows(ctx: ScriptContext, code: string): AccessRow[] {
  const { t, r } = ctx;
  const exec = t.targets.find((x) => x.execRole !== undefined)?.execRole;
  if (t.organization === undefined || t.organization.unitPaths.length === 0 || exec === undefined)
    return [];
  const principal = ctx.admin(
    arn.role(t.partition, ORG_OUTSIDER_ACCOUNT, roleName(exec)),
    ORG_OUTSIDER_ACCOUNT,
  );
  const region = homeRegion(t);
  const at = step('negative', {
    check: 'org-outsider',
    verb: region === t.region ? 'packages' : `packages.${region}`,
  });
  const rows = [
    makeRow('deny', {
      step: at,
      principal,
      action: 's3:GetObject',
      resource: code,
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      source: PRINCIPAL_ORG_PATHS,
    }),
  ];
  const key = r.keyPolicy;
  if (key === undefined) return rows;
  rows.push(
    makeRow('deny', {
      step: at,
      principal,
      action: 'kms:Decrypt',
      resource: key.arn,
      resourcePolicy: key,
      // As S3 asks KMS when it serves the object: the context the OU grant's ViaService wants.
      context: r.kmsViaS3(ORG_OUTSIDER_ACCOUNT),
      source: SOURCES.s3SseKms,
    }),
  );
  return rows;
}
