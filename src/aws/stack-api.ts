/**
 * The narrow CloudFormation interface deploy, diff and destroy use. Built per (account, region)
 * from a session (api-session.ts); every call retries transient failures and refreshes an
 * expired session.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type Capability,
} from '@aws-sdk/client-cloudformation';
import { errorMessage, errorName } from './sdk-errors.js';
import { sendOptions, sessionClient, type ApiSession } from './api-session.js';

export interface StackDescription {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly statusReason?: string | undefined;
  readonly outputs: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface StackEvent {
  readonly id: string;
  readonly timestamp: Date;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string | undefined;
}

export interface StackInput {
  readonly stackName: string;
  readonly templateBody: string;
  /** Set when the template is too large to send inline: CloudFormation fetches it from S3. */
  readonly templateUrl?: string | undefined;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ChangeSetDescription {
  /** CREATE_PENDING | CREATE_IN_PROGRESS | CREATE_COMPLETE | FAILED | … */
  readonly status: string;
  readonly statusReason?: string | undefined;
  readonly executionStatus?: string | undefined;
  readonly changes: number;
}

export interface StackApi {
  /** undefined when the stack does not exist (or was deleted). */
  describe(stackName: string): Promise<StackDescription | undefined>;
  /**
   * The deployed template as submitted (stage Original), or with `changeSetName` that change
   * set's template; undefined when there is no stack.
   */
  template(stackName: string, changeSetName?: string): Promise<string | undefined>;
  /** Creates a new stack directly; returns its id. */
  create(input: StackInput): Promise<string>;
  /**
   * Creates an UPDATE change set. Returns `no-changes` when CloudFormation says so at once
   * (some implementations answer ValidationError "No updates are to be performed").
   */
  createChangeSet(
    input: StackInput & { readonly changeSetName: string },
  ): Promise<'created' | 'no-changes'>;
  describeChangeSet(stackName: string, changeSetName: string): Promise<ChangeSetDescription>;
  executeChangeSet(stackName: string, changeSetName: string): Promise<void>;
  deleteChangeSet(stackName: string, changeSetName: string): Promise<void>;
  delete(stackNameOrId: string): Promise<void>;
  /** Events newest first (first page: enough for a poller that remembers what it has seen). */
  events(stackNameOrId: string): Promise<readonly StackEvent[]>;
}

/** A deployed stack as doctor reads it: its template and the parameter values it runs with. */
export interface DeployedTemplate {
  /** GetTemplate, stage Original: the text as submitted (JSON or YAML, SAM not yet transformed). */
  readonly body: string;
  /**
   * DescribeStacks' parameters: the resolved value of an SSM parameter type, the given value
   * otherwise (`****` for a NoEcho parameter).
   */
  readonly parameters: Readonly<Record<string, string>>;
}

/** Read-only CloudFormation, for `doctor`: the template of a stack a pipeline deploys. */
export interface StackTemplateReadApi {
  /** undefined when there is no such stack (never created, or deleted). */
  readTemplate(stackName: string): Promise<DeployedTemplate | undefined>;
}

/** Capabilities crossline's templates need: they create named IAM roles. */
const CAPABILITIES: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'];

const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

function isMissingStack(e: unknown): boolean {
  return errorName(e) === 'ValidationError' && /does not exist/i.test(errorMessage(e));
}

export function isNoChangesReason(reason: string | undefined): boolean {
  return reason !== undefined && NO_CHANGES.test(reason);
}

/** TemplateURL when there is one, else the body inline. */
function templateSource(input: StackInput): { TemplateURL: string } | { TemplateBody: string } {
  return input.templateUrl !== undefined
    ? { TemplateURL: input.templateUrl }
    : { TemplateBody: input.templateBody };
}

export function createStackApi(session: ApiSession): StackApi {
  const { client, call } = sessionClient(session, 'cloudformation', CloudFormationClient);
  const params = (p: Readonly<Record<string, string>>) =>
    Object.entries(p).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  const tags = (t: Readonly<Record<string, string>>) =>
    Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

  return {
    async describe(stackName) {
      try {
        const out = await call('DescribeStacks', (_attempt, signal) =>
          client.send(new DescribeStacksCommand({ StackName: stackName }), sendOptions(signal)),
        );
        const s = out.Stacks?.[0];
        if (s === undefined || s.StackStatus === 'DELETE_COMPLETE') return undefined;
        return {
          id: s.StackId ?? stackName,
          name: s.StackName ?? stackName,
          status: s.StackStatus ?? 'UNKNOWN',
          statusReason: s.StackStatusReason,
          outputs: Object.fromEntries(
            (s.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
          ),
          parameters: Object.fromEntries(
            (s.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']),
          ),
          tags: Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
        };
      } catch (e) {
        if (isMissingStack(e)) return undefined;
        throw e;
      }
    },

    async template(stackName, changeSetName) {
      try {
        const out = await call('GetTemplate', () =>
          client.send(
            new GetTemplateCommand({
              StackName: stackName,
              TemplateStage: 'Original',
              ...(changeSetName !== undefined ? { ChangeSetName: changeSetName } : {}),
            }),
          ),
        );
        return out.TemplateBody;
      } catch (e) {
        if (isMissingStack(e)) return undefined;
        throw e;
      }
    },

    async create(input) {
      return call('CreateStack', async (attempt) => {
        try {
          const out = await client.send(
            new CreateStackCommand({
              StackName: input.stackName,
              ...templateSource(input),
              Parameters: params(input.parameters),
              Tags: tags(input.tags),
              Capabilities: CAPABILITIES,
            }),
          );
          return out.StackId ?? input.stackName;
        } catch (e) {
          // A retry after a lost answer: our first attempt created it.
          if (attempt > 1 && errorName(e) === 'AlreadyExistsException') return input.stackName;
          throw e;
        }
      });
    },

    async createChangeSet(input) {
      return call('CreateChangeSet', async (attempt) => {
        try {
          await client.send(
            new CreateChangeSetCommand({
              StackName: input.stackName,
              ChangeSetName: input.changeSetName,
              ChangeSetType: 'UPDATE',
              ...templateSource(input),
              Parameters: params(input.parameters),
              Tags: tags(input.tags),
              Capabilities: CAPABILITIES,
            }),
          );
          return 'created';
        } catch (e) {
          if (errorName(e) === 'ValidationError' && NO_CHANGES.test(errorMessage(e)))
            return 'no-changes';
          if (attempt > 1 && errorName(e) === 'AlreadyExistsException') return 'created';
          throw e;
        }
      });
    },

    async describeChangeSet(stackName, changeSetName) {
      const out = await call('DescribeChangeSet', () =>
        client.send(
          new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }),
        ),
      );
      return {
        status: out.Status ?? 'UNKNOWN',
        statusReason: out.StatusReason,
        executionStatus: out.ExecutionStatus,
        changes: out.Changes?.length ?? 0,
      };
    },

    async executeChangeSet(stackName, changeSetName) {
      await call('ExecuteChangeSet', async (attempt) => {
        try {
          await client.send(
            new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }),
          );
        } catch (e) {
          // A retry after a lost answer finds the change set already executing.
          if (attempt > 1 && errorName(e) === 'InvalidChangeSetStatusException') return;
          throw e;
        }
      });
    },

    async deleteChangeSet(stackName, changeSetName) {
      try {
        await call('DeleteChangeSet', () =>
          client.send(
            new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }),
          ),
        );
      } catch (e) {
        if (errorName(e) === 'ChangeSetNotFoundException' || isMissingStack(e)) return;
        throw e;
      }
    },

    async delete(stackNameOrId) {
      await call('DeleteStack', () =>
        client.send(new DeleteStackCommand({ StackName: stackNameOrId })),
      );
    },

    async events(stackNameOrId) {
      try {
        const out = await call('DescribeStackEvents', (_attempt, signal) =>
          client.send(
            new DescribeStackEventsCommand({ StackName: stackNameOrId }),
            sendOptions(signal),
          ),
        );
        return (out.StackEvents ?? []).map((e) => ({
          id: e.EventId ?? '',
          timestamp: e.Timestamp ?? new Date(0),
          logicalId: e.LogicalResourceId ?? '',
          resourceType: e.ResourceType ?? '',
          status: e.ResourceStatus ?? '',
          reason: e.ResourceStatusReason,
        }));
      } catch (e) {
        if (isMissingStack(e)) return [];
        throw e;
      }
    },
  };
}

/**
 * DescribeStacks, then GetTemplate (stage Original), in the session's account and region.
 * Needs cloudformation:DescribeStacks and cloudformation:GetTemplate on the stack:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html
 */
export function createStackTemplateReadApi(session: ApiSession): Promise<StackTemplateReadApi> {
  const { client, call } = sessionClient(session, 'cloudformation', CloudFormationClient);
  const stacks = createStackApi(session);
  return Promise.resolve({
    async readTemplate(stackName) {
      let out;
      try {
        out = await call('DescribeStacks', (_attempt, signal) =>
          client.send(new DescribeStacksCommand({ StackName: stackName }), sendOptions(signal)),
        );
      } catch (e) {
        if (isMissingStack(e)) return undefined;
        throw e;
      }
      const stack = out.Stacks?.[0];
      if (stack === undefined || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
      const body = await stacks.template(stack.StackId ?? stackName);
      if (body === undefined) return undefined;
      const parameters = Object.fromEntries(
        (stack.Parameters ?? []).map((p) => [
          p.ParameterKey ?? '',
          p.ResolvedValue ?? p.ParameterValue ?? '',
        ]),
      );
      return { body, parameters };
    },
  });
}
