export { analyzeSnapshot, type DoctorReport } from './analyze.js';
export { sortFindings, type Finding, type FindingCategory, type Severity } from './findings.js';
export { liveModel, type LiveModel } from './live-topology.js';
export { readLiveSnapshot, type LiveReaders } from './read-live.js';
export { parseSnapshot, type LiveSnapshot, type UnreadItem } from './snapshot.js';
