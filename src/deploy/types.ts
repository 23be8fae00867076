import type {
  ArtifactStoreApi,
  CallAs,
  LockApi,
  OrganizationsAccessApi,
  StackApi,
  StackSetApi,
} from '../aws/index.js';
import type { IoHost } from '../io/index.js';
import type { StackId, StackKind } from '../synth/types.js';

/** What happened to one stack in a run. */
export type StackOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  /** Was in ROLLBACK_COMPLETE (a failed first create): deleted and created again. */
  | 'recreated'
  | 'failed'
  /** Not started because an earlier stack failed (or its dependencies did). */
  | 'not-started'
  | 'deleted'
  /** destroy: there was nothing to delete. */
  | 'absent'
  /** destroy: kept on purpose (the artifacts stack without --including-artifacts). */
  | 'kept';

export interface StackResult {
  readonly id: StackId;
  readonly stack: string;
  readonly kind: StackKind;
  readonly account: { readonly alias: string; readonly id: string };
  readonly outcome: StackOutcome;
  /** The CloudFormation status at the end (absent when the stack was never looked at). */
  readonly status?: string | undefined;
  /**
   * Why it failed (the first failed resource event, or the API error); for a stack retired
   * (`replacedBy`), `retired: replaced by StackSet <name>`.
   */
  readonly reason?: string | undefined;
  readonly elapsedMs: number;
  readonly outputs: Readonly<Record<string, string>>;
  /**
   * Set on a stack the plan does not have that deploy deleted (or failed to) because this
   * StackSet brings its roles: a member's `<name>-target` of before StackSets (§13).
   */
  readonly replacedBy?: string | undefined;
}

/** One OU of a StackSet after a run: its instances and the failed ones' reasons. */
export interface StackSetUnitResult {
  readonly ou: string;
  /** Instances in the StackSet's region after the run. */
  readonly instances: number;
  /** Of those, CURRENT (deployed with the StackSet's template). */
  readonly current: number;
  /** Accounts an operation of this run failed in. */
  readonly failed: number;
  /** `<account>: <reason>`, for the first failed accounts. */
  readonly reasons: readonly string[];
}

/** What happened to one StackSet in a run (docs/design.md §13). */
export interface StackSetResult {
  /** `stackset/<name>`: its node in the deploy graph. */
  readonly id: string;
  readonly name: string;
  /** Where its calls were made. */
  readonly account: { readonly alias: string; readonly id: string };
  readonly outcome: StackOutcome;
  readonly reason?: string | undefined;
  readonly elapsedMs: number;
  /** The StackSets operations this run started (UpdateStackSet, Create/DeleteStackInstances). */
  readonly operations: readonly string[];
  readonly units: readonly StackSetUnitResult[];
  /**
   * A StackSet of this pipeline the plan no longer has: the planned StackSet that replaced it
   * (deploy deleted it, its OU overlaps), or absent when deploy left it (`kept`; destroy
   * removes it).
   */
  readonly replacedBy?: string | undefined;
  /** True for a StackSet of this pipeline the plan no longer has (`<name>-bootstrap-<ou>`). */
  readonly leftover?: boolean | undefined;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Everything deploy needs from outside, injected so that tests and benchmarks can run it
 * against moto, a fake, or a proxy with latency.
 */
export interface DeployEnvironment {
  readonly io: IoHost;
  readonly clock: Clock;
  /**
   * The stack API of an account in a region (credentials already checked): every stack is
   * deployed, diffed and destroyed in the region plan.json gives it.
   */
  stackApi(
    account: { readonly alias: string; readonly id: string },
    region: string,
  ): Promise<StackApi>;
  /** The lock store, in the tools account (the pipeline's region). */
  lockApi(): Promise<LockApi>;
  /**
   * The artifact store API (tools account) in the region of the artifacts stack, for uploaded
   * templates and destroy --including-artifacts.
   */
  artifactStoreApi?(region: string): Promise<ArtifactStoreApi>;
  /** The StackSets API of the account a StackSet's calls are made in, with its CallAs. */
  stackSetApi?(
    account: { readonly alias: string; readonly id: string },
    region: string,
    callAs: CallAs,
  ): Promise<StackSetApi>;
  /** Organizations' trusted-access reads, in the account a StackSet's calls are made in. */
  organizationsAccessApi?(account: {
    readonly alias: string;
    readonly id: string;
  }): Promise<OrganizationsAccessApi>;
}

export type { StackEventProgress, StackProgress } from '../io/index.js';
