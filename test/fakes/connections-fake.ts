/**
 * A small fake of CodeConnections' GetConnection (moto implements no CodeConnections or
 * CodeStar Connections API). Behaviour, as the real service's wire protocol:
 *
 * - AWS JSON 1.0: `POST /`, the operation in `X-Amz-Target: CodeStar_connections_20191201.<Op>`
 *   (the target the @aws-sdk/client-codestar-connections client sends; crossline's adapter is
 *   src/aws/connections-api.ts). Members are PascalCase, as in the API reference.
 * - GetConnection `{ConnectionArn}` → `{Connection: {ConnectionName, ConnectionArn,
 *   ProviderType, OwnerAccountId, ConnectionStatus}}`, the owner account being the ARN's.
 * - An ARN the fake does not hold: HTTP 400 `ResourceNotFoundException` (a deleted connection).
 *   No ConnectionArn: HTTP 400 `ValidationException`. Any other operation:
 *   `UnknownOperationException`. Errors carry `__type` and `x-amzn-ErrorType`.
 * - Signatures are not checked. Every request is recorded in `requests`.
 * - `connections` is live: a test flips a status (PENDING → AVAILABLE) between calls.
 *
 * `startConnectionsFake` serves it alone on 127.0.0.1; `answer` lets the CodePipeline fake
 * (test/fakes/codepipeline-fake.ts, option `connections`) serve it on its own endpoint, so one
 * `--endpoint-url` reaches both.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CONNECTIONS_TARGET_PREFIX = 'CodeStar_connections_20191201.';

export interface FakeConnection {
  status: 'PENDING' | 'AVAILABLE' | 'ERROR';
  provider?: string;
  name?: string;
}

export interface FakeAnswer {
  readonly status: number;
  readonly payload: unknown;
  readonly errorType?: string;
}

export interface ConnectionsFakeState {
  /** By connection ARN; an ARN not here is answered as deleted. */
  readonly connections: Map<string, FakeConnection>;
  readonly requests: { readonly operation: string; readonly body: Record<string, unknown> }[];
  /** Answers one request whose target starts with CONNECTIONS_TARGET_PREFIX. */
  answer(target: string, body: Record<string, unknown>): FakeAnswer;
}

export function connectionsFakeState(
  initial: Readonly<Record<string, FakeConnection>> = {},
): ConnectionsFakeState {
  const connections = new Map(Object.entries(initial).map(([k, v]) => [k, { ...v }]));
  const requests: ConnectionsFakeState['requests'] = [];
  const error = (type: string, message: string): FakeAnswer => ({
    status: 400,
    payload: { __type: type, message },
    errorType: type,
  });
  return {
    connections,
    requests,
    answer(target, body) {
      const operation = target.slice(CONNECTIONS_TARGET_PREFIX.length);
      requests.push({ operation: `codeconnections:${operation}`, body });
      if (operation !== 'GetConnection')
        return error('UnknownOperationException', `Unknown operation ${target}`);
      const arn = body.ConnectionArn;
      if (typeof arn !== 'string' || arn === '')
        return error('ValidationException', 'ConnectionArn is required');
      const c = connections.get(arn);
      if (c === undefined) return error('ResourceNotFoundException', `Connection ${arn} not found`);
      return {
        status: 200,
        payload: {
          Connection: {
            ConnectionName: c.name ?? arn.split('/').pop(),
            ConnectionArn: arn,
            ProviderType: c.provider ?? 'GitHub',
            OwnerAccountId: arn.split(':')[4],
            ConnectionStatus: c.status,
          },
        },
      };
    },
  };
}

export interface ConnectionsFake extends ConnectionsFakeState {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startConnectionsFake(
  initial: Readonly<Record<string, FakeConnection>> = {},
): Promise<ConnectionsFake> {
  const state = connectionsFakeState(initial);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      let answer: FakeAnswer;
      try {
        const body = chunks.length
          ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
          : {};
        answer = target.startsWith(CONNECTIONS_TARGET_PREFIX)
          ? state.answer(target, body)
          : {
              status: 400,
              payload: { __type: 'UnknownOperationException', message: `Unknown ${target}` },
              errorType: 'UnknownOperationException',
            };
      } catch (e) {
        answer = { status: 400, payload: { __type: 'SerializationException', message: String(e) } };
      }
      sendJson(res, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Writes one answer as AWS JSON 1.0. */
export function sendJson(res: ServerResponse, { status, payload, errorType }: FakeAnswer): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}
