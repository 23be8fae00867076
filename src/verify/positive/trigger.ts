import type { RowGenerator } from '../generator.js';
import { allow } from '../positive.js';
import { serviceTrusts, trustRequest, type ServiceTrust } from '../service-trusts.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';
import type { AccessRow } from '../types.js';

/** The service assumes the role it runs as, sending the confused-deputy keys the trust wants. */
export function serviceRow(ctx: Parameters<RowGenerator>[0], x: ServiceTrust): AccessRow {
  return allow({
    step: step('service', { verb: x.verb }),
    principal: x.service,
    ...trustRequest(ctx.r, x),
    source: x.citation,
  });
}

/**
 * CodePipeline and CodeBuild assume their roles; the source account's rule forwards the
 * commit event to the tools bus, where a second rule starts the pipeline.
 */
export const triggerRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  const trust = (verb: ServiceTrust['verb']): ServiceTrust | undefined =>
    serviceTrusts(t).find((x) => x.verb === verb && x.sourceArn !== undefined);
  const rows: AccessRow[] = [];
  for (const verb of ['codepipeline', 'codebuild'] as const) {
    const x = trust(verb);
    if (x !== undefined) rows.push(serviceRow(ctx, x));
  }
  const forward = trust('events.forward');
  if (forward !== undefined && t.busArn !== undefined) {
    rows.push(
      serviceRow(ctx, forward),
      allow({
        step: step('trigger', { verb: 'forward' }),
        principal: forward.role,
        action: 'events:PutEvents',
        resource: t.busArn,
        resourcePolicy: { kind: 'bus', arn: t.busArn },
        source: SOURCES.eventsCrossAccount,
      }),
    );
  }
  const start = trust('events.start');
  if (start !== undefined) {
    rows.push(
      serviceRow(ctx, start),
      allow({
        step: step('trigger', { verb: 'start' }),
        principal: start.role,
        action: 'codepipeline:StartPipelineExecution',
        resource: t.pipelineArn,
        source: SOURCES.pipelineTrigger,
      }),
    );
  }
  return rows;
};
