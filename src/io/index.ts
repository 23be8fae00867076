/**
 * The message interface between the library and whoever shows its output.
 * The library never prints: it sends typed, coded messages to an {@link IoHost};
 * the CLI decides what goes to stdout (results) and stderr (progress, diagnostics).
 * Nothing here does I/O. Every message code is declared once, in `messages.ts`.
 */
export type { IoCode, IoHost, IoLevel, IoMessage, RecordingIoHost } from './types.js';
export { make, type MessageMaker } from './make.js';
export {
  IO,
  type LockPayload,
  type OrgChangePayload,
  type RetirePayload,
  type RetryPayload,
  type StackEventProgress,
  type StackProgress,
  type TemplateUploadPayload,
} from './messages.js';
