/**
 * A small fault-injecting HTTP proxy for tests and benchmarks. It sits in front of an AWS
 * endpoint (moto) and, per rule, answers like AWS does under stress instead of forwarding:
 *
 *   client (SDK, endpoint = proxy) ──▶ fault proxy ──▶ moto_server
 *                                       │ rules: throttle · 500 · drop · expired token · latency
 *
 * Errors are shaped for the protocol of the request (Query XML, JSON, S3 REST XML), so the
 * SDK parses them into the same error codes real AWS gives (Throttling, InternalFailure,
 * ExpiredToken, …). Every request is logged with its service, action and access key.
 */
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** From the SigV4 credential scope, e.g. `cloudformation`, `sts`, `s3`, `ssm`. */
  readonly service: string | undefined;
  /** `Action=` (Query), the X-Amz-Target operation (JSON), or `METHOD /path` (S3 REST). */
  readonly action: string | undefined;
  readonly accessKeyId: string | undefined;
  /** Form parameters of a Query request (empty otherwise). */
  readonly params: URLSearchParams;
}

export type Fault =
  | { readonly kind: 'throttle' }
  | { readonly kind: 'server-error' }
  | { readonly kind: 'expired-token' }
  /** Close the connection without answering; the request never reaches the backend. */
  | { readonly kind: 'drop' }
  /** Forward (the backend acts), then close the connection instead of answering. */
  | { readonly kind: 'drop-response' }
  /** Forward after a delay. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Answer with this instead of forwarding (e.g. a stack status the emulator cannot produce). */
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly body: string;
      readonly contentType?: string;
    };

export interface FaultRule {
  readonly name?: string;
  readonly match: (r: ProxiedRequest) => boolean;
  readonly fault: Fault;
  /** How many matching requests get the fault; default: all of them. */
  readonly times?: number;
}

export interface RuleHandle {
  readonly rule: FaultRule;
  /** Requests this rule has faulted so far. */
  readonly hits: number;
  remove(): void;
}

export interface LoggedRequest {
  readonly service: string | undefined;
  readonly action: string | undefined;
  readonly accessKeyId: string | undefined;
  /** The fault applied, or `forwarded`. */
  readonly outcome: Fault['kind'] | 'forwarded';
  readonly status: number | undefined;
}

export interface FaultProxy {
  readonly endpoint: string;
  readonly log: readonly LoggedRequest[];
  addRule(rule: FaultRule): RuleHandle;
  clearRules(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(options: { readonly target: string }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const rules: { rule: FaultRule; hits: number; removed: boolean }[] = [];
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const parsed = describe(req, body.toString('utf8'));
      const entry = rules.find(
        (r) =>
          !r.removed &&
          (r.rule.times === undefined || r.hits < r.rule.times) &&
          r.rule.match(parsed),
      );
      if (entry) entry.hits += 1;
      const fault = entry?.rule.fault;
      const record = (outcome: LoggedRequest['outcome'], status: number | undefined): void => {
        log.push({
          service: parsed.service,
          action: parsed.action,
          accessKeyId: parsed.accessKeyId,
          outcome,
          status,
        });
      };
      if (fault === undefined)
        return forward(req, body, res, target, (s) => record('forwarded', s));
      switch (fault.kind) {
        case 'drop':
          record('drop', undefined);
          req.socket.destroy();
          return;
        case 'drop-response':
          return forward(
            req,
            body,
            res,
            target,
            (s) => {
              record('drop-response', s);
              req.socket.destroy();
            },
            true,
          );
        case 'latency':
          setTimeout(() => forward(req, body, res, target, (s) => record('latency', s)), fault.ms);
          return;
        case 'respond':
          record('respond', fault.status);
          res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'text/xml' });
          res.end(fault.body);
          return;
        default: {
          const e = errorResponse(parsed, fault.kind);
          record(fault.kind, e.status);
          res.writeHead(e.status, e.headers);
          res.end(e.body);
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    addRule(rule) {
      const entry = { rule, hits: 0, removed: false };
      rules.push(entry);
      return {
        rule,
        get hits() {
          return entry.hits;
        },
        remove() {
          entry.removed = true;
        },
      };
    },
    clearRules() {
      for (const r of rules) r.removed = true;
    },
    stop() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Matches requests of one service and (optionally) one action, e.g. `on('cloudformation', 'ExecuteChangeSet')`. */
export function on(service: string, ...actions: string[]): (r: ProxiedRequest) => boolean {
  return (r) =>
    r.service === service &&
    (actions.length === 0 || (r.action !== undefined && actions.includes(r.action)));
}

function describe(req: IncomingMessage, body: string): ProxiedRequest {
  const auth = req.headers.authorization ?? '';
  const scope = /Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(auth);
  const target = req.headers['x-amz-target'];
  const isForm = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
  const params = isForm ? new URLSearchParams(body) : new URLSearchParams();
  const service = scope?.[2];
  let action: string | undefined;
  if (params.has('Action')) action = params.get('Action') ?? undefined;
  else if (typeof target === 'string') action = target.split('.').pop();
  else action = `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]}`;
  return {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers: req.headers,
    body,
    service,
    action,
    accessKeyId: scope?.[1],
    params,
  };
}

type ErrorKind = 'throttle' | 'server-error' | 'expired-token';

const CODES: Record<
  ErrorKind,
  { query: string; json: string; s3: string; status: number; s3Status: number; message: string }
> = {
  throttle: {
    query: 'Throttling',
    json: 'ThrottlingException',
    s3: 'SlowDown',
    status: 400,
    s3Status: 503,
    message: 'Rate exceeded',
  },
  'server-error': {
    query: 'InternalFailure',
    json: 'InternalFailure',
    s3: 'InternalError',
    status: 500,
    s3Status: 500,
    message: 'We encountered an internal error. Please try again.',
  },
  'expired-token': {
    query: 'ExpiredToken',
    json: 'ExpiredTokenException',
    s3: 'ExpiredToken',
    status: 400,
    s3Status: 400,
    message: 'The security token included in the request is expired',
  },
};

function errorResponse(
  r: ProxiedRequest,
  kind: ErrorKind,
): { status: number; headers: Record<string, string>; body: string } {
  const c = CODES[kind];
  const requestId = 'fault-proxy-0000';
  if (r.params.has('Action')) {
    const type = c.status >= 500 ? 'Receiver' : 'Sender';
    return {
      status: c.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<ErrorResponse><Error><Type>${type}</Type><Code>${c.query}</Code><Message>${c.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  if (typeof r.headers['x-amz-target'] === 'string') {
    return {
      status: c.status,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': c.json,
        'x-amzn-requestid': requestId,
      },
      body: JSON.stringify({ __type: c.json, message: c.message }),
    };
  }
  return {
    status: c.s3Status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${c.s3}</Code><Message>${c.message}</Message><RequestId>${requestId}</RequestId></Error>`,
  };
}

function forward(
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  target: URL,
  done: (status: number | undefined) => void,
  swallow = false,
): void {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (up) => {
      if (swallow) {
        up.resume();
        up.on('end', () => done(up.statusCode));
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on('end', () => done(up.statusCode));
    },
  );
  upstream.on('error', () => {
    done(undefined);
    req.socket.destroy();
  });
  upstream.end(body);
}
