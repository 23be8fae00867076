import { arn } from '../../model/arns.js';
import type { RowGenerator } from '../generator.js';
import { ANY_ROLE, assumeRows, deny, OTHER_SERVICE, unique } from '../negative.js';
import { distinctServiceTrusts, trustRequest } from '../service-trusts.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';

/**
 * Service trusts name one service: another service acting for the same account and source
 * (the confused-deputy keys alone) must not get in.
 */
export const otherServiceRows: RowGenerator = (ctx) =>
  distinctServiceTrusts(ctx.t).map((x) =>
    deny({
      step: step('negative', { check: 'other-service' }),
      principal: OTHER_SERVICE,
      ...trustRequest(ctx.r, x),
      source: SOURCES.confusedDeputy,
    }),
  );

/**
 * The pipeline role assumes exactly its action roles: not an arbitrary role that trusts the
 * tools account (its identity policy is the only guard there), nor an execution role.
 */
export const pipelineAssumeRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  const assume = step('negative', { check: 'pipeline', verb: 'assume' });
  const accounts = unique([t.source, ...t.targets.map((x) => x.account)]);
  const rows = accounts.flatMap((account) => {
    const any = arn.role(t.partition, account, ANY_ROLE);
    ctx.assume({
      name: `assumed/trust/${account}/${ANY_ROLE}`,
      kind: 'trust',
      account,
      attachedTo: any,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TrustsTheToolsAccount',
            Effect: 'Allow',
            Principal: { AWS: arn.accountRoot(t.partition, t.tools) },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
    return assumeRows(ctx, assume, t.pipelineRole, [any]);
  });
  const execRoles = unique(t.targets.map((x) => x.execRole));
  return [...rows, ...assumeRows(ctx, assume, t.pipelineRole, execRoles)];
};
