import type { ScriptContext } from './generator.js';
import { accountOf, makeRow, type RowSpec } from './rows.js';
import { SOURCES } from './sources.js';
import { formatStep, step, type Phase, type StepTarget } from './step.js';
import { targetRegion, type TargetTopology, type Topology } from './topology.js';
import type { AccessRow } from './types.js';

/**
 * Shared parts of the positive script (docs/design.md §5): every request the running
 * pipeline makes, in the order it makes them; each must be allowed by the identity side and
 * the resource side. The generators are under `./positive/`.
 */

export const allow = (spec: RowSpec): AccessRow => makeRow('allow', spec);

/**
 * What the CloudFormation action calls on the target stack, by action mode
 * (SOURCES.cloudformationAction; the CDK's SingletonPolicy grants the same).
 */
export function stackActions(target: TargetTopology): readonly string[] {
  return target.mode === 'CHANGE_SET'
    ? [
        'cloudformation:DescribeStacks',
        'cloudformation:CreateChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:DeleteChangeSet',
      ]
    : [
        'cloudformation:DescribeStacks',
        'cloudformation:CreateStack',
        'cloudformation:UpdateStack',
        // CodePipeline calls it to name the failed resource in its error message (same page).
        'cloudformation:DescribeStackEvents',
      ];
}

/**
 * How steps name each target: `<stage>.<alias>`, plus the stack when one stage deploys two
 * stacks into one account.
 */
export function stepTargets(t: Topology): [TargetTopology, StepTarget][] {
  const count = new Map<string, number>();
  const base = (x: TargetTopology): string =>
    formatStep(step('deploy', { target: { stage: x.stage, alias: x.alias } }));
  for (const x of t.targets) count.set(base(x), (count.get(base(x)) ?? 0) + 1);
  // The same stack of one account in several regions of one stage: the region names it.
  const withStack = (x: TargetTopology): string => `${base(x)}.${x.stack}`;
  const stacks = new Map<string, number>();
  for (const x of t.targets) stacks.set(withStack(x), (stacks.get(withStack(x)) ?? 0) + 1);
  return t.targets.map((x) => [
    x,
    (count.get(base(x)) ?? 0) > 1
      ? (stacks.get(withStack(x)) ?? 0) > 1
        ? { stage: x.stage, alias: x.alias, stack: x.stack, region: targetRegion(t, x) }
        : { stage: x.stage, alias: x.alias, stack: x.stack }
      : { stage: x.stage, alias: x.alias },
  ]);
}

/** Who does a group of positive rows: `pipeline`, `build`, or one deploy target. */
export interface Actor {
  readonly phase: Phase;
  readonly target?: StepTarget | undefined;
  readonly principal: string;
}

const at = (who: Actor, verb: string) => step(who.phase, { target: who.target, verb });

/** Read (or write) an artifact object and use the key for it. */
export function artifactAccess(
  ctx: ScriptContext,
  who: Actor,
  input: 'SourceArti' | 'BuildArtif',
  source: string,
): AccessRow[] {
  const { t, r } = ctx;
  const bucket = {
    principal: who.principal,
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
  };
  return [
    allow({
      step: at(who, 'read'),
      ...bucket,
      action: 's3:GetObject',
      resource: r.object(input),
      source,
    }),
    ...keyRows(ctx, who, 'read', ['kms:Decrypt'], SOURCES.s3SseKms),
    allow({
      step: at(who, 'write'),
      ...bucket,
      action: 's3:PutObject',
      resource: r.object('BuildArtif'),
      context: r.sseKms(),
      source,
    }),
    ...keyRows(ctx, who, 'write', ['kms:GenerateDataKey'], SOURCES.s3SseKms),
  ];
}

/** Use the artifact key through S3 (none with the S3-managed key). */
export function keyRows(
  { r }: ScriptContext,
  who: Actor,
  verb: string,
  actions: readonly string[],
  source: string,
): AccessRow[] {
  const key = r.keyPolicy;
  if (key === undefined) return [];
  return actions.map((action) =>
    allow({
      step: at(who, verb),
      principal: who.principal,
      action,
      resource: key.arn,
      resourcePolicy: key,
      context: r.kmsViaS3(accountOf(who.principal)),
      source,
    }),
  );
}
