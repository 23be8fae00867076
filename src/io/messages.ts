/**
 * The message registry: every code the library sends, with its level and data type, declared
 * once. Emitters call `IO.X.msg(text, data)`; printers narrow with `IO.X.is(message)`.
 */
import { make } from './make.js';

/** Progress of one stack, the data of `deploy.stack` / `destroy.stack` messages. */
export interface StackProgress {
  readonly id: string;
  readonly account: string;
  readonly accountId: string;
  readonly stack: string;
  /** A CloudFormation status, or crossline's phase (`WAITING`, `CHECKING`, an outcome…). */
  readonly status: string;
  readonly elapsedMs: number;
  readonly done: boolean;
  readonly reason?: string | undefined;
}

/** A resource event, the data of `deploy.event` / `destroy.event` messages. */
export interface StackEventProgress {
  readonly id: string;
  readonly account: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string | undefined;
}

/** A located config warning (the shape of src/errors' Problem; io may not import errors). */
export interface ConfigWarningPayload {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly hint?: string;
  readonly path?: string;
}

/** A retried AWS request (never carries credentials). */
export interface RetryPayload {
  readonly operation: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly error: string;
}

/** An account that joins or leaves the targets, or moves, since the organization snapshot. */
export interface OrgChangePayload {
  /** joined: new targets; left: targets no more; moved: still a target, another OU path. */
  readonly kind: 'joined' | 'left' | 'moved';
  readonly accountId: string;
  /** The account's alias in the pipeline it is a target of (the new one for joined). */
  readonly alias: string;
  /** `<stage>/<stack>` (`@<region>` when not the pipeline region), sorted. */
  readonly targets: readonly string[];
  /** For moved: the path in the snapshot, and now. */
  readonly fromPath?: string | undefined;
  readonly toPath?: string | undefined;
}

/** The deploy lock a run holds. */
export interface LockPayload {
  readonly id: string;
  readonly holder: string;
  readonly since: string;
  readonly operation: string;
}

/** A template over the inline limit, uploaded to the artifact bucket. */
export interface TemplateUploadPayload {
  readonly id: string;
  readonly bytes: number;
  readonly bucket: string;
  readonly key: string;
  readonly url: string;
}

/** A stack whose change broadens access, with each broadening change in words. */
export interface BroadeningPayload {
  readonly id: string;
  readonly changes: readonly string[];
}

/**
 * What a StackSet replaces that deploy deletes first (docs/design.md §13): a per-account
 * `<name>-target` stack, or a StackSet of the pipeline the plan no longer has.
 */
export interface RetirePayload {
  /** `<alias>/<stack>`, or `stackset/<name>`. */
  readonly id: string;
  readonly account: string;
  readonly accountId: string;
  readonly stack: string;
  /** Absent in diff's message. */
  readonly region?: string;
  /** The planned StackSet that brings the same roles. */
  readonly replacedBy: string;
}

/** What a destroy deletes (stack ids, in order) and keeps. */
export interface DestroyScopePayload {
  readonly deletes: readonly string[];
  readonly keeps: readonly string[];
}

/** One change set `approve` shows: where it is, its status, its changes in words. */
export interface ChangeSetReviewPayload {
  readonly account: string;
  readonly region: string;
  readonly stack: string;
  readonly changeSet: string;
  readonly status: string;
  /** `± logicalId (type)` per resource. */
  readonly resources: readonly string[];
  /** Every IAM or resource-policy change, in words. */
  readonly access: readonly string[];
  readonly broadening: boolean;
}

export const IO = {
  CONFIG_LOAD: make('config.load', 'debug'),
  INIT_WRITTEN: make('init.written', 'debug'),

  SYNTH_DONE: make('synth.done', 'debug'),
  SYNTH_WRITTEN: make('synth.written', 'info'),
  PLAN_WRITTEN: make('plan.written', 'info'),

  VERIFY_DONE: make('verify.done', 'debug'),
  VERIFY_POLICIES: make('verify.policies', 'info'),
  VERIFY_WRITTEN: make('verify.written', 'info'),

  REPORT_DONE: make('report.done', 'debug'),
  REPORT_WRITTEN: make('report.written', 'info'),
  /** `info` when every check passes; sent as `warn` when some fail. */
  REPORT_VERIFIED: make('report.verified', 'info'),

  DEPLOY_VERIFIED: make('deploy.verified', 'debug'),
  DEPLOY_WRITTEN: make('deploy.written', 'debug'),
  DEPLOY_RESOLVED: make('deploy.resolved', 'info'),
  DEPLOY_BROADENING: make<readonly BroadeningPayload[]>('deploy.broadening', 'warn'),
  DEPLOY_SECURITY_CHANGES: make('deploy.security-changes', 'info'),
  DEPLOY_RETRY: make<RetryPayload>('deploy.retry', 'debug'),
  /** The organization read again: what changed since the snapshot (`warn` when the read fails). */
  DEPLOY_ORGANIZATION: make<readonly OrgChangePayload[]>('deploy.organization', 'info'),
  DEPLOY_CREDENTIALS: make('deploy.credentials', 'debug'),
  DEPLOY_LOCK: make<LockPayload>('deploy.lock', 'debug'),
  DEPLOY_TEMPLATE_UPLOAD: make<TemplateUploadPayload>('deploy.template-upload', 'debug'),
  DEPLOY_STACK: make<StackProgress>('deploy.stack', 'info'),
  DEPLOY_EVENT: make<StackEventProgress>('deploy.event', 'info'),
  /** A StackSets precondition (trusted access, delegated administrator) that could not be read. */
  DEPLOY_STACKSET_ACCESS: make('deploy.stackset-access', 'warn'),
  /** A stack or StackSet deploy deletes because a planned StackSet brings its roles (diff: would). */
  DEPLOY_RETIRE: make<RetirePayload>('deploy.retire', 'info'),
  /**
   * What deploy could not check or leaves (warn): members whose old target stack could not be
   * looked for, a `<name>-target` crossline did not make, StackSets the plan no longer has.
   */
  DEPLOY_RETIRE_WARNING: make('deploy.retire-warning', 'warn'),

  /** Before the destroy question: the stacks it deletes, in order, and what it keeps. */
  DESTROY_SCOPE: make<DestroyScopePayload>('destroy.scope', 'info'),
  DESTROY_STACK: make<StackProgress>('destroy.stack', 'info'),
  DESTROY_EVENT: make<StackEventProgress>('destroy.event', 'info'),
  DESTROY_ARTIFACTS: make('destroy.artifacts', 'info'),

  OPS_PIPELINE: make('ops.pipeline', 'debug'),
  OPS_CREDENTIALS: make('ops.credentials', 'debug'),
  /** `approve`: the change sets of the stage, what each changes, before the question. */
  OPS_CHANGE_SETS: make<readonly ChangeSetReviewPayload[]>('ops.change-sets', 'info'),
  /** A retried AWS request of status, watch, start, approve (shown at -v). */
  OPS_RETRY: make<RetryPayload>('ops.retry', 'debug'),

  /** A located config problem that does not stop the run (`LoadedConfig.warnings`). */
  CONFIG_WARNING: make<ConfigWarningPayload>('config.warning', 'warn'),
} as const;
