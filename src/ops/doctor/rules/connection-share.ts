import { parseConnectionArn } from '../../../model/index.js';
import type { Finding } from '../findings.js';
import type { LintRule } from './rule.js';

/**
 * "You can use resource sharing with AWS RAM to share an existing connection with another AWS
 * account"; "Connection sharing is not supported for codestar-connections resources. This is
 * only supported for codeconnections resources"; shares of global resources (connections
 * are global) are made in US East (N. Virginia).
 */
const SHARE_DOC = 'https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-share.html';
/** ListResources, resourceOwner OTHER-ACCOUNTS: "resources that other accounts share with your account". */
const LIST_DOC = 'https://docs.aws.amazon.com/ram/latest/APIReference/API_ListResources.html';

/**
 * The connection of the CodeStarSourceConnection action belongs to another account than the
 * pipeline's: the pipeline can use it only through an AWS RAM share to the pipeline account
 * (SHARE_DOC). An older codestar-connections ARN cannot be shared at all (error); a
 * codeconnections one is an error when RAM, read in the pipeline account, does not list it as
 * shared and AVAILABLE (LIST_DOC), and "not verified" when RAM was not read.
 */
export const connectionShare: LintRule = (s, model) => {
  const arn = model.connection?.configuration?.ConnectionArn;
  const parsed = arn === undefined ? undefined : parseConnectionArn(arn);
  if (arn === undefined || parsed === undefined || parsed.account === s.pipelineAccount) return [];
  const finding = (severity: Finding['severity'], message: string, fix: string): Finding[] => [
    {
      severity,
      category: severity === 'error' ? 'runtime' : 'unchecked',
      step: 'source.read',
      account: s.pipelineAccount,
      message,
      fix,
    },
  ];
  const owner = parsed.account;
  if (parsed.service === 'codestar-connections')
    return finding(
      'error',
      `connection ${arn} belongs to account ${owner}, not the pipeline account ${s.pipelineAccount}, and has the older codestar-connections prefix: AWS RAM shares only codeconnections connections (${SHARE_DOC})`,
      `create a codeconnections connection (in ${s.pipelineAccount}, or in ${owner} and share it with ${s.pipelineAccount} through AWS RAM), then set it as source.connection`,
    );
  const listed = `aws ram list-resources --resource-owner OTHER-ACCOUNTS --resource-arns ${arn} --region us-east-1`;
  const share = s.connectionShare;
  if (share === undefined || share.arn !== arn)
    return finding(
      'warning',
      `connection ${arn} belongs to account ${owner}: the pipeline can use it only if ${owner} shares it with ${s.pipelineAccount} through AWS RAM (${SHARE_DOC}); doctor did not read RAM, so this is not verified`,
      `in ${s.pipelineAccount}, check that \`${listed}\` lists it with status AVAILABLE (${LIST_DOC})`,
    );
  const mine = share.resources.filter((r) => r.arn === arn);
  if (mine.some((r) => r.status === undefined || r.status === 'AVAILABLE')) return [];
  const state = mine.map((r) => r.status).join(', ');
  return finding(
    'error',
    mine.length === 0
      ? `connection ${arn} belongs to account ${owner} and is not shared with the pipeline account ${s.pipelineAccount}: AWS RAM lists no such resource shared with it (${LIST_DOC}), so the Source action cannot use it (${SHARE_DOC})`
      : `connection ${arn} is shared with ${s.pipelineAccount} through AWS RAM but not AVAILABLE (${state}): the Source action cannot use it until it is (${LIST_DOC})`,
    `in ${owner}, add the connection to a resource share (RAM console in us-east-1, "Code Connections") with principal ${s.pipelineAccount}; in ${s.pipelineAccount}, accept the invitation; then \`${listed}\` lists it (${SHARE_DOC})`,
  );
};
