export {
  classifyMessage,
  type Classification,
  type ClassifyResult,
  type MessageKind,
} from './classify.js';
export {
  reconstruct,
  resolveRole,
  type ActionContext,
  type Reconstruction,
} from './reconstruct.js';
export { decide, type RequestVerdict, type Side } from './decide.js';
export { explainMessage, type Explanation } from './explain.js';
export { failedActions, type ActionStack, type FailedAction } from './failed-actions.js';
export {
  eventView,
  firstFailure,
  isStackEvent,
  latestOperation,
  operationRunning,
  type StackEventView,
  type StackEventsReader,
} from './stack-events.js';
