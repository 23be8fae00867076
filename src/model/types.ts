import type { PipelineNotifications } from './notifications.js';
import type { StageOnFailure } from './pipeline-mode.js';
import type { CodeConnectionsSource } from './codeconnections.js';

/**
 * The pipeline as crossline understands it, after the config has been validated.
 * Pure data: no AWS SDK, no I/O. Every list is in a stable order.
 */

/** Why an account takes part. One account can play several parts (e.g. tools = source). */
export type AccountPart = 'tools' | 'source' | 'target';

export interface Account {
  /** The alias used in the config, e.g. `staging`. */
  readonly alias: string;
  /** 12-digit AWS account id. */
  readonly id: string;
  /** AWS CLI profile to use for this account at deploy time. */
  readonly profile?: string | undefined;
  /** Parts this account plays, sorted. */
  readonly parts: readonly AccountPart[];
  /**
   * Its AWS Organizations path (`o-…/r-…/ou-…/`), from the config's organization snapshot;
   * undefined without one or when the account is not in it.
   */
  readonly orgPath?: string | undefined;
}

/** Where the pipeline's source comes from: one member per provider. */
export type Source = CodeCommitSource | CodeConnectionsSource;

/** Every provider name; `synth` and `verify` key their provider modules by it. */
export type SourceProvider = Source['provider'];

/** A branch of a CodeCommit repository in the source account. */
export interface CodeCommitSource {
  readonly provider: 'codecommit';
  readonly account: Account;
  readonly repository: string;
  readonly branch: string;
  /** Create the CodeCommit repository in the source stack. */
  readonly create: boolean;
}

export interface Build {
  readonly commands: readonly string[];
  /** Files the deploy stages read; undefined means everything (`**\/*`). */
  readonly artifacts: readonly string[] | undefined;
  readonly image: string;
  readonly computeType: string;
  /** Templates `aws cloudformation package` uploads code for after the commands (absent: none). */
  readonly package?: readonly string[] | undefined;
  /** `build.environment`, in config order (absent: none). */
  readonly variables?: readonly BuildVariable[] | undefined;
  /** `build.privileged` (images force privileged mode whatever this says). */
  readonly privileged?: boolean | undefined;
  /** `build.vpc`: the build runs in these subnets (absent: CodeBuild's own network). */
  readonly vpc?: BuildVpc | undefined;
}

/** One build environment variable, as CodeBuild types it. */
export interface BuildVariable {
  readonly name: string;
  readonly type: 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER';
  /** The plain value, the parameter name, or `<secret>[:json-key[:stage[:id]]]`. */
  readonly value: string;
}

export interface BuildVpc {
  readonly vpcId: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
}

/** An ECR repository crossline creates in the pipeline account for the build to push to. */
export interface ImageRepository {
  readonly name: string;
  /** ImageTagMutability IMMUTABLE (default false: MUTABLE). */
  readonly tagImmutability: boolean;
}

export interface Target {
  readonly account: Account;
  readonly stack: string;
  /** Path of the template inside the build output artifact. */
  readonly template: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Stacks of the same stage deployed before this one (`targets[].after`). */
  readonly after?: readonly string[] | undefined;
  /** Region of the target stack; undefined means the pipeline region. */
  readonly region?: string | undefined;
  /** Template configuration file inside the build output (the action's TemplateConfiguration). */
  readonly configuration?: string | undefined;
  /**
   * What CloudFormation may do for this stack when it differs from `Pipeline.execution`
   * (`targets[].execution`, else `stages[].execution`); absent: the pipeline's default.
   */
  readonly execution?: TargetExecution | undefined;
}

/** A target's own execution policies and where the config set them. */
export interface TargetExecution {
  readonly policies: readonly string[];
  readonly from: 'stage' | 'target';
}

/** How a stage's CloudFormation actions deploy (docs/design.md §2). */
export type StageMode = 'create-update' | 'change-set';

export interface Stage {
  readonly name: string;
  readonly approval: boolean;
  readonly targets: readonly Target[];
  /**
   * `change-set`: a change set per target, the approval, then execute. Absent means
   * `create-update`.
   */
  readonly mode?: StageMode | undefined;
  /** The stage's V2 `onFailure` (`stages[].onFailure`); absent: none, the run stops. */
  readonly onFailure?: StageOnFailure | undefined;
  /** Commands run after the deploys, per target, as its account's test role (`stages[].tests`). */
  readonly tests?: StageTests | undefined;
}

export interface StageTests {
  readonly commands: readonly string[];
  /** Managed policies of the test role: exactly what the tests may do. */
  readonly policies: readonly string[];
}

export interface Execution {
  /** Managed policy ARNs attached to the CloudFormation execution role. */
  readonly policies: readonly string[];
}

export interface Credentials {
  readonly assumeRole?: string | undefined;
}

export interface Pipeline {
  readonly name: string;
  readonly region: string;
  readonly partition: Partition;
  /** Every account, sorted by alias. */
  readonly accounts: readonly Account[];
  readonly tools: Account;
  readonly source: Source;
  readonly build: Build;
  readonly stages: readonly Stage[];
  readonly execution: Execution;
  readonly credentials: Credentials;
  /** ECR repositories in the pipeline account (absent: none). */
  readonly images?: readonly ImageRepository[] | undefined;
  /** The organization snapshot the config reads targets by OU or tag from (absent: none). */
  readonly organization?: PipelineOrganization | undefined;
  /** Release flow: who is told of which pipeline events (absent: nobody). */
  readonly notifications?: PipelineNotifications | undefined;
}

/** The organization of targets by OU (issue 16): what policies grant by organization path. */
export interface PipelineOrganization {
  /** The organization id, `o-…`. */
  readonly id: string;
  /** The snapshot file it was read from. */
  readonly snapshot: string;
  /** The OUs targets name, each with its path `o-…/r-…/…/ou-…/`; their members are granted by path. */
  readonly units: readonly OrganizationUnit[];
  /**
   * Accounts under those OUs that are no target (excluded, suspended, or only in the snapshot's
   * other stages' OUs): the path grants carve them out by account id, sorted.
   */
  readonly outside: readonly string[];
  /** The management account (service-managed StackSets never deploy to it). */
  readonly managementAccount?: string | undefined;
  /**
   * Target accounts reached only by `ou:` targets (no `account:` or `tag:` target names them),
   * sorted: the accounts whose roles a service-managed StackSet can bring (docs/design.md §13).
   */
  readonly ouOnly?: readonly string[] | undefined;
  /** `organization.deployFrom`; absent: detected (management when the tools account is it). */
  readonly deployFrom?: 'management' | 'delegated-admin' | undefined;
  /** `organization.rollout`; absent: the defaults of docs/design.md §13. */
  readonly rollout?: OrganizationRollout | undefined;
}

/** A number of accounts or a percentage of them. */
export type RolloutShare = { readonly count: number } | { readonly percent: number };

/** How a StackSet operation rolls out (`organization.rollout`). */
export interface OrganizationRollout {
  readonly maxConcurrency?: RolloutShare | undefined;
  readonly failureTolerance?: RolloutShare | undefined;
  readonly regionConcurrency?: 'SEQUENTIAL' | 'PARALLEL' | undefined;
}

/** A targeted OU. */
export interface OrganizationUnit {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  /** Every account of the snapshot under it, at any depth and in any state, sorted. */
  readonly accounts?: readonly string[] | undefined;
}

export type Partition =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-iso'
  | 'aws-iso-b'
  | 'aws-iso-e'
  | 'aws-iso-f'
  | 'aws-eusc';
