export { renderReport } from './page.js';
export { renderMermaid } from './mermaid.js';
export { reportFiles, reportInput, REPORT_FILE, DIAGRAM_FILE } from './files.js';
export {
  buildDiagram,
  GROUP_THRESHOLD,
  type Diagram,
  type DiagramEdge,
  type Lane,
} from './diagram-model.js';
export { EDGE_LABELS, type EdgeKind, type EdgeStatus } from './edge-status.js';
export type {
  Finding,
  ReportInput,
  ReportSubject,
  ResourceLabels,
  SubjectAccount,
  SubjectStage,
  SubjectTarget,
} from './types.js';
