/**
 * The narrow CloudFormation StackSets interface the bootstrap of OU accounts uses
 * (docs/design.md §13), built per (account, region) from a session with a fixed `CallAs`:
 * SELF from the management account, DELEGATED_ADMIN from a delegated administrator. Every
 * StackSets request of a delegated administrator must say so
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html).
 */
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  ListStackSetsCommand,
  UpdateStackSetCommand,
  type Capability,
  type DeploymentTargets,
  type StackInstanceSummary,
  type StackSetOperationPreferences,
  type StackSetOperationResultSummary,
} from '@aws-sdk/client-cloudformation';
import { allPages, sessionCall, type ApiSession } from './api-session.js';
import { errorName } from './sdk-errors.js';

export type CallAs = 'SELF' | 'DELEGATED_ADMIN';

export interface StackSetDescription {
  readonly name: string;
  readonly status: string;
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly permissionModel?: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** Absent when the service (or an emulator) does not report it. */
  readonly autoDeployment?:
    { readonly enabled: boolean; readonly retainStacksOnAccountRemoval: boolean } | undefined;
}

export interface StackSetInput {
  readonly name: string;
  readonly description: string;
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly autoDeployment: {
    readonly Enabled: boolean;
    readonly RetainStacksOnAccountRemoval: boolean;
  };
}

/** One account and region of a StackSet, as ListStackInstances and ListStackSetOperationResults report it. */
interface InstanceRow {
  readonly account: string;
  readonly region: string;
  /** The OU it was deployed through (absent when not reported). */
  readonly ou?: string | undefined;
  readonly status: string;
  readonly reason?: string | undefined;
}

/** A stack instance; `status` CURRENT | OUTDATED | INOPERABLE. */
export type StackInstance = InstanceRow;

/** What an operation did in one account and region; `status` PENDING | RUNNING | SUCCEEDED | FAILED | CANCELLED. */
export type OperationResult = InstanceRow;

function instanceRow(s: StackInstanceSummary | StackSetOperationResultSummary): InstanceRow {
  return {
    account: s.Account ?? '',
    region: s.Region ?? '',
    ou: s.OrganizationalUnitId,
    status: s.Status ?? 'UNKNOWN',
    reason: s.StatusReason,
  };
}

export interface StackSetTargetsInput {
  readonly OrganizationalUnitIds: readonly string[];
  readonly AccountFilterType?: 'DIFFERENCE' | 'INTERSECTION' | undefined;
  readonly Accounts?: readonly string[] | undefined;
}

export interface StackSetApi {
  readonly callAs: CallAs;
  /** DescribeStackSet; undefined when there is none (or it was deleted). */
  describe(name: string): Promise<StackSetDescription | undefined>;
  /** ListStackSets (Status ACTIVE), every page: the names. */
  list(): Promise<readonly string[]>;
  /** CreateStackSet, PermissionModel SERVICE_MANAGED. */
  create(input: StackSetInput): Promise<void>;
  /** UpdateStackSet of every instance; returns the operation id. */
  update(input: StackSetInput, preferences: StackSetOperationPreferences): Promise<string>;
  /** ListStackInstances, every page. */
  instances(name: string): Promise<readonly StackInstance[]>;
  createInstances(
    name: string,
    targets: StackSetTargetsInput,
    regions: readonly string[],
    preferences: StackSetOperationPreferences,
  ): Promise<string>;
  /** DeleteStackInstances with RetainStacks false: the roles go with them. */
  deleteInstances(
    name: string,
    targets: StackSetTargetsInput,
    regions: readonly string[],
    preferences: StackSetOperationPreferences,
  ): Promise<string>;
  /** DescribeStackSetOperation: RUNNING, SUCCEEDED, FAILED, STOPPED, QUEUED, STOPPING. */
  operation(
    name: string,
    operationId: string,
  ): Promise<{ readonly status: string; readonly reason?: string | undefined }>;
  /** ListStackSetOperationResults, every page: one row per account and region. */
  operationResults(name: string, operationId: string): Promise<readonly OperationResult[]>;
  /** DeleteStackSet (it must have no instances left). */
  delete(name: string): Promise<void>;
}

/** The capability a template with named IAM roles needs. */
const CAPABILITIES: Capability[] = ['CAPABILITY_NAMED_IAM'];

export function createStackSetApi(session: ApiSession, callAs: CallAs): StackSetApi {
  const client = new CloudFormationClient(session.config);
  const call = sessionCall(session, 'cloudformation');
  const params = (p: Readonly<Record<string, string>>) =>
    Object.entries(p).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  const tags = (t: Readonly<Record<string, string>>) =>
    Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
  const targets = (t: StackSetTargetsInput): DeploymentTargets => ({
    OrganizationalUnitIds: [...t.OrganizationalUnitIds],
    ...(t.AccountFilterType === undefined ? {} : { AccountFilterType: t.AccountFilterType }),
    ...(t.Accounts === undefined ? {} : { Accounts: [...t.Accounts] }),
  });
  /** Every page of a list request: `page` carries the NextToken of the page before. */
  const listed = <T>(
    operation: string,
    send: (page: { NextToken?: string }) => Promise<{ Summaries?: T[]; NextToken?: string }>,
  ): Promise<T[]> =>
    allPages(async (token) => {
      const out = await call(operation, () => send(token ? { NextToken: token } : {}));
      return { items: out.Summaries, next: out.NextToken };
    });
  /** Which instances Create/DeleteStackInstances act on, and how the operation rolls out. */
  const instances = (
    name: string,
    t: StackSetTargetsInput,
    regions: readonly string[],
    preferences: StackSetOperationPreferences,
  ) => ({
    StackSetName: name,
    DeploymentTargets: targets(t),
    Regions: [...regions],
    OperationPreferences: preferences,
    CallAs: callAs,
  });
  const body = (input: StackSetInput) => ({
    StackSetName: input.name,
    Description: input.description,
    TemplateBody: input.templateBody,
    Parameters: params(input.parameters),
    Tags: tags(input.tags),
    Capabilities: CAPABILITIES,
    AutoDeployment: { ...input.autoDeployment },
    CallAs: callAs,
  });

  return {
    callAs,
    async describe(name) {
      try {
        const out = await call('DescribeStackSet', () =>
          client.send(new DescribeStackSetCommand({ StackSetName: name, CallAs: callAs })),
        );
        const s = out.StackSet;
        if (s === undefined || s.Status === 'DELETED') return undefined;
        const auto = s.AutoDeployment;
        return {
          name: s.StackSetName ?? name,
          status: s.Status ?? 'UNKNOWN',
          templateBody: s.TemplateBody ?? '',
          parameters: Object.fromEntries(
            (s.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']),
          ),
          permissionModel: s.PermissionModel,
          tags: Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
          autoDeployment:
            auto?.Enabled === undefined
              ? undefined
              : {
                  enabled: auto.Enabled,
                  retainStacksOnAccountRemoval: auto.RetainStacksOnAccountRemoval === true,
                },
        };
      } catch (e) {
        if (errorName(e) === 'StackSetNotFoundException') return undefined;
        throw e;
      }
    },

    async list() {
      const all = await listed('ListStackSets', (page) =>
        client.send(new ListStackSetsCommand({ Status: 'ACTIVE', CallAs: callAs, ...page })),
      );
      // An emulator may list deleted ones despite the filter (moto does).
      return all.filter((s) => s.Status !== 'DELETED').map((s) => s.StackSetName ?? '');
    },

    async create(input) {
      await call('CreateStackSet', async (attempt) => {
        try {
          await client.send(
            new CreateStackSetCommand({ ...body(input), PermissionModel: 'SERVICE_MANAGED' }),
          );
        } catch (e) {
          // A retry after a lost answer: our first attempt created it.
          if (attempt > 1 && errorName(e) === 'NameAlreadyExistsException') return;
          throw e;
        }
      });
    },

    async update(input, preferences) {
      const out = await call('UpdateStackSet', () =>
        client.send(
          new UpdateStackSetCommand({
            ...body(input),
            PermissionModel: 'SERVICE_MANAGED',
            OperationPreferences: preferences,
          }),
        ),
      );
      return out.OperationId ?? '';
    },

    async instances(name) {
      const all = await listed('ListStackInstances', (page) =>
        client.send(new ListStackInstancesCommand({ StackSetName: name, CallAs: callAs, ...page })),
      );
      return all.map(instanceRow);
    },

    async createInstances(name, t, regions, preferences) {
      const out = await call('CreateStackInstances', () =>
        client.send(new CreateStackInstancesCommand(instances(name, t, regions, preferences))),
      );
      return out.OperationId ?? '';
    },

    async deleteInstances(name, t, regions, preferences) {
      const out = await call('DeleteStackInstances', () =>
        client.send(
          new DeleteStackInstancesCommand({
            ...instances(name, t, regions, preferences),
            RetainStacks: false,
          }),
        ),
      );
      return out.OperationId ?? '';
    },

    async operation(name, operationId) {
      const out = await call('DescribeStackSetOperation', () =>
        client.send(
          new DescribeStackSetOperationCommand({
            StackSetName: name,
            OperationId: operationId,
            CallAs: callAs,
          }),
        ),
      );
      return {
        status: out.StackSetOperation?.Status ?? 'UNKNOWN',
        reason: out.StackSetOperation?.StatusReason,
      };
    },

    async operationResults(name, operationId) {
      const all = await listed('ListStackSetOperationResults', (page) =>
        client.send(
          new ListStackSetOperationResultsCommand({
            StackSetName: name,
            OperationId: operationId,
            CallAs: callAs,
            ...page,
          }),
        ),
      );
      return all.map(instanceRow);
    },

    async delete(name) {
      try {
        await call('DeleteStackSet', () =>
          client.send(new DeleteStackSetCommand({ StackSetName: name, CallAs: callAs })),
        );
      } catch (e) {
        if (errorName(e) === 'StackSetNotFoundException') return;
        throw e;
      }
    },
  };
}
