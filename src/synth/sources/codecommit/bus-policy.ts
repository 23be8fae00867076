import type { CodeCommitSource } from '../../../model/index.js';
import type { SynthContext } from '../../context.js';
import { because, DOCS } from '../../policies/sources.js';
import { allow, awsPrincipal } from '../../policies/statement.js';
import type { BusPolicy } from '../provider.js';

/** Sid of the one statement on the tools default bus; also the EventBusPolicy StatementId. */
export const BUS_STATEMENT_ID = 'SourceAccountForwardsCommits';

/**
 * The tools account's default event bus accepts events from the source account only.
 * Undefined when the repository is in the tools account (nothing is forwarded).
 */
export function busPolicy(ctx: SynthContext, _source: CodeCommitSource): BusPolicy | undefined {
  if (ctx.sourceInTools) return undefined;
  return {
    statementId: BUS_STATEMENT_ID,
    grants: [
      allow({
        sid: BUS_STATEMENT_ID,
        reason: because(
          "events:PutEvents on the tools account's default bus by the source account's forwarding rule (its role)",
          'a bus accepts events from another account only when its resource policy allows that account',
          DOCS.eventsCrossAccount,
        ),
        principal: awsPrincipal([ctx.arns.sourceRoot]),
        actions: ['events:PutEvents'],
        resources: [ctx.arns.toolsBus],
      }),
    ],
  };
}
