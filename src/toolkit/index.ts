export { Toolkit, writeFileAtomic, type ToolkitOptions, type ValidateResult } from './toolkit.js';
export type { ApproveOptions, PipelineSelection } from './ops.js';
export type { DoctorOptions, DoctorRun, ImportOptions, ImportRun } from './doctor.js';
export type { ExplainOptions, ExplainRun } from './explain.js';
export type { DriftOptions, DriftRun, StackDrift } from './drift.js';
export type { Explanation, RequestVerdict } from '../ops/explain/index.js';
export type {
  ActionProgress,
  ApprovalOutcome,
  DoctorReport,
  Finding as DoctorFinding,
  StartResult,
  StatusReport,
  WatchResult,
} from '../ops/index.js';
export type {
  PlanRun,
  PlanSummary,
  PlanStage,
  PlanAction,
  PlanAccount,
  SynthRun,
} from './synth.js';
export { DEFAULT_OUT_DIR } from './files.js';
export type { PlanStep, PlanStepInput, PlanStepResult } from './plan-steps.js';
