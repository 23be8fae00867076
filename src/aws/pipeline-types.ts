/** The plain-data shapes of the CodePipeline interface (pipeline-api.ts), as `aws codepipeline …` prints them. */

export type ExecutionStatus =
  'Cancelled' | 'Failed' | 'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Superseded';

/** Statuses after which an execution never changes again. */
export const FINAL_EXECUTION_STATUSES: ReadonlySet<string> = new Set([
  'Cancelled',
  'Failed',
  'Stopped',
  'Succeeded',
  'Superseded',
]);

/** What an execution's summary (ListPipelineExecutions) and the execution itself both report. */
interface ExecutionView {
  readonly executionId: string;
  readonly status: string;
  readonly statusSummary?: string | undefined;
  /** `STANDARD` or `ROLLBACK` (V2 pipelines: a stage rolled back to an earlier execution). */
  readonly type?: string | undefined;
  /** A rollback: the execution the stage rolls back to (rollbackMetadata). */
  readonly rollbackTargetExecutionId?: string | undefined;
}

export interface ExecutionSummary extends ExecutionView {
  readonly startTime?: string | undefined;
  readonly lastUpdateTime?: string | undefined;
  /** e.g. `StartPipelineExecution`, `CloudWatchEvent`, `AutomatedRollback`. */
  readonly trigger?: string | undefined;
  readonly sourceRevisions: readonly {
    readonly action: string;
    readonly revisionId?: string | undefined;
    readonly summary?: string | undefined;
  }[];
}

/** GetPipelineExecution. */
export interface ExecutionInfo extends ExecutionView {
  readonly pipelineVersion?: number | undefined;
}

export interface ErrorDetail {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
}

/**
 * What both views of an action's run report: its latest execution in the pipeline state
 * (GetPipelineState) and one action execution (ListActionExecutions).
 */
interface ActionRunView {
  readonly action: string;
  /** This attempt of the action (a retry is another one). */
  readonly actionExecutionId?: string | undefined;
  readonly summary?: string | undefined;
  readonly error?: ErrorDetail | undefined;
  readonly externalExecutionUrl?: string | undefined;
  /** The provider's id of the run (a CodeBuild action: the build id). */
  readonly externalExecutionId?: string | undefined;
}

export interface ActionStateView extends ActionRunView {
  readonly status?: string | undefined;
  readonly lastStatusChange?: string | undefined;
  /** Present while a manual approval waits: PutApprovalResult needs it. */
  readonly token?: string | undefined;
}

/**
 * A stage with its latest execution: `executionId` is the pipeline execution that last
 * entered the stage, `type` that execution's (`ROLLBACK` while, or after, the stage rolls
 * back), `status` the stage's own in it.
 */
export interface StageStateView extends Partial<Pick<ExecutionView, 'executionId' | 'type'>> {
  readonly stage: string;
  readonly status?: string | undefined;
  readonly actions: readonly ActionStateView[];
}

export interface PipelineStateView {
  readonly pipeline: string;
  readonly version?: number | undefined;
  readonly stages: readonly StageStateView[];
}

export interface ActionExecutionView extends ActionRunView {
  readonly executionId: string;
  readonly stage: string;
  readonly status: string;
  readonly startTime?: string | undefined;
  readonly lastUpdateTime?: string | undefined;
  /** The role the action ran as (input.roleArn): which account it ran in. */
  readonly roleArn?: string | undefined;
  readonly region?: string | undefined;
}

export interface ApprovalInput {
  readonly pipeline: string;
  readonly stage: string;
  readonly action: string;
  readonly token: string;
  readonly status: 'Approved' | 'Rejected';
  readonly summary: string;
}

/** get-pipeline output: the declaration as the API returns it, plus its metadata. */
export interface PipelineDocument {
  readonly pipeline: PipelineDeclaration;
  readonly metadata?: {
    readonly pipelineArn?: string | undefined;
    readonly created?: string | undefined;
    readonly updated?: string | undefined;
    readonly pollingDisabledAt?: string | undefined;
  };
}

export interface PipelineDeclaration {
  readonly name: string;
  readonly roleArn: string;
  readonly artifactStore?: ArtifactStoreDeclaration | undefined;
  readonly artifactStores?: Readonly<Record<string, ArtifactStoreDeclaration>> | undefined;
  readonly stages: readonly StageDeclaration[];
  readonly version?: number | undefined;
  readonly pipelineType?: string | undefined;
  readonly executionMode?: string | undefined;
  /** Anything else the API returns (triggers, variables) is kept as is. */
  readonly [extra: string]: unknown;
}

export interface ArtifactStoreDeclaration {
  readonly type: string;
  readonly location: string;
  readonly encryptionKey?: { readonly id: string; readonly type: string } | undefined;
}

export interface StageDeclaration {
  readonly name: string;
  readonly actions: readonly ActionDeclaration[];
  readonly [extra: string]: unknown;
}

export interface ActionDeclaration {
  readonly name: string;
  readonly actionTypeId: {
    readonly category: string;
    readonly owner: string;
    readonly provider: string;
    readonly version: string;
  };
  readonly runOrder?: number | undefined;
  readonly configuration?: Readonly<Record<string, string>> | undefined;
  readonly roleArn?: string | undefined;
  readonly region?: string | undefined;
  readonly inputArtifacts?: readonly { readonly name: string }[] | undefined;
  readonly outputArtifacts?: readonly { readonly name: string }[] | undefined;
  readonly [extra: string]: unknown;
}
