/**
 * Whether a pipeline's CodeConnections source can run: its connection must be AVAILABLE. A
 * connection made by CloudFormation or the CLI stays PENDING until a person completes the
 * handshake in the console, and "must be completed (moved to available) before it can be
 * used"; an ERROR one "cannot be used until it is available"
 * (https://docs.aws.amazon.com/dtconsole/latest/userguide/welcome-connections-workflow.html).
 */
import type { ConnectionStatus, ConnectionsReadApi } from '../aws/connections-api.js';
import type { PipelineDocument } from '../aws/pipeline-api.js';
import { CrosslineError } from '../errors/index.js';
import type { IoHost } from '../io/index.js';
import { parseConnectionArn, type Partition } from '../model/index.js';
import { connectionsConsoleUrl } from './console-links.js';

export interface ConnectionState {
  readonly arn: string;
  /** The source action that uses the connection. */
  readonly action: string;
  readonly status: ConnectionStatus;
  /** Where a person completes or replaces it (absent where the console is unknown). */
  readonly consoleUrl?: string | undefined;
}

/** Makes a reader of connections in a region (the connection ARN's). */
export type ConnectionsReader = (region: string) => Promise<ConnectionsReadApi>;

/** The CodeStarSourceConnection action of a live declaration and its ConnectionArn. */
export function sourceConnection(
  doc: PipelineDocument,
): { readonly action: string; readonly arn: string } | undefined {
  for (const stage of doc.pipeline.stages)
    for (const a of stage.actions) {
      const arn = a.configuration?.ConnectionArn;
      if (a.actionTypeId.provider === 'CodeStarSourceConnection' && arn) {
        return { action: a.name, arn };
      }
    }
  return undefined;
}

/**
 * Reads the state of the pipeline's connection; undefined when the pipeline has none, or it
 * could not be read (then a warning says why: the check is skipped, not guessed).
 */
export async function readConnectionState(
  doc: PipelineDocument,
  fallback: { readonly partition: Partition; readonly region: string },
  reader: ConnectionsReader,
  io: IoHost,
): Promise<ConnectionState | undefined> {
  const source = sourceConnection(doc);
  if (source === undefined) return undefined;
  const parsed = parseConnectionArn(source.arn);
  const region = parsed?.region ?? fallback.region;
  const partition = (parsed?.partition as Partition | undefined) ?? fallback.partition;
  try {
    const live = await (await reader(region)).readConnection(source.arn);
    const consoleUrl = connectionsConsoleUrl(partition, region);
    return {
      arn: source.arn,
      action: source.action,
      status: live.status,
      ...(consoleUrl ? { consoleUrl } : {}),
    };
  } catch (e) {
    io.notify({
      level: 'warn',
      code: 'ops.connection-unread',
      // GetConnection authorises reading a connection's state (its prefix's action for an
      // older ARN): https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeconnections.html
      message: `cannot read connection ${source.arn} (codeconnections:GetConnection): ${(e as Error).message}; its state is not checked. Your credentials need codeconnections:GetConnection (codestar-connections:GetConnection for an older ARN) on it`,
    });
    return undefined;
  }
}

/** One line about a connection that is not AVAILABLE; undefined when it is. */
export function connectionProblem(c: ConnectionState): string | undefined {
  const where = c.consoleUrl
    ? ` in the console: ${c.consoleUrl}`
    : ' in the Developer Tools console';
  switch (c.status) {
    case 'AVAILABLE':
      return undefined;
    case 'PENDING':
      return `connection ${c.arn} is PENDING: the ${c.action} action cannot use it until a person completes the handshake${where}`;
    case 'ERROR':
      return `connection ${c.arn} is in ERROR: the ${c.action} action cannot use it until it is AVAILABLE again; check its provider app installation${where}`;
    case 'deleted':
      return `connection ${c.arn} does not exist (deleted?): the ${c.action} action cannot read the repository; create a connection${where} and set it in the config`;
  }
}

/** `start` refuses while the source cannot run: the run would fail at its first action. */
export function refuseUnavailableConnection(c: ConnectionState | undefined): void {
  const problem = c === undefined ? undefined : connectionProblem(c);
  if (c === undefined || problem === undefined) return;
  throw new CrosslineError('ConnectionNotAvailable', 'usage', `not starting: ${problem}`, {
    hint:
      c.status === 'PENDING'
        ? 'open the link, choose the connection, then "Update pending connection"; run start again once it is AVAILABLE'
        : 'make the connection AVAILABLE, then run start again',
    details: c,
  });
}

/**
 * After `deploy`: a connection that is not AVAILABLE (a new `create: true` one is PENDING until
 * a person completes it) is a warning with the console link; the deploy itself succeeded.
 */
export async function warnUnavailableConnection(
  ...[doc, place, reader, io]: Parameters<typeof readConnectionState>
): Promise<ConnectionState | undefined> {
  const state = await readConnectionState(doc, place, reader, io);
  const problem = state === undefined ? undefined : connectionProblem(state);
  if (problem !== undefined)
    io.notify({
      level: 'warn',
      code: 'deploy.connection',
      message: `${problem}; until then every run fails at its source action and start refuses`,
    });
  return state;
}
