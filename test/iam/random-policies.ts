// Seeded random policy sets and requests for the differential test, drawn from the subset
// both engines support: pipeline-shaped services (S3, KMS, STS, EventBridge, IAM, CodeCommit),
// the Principal forms of docs/design.md §6, and every condition operator family.
import type {
  ContextValue,
  NamedPolicy,
  PolicySet,
  Request,
  ResourcePolicyKind,
} from '../../src/iam/index.js';

/** mulberry32: a tiny deterministic PRNG, so every run draws the same cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const A = '111111111111';
export const B = '222222222222';
export const X = '999999999999';
const role = (acct: string, name: string) => `arn:aws:iam::${acct}:role/${name}`;
const session = (acct: string, name: string, s = 's1') =>
  `arn:aws:sts::${acct}:assumed-role/${name}/${s}`;
const root = (acct: string) => `arn:aws:iam::${acct}:root`;

interface Scenario {
  readonly actions: readonly string[];
  readonly actionPatterns: readonly string[];
  readonly resources: readonly { resource: string; account: string }[];
  readonly resourcePatterns: readonly string[];
  readonly kind: ResourcePolicyKind | undefined;
  readonly resourcePolicyChance: number;
}

const SCENARIOS: readonly Scenario[] = [
  {
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'],
    actionPatterns: [
      's3:*',
      's3:Get*',
      'S3:getobject',
      's3:?utObject',
      's3:*Object',
      'kms:Decrypt',
    ],
    resources: [
      { resource: 'arn:aws:s3:::artifacts/out.zip', account: A },
      { resource: 'arn:aws:s3:::artifacts', account: A },
      { resource: 'arn:aws:s3:::other/data.bin', account: B },
    ],
    resourcePatterns: [
      'arn:aws:s3:::artifacts/*',
      'arn:aws:s3:::artifacts',
      'arn:aws:s3:::artifacts*',
      'arn:aws:s3:::Artifacts/*',
      'arn:aws:s3:::*/out.zip',
      'arn:aws:s3:::other/*',
    ],
    kind: 'bucket',
    resourcePolicyChance: 0.7,
  },
  {
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ScheduleKeyDeletion'],
    actionPatterns: ['kms:*', 'kms:GenerateDataKey*', 'kms:*crypt', 'KMS:decrypt', 's3:GetObject'],
    resources: [
      { resource: `arn:aws:kms:eu-west-1:${A}:key/1111-aaaa`, account: A },
      { resource: `arn:aws:kms:eu-west-1:${B}:key/2222-bbbb`, account: B },
    ],
    resourcePatterns: [
      `arn:aws:kms:*:${A}:key/*`,
      `arn:aws:kms:eu-west-1:${B}:key/2222-bbbb`,
      'arn:aws:kms:*:*:key/*',
      'arn:aws:kms:*:${aws:PrincipalAccount}:key/*',
    ],
    kind: 'key',
    resourcePolicyChance: 0.95,
  },
  {
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    actionPatterns: ['sts:*', 'sts:Assume*', 'STS:assumerole'],
    resources: [
      { resource: role(A, 'deploy'), account: A },
      { resource: role(B, 'source'), account: B },
    ],
    resourcePatterns: [
      role(A, 'deploy'),
      'arn:aws:iam::*:role/deploy',
      `arn:aws:iam::${B}:role/*`,
      'arn:aws:iam::${aws:PrincipalAccount}:role/*',
    ],
    kind: 'trust',
    resourcePolicyChance: 0.95,
  },
  {
    actions: ['events:PutEvents'],
    actionPatterns: ['events:*', 'events:Put*'],
    resources: [
      { resource: `arn:aws:events:eu-west-1:${A}:event-bus/default`, account: A },
      { resource: `arn:aws:events:eu-west-1:${B}:event-bus/default`, account: B },
    ],
    resourcePatterns: [
      `arn:aws:events:*:${A}:event-bus/default`,
      'arn:aws:events:eu-west-1:*:event-bus/*',
      `arn:aws:events:eu-west-1:${B}:event-bus/default`,
    ],
    kind: 'bus',
    resourcePolicyChance: 0.6,
  },
  {
    actions: ['iam:PassRole', 'iam:GetRole'],
    actionPatterns: ['iam:*', 'iam:Pass*', 'iam:Get*'],
    resources: [
      { resource: role(A, 'exec'), account: A },
      { resource: role(A, 'admin'), account: A },
    ],
    resourcePatterns: [
      role(A, 'exec'),
      'arn:aws:iam::*:role/exec',
      'arn:aws:iam::${aws:PrincipalAccount}:role/*',
      `arn:aws:iam::${A}:role/ex?c`,
    ],
    kind: undefined,
    resourcePolicyChance: 0,
  },
  {
    actions: ['codecommit:GitPull', 'codecommit:GitPush', 'codecommit:GetBranch'],
    actionPatterns: ['codecommit:*', 'codecommit:Git*', 'codecommit:Get?ranch'],
    resources: [
      { resource: `arn:aws:codecommit:eu-west-1:${B}:app`, account: B },
      { resource: `arn:aws:codecommit:eu-west-1:${B}:other`, account: B },
    ],
    resourcePatterns: [
      `arn:aws:codecommit:eu-west-1:${B}:app`,
      `arn:aws:codecommit:*:${B}:*`,
      'arn:aws:codecommit:*:*:app',
    ],
    kind: undefined,
    resourcePolicyChance: 0,
  },
];

const CALLERS = [
  session(A, 'app'),
  session(A, 'other'),
  session(B, 'src'),
  session(X, 'evil'),
  role(A, 'app'),
  `arn:aws:iam::${A}:user/alice`,
  'codepipeline.amazonaws.com',
  'cloudformation.amazonaws.com',
  root(X),
];

const PRINCIPALS: readonly unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: A },
  { AWS: root(A) },
  { AWS: root(B) },
  { AWS: role(A, 'app') },
  { AWS: `arn:aws:iam::${A}:role/path/app` },
  { AWS: session(A, 'app') },
  { AWS: session(A, 'app', 's2') },
  { AWS: role(B, 'src') },
  { AWS: [role(B, 'src'), role(A, 'app')] },
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { Service: 'codepipeline.amazonaws.com' },
  { Service: ['cloudformation.amazonaws.com', 'codebuild.amazonaws.com'] },
  { AWS: X },
];

const NOT_PRINCIPALS: readonly unknown[] = [
  { AWS: [role(A, 'app'), root(A)] },
  { AWS: [session(A, 'app'), role(A, 'app'), A] },
  { AWS: [role(B, 'src'), B] },
  { AWS: [`arn:aws:iam::${A}:user/alice`, A] },
  { Service: 'codepipeline.amazonaws.com' },
];

const SSE = 's3:x-amz-server-side-encryption';
/** Conditions: [operator, key, values]. */
const CONDITIONS: readonly [string, string, string | string[]][] = [
  ['StringEquals', 'aws:SourceAccount', A],
  ['StringNotEquals', 'aws:SourceAccount', [A, B]],
  ['StringEquals', 'aws:SourceAccount', '${aws:PrincipalAccount}'],
  ['StringEqualsIfExists', 'aws:sourceaccount', A],
  ['Bool', 'aws:SecureTransport', 'true'],
  ['Bool', 'aws:SecureTransport', 'false'],
  ['BoolIfExists', 'aws:SecureTransport', 'false'],
  ['StringEquals', SSE, 'aws:kms'],
  ['StringNotEquals', SSE, 'aws:kms'],
  ['StringNotEqualsIfExists', SSE, ['aws:kms', 'aws:kms:dsse']],
  ['Null', SSE, 'true'],
  ['Null', SSE, 'false'],
  ['ArnLike', 'aws:SourceArn', `arn:aws:codepipeline:*:${A}:*`],
  ['ArnEquals', 'aws:SourceArn', `arn:aws:codepipeline:eu-west-1:${A}:pipe`],
  ['ArnNotLike', 'aws:SourceArn', `arn:aws:codepipeline:*:${A}:*`],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/app*'],
  ['StringLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/a?p', 'arn:aws:iam::*:user/*']],
  ['StringNotLike', 'aws:PrincipalArn', `arn:aws:iam::${X}:*`],
  ['StringEqualsIgnoreCase', 'kms:ViaService', 'S3.EU-WEST-1.AMAZONAWS.COM'],
  ['StringNotEqualsIgnoreCase', 'kms:ViaService', 's3.eu-west-1.amazonaws.com'],
  ['StringEquals', 'kms:CallerAccount', [A, B]],
  ['StringEquals', 'iam:PassedToService', 'cloudformation.amazonaws.com'],
  ['NumericLessThan', 's3:max-keys', '10'],
  ['NumericGreaterThanEquals', 's3:max-keys', '10'],
  ['NumericNotEquals', 's3:max-keys', ['5', '6']],
  ['NumericLessThanEqualsIfExists', 's3:max-keys', '10'],
  ['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'],
  ['DateGreaterThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'],
  ['DateNotEquals', 'aws:CurrentTime', '2026-06-01T00:00:00Z'],
  ['DateLessThanEquals', 'aws:EpochTime', '1900000000'],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '2001:db8::/32']],
  ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8'],
  ['IpAddressIfExists', 'aws:SourceIp', '192.168.0.0/16'],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['team', 'env']],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['team', 'env']],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', 'secret'],
  ['ForAnyValue:StringNotLike', 'aws:TagKeys', 'te*'],
  ['ForAnyValue:StringLike', 'aws:TagKeys', 'te*'],
  ['ForAllValues:StringLikeIfExists', 'aws:TagKeys', ['team', 'e*']],
];

const CONTEXT: readonly [string, readonly ContextValue[]][] = [
  ['aws:SourceAccount', [A, X]],
  ['aws:SecureTransport', [true, false, 'true']],
  [SSE, ['aws:kms', 'AES256']],
  [
    'aws:SourceArn',
    [`arn:aws:codepipeline:eu-west-1:${A}:pipe`, `arn:aws:codepipeline:eu-west-1:${X}:pipe`],
  ],
  ['kms:ViaService', ['s3.eu-west-1.amazonaws.com', 'sqs.eu-west-1.amazonaws.com']],
  ['kms:CallerAccount', [A, X]],
  ['iam:PassedToService', ['cloudformation.amazonaws.com', 'lambda.amazonaws.com']],
  ['s3:max-keys', ['5', '10', '20']],
  ['aws:CurrentTime', ['2026-06-01T00:00:00Z', '2031-01-01T00:00:00Z']],
  ['aws:EpochTime', ['1800000000', '2000000000']],
  ['aws:SourceIp', ['10.1.2.3', '192.168.1.1', '2001:db8::1']],
  ['aws:TagKeys', [[], ['team'], ['team', 'env'], ['team', 'owner'], ['secret']]],
];

export interface GeneratedCase {
  readonly request: Request;
  readonly policies: PolicySet;
}

export function generateCase(random: () => number): GeneratedCase {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const some = <T>(items: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(random() * max);
    return Array.from({ length: n }, () => pick(items));
  };
  const one = <T>(values: T[]): T | T[] =>
    values.length === 1 && chance(0.5) ? values[0] : values;

  const scenario = pick(SCENARIOS);
  const target = pick(scenario.resources);
  const principal = pick(CALLERS);
  const action = pick(scenario.actions);

  const condition = () => {
    const out: Record<string, Record<string, string | string[]>> = {};
    for (const [op, key, values] of some(CONDITIONS, 2)) (out[op] ??= {})[key] = values;
    return out;
  };
  const statement = (kind: 'identity' | 'resource', sid: number) => {
    const s: Record<string, unknown> = { Sid: `S${sid}` };
    const effect = chance(0.8) ? 'Allow' : 'Deny';
    s['Effect'] = effect;
    if (kind === 'resource') {
      if (effect === 'Deny' && chance(0.2)) s['NotPrincipal'] = pick(NOT_PRINCIPALS);
      else s['Principal'] = pick(PRINCIPALS);
    }
    const actionValues = some([...scenario.actions, ...scenario.actionPatterns, '*'], 3);
    s[chance(0.85) ? 'Action' : 'NotAction'] = one(actionValues);
    if (!(kind === 'resource' && scenario.kind === 'trust')) {
      const resourceValues =
        kind === 'resource' && scenario.kind === 'key' && chance(0.7)
          ? ['*']
          : some([...scenario.resourcePatterns, target.resource, '*'], 2);
      s[chance(0.85) ? 'Resource' : 'NotResource'] = one(resourceValues);
    }
    if (chance(0.35)) s['Condition'] = condition();
    return s;
  };
  const policy = (name: string, kind: 'identity' | 'resource'): NamedPolicy => ({
    name,
    document: {
      Version: '2012-10-17',
      Statement: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => statement(kind, i)),
    },
  });

  const context: Record<string, ContextValue> = {};
  for (const [key, values] of CONTEXT) if (chance(0.4)) context[key] = pick(values);

  // Service principals have no principal-side policies; give them some rarely, to keep
  // checking that both engines' documented difference stays the only one.
  const principalSide = principal.startsWith('arn:') || chance(0.1);
  const identity = principalSide
    ? Array.from({ length: Math.floor(random() * 3) }, (_, i) => policy(`id${i}`, 'identity'))
    : [];
  const policies: {
    identity: NamedPolicy[];
    resource?: PolicySet['resource'];
    scps?: NamedPolicy[];
    permissionBoundary?: NamedPolicy;
  } = { identity };
  if (scenario.kind !== undefined && chance(scenario.resourcePolicyChance)) {
    policies.resource = { kind: scenario.kind, policy: policy('res', 'resource') };
  }
  if (principalSide && chance(0.1)) policies.scps = [policy('scp', 'identity')];
  if (principalSide && chance(0.1)) policies.permissionBoundary = policy('boundary', 'identity');
  return {
    request: {
      principal,
      action,
      resource: target.resource,
      resourceAccount: target.account,
      context,
    },
    policies,
  };
}
