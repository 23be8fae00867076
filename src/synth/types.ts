/**
 * The output contract of synthesis (docs/design.md §3). `deploy`, `verify` and `report` read these
 * types; the files under the output folder are their JSON form.
 */
import type { Account } from '../model/index.js';

export type StackKind = 'artifacts' | 'source' | 'target' | 'pipeline';

/** A stack id is unique in a plan: `<account alias>/<stack name>`. */
export type StackId = string;

export interface ParameterWiring {
  readonly name: string;
  /** A literal value known at synth time. */
  readonly value?: string;
  /** A value known only after deploy: an output of another stack. */
  readonly fromOutput?: { readonly stack: StackId; readonly output: string };
}

/** What plan.json says of every template deploy sends, a stack's or a StackSet's. */
export interface TemplatePlan {
  readonly name: string;
  /** The account its API calls are made in. */
  readonly account: Pick<Account, 'alias' | 'id'>;
  /** The region it is deployed in. */
  readonly region: string;
  /** Relative to the output folder, e.g. `templates/my-app-artifacts.template.json`. */
  readonly templateFile: string;
  /** Stacks that must be deployed first (their outputs feed its parameters). */
  readonly dependsOn: readonly StackId[];
  readonly parameters: readonly ParameterWiring[];
}

export interface StackPlan extends TemplatePlan {
  readonly id: StackId;
  readonly kind: StackKind;
  /** Stack outputs other stacks or the pipeline.json placeholder use. */
  readonly outputs: readonly string[];
}

/** plan.json */
export interface PlanDocument {
  readonly version: 1;
  readonly pipeline: string;
  readonly region: string;
  readonly partition: string;
  /** In a valid deploy order (topological), artifacts first and pipeline last. */
  readonly stacks: readonly StackPlan[];
  /** Placeholders in pipeline.json and policies/ and the stack output that resolves each. */
  readonly placeholders: readonly {
    readonly text: string;
    readonly stack: StackId;
    readonly output: string;
  }[];
  /** What synth decided that a user should know (waves split, same-account shortcuts). */
  readonly notes: readonly string[];
  /** Every role synth creates, with what it may do and why (added compatibly; optional). */
  readonly roles?: readonly RoleSummary[];
  /**
   * Service-managed StackSets that bring the deploy and execution roles to the accounts of
   * targeted OUs (docs/design.md §13); absent when no target is by OU.
   */
  readonly stackSets?: readonly StackSetPlan[];
}

/** How StackSets rolls an operation out (CloudFormation's StackSetOperationPreferences). */
export interface StackSetOperationPreferences {
  readonly MaxConcurrentCount?: number;
  readonly MaxConcurrentPercentage?: number;
  readonly FailureToleranceCount?: number;
  readonly FailureTolerancePercentage?: number;
  readonly RegionConcurrencyType: 'SEQUENTIAL' | 'PARALLEL';
  readonly ConcurrencyMode: 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';
}

/** Where a StackSet's instances go (CloudFormation's DeploymentTargets). */
export interface StackSetTargets {
  readonly OrganizationalUnitIds: readonly string[];
  /** DIFFERENCE: every account of the OUs but `Accounts` (absent: every account). */
  readonly AccountFilterType?: 'DIFFERENCE';
  readonly Accounts?: readonly string[];
}

/**
 * One service-managed StackSet of plan.json. Its `name` is e.g.
 * `my-app-bootstrap-ou-ab12-11111111`; `account` is the management account or a delegated
 * administrator; its instances go to its `region` only (IAM roles are global); its
 * `templateFile` is `stacksets/<name>.template.json`.
 */
export interface StackSetPlan extends TemplatePlan {
  /** SELF from the management account, DELEGATED_ADMIN from a delegated administrator. */
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** `stacksets/<name>.request.json`: the CreateStackSet and CreateStackInstances requests. */
  readonly requestFile: string;
  /** Stacks deployed after it: the pipeline (its actions assume these roles), and the own target stacks of accounts its OUs leave out. */
  readonly requiredBy: readonly StackId[];
  readonly deploymentTargets: StackSetTargets;
  /** The member accounts of the snapshot that get an instance, sorted. */
  readonly accounts: readonly string[];
  /** `accounts` with their aliases (how deploy names them). */
  readonly members: readonly Pick<Account, 'alias' | 'id'>[];
  /**
   * The per-account bootstrap stack whose roles this StackSet brings instead (`<name>-target`):
   * deploy deletes crossline's own one in a member account before that account's instance.
   */
  readonly replacesStack: string;
  readonly autoDeployment: { readonly Enabled: true; readonly RetainStacksOnAccountRemoval: false };
  readonly operationPreferences: StackSetOperationPreferences;
}

/** One role of the plan, for `plan` and reports: one line of what it may do and why. */
export interface RoleSummary {
  /** `<account alias>/<role name>`. */
  readonly id: string;
  readonly arn: string;
  readonly account: Pick<Account, 'alias' | 'id'>;
  /** The stack that creates it. */
  readonly stack: StackId;
  readonly may: string;
  readonly why: string;
  /** PolicyEntry names of its trust and permission policies. */
  readonly policies: readonly string[];
}

/** Every kind of policy synth writes (policies/index.json's `kind`), for readers that check it. */
export const POLICY_KINDS = [
  'key',
  'bucket',
  'bus',
  'repository',
  'trust',
  'identity',
  'topic',
] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/**
 * One policy document as it will exist in AWS, with every value concrete (no CloudFormation
 * intrinsics; values known only after deploy use the placeholders of plan.json).
 */
export interface PolicyEntry {
  /** File name under policies/ without `.json`, e.g. `source-role-trust`. */
  readonly name: string;
  readonly kind: PolicyKind;
  /** Account (id) the policy lives in. */
  readonly account: string;
  /**
   * For `trust` and `identity`: the ARN of the role it is attached to.
   * For `key`, `bucket`, `bus`, `repository`, `topic`: the ARN of the resource.
   */
  readonly attachedTo: string;
  readonly document: PolicyDocument;
  /** Sid -> the AWS request that needs the statement (and the source that says so). */
  readonly reasons: Readonly<Record<string, string>>;
  /** Managed policies attached to the role (identity policies only), by ARN. */
  readonly managedPolicies?: readonly string[];
}

export type CfnTemplate = Readonly<Record<string, unknown>>;

export interface SynthResult {
  readonly plan: PlanDocument;
  readonly templates: Readonly<Record<StackId, CfnTemplate>>;
  /** `aws codepipeline create-pipeline --cli-input-json` input ({ pipeline: {...} }). */
  readonly pipelineJson: Readonly<Record<string, unknown>>;
  readonly policies: readonly PolicyEntry[];
  /** Every file to write, relative path -> exact content (sorted, deterministic). */
  readonly files: ReadonlyMap<string, string>;
}
