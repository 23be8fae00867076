/**
 * deploy, diff, destroy (docs/design.md §8). Pure orchestration over the narrow AWS interfaces of
 * `aws/`, injected through a {@link DeployEnvironment}.
 */
export type {
  Clock,
  DeployEnvironment,
  StackEventProgress,
  StackOutcome,
  StackProgress,
  StackResult,
  StackSetResult,
  StackSetUnitResult,
} from './types.js';
export { checkStackSetsAccess, STACKSETS_SERVICE_PRINCIPAL } from './stackset-access.js';
export { deployStackSet, destroyStackSet, type StackSetDeployRequest } from './stackset-deploy.js';
export {
  findLeftoverStackSets,
  LeftoverRun,
  leftoverStackSets,
  type LeftoverStackSet,
} from './stackset-leftovers.js';
export {
  awaitingInstance,
  findReplacedStacks,
  retireReplacedStacks,
  type ReplacedStack,
  type Retirement,
} from './stackset-retire.js';
export {
  deployPlan,
  DEFAULT_CONCURRENCY,
  type DeployPlanOptions,
  type DeployResult,
} from './deploy-plan.js';
export {
  diffPlan,
  differs,
  renderResourceLine,
  resourceLines,
  type DiffResult,
  type DiffSource,
  type ResourceChangeLine,
  type StackDiff,
} from './diff-plan.js';
export { accessChanges, renderAccessChange, type AccessChange } from './access-changes.js';
export {
  changeSetRefs,
  reviewChangeSets,
  type ChangeSetReader,
  type ChangeSetRef,
  type ChangeSetReview,
} from './change-set-review.js';
export {
  destroyPlan,
  destroyScope,
  type DestroyOptions,
  type DestroyResult,
  type DestroyScope,
} from './destroy-plan.js';
export {
  acquireLock,
  forceUnlockPipeline,
  lockName,
  type HeldLock,
  type LockRecord,
} from './lock.js';
export { runGraph, reverseGraph, type GraphNode, type NodeState } from './graph-runner.js';
export { StackMonitor, formatElapsed } from './monitor.js';
export { resolvePlaceholders, stackParameters } from './wiring.js';
