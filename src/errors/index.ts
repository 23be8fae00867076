/**
 * The one error base of crossline. Every error a user can see carries a stable code,
 * a message they can act on, an optional hint, and the cause. Errors have no side effects.
 *
 * Kinds follow the usage / external / internal split:
 * - `usage`: the user's input is wrong (config, flags, files). Exit code 2.
 * - `external`: AWS or another system said no, or a check failed. Exit code 1.
 * - `internal`: a bug in crossline. Exit code 70.
 */
export type ErrorKind = 'usage' | 'external' | 'internal';

export type ErrorCode =
  | 'ConfigNotFound'
  | 'ConfigInvalid'
  | 'UsageError'
  | 'FileExists'
  | 'OutputInvalid'
  | 'PolicyTooLarge'
  | 'VerifyFailed'
  | 'CredentialsMissing'
  | 'AccountMismatch'
  | 'AwsRequestFailed'
  | 'StackFailed'
  | 'LockHeld'
  | 'ConfirmationRequired'
  | 'PipelineNotFound'
  | 'SnapshotInvalid'
  | 'ConnectionNotAvailable'
  | 'TrustedAccessMissing'
  | 'Internal';

export interface CrosslineErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
  /** Structured details for `--json` output (never secrets). */
  readonly details?: unknown;
}

export class CrosslineError extends Error {
  override readonly name = 'CrosslineError';
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    kind: ErrorKind,
    message: string,
    options: CrosslineErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.kind = kind;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The process exit code this error maps to (used by the CLI only). */
  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = {
  usage: 2,
  external: 1,
  internal: 70,
};

/** A problem in user input, with its location (file:line:col) when known. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly hint?: string;
  /** Dotted path in the config, e.g. `stages[1].targets[0].stack`. */
  readonly path?: string;
}

export function formatProblem(p: Problem): string {
  const head = `${p.file}:${p.line}:${p.col}: ${p.message}`;
  return p.hint ? `${head}\n  hint: ${p.hint}` : head;
}

/** All the problems of one config file at once. */
export class ConfigInvalidError extends CrosslineError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    const n = problems.length;
    super(
      'ConfigInvalid',
      'usage',
      `${n} problem${n === 1 ? '' : 's'} in the config:\n${problems.map(formatProblem).join('\n')}`,
      { details: problems },
    );
    this.problems = problems;
  }
}

export function usageError(message: string, hint?: string): CrosslineError {
  return new CrosslineError('UsageError', 'usage', message, hint === undefined ? {} : { hint });
}

export function isCrosslineError(e: unknown): e is CrosslineError {
  return e instanceof CrosslineError;
}
