/** The shapes every message and host share (no I/O). */
export type IoLevel = 'error' | 'warn' | 'result' | 'info' | 'debug' | 'trace';

/** A stable message code, `<area>.<what>`, e.g. `deploy.stack-progress`. */
export type IoCode = `${string}.${string}`;

export interface IoMessage<T = unknown> {
  readonly level: IoLevel;
  readonly code: IoCode;
  /** Human text, without colour codes. */
  readonly message: string;
  /** Machine data for `--json` and for richer rendering (never credentials). */
  readonly data?: T;
}

export interface IoHost {
  notify(msg: IoMessage): void;
  /**
   * Ask the user a yes/no question. Hosts without a terminal must answer with
   * `undefined` so that the caller can refuse instead of guessing.
   */
  confirm?(question: string): Promise<boolean | undefined>;
}

/** An IoHost that keeps every message: for tests and for library users who render later. */
export interface RecordingIoHost extends IoHost {
  readonly messages: IoMessage[];
}
