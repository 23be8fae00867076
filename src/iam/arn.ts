/** ARN parsing and the kinds of principal the engine understands. */
import { BoundedCache } from './bounded-cache.js';

/** The six colon-separated fields of an ARN; `resource` keeps any further colons. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(value: string): ArnParts | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const fields: string[] = [];
  let start = 4;
  for (let i = 0; i < 4; i++) {
    const end = value.indexOf(':', start);
    if (end < 0) return undefined;
    fields.push(value.slice(start, end));
    start = end + 1;
  }
  const [partition, service, region, account] = fields as [string, string, string, string];
  return { partition, service, region, account, resource: value.slice(start) };
}

const parsed = new BoundedCache<ArnParts | null>(10_000);
const parseOrNull = (value: string): ArnParts | null => parseArn(value) ?? null;

/**
 * `parseArn` through a bounded cache, for the hot path: the same resource ARNs are matched
 * against many statements and requests, and parsing allocates.
 */
export function parseArnCached(value: string): ArnParts | undefined {
  return parsed.get(value, parseOrNull) ?? undefined;
}

export type PrincipalKind =
  'root' | 'user' | 'role' | 'assumed-role' | 'federated-user' | 'service' | 'other';

/** What the engine knows about the caller, derived once per request. */
export interface CallerIdentity {
  readonly arn: string;
  readonly kind: PrincipalKind;
  readonly account: string | undefined;
  /** For an assumed-role session: the role's name (the session ARN carries no path). */
  readonly roleName?: string;
  /** The ARN IAM reports as aws:PrincipalArn: the role ARN for a session, else the ARN itself. */
  readonly principalArn: string;
  /** For IAM users: the user name (aws:username). */
  readonly userName?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** principal → account (or '') → partition → identity: nested, so a lookup builds no key string. */
const callers = new Map<string, Map<string, Map<string, CallerIdentity>>>();
let cachedCallers = 0;
const CALLER_CACHE_LIMIT = 10_000;

/**
 * Classifies a principal string: an ARN, an account id, or a service principal. Cached: callers repeat.
 * A bare account id stands for that account's root in `partition` (taken from the resource's ARN by
 * the caller, since an account id alone does not say which partition it is in).
 */
export function callerIdentity(
  principal: string,
  account?: string,
  partition = 'aws',
): CallerIdentity {
  let byAccount = callers.get(principal);
  if (byAccount === undefined) {
    if (cachedCallers >= CALLER_CACHE_LIMIT) {
      callers.clear();
      cachedCallers = 0;
    }
    byAccount = new Map();
    callers.set(principal, byAccount);
  }
  let byPartition = byAccount.get(account ?? '');
  if (byPartition === undefined) {
    byPartition = new Map();
    byAccount.set(account ?? '', byPartition);
  }
  let identity = byPartition.get(partition);
  if (identity === undefined) {
    identity = classify(principal, account, partition);
    byPartition.set(partition, identity);
    cachedCallers++;
  }
  return identity;
}

function classify(
  principal: string,
  account: string | undefined,
  partition: string,
): CallerIdentity {
  if (isAccountId(principal)) {
    const root = `arn:${partition}:iam::${principal}:root`;
    return { arn: root, kind: 'root', account: account ?? principal, principalArn: root };
  }
  const parts = parseArn(principal);
  if (parts === undefined) {
    return {
      arn: principal,
      kind: principal.includes('.') ? 'service' : 'other',
      account,
      principalArn: principal,
    };
  }
  const owner = account ?? (parts.account === '' ? undefined : parts.account);
  const slash = parts.resource.indexOf('/');
  const type = slash < 0 ? parts.resource : parts.resource.slice(0, slash);
  if (parts.service === 'iam' && parts.resource === 'root') {
    return { arn: principal, kind: 'root', account: owner, principalArn: principal };
  }
  if (parts.service === 'iam' && type === 'user') {
    const userName = parts.resource.slice(parts.resource.lastIndexOf('/') + 1);
    return { arn: principal, kind: 'user', account: owner, principalArn: principal, userName };
  }
  if (parts.service === 'iam' && type === 'role') {
    return {
      arn: principal,
      kind: 'role',
      account: owner,
      principalArn: principal,
      roleName: parts.resource.slice(parts.resource.lastIndexOf('/') + 1),
    };
  }
  if (parts.service === 'sts' && type === 'assumed-role') {
    const [, roleName = ''] = parts.resource.split('/');
    const roleArn = `arn:${parts.partition}:iam::${parts.account}:role/${roleName}`;
    return {
      arn: principal,
      kind: 'assumed-role',
      account: owner,
      principalArn: roleArn,
      roleName,
    };
  }
  if (parts.service === 'sts' && type === 'federated-user') {
    return { arn: principal, kind: 'federated-user', account: owner, principalArn: principal };
  }
  return { arn: principal, kind: 'other', account: owner, principalArn: principal };
}

/** The account that owns a resource ARN, if the ARN says. */
export function resourceAccountOf(resource: string): string | undefined {
  const parts = parseArnCached(resource);
  return parts === undefined || parts.account === '' ? undefined : parts.account;
}
