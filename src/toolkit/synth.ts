import { IO, type IoHost } from '../io/index.js';
import type { PipelineDeclaration } from '../aws/pipeline-types.js';
import type { Account, Pipeline } from '../model/index.js';
import { synthesize, type RoleSummary, type SynthResult } from '../synth/index.js';
import type { VerifyResult } from '../verify/index.js';
import { replaceOutputDir, wroteMessage } from './output-dir.js';
import { DEFAULT_OUT_DIR } from './files.js';
import { defaultPlanSteps, type PlanStep, type PlanStepResult } from './plan-steps.js';

export interface SynthRun {
  readonly pipeline: Pipeline;
  readonly synth: SynthResult;
  /** Absolute path of the output folder. */
  readonly outDir: string;
  /** False when the output folder already held exactly this output and was left untouched. */
  readonly written: boolean;
  readonly files: readonly string[];
}

/** `crossline synth`: synthesize and replace the output folder with the result. */
export function runSynth(
  pipeline: Pipeline,
  io: IoHost,
  options: { outDir?: string } = {},
): SynthRun {
  const started = Date.now();
  const synth = synthesize(pipeline);
  io.notify(
    IO.SYNTH_DONE.msg(`synthesized ${synth.files.size} files in ${Date.now() - started} ms`),
  );
  const dir = options.outDir ?? DEFAULT_OUT_DIR;
  const out = replaceOutputDir(dir, synth.files);
  io.notify(IO.SYNTH_WRITTEN.msg(wroteMessage(out, synth.files.size, dir)));
  return {
    pipeline,
    synth,
    outDir: out.path,
    written: out.written,
    files: [...synth.files.keys()],
  };
}

export interface PlanAccount extends Pick<Account, 'alias' | 'id' | 'parts'> {
  readonly stacks: readonly string[];
}

export interface PlanAction {
  readonly name: string;
  readonly provider: string;
  /** What it does, in a few words. */
  readonly detail: string;
  readonly account: string;
}

export interface PlanStage {
  readonly name: string;
  readonly actions: readonly PlanAction[];
}

export interface PlanSummary {
  readonly pipeline: string;
  readonly region: string;
  readonly partition: string;
  readonly accounts: readonly PlanAccount[];
  readonly stages: readonly PlanStage[];
  readonly roles: readonly RoleSummary[];
  readonly notes: readonly string[];
}

export interface PlanRun extends SynthRun {
  readonly summary: PlanSummary;
  readonly steps: readonly (PlanStepResult & { readonly name: string })[];
  /** False when a step (verify) failed. */
  readonly ok: boolean;
}

/**
 * `crossline plan`: synthesize, run the plan steps (verify, once it is hooked in through
 * plan-steps.ts), write everything in one atomic replace, and summarise.
 */
export function runPlan(
  pipeline: Pipeline,
  io: IoHost,
  options: { outDir?: string; steps?: readonly PlanStep[] } = {},
): PlanRun {
  const synth = synthesize(pipeline);
  const dir = options.outDir ?? DEFAULT_OUT_DIR;
  const steps: (PlanStepResult & { readonly name: string })[] = [];
  // Each step sees what the earlier ones found: the report shows verify's result.
  let verify: VerifyResult | undefined;
  for (const step of options.steps ?? defaultPlanSteps()) {
    const result = step.run({ pipeline, synth, io, outDir: dir, verify });
    verify = result.verify ?? verify;
    // Not a spread, which would read `lines`: a step may render them only when they are asked for.
    steps.push(Object.assign(result, { name: step.name }));
  }
  const files = new Map(synth.files);
  for (const s of steps) for (const [k, v] of s.files ?? []) files.set(k, v);
  const out = replaceOutputDir(dir, files);
  io.notify(IO.PLAN_WRITTEN.msg(wroteMessage(out, files.size, dir)));
  return {
    pipeline,
    synth,
    outDir: out.path,
    written: out.written,
    files: [...files.keys()].sort(),
    summary: planSummary(pipeline, synth),
    steps,
    ok: steps.every((s) => s.ok),
  };
}

/** Accounts with their stacks, stages with their actions, roles and notes: what `plan` prints. */
export function planSummary(pipeline: Pipeline, synth: SynthResult): PlanSummary {
  const { plan } = synth;
  // Tools first, then source, then targets in the order the stages use them.
  const rank = (a: Pipeline['accounts'][number]): number =>
    a.id === pipeline.tools.id
      ? -2
      : a.id === pipeline.source.account.id
        ? -1
        : plan.stacks.findIndex((s) => s.account.id === a.id);
  // Accounts of a targeted OU get their roles from a StackSet (docs/design.md §13).
  const stackSetOf = new Map(
    (plan.stackSets ?? []).flatMap((s) => s.accounts.map((id) => [id, s.name] as const)),
  );
  const accounts: PlanAccount[] = pipeline.accounts
    .filter((a) => a.parts.length > 0)
    .sort((a, b) => rank(a) - rank(b))
    .map((a) => ({
      alias: a.alias,
      id: a.id,
      parts: a.parts,
      stacks: [
        ...plan.stacks.filter((s) => s.account.id === a.id).map((s) => s.name),
        ...(stackSetOf.has(a.id) ? [`StackSet ${stackSetOf.get(a.id)!}`] : []),
      ],
    }));
  const aliasOf = (arn: string | undefined): string => {
    const id = arn?.split(':')[4];
    return pipeline.accounts.find((a) => a.id === id)?.alias ?? pipeline.tools.alias;
  };
  const declaration = synth.pipelineJson.pipeline as PipelineDeclaration;
  const stages: PlanStage[] = declaration.stages.map((s) => ({
    name: s.name,
    actions: s.actions.map((a) => {
      const c = a.configuration ?? {};
      const provider = a.actionTypeId.provider;
      const detail =
        provider === 'CodeCommit'
          ? `${c.RepositoryName}@${c.BranchName}`
          : provider === 'CodeBuild'
            ? `project ${c.ProjectName}`
            : provider === 'CloudFormation'
              ? `stack ${c.StackName}${a.region === undefined ? '' : ` (${a.region})`}`
              : 'manual approval';
      return { name: a.name, provider, detail, account: aliasOf(a.roleArn) };
    }),
  }));
  return {
    pipeline: plan.pipeline,
    region: plan.region,
    partition: plan.partition,
    accounts,
    stages,
    roles: plan.roles ?? [],
    notes: plan.notes,
  };
}
