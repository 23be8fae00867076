export { systemClock, type Clock } from './clock.js';
export { executionConsoleUrl, pipelineConsoleUrl } from './console-links.js';
export {
  accountOf,
  accountRef,
  formatAccount,
  placeActions,
  type AccountRef,
  type ActionPlacement,
  type PipelineRef,
} from './pipeline-ref.js';
export { startPipeline, type StartResult } from './start.js';
export {
  pipelineStatus,
  type ActionStatus,
  type StageStatus,
  type StatusReport,
} from './status.js';
export {
  watchExecution,
  type ActionProgress,
  type WatchOptions,
  type WatchResult,
} from './watch.js';
export {
  decideApproval,
  type ApprovalDecision,
  type ApprovalOutcome,
  type ApprovalRequest,
} from './approve.js';
export {
  analyzeSnapshot,
  formatStatementRef,
  liveModel,
  NON_REQUEST_STEPS,
  parseSnapshot,
  readSnapshotFile,
  readLiveSnapshot,
  refersTo,
  RULES,
  sortFindings,
  type DoctorReport,
  type Finding,
  type FindingCategory,
  type LintRule,
  type LiveModel,
  type LiveReaders,
  type LiveSnapshot,
  type Severity,
  type StatementRef,
} from './doctor/index.js';
export { configFromSnapshot, type ImportResult } from './import/config-from-live.js';
