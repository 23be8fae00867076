import {
  createSessionPool,
  parseProfileFlags,
  resolveEndpoint,
  type RetryInfo,
  type SessionPool,
} from '../aws/index.js';
import { createConnectionsReadApi } from '../aws/connections-api.js';
import { createPipelineApi, type PipelineApi } from '../aws/pipeline-api.js';
import { untilAborted } from '../aws/retry.js';
import { createStackApi, type StackApi } from '../aws/stack-api.js';
import { loadConfigFile } from '../config/index.js';
import {
  changeSetRefs,
  renderAccessChange,
  renderResourceLine,
  reviewChangeSets,
  type ChangeSetReader,
  type ChangeSetReview,
} from '../deploy/index.js';
import { CrosslineError, usageError } from '../errors/index.js';
import { IO, type IoHost } from '../io/index.js';
import { partitionOf, physicalNames, type Pipeline } from '../model/index.js';
import {
  decideApproval,
  pipelineStatus,
  startPipeline,
  watchExecution,
  type ApprovalOutcome,
  type ApprovalRequest,
  type PipelineRef,
  type StartResult,
  type StatusReport,
  type WatchOptions,
  type WatchResult,
} from '../ops/index.js';
import type { ConnectionsReader } from '../ops/connection-state.js';
import { poolStacks } from './stack-readers.js';

/**
 * Which pipeline a run-time command is about: the config (`-c`, default crossline.yml), or
 * `--pipeline NAME --region R` for a pipeline crossline did not make.
 */
export interface PipelineSelection {
  readonly config?: string | undefined;
  readonly pipeline?: string | undefined;
  readonly region?: string | undefined;
  /**
   * With `--pipeline`: the account it lives in. The credentials are then checked to be that
   * account's (sts:GetCallerIdentity), and `--profile ID=NAME` applies. Without it the
   * default credentials are used as they are.
   */
  readonly account?: string | undefined;
  /** `--profile ALIAS=NAME` flags (ALIAS is a config alias, or the account id with --pipeline). */
  readonly profiles?: readonly string[] | undefined;
  /** `--assume-role NAME`: role to assume in the pipeline account from the base credentials. */
  readonly assumeRole?: string | undefined;
  /** `--endpoint-url`; falls back to `env.AWS_ENDPOINT_URL`. */
  readonly endpoint?: string | undefined;
  /** Environment for AWS_REGION / AWS_ENDPOINT_URL (the CLI passes process.env). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** A ready API (library users, tests); skips credential resolution. */
  readonly api?: PipelineApi | undefined;
  /** With `api`: the CloudFormation API of an account and region (approve reads change sets). */
  readonly stackApi?: ((account: string, region: string) => Promise<StackApi>) | undefined;
  /** With `api`: reads the source connection's state (`start` and `status` check it). */
  readonly connections?: ConnectionsReader | undefined;
}

export interface ResolvedPipeline {
  readonly ref: PipelineRef;
  readonly api: PipelineApi;
  /** Checked sessions for other accounts (doctor reads them); absent with `sel.api`. */
  readonly pool?: SessionPool | undefined;
  /** Reads connections with the pipeline account's credentials, in a region. */
  readonly connections?: ConnectionsReader | undefined;
}

/**
 * Resolves the selection to a pipeline reference and a CodePipeline API with credentials for
 * the pipeline's account (the config's tools account: its profile, `--profile tools=NAME`, or
 * the assumed role), checked to be that account before any call.
 */
export async function resolvePipeline(
  sel: PipelineSelection,
  io: IoHost,
  /** Aborts every request of the returned APIs when it fires (`watch --timeout`). */
  signal?: AbortSignal,
): Promise<ResolvedPipeline> {
  const { ref, home, assumeRole, knownAliases } = pipelineTarget(sel);
  io.notify(
    IO.OPS_PIPELINE.msg(
      `pipeline ${ref.name} in ${ref.region}${ref.account ? ` (account ${ref.account})` : ''}`,
    ),
  );
  if (sel.api) return { ref, api: sel.api, connections: sel.connections };
  const env = sel.env ?? {};
  // Every retried request (credentials and CodePipeline) is one line at -v.
  const onRetry = (info: RetryInfo): void =>
    io.notify(
      IO.OPS_RETRY.msg(
        `${info.operation}: ${info.error} (${info.reason}); retry ${info.attempt} in ${info.delayMs} ms`,
        info,
      ),
    );
  const pool = createSessionPool({
    region: ref.region,
    profiles: parseProfileFlags(sel.profiles ?? [], home === undefined ? undefined : knownAliases),
    assumeRole,
    endpoint: sel.endpoint,
    env,
    retry: { onRetry, ...(signal ? { signal } : {}) },
  });
  if (home === undefined) {
    // --pipeline without --account: the default credentials, whatever account they are for.
    const endpoint = resolveEndpoint({ endpoint: sel.endpoint, env });
    return {
      ref,
      pool,
      connections: (region) =>
        createConnectionsReadApi({
          config: { region, ...(endpoint ? { endpoint } : {}) },
          retry: { ...(endpoint ? { endpoint } : {}), onRetry, ...(signal ? { signal } : {}) },
          expire: () => undefined,
        }),
      api: await createPipelineApi(
        { region: ref.region, ...(endpoint ? { endpoint } : {}) },
        { retry: { ...(endpoint ? { endpoint } : {}), onRetry, ...(signal ? { signal } : {}) } },
      ),
    };
  }
  const session = await pool.get(home);
  io.notify(IO.OPS_CREDENTIALS.msg(`account ${home.id}: ${session.via}`));
  const api = await createPipelineApi(session.config, {
    retry: session.retry,
    onExpired: () => session.expire(),
  });
  const connections: ConnectionsReader = async (region) =>
    createConnectionsReadApi(await pool.get(home, region));
  return { ref, api, pool, connections };
}

interface PipelineTarget {
  readonly ref: PipelineRef;
  /** The account to get credentials for; undefined: use the default credentials unchecked. */
  readonly home?:
    | { readonly alias: string; readonly id: string; readonly profile?: string | undefined }
    | undefined;
  readonly assumeRole?: string | undefined;
  /** Aliases `--profile ALIAS=NAME` may name. */
  readonly knownAliases: readonly string[];
}

function pipelineTarget(sel: PipelineSelection): PipelineTarget {
  if (sel.pipeline !== undefined) {
    const ref = pipelineRef(sel);
    if (sel.account === undefined) {
      if ((sel.profiles ?? []).length > 0 || sel.assumeRole !== undefined) {
        throw usageError(
          '--profile and --assume-role with --pipeline need --account ID',
          'the account the pipeline lives in, e.g. --account 111111111111 --profile 111111111111=tools-admin',
        );
      }
      return { ref, knownAliases: [] };
    }
    if (!/^\d{12}$/.test(sel.account))
      throw usageError(`--account ${sel.account}: expected a 12-digit account id`);
    return {
      ref: { ...ref, account: sel.account },
      home: { alias: sel.account, id: sel.account },
      assumeRole: sel.assumeRole,
      knownAliases: [sel.account],
    };
  }
  if (sel.account !== undefined)
    throw usageError(
      '--account goes with --pipeline',
      'the config names the tools account already',
    );
  const { pipeline } = loadConfigFile(sel.config ?? 'crossline.yml');
  const ref = refFromConfig(pipeline, sel);
  const tools = pipeline.tools;
  return {
    ref,
    home: {
      alias: tools.alias,
      id: tools.id,
      ...(tools.profile ? { profile: tools.profile } : {}),
    },
    assumeRole: sel.assumeRole ?? pipeline.credentials.assumeRole,
    knownAliases: pipeline.accounts.map((a) => a.alias),
  };
}

/** The pipeline a selection names, without credentials (also for offline use). */
export function pipelineRef(sel: PipelineSelection): PipelineRef {
  if (sel.pipeline !== undefined) {
    const region =
      sel.region ?? nonEmpty(sel.env?.AWS_REGION) ?? nonEmpty(sel.env?.AWS_DEFAULT_REGION);
    if (region === undefined) {
      throw usageError(
        `--pipeline ${sel.pipeline} needs a region`,
        'pass --region R (or set AWS_REGION)',
      );
    }
    const partition = partitionOf(region);
    if (partition === undefined)
      throw usageError(`unknown region '${region}'`, 'e.g. --region us-east-1');
    return {
      name: sel.pipeline,
      region,
      partition,
      ...(sel.account ? { account: sel.account } : {}),
      aliases: new Map(),
    };
  }
  return refFromConfig(loadConfigFile(sel.config ?? 'crossline.yml').pipeline, sel);
}

function refFromConfig(pipeline: Pipeline, sel: PipelineSelection): PipelineRef {
  if (sel.region !== undefined && sel.region !== pipeline.region) {
    throw usageError(
      `--region ${sel.region} differs from the config's region ${pipeline.region}`,
      'drop --region, or use --pipeline NAME --region R for another pipeline',
    );
  }
  return {
    name: physicalNames(pipeline).pipeline,
    region: pipeline.region,
    partition: pipeline.partition,
    account: pipeline.tools.id,
    aliases: new Map(pipeline.accounts.map((a) => [a.id, a.alias])),
  };
}

export async function start(sel: PipelineSelection, io: IoHost): Promise<StartResult> {
  const { ref, api, connections } = await resolvePipeline(sel, io);
  return startPipeline(api, ref, io, connections);
}

export async function status(
  sel: PipelineSelection,
  io: IoHost,
  options: { executions?: number } = {},
): Promise<StatusReport> {
  const { ref, api, connections } = await resolvePipeline(sel, io);
  return pipelineStatus(api, ref, io, { ...options, ...(connections ? { connections } : {}) });
}

export async function watch(
  sel: PipelineSelection,
  io: IoHost,
  options: WatchOptions = {},
): Promise<WatchResult> {
  const deadline = options.deadline;
  const resolving = resolvePipeline(sel, io, deadline);
  // The credential checks count against --timeout too.
  const { ref, api, pool } = await (deadline
    ? untilAborted(resolving, deadline, 'watch')
    : resolving);
  const stacks = options.stacks ?? (pool ? poolStacks(pool, ref.aliases) : undefined);
  return watchExecution(api, ref, io, { ...options, stacks });
}

export interface ApproveOptions {
  /** Approve a change-set stage without asking (its changes are still shown). */
  readonly yes?: boolean | undefined;
}

/**
 * Approves or rejects. Before approving a `mode: change-set` stage, each of its change sets is
 * read in its own account and shown (resources, and IAM and resource-policy changes flagged
 * when they broaden access); then the approval needs a yes, or `--yes`.
 */
export async function approve(
  sel: PipelineSelection,
  io: IoHost,
  request: ApprovalRequest,
  options: ApproveOptions = {},
): Promise<ApprovalOutcome> {
  const resolved = await resolvePipeline(sel, io);
  if (request.decision === 'Approved') await reviewStage(resolved, sel, io, request.stage, options);
  return decideApproval(resolved.api, resolved.ref, request, io);
}

async function reviewStage(
  { ref, api, pool }: ResolvedPipeline,
  sel: PipelineSelection,
  io: IoHost,
  stage: string,
  options: ApproveOptions,
): Promise<void> {
  const { pipeline } = await api.getPipeline(ref.name);
  const named =
    pipeline.stages.find((s) => s.name === stage) ??
    pipeline.stages.find((s) => s.name.toLowerCase() === stage.toLowerCase());
  const refs = named === undefined ? [] : changeSetRefs(pipeline, named.name, ref.region);
  if (refs.length === 0) return;
  const stacks = new Map<string, Promise<StackApi>>();
  const stackApi = (account: string, region: string): Promise<StackApi> => {
    const key = `${account}/${region}`;
    let hit = stacks.get(key);
    if (hit === undefined) {
      if (sel.stackApi !== undefined) hit = sel.stackApi(account, region);
      else if (pool !== undefined) {
        const alias = ref.aliases?.get(account) ?? account;
        hit = pool.get({ alias, id: account }, region).then(createStackApi);
      } else throw usageError('no credentials to read the change sets with', 'pass --account');
      stacks.set(key, hit);
    }
    return hit;
  };
  const reader: ChangeSetReader = {
    status: async (r) => {
      const d = await (await stackApi(r.account, r.region)).describeChangeSet(r.stack, r.changeSet);
      return { status: d.status, reason: d.statusReason };
    },
    deployed: async (r) => (await stackApi(r.account, r.region)).template(r.stack),
    proposed: async (r) => (await stackApi(r.account, r.region)).template(r.stack, r.changeSet),
  };
  const reviews = await reviewChangeSets(refs, reader);
  const payload = reviews.map((v) => reviewPayload(v, ref.aliases?.get(v.ref.account)));
  io.notify(IO.OPS_CHANGE_SETS.msg(renderReviews(payload), payload));
  if (options.yes === true) return;
  const broad = reviews.filter((v) => v.broadening).length;
  const answer = await io.confirm?.(
    `Approve ${plural(reviews.length, 'change set')} in ${named?.name ?? stage}${broad > 0 ? `, ${broad} of them broadening access` : ''}?`,
  );
  if (answer === true) return;
  throw new CrosslineError(
    'ConfirmationRequired',
    'usage',
    answer === undefined
      ? 'approving a change-set stage needs confirmation, and there is no terminal to ask'
      : 'not approved; the change sets wait',
    { hint: 'review the changes above, then pass --yes to approve without asking' },
  );
}

function reviewPayload(v: ChangeSetReview, alias: string | undefined) {
  const account = alias === undefined ? v.ref.account : `${alias} (${v.ref.account})`;
  return {
    account,
    region: v.ref.region,
    stack: v.ref.stack,
    changeSet: v.ref.changeSet,
    status: v.reason === undefined ? v.status : `${v.status}: ${v.reason}`,
    resources: v.resources.map(renderResourceLine),
    access: v.access.map(
      (c) => `${c.broadens ? '⚠ ' : ''}${renderAccessChange(alias ?? v.ref.account, c)}`,
    ),
    broadening: v.broadening,
  };
}

function renderReviews(payload: readonly ReturnType<typeof reviewPayload>[]): string {
  return payload
    .map((p) =>
      [
        `change set ${p.changeSet} of ${p.stack} in ${p.account} ${p.region} [${p.status}]${p.broadening ? ' — broadens access' : ''}`,
        ...(p.resources.length === 0
          ? ['  no resource changes']
          : p.resources.map((l) => `  ${l}`)),
        ...p.access.map((l) => `  ${l}`),
      ].join('\n'),
    )
    .join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
