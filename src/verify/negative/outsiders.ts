import { arn } from '../../model/arns.js';
import type { RowGenerator } from '../generator.js';
import {
  assumeRows,
  busRows,
  crosslineRoles,
  dataRows,
  OTHER_ADMIN_ROLE,
  OUTSIDER_ACCOUNT,
  unique,
} from '../negative.js';
import { roleName } from '../rows.js';
import { step } from '../step.js';

/**
 * An outside account, as its root and as a role that even carries the pipeline role's name:
 * no data, no role, no bus.
 */
export const outsiderRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  const outsider = (verb: string) => step('negative', { check: 'outsider', verb });
  return [
    ctx.admin(arn.accountRoot(t.partition, OUTSIDER_ACCOUNT), OUTSIDER_ACCOUNT),
    ctx.admin(arn.role(t.partition, OUTSIDER_ACCOUNT, roleName(t.pipelineRole)), OUTSIDER_ACCOUNT),
  ].flatMap((principal) => [
    ...dataRows(ctx, outsider('data'), principal, OUTSIDER_ACCOUNT),
    ...assumeRows(ctx, outsider('assume'), principal, crosslineRoles(ctx)),
    ...busRows(ctx, outsider('bus'), principal),
  ]);
};

/**
 * Any other principal of the source and target accounts, with administrator rights there:
 * resource policies name the account root, so only the aws:PrincipalArn pins stop it. And of
 * the tools account: the trusts name the tools root, so the pin must hold there too.
 */
export const otherAdminRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const accounts = unique([t.source, ...t.targets.map((x) => x.account)]).filter(
    (a) => a !== t.tools,
  );
  const rows = accounts.flatMap((account) => {
    const other = (verb: string) =>
      step('negative', { check: 'other', account: r.aliasOf(account), verb });
    const principal = ctx.admin(arn.role(t.partition, account, OTHER_ADMIN_ROLE), account);
    const own = t.targets
      .filter((x) => x.account === account)
      .flatMap((x) => [x.deployRole, x.execRole]);
    return [
      ...dataRows(ctx, other('data'), principal, account),
      ...assumeRows(ctx, other('assume'), principal, unique([t.sourceRole, ...own])),
      ...(account === t.source ? [] : busRows(ctx, other('bus'), principal)),
    ];
  });
  const toolsAdmin = ctx.admin(arn.role(t.partition, t.tools, OTHER_ADMIN_ROLE), t.tools);
  const deployRoles = unique(t.targets.map((x) => x.deployRole));
  rows.push(
    ...assumeRows(
      ctx,
      step('negative', { check: 'other', account: 'tools', verb: 'assume' }),
      toolsAdmin,
      unique([t.sourceRole, ...deployRoles]),
    ),
  );
  return rows;
};
