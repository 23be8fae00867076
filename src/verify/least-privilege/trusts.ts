import { withArnParts } from '../../model/arns.js';
import type { RowGenerator } from '../generator.js';
import { actionRoles } from '../least-privilege.js';
import { deny, OUTSIDER_ACCOUNT } from '../negative.js';
import { distinctServiceTrusts, trustRequest } from '../service-trusts.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';

const tagSession = step('negative', { check: 'trust', verb: 'tag-session' });

/**
 * Trusts allow sts:AssumeRole only: not session tags or source identities, which could feed
 * attribute-based grants (checked on the trust alone for the action roles).
 */
export const tagSessionRows: RowGenerator = (ctx) => [
  ...actionRoles(ctx).map((role) =>
    deny({
      step: tagSession,
      principal: ctx.t.pipelineRole,
      action: 'sts:TagSession',
      resource: role,
      resourcePolicy: ctx.r.trust(role),
      layer: 'resource',
      source: SOURCES.assumeRoleCrossAccount,
    }),
  ),
  ...distinctServiceTrusts(ctx.t).map((x) =>
    deny({
      step: tagSession,
      principal: x.service,
      ...trustRequest(ctx.r, x, 'sts:TagSession'),
      source: SOURCES.confusedDeputy,
    }),
  ),
];

/** Confused deputy: the right service, acting for another account, must not get in. */
export const confusedDeputyRows: RowGenerator = (ctx) =>
  distinctServiceTrusts(ctx.t).map((x) =>
    deny({
      step: step('negative', { check: 'confused-deputy' }),
      principal: x.service,
      ...trustRequest(ctx.r, {
        ...x,
        sourceAccount: OUTSIDER_ACCOUNT,
        sourceArn:
          x.sourceArn === undefined
            ? undefined
            : withArnParts(x.sourceArn, { account: OUTSIDER_ACCOUNT }),
      }),
      source: SOURCES.confusedDeputy,
    }),
  );
