import { sessionClient, orUndefinedOn, type ApiSession } from './api-session.js';

/**
 * A connection's state as GetConnection reports it, or `deleted` when there is no such
 * connection. Only AVAILABLE can be used: "A pending connection is a connection that must be
 * completed (moved to available) before it can be used" and an error one "cannot be used until
 * it is available" (https://docs.aws.amazon.com/dtconsole/latest/userguide/welcome-connections-workflow.html).
 */
export type ConnectionStatus = 'PENDING' | 'AVAILABLE' | 'ERROR' | 'deleted';

export interface LiveConnection {
  readonly arn: string;
  readonly status: ConnectionStatus;
  /** `GitHub`, `Bitbucket`, … (absent when deleted). */
  readonly provider?: string | undefined;
  /** The account that owns the connection (absent when deleted). */
  readonly ownerAccount?: string | undefined;
  readonly name?: string | undefined;
}

/** Read-only connections, for `start`, `status` and `doctor`. */
export interface ConnectionsReadApi {
  readConnection(arn: string): Promise<LiveConnection>;
}

/**
 * GetConnection through the CodeStar Connections client (the API that AWS renamed
 * CodeConnections in 2024 keeps answering under its old name, for ARNs of either service
 * prefix: https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html). Wire target
 * `CodeStar_connections_20191201.GetConnection`, AWS JSON 1.0.
 */
export async function createConnectionsReadApi(session: ApiSession): Promise<ConnectionsReadApi> {
  const sdk = await import('@aws-sdk/client-codestar-connections');
  const { client, call } = sessionClient(session, 'codeconnections', sdk.CodeStarConnectionsClient);
  return {
    async readConnection(arn) {
      const c = (
        await orUndefinedOn(
          call('GetConnection', () =>
            client.send(new sdk.GetConnectionCommand({ ConnectionArn: arn })),
          ),
          'ResourceNotFoundException',
        )
      )?.Connection;
      if (c === undefined) return { arn, status: 'deleted' };
      return {
        arn,
        status: statusOf(c.ConnectionStatus),
        provider: c.ProviderType,
        ownerAccount: c.OwnerAccountId,
        name: c.ConnectionName,
      };
    },
  };
}

function statusOf(s: string | undefined): ConnectionStatus {
  return s === 'AVAILABLE' || s === 'PENDING' ? s : 'ERROR';
}
