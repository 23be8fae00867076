/**
 * What service-managed StackSets need before the first call (docs/design.md §13), checked by
 * `deploy` before anything changes:
 *
 * - trusted access for StackSets in AWS Organizations: ListAWSServiceAccessForOrganization
 *   lists `member.org.stacksets.cloudformation.amazonaws.com`
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html);
 * - from a delegated administrator (CallAs DELEGATED_ADMIN): ListDelegatedAdministrators for
 *   that service principal lists the account
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html).
 *
 * Either missing is an error (CloudFormation refuses service-managed StackSets without them).
 * A check that cannot be read (no organizations:List… permission) is a warning: the deploy
 * goes on and CloudFormation has the last word.
 */
import { errorMessage, errorName } from '../aws/index.js';
import { CrosslineError } from '../errors/index.js';
import { IO } from '../io/index.js';
import type { PlanDocument } from '../synth/types.js';
import type { DeployEnvironment } from './types.js';

export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
const TRUSTED_ACCESS_DOCS =
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html';
const DELEGATED_ADMIN_DOCS =
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html';

export async function checkStackSetsAccess(
  plan: Pick<PlanDocument, 'stackSets'>,
  env: Pick<DeployEnvironment, 'organizationsAccessApi' | 'io'>,
): Promise<void> {
  const sets = plan.stackSets ?? [];
  if (sets.length === 0) return;
  if (env.organizationsAccessApi === undefined)
    throw new CrosslineError(
      'Internal',
      'internal',
      'the deploy environment cannot read AWS Organizations',
    );
  const callers = new Map(sets.map((s) => [`${s.account.id}/${s.callAs}`, s] as const));
  for (const s of callers.values()) {
    const api = await env.organizationsAccessApi(s.account);
    const where = `${s.account.alias} (${s.account.id})`;
    let enabled: readonly string[];
    try {
      enabled = await api.serviceAccess();
    } catch (e) {
      if (!/AccessDenied/.test(errorName(e))) throw e;
      env.io.notify(
        IO.DEPLOY_STACKSET_ACCESS.msg(
          `could not check trusted access for StackSets from ${where} (${errorMessage(e)}); deploy goes on, and CloudFormation refuses StackSet ${s.name} if it is off`,
        ),
      );
      continue;
    }
    if (!enabled.includes(STACKSETS_SERVICE_PRINCIPAL))
      throw new CrosslineError(
        'TrustedAccessMissing',
        'external',
        `trusted access for CloudFormation StackSets is not enabled in the organization (${STACKSETS_SERVICE_PRINCIPAL} is not among the services ListAWSServiceAccessForOrganization lists, read from ${where}); StackSet ${s.name} cannot be created; nothing was deployed`,
        {
          hint: `in the management account, activate it: CloudFormation console → StackSets → "Activate trusted access", or \`aws cloudformation activate-organizations-access\`, or \`aws organizations enable-aws-service-access --service-principal ${STACKSETS_SERVICE_PRINCIPAL}\` (${TRUSTED_ACCESS_DOCS})`,
        },
      );
    if (s.callAs !== 'DELEGATED_ADMIN') continue;
    let admins: readonly string[];
    try {
      admins = await api.delegatedAdministrators(STACKSETS_SERVICE_PRINCIPAL);
    } catch (e) {
      if (!/AccessDenied/.test(errorName(e))) throw e;
      env.io.notify(
        IO.DEPLOY_STACKSET_ACCESS.msg(
          `could not check that ${where} is a delegated administrator for StackSets (${errorMessage(e)}); deploy goes on`,
        ),
      );
      continue;
    }
    if (!admins.includes(s.account.id))
      throw new CrosslineError(
        'TrustedAccessMissing',
        'external',
        `${where} is not a delegated administrator for CloudFormation StackSets (ListDelegatedAdministrators for ${STACKSETS_SERVICE_PRINCIPAL} does not list it), so it cannot create StackSet ${s.name} with CallAs DELEGATED_ADMIN; nothing was deployed`,
        {
          hint: `from the management account: \`aws organizations register-delegated-administrator --service-principal ${STACKSETS_SERVICE_PRINCIPAL} --account-id ${s.account.id}\` (${DELEGATED_ADMIN_DOCS}); or deploy from the management account (organization.deployFrom: management)`,
        },
      );
  }
}
