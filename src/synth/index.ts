export { synthesize } from './synthesize.js';
export { stableJson } from './json.js';
export { ARTIFACT_KEY_ID_PLACEHOLDER, PARAM } from './placeholders.js';
export { MAX_ACTIONS_PER_STAGE } from './pipeline-model.js';
export { POLICY_LIMITS, policySize } from './policies/limits.js';
export { POLICY_KINDS } from './types.js';
export type {
  CfnTemplate,
  ParameterWiring,
  PlanDocument,
  PolicyDocument,
  PolicyEntry,
  PolicyKind,
  PolicyStatement,
  RoleSummary,
  StackId,
  StackKind,
  StackPlan,
  StackSetOperationPreferences,
  StackSetPlan,
  StackSetTargets,
  SynthResult,
} from './types.js';
