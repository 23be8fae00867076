import type { Context, Resources, RowSpec } from './rows.js';
import { SOURCES } from './sources.js';
import type { TargetTopology, Topology } from './topology.js';

/**
 * A role an AWS service assumes, with what the service sends when it does: the
 * confused-deputy keys aws:SourceAccount and (for all but CloudFormation) aws:SourceArn.
 */
export interface ServiceTrust {
  /** The verb of its `service.*` step (`codepipeline`, `events.forward`, …). */
  readonly verb:
    'codepipeline' | 'codebuild' | 'events.start' | 'events.forward' | 'cloudformation';
  readonly role: string;
  readonly service: string;
  readonly sourceAccount: string;
  readonly sourceArn?: string | undefined;
  /** The page that says how the service assumes it. */
  readonly citation: string;
  /** The deploy target whose execution role this is. */
  readonly target?: TargetTopology | undefined;
}

/**
 * Every service trust of the pipeline, one per role and target: the pipeline role, the build
 * role, the start and forward rules' roles, then each target's execution role. Positive rows
 * prove each service gets in; negative rows, that nothing else does.
 */
export function serviceTrusts(t: Topology): readonly ServiceTrust[] {
  // Rows ask for it once per target: computed once per topology (linear, not quadratic, in
  // the number of targets; 1,000 OU accounts spent over a second here).
  let trusts = trustsOf.get(t);
  if (trusts === undefined) trustsOf.set(t, (trusts = buildServiceTrusts(t)));
  return trusts;
}

const trustsOf = new WeakMap<Topology, readonly ServiceTrust[]>();

function buildServiceTrusts(t: Topology): ServiceTrust[] {
  const out: ServiceTrust[] = [
    {
      verb: 'codepipeline',
      role: t.pipelineRole,
      service: t.services.codepipeline,
      sourceAccount: t.tools,
      sourceArn: t.pipelineArn,
      citation: SOURCES.pipelineServiceRole,
    },
  ];
  const add = (x: Omit<ServiceTrust, 'role'>, role: string | undefined): void => {
    if (role !== undefined) out.push({ ...x, role });
  };
  add(
    {
      verb: 'codebuild',
      service: t.services.codebuild,
      sourceAccount: t.tools,
      sourceArn: t.buildProjectArn,
      citation: SOURCES.codebuildServiceRole,
    },
    t.buildRole,
  );
  add(
    {
      verb: 'events.start',
      service: t.services.events,
      sourceAccount: t.tools,
      sourceArn: t.startRuleArn,
      citation: SOURCES.eventsTargetRole,
    },
    t.triggerRole,
  );
  add(
    {
      verb: 'events.forward',
      service: t.services.events,
      sourceAccount: t.source,
      sourceArn: t.forwardRuleArn,
      citation: SOURCES.eventsTargetRole,
    },
    t.forwardRole,
  );
  for (const target of t.targets) {
    add(
      {
        verb: 'cloudformation',
        service: t.services.cloudformation,
        sourceAccount: target.account,
        citation: SOURCES.cloudformationServiceRole,
        target,
      },
      target.execRole,
    );
  }
  return out;
}

/** One trust per role (the first), for rows about the role rather than about a target. */
export function distinctServiceTrusts(t: Topology): ServiceTrust[] {
  const seen = new Set<string>();
  return serviceTrusts(t).filter((x) => !seen.has(x.role) && seen.add(x.role) !== undefined);
}

/** The confused-deputy keys the service sends when it assumes the role. */
function trustContext(x: ServiceTrust): Context {
  return {
    'aws:SourceAccount': x.sourceAccount,
    ...(x.sourceArn === undefined ? {} : { 'aws:SourceArn': x.sourceArn }),
  };
}

/** `action` on the role of `x` as its service asks: against the role's trust, with `x`'s keys. */
export function trustRequest(
  r: Resources,
  x: ServiceTrust,
  action = 'sts:AssumeRole',
): Pick<RowSpec, 'action' | 'resource' | 'resourcePolicy' | 'context'> {
  return { action, resource: x.role, resourcePolicy: r.trust(x.role), context: trustContext(x) };
}
