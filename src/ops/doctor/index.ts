export { analyzeSnapshot, type DoctorReport, type UnverifiedCheck } from './analyze.js';
export {
  formatStatementRef,
  refersTo,
  sortFindings,
  type Finding,
  type FindingCategory,
  type Severity,
  type StatementRef,
} from './findings.js';
export { NON_REQUEST_STEPS, RULES, type LintRule } from './rules/index.js';
export { liveModel, type LiveModel } from './live-topology.js';
export { readLiveSnapshot, type LiveReaders } from './read-live.js';
export { parseSnapshot, readSnapshotFile, type LiveSnapshot, type UnreadItem } from './snapshot.js';
