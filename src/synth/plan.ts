import type { SynthContext } from './context.js';
import { PARAM } from './placeholders.js';
import type { StackBuild } from './stacks/stack.js';
import { extraStores } from './regions.js';
import { stackSetPlan, type StackSetBuild } from './stacksets.js';
import type { PlanDocument, RoleSummary, StackPlan } from './types.js';

export function templateFile(id: string): string {
  return `templates/${id}.template.json`;
}

/**
 * The deploy graph: artifacts first; then the source stack and every target stack, which
 * need only the artifacts outputs (so they deploy in parallel); then the pipeline, which
 * CodePipeline validates against the action roles that must already exist.
 */
export function planDocument(
  ctx: SynthContext,
  builds: readonly StackBuild[],
  notes: readonly string[],
  bootstrap: {
    /** Every build whose roles the plan lists: the stacks' and the StackSet members'. */
    readonly all: readonly StackBuild[];
    readonly stackSets: readonly StackSetBuild[];
  } = { all: builds, stackSets: [] },
): PlanDocument {
  const artifacts = builds.find((b) => b.kind === 'artifacts')!;
  const artifactsId = ctx.stackId(artifacts.account, artifacts.name);
  const middle = builds
    .filter((b) => b.kind === 'source' || b.kind === 'target')
    .map((b) => ctx.stackId(b.account, b.name));
  // The artifacts stacks of extra regions deploy beside the main one (targets in several
  // regions); the stacks that take their key ARNs wait for them.
  const regional = builds
    .filter((b) => b.kind === 'artifacts' && b !== artifacts)
    .map((b) => ctx.stackId(b.account, b.name));
  const stacks: StackPlan[] = builds.map((b) => {
    const id = ctx.stackId(b.account, b.name);
    const inputs = (b.inputs ?? []).map((i) => i.stack);
    const dependsOn =
      b.kind === 'artifacts'
        ? []
        : b.kind === 'pipeline'
          ? [artifactsId, ...regional, ...middle]
          : [artifactsId, ...new Set(inputs)];
    return {
      id,
      name: b.name,
      kind: b.kind,
      account: { alias: b.account.alias, id: b.account.id },
      region: b.region,
      templateFile: templateFile(id),
      dependsOn,
      parameters: [
        ...b.parameters.map((name) => ({
          name,
          fromOutput: { stack: artifactsId, output: name },
        })),
        ...(b.inputs ?? []).map((i) => ({
          name: i.name,
          fromOutput: { stack: i.stack, output: i.output },
        })),
      ],
      outputs: b.outputs,
    };
  });
  const setOf = new Map(
    bootstrap.stackSets.flatMap((s) => s.members.map((a) => [a.id, s.name] as const)),
  );
  const roles: RoleSummary[] = bootstrap.all.flatMap((b) =>
    b.roles.map((l) => ({
      id: `${l.role.account.alias}/${l.role.name}`,
      arn: l.role.arn,
      account: { alias: l.role.account.alias, id: l.role.account.id },
      stack:
        b.kind === 'target' && setOf.has(b.account.id)
          ? `stackset/${setOf.get(b.account.id)!}`
          : ctx.stackId(b.account, b.name),
      may: l.role.may,
      why: l.role.why,
      policies: l.entries.map((e) => e.name),
    })),
  );
  return {
    version: 1,
    pipeline: ctx.names.pipeline,
    region: ctx.pipeline.region,
    partition: ctx.partition,
    stacks,
    placeholders: [
      { text: ctx.arns.key, stack: artifactsId, output: PARAM.keyArn },
      ...extraStores(ctx).map((s) => ({ text: s.key, stack: s.stackId, output: PARAM.keyArn })),
      ...builds.flatMap((b) =>
        (b.placeholders ?? []).map((ph) => ({ ...ph, stack: ctx.stackId(b.account, b.name) })),
      ),
    ],
    notes,
    roles,
    ...(bootstrap.stackSets.length === 0
      ? {}
      : {
          stackSets: bootstrap.stackSets.map((s) =>
            stackSetPlan(ctx, s, {
              artifacts: artifactsId,
              pipeline: stacks.find((x) => x.kind === 'pipeline')!.id,
              targets: new Map(
                stacks.filter((x) => x.kind === 'target').map((x) => [x.account.id, x.id]),
              ),
            }),
          ),
        }),
  };
}
