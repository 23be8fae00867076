/**
 * verify (docs/design.md §5): the access script of a pipeline, evaluated with the `iam` engine.
 *
 *   topology (from the model, or from live state) ─▶ buildAccessScript ─▶ rows
 *   policies (generated, or read from accounts)  ─┬─▶ verifyAccess ─▶ VerifyResult
 *   rows + assumed worst-case principals ──────────┘
 */
export type {
  AccessResult,
  AccessRow,
  AccessScript,
  DecidingStatement,
  Expectation,
  PolicyInput,
  ResourcePolicyKind,
  SampledGroup,
  VerifyResult,
} from './types.js';
export type {
  DeployMode,
  PackageRead,
  TargetTopology,
  Topology,
  TopologyAccount,
} from './topology.js';
export { topologyFromModel, topologyFromSynth, type TopologyOptions } from './from-model.js';
export { buildAccessScript, scriptSteps } from './script.js';
export { stepTargets } from './positive.js';
export { ROW_GENERATORS } from './script.js';
export type { RowGenerator, ScriptContext } from './generator.js';
export type { SourceTopology, CodeCommitSourceTopology } from './topology.js';
export { topologyServices } from './topology.js';
export type { VerifySourceModule } from './sources/provider.js';
export {
  formatStep,
  NEGATIVE_CHECKS,
  parseStep,
  phaseOf,
  PHASES,
  step,
  type NegativeCheck,
  type Phase,
  type Step,
  type StepTarget,
} from './step.js';
export { verifyAccess } from './verify-access.js';
export { sampleTargets, SAMPLE_SIZE } from './symmetry.js';
export { renderVerifyTable, type TableOptions } from './table.js';
export { sampledLines } from './sampled-lines.js';
export { OUTSIDER_ACCOUNT, OTHER_ADMIN_ROLE, ANY_ROLE } from './negative.js';
export { SOURCES } from './sources.js';
