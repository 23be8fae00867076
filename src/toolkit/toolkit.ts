import { existsSync } from 'node:fs';
import {
  checkedStarterConfig,
  loadConfigFile,
  type LoadedConfig,
  type StarterOptions,
} from '../config/index.js';
import { CrosslineError, formatProblem } from '../errors/index.js';
import { IO, type IoHost } from '../io/index.js';
import { writeFileAtomic } from './files.js';
import type * as deployRuns from './deploy.js';
import * as verify from './verify.js';
import * as reports from './report.js';
import * as synthRuns from './synth.js';
import type { PlanStep } from './plan-steps.js';
import type {
  ApprovalOutcome,
  ApprovalRequest,
  StartResult,
  StatusReport,
  WatchOptions,
  WatchResult,
} from '../ops/index.js';
import type { ApproveOptions, PipelineSelection } from './ops.js';
import type { DoctorOptions, DoctorRun, ImportOptions, ImportRun } from './doctor.js';
import type { ExplainOptions, ExplainRun } from './explain.js';
import type { DriftOptions, DriftRun } from './drift.js';
import {
  physicalNames,
  targetAccounts,
  type PhysicalNames,
  type Pipeline,
} from '../model/index.js';

export interface ToolkitOptions {
  readonly ioHost: IoHost;
}

export interface ValidateResult {
  readonly file: string;
  readonly pipeline: Pipeline;
  readonly names: PhysicalNames;
  readonly targetAccounts: number;
}

/**
 * The library facade: one method per command. It never prints; it returns values and
 * sends progress to the IoHost. The CLI is a thin shell over it.
 */
export class Toolkit {
  protected readonly io: IoHost;
  /** Config files whose warnings were sent already. */
  private readonly warned = new Set<string>();

  constructor(options: ToolkitOptions) {
    this.io = options.ioHost;
  }

  /** Loads and validates a config (throws ConfigInvalidError with every problem). */
  load(file: string): LoadedConfig {
    this.io.notify(IO.CONFIG_LOAD.msg(`reading ${file}`));
    const loaded = loadConfigFile(file);
    // Once per file: deploy loads the config twice (the CLI for its aliases, then the run).
    if (!this.warned.has(file))
      for (const w of loaded.warnings ?? [])
        this.io.notify(IO.CONFIG_WARNING.msg(formatProblem(w), w));
    this.warned.add(file);
    return loaded;
  }

  validate(file: string): ValidateResult {
    const { pipeline } = this.load(file);
    return {
      file,
      pipeline,
      names: physicalNames(pipeline),
      targetAccounts: targetAccounts(pipeline).length,
    };
  }

  /** `synth`: every template, pipeline.json, policies and plan.json into the output folder (synth.ts). */
  synth(file: string, options: { outDir?: string } = {}): synthRuns.SynthRun {
    return synthRuns.runSynth(this.load(file).pipeline, this.io, options);
  }

  /** `plan`: synth, then the plan steps (verify), then a summary (synth.ts, plan-steps.ts). */
  plan(
    file: string,
    options: { outDir?: string; steps?: readonly PlanStep[] } = {},
  ): synthRuns.PlanRun {
    return synthRuns.runPlan(this.load(file).pipeline, this.io, options);
  }

  /** Writes a starter config. Never overwrites an existing file unless `force`. */
  init(file: string, options: StarterOptions & { force?: boolean }): { file: string } {
    if (existsSync(file) && options.force !== true) {
      throw new CrosslineError(
        'FileExists',
        'usage',
        `${file} already exists; not overwriting it`,
        {
          hint: 'pass --force to replace it, or -c OTHER.yml to write elsewhere',
        },
      );
    }
    writeFileAtomic(file, checkedStarterConfig(options));
    this.io.notify(IO.INIT_WRITTEN.msg(`wrote ${file}`));
    return { file };
  }

  /** Starts a pipeline run (ops.ts). */
  async start(sel: PipelineSelection): Promise<StartResult> {
    return (await import('./ops.js')).start(sel, this.io);
  }

  /** Recent runs and every stage/action with its state and account (ops.ts). */
  async status(sel: PipelineSelection, options?: { executions?: number }): Promise<StatusReport> {
    return (await import('./ops.js')).status(sel, this.io, options);
  }

  /** Follows a run until it ends (ops.ts). */
  async watch(sel: PipelineSelection, options?: WatchOptions): Promise<WatchResult> {
    return (await import('./ops.js')).watch(sel, this.io, options);
  }

  /**
   * Approves or rejects the manual approval waiting in a stage; a change-set stage's change
   * sets are shown first and need a yes (ops.ts).
   */
  async approve(
    sel: PipelineSelection,
    request: ApprovalRequest,
    options?: ApproveOptions,
  ): Promise<ApprovalOutcome> {
    return (await import('./ops.js')).approve(sel, this.io, request, options);
  }

  /** Reads a live (possibly hand-built) pipeline, or a saved snapshot, and diagnoses it (doctor.ts). */
  async doctor(sel: PipelineSelection, options?: DoctorOptions): Promise<DoctorRun> {
    return (await import('./doctor.js')).runDoctor(sel, this.io, options);
  }

  /** Explains a run-time error: the request, the policy that denies it, the fix (explain.ts). */
  async explain(sel: PipelineSelection, options?: ExplainOptions): Promise<ExplainRun> {
    return (await import('./explain.js')).runExplain(sel, this.io, options);
  }

  /** Writes a crossline config for a live, hand-built pipeline (doctor.ts). */
  async importPipeline(sel: PipelineSelection, options?: ImportOptions): Promise<ImportRun> {
    return (await import('./doctor.js')).runImport(sel, this.io, options);
  }

  /**
   * Synthesizes in memory and runs the access script (verify.ts). A failing check is a value
   * (`result.ok` false), not an error; verify.json is written only with `outDir`.
   */
  verify(file: string, options: verify.VerifyOptions = {}): verify.VerifyRun {
    return verify.runVerify(this.load(file).pipeline, this.io, options);
  }

  /** `report`: synthesize, verify, and write the self-contained HTML page (report.ts). */
  report(file: string, options: reports.ReportOptions = {}): reports.ReportRun {
    return reports.runReport(this.load(file).pipeline, this.io, options);
  }

  /** `deploy`: synth, verify (refuses when it fails), diff, confirm broadening, deploy (deploy.ts; loads the AWS SDK lazily). */
  async deploy(
    file: string,
    options: deployRuns.DeployCommandOptions = {},
  ): Promise<deployRuns.DeployRun> {
    const loaded = this.load(file);
    // Targets by OU or tag: the organization read again, what changed shown first (org-refresh.ts).
    const org = await (
      await import('./org-refresh.js')
    ).refreshOrganization(loaded, this.io, options);
    const run = await (await import('./deploy.js')).runDeploy(org.pipeline, this.io, options);
    if (run.result.ok) org.commit();
    return run;
  }

  /** `diff`: generated templates against the deployed ones, broadening called out (deploy.ts). */
  async diff(
    file: string,
    options: deployRuns.AwsAccessOptions = {},
  ): Promise<deployRuns.DiffResultRun> {
    const { pipeline } = this.load(file);
    return (await import('./deploy.js')).runDiff(pipeline, this.io, options);
  }

  /** `drift`: live stacks and policies against what plan generates, judged by the engine (drift.ts). */
  async drift(file: string, options: DriftOptions = {}): Promise<DriftRun> {
    const { pipeline } = this.load(file);
    return (await import('./drift.js')).runDrift(pipeline, this.io, options);
  }

  /** `destroy`: every stack in reverse order; artifacts kept unless asked (deploy.ts). */
  async destroy(
    file: string,
    options: deployRuns.DestroyCommandOptions = {},
  ): Promise<deployRuns.DestroyResultRun> {
    const { pipeline } = this.load(file);
    return (await import('./deploy.js')).runDestroy(pipeline, this.io, options);
  }
}

export { writeFileAtomic } from './files.js';
