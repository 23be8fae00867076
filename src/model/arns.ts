import type { Partition } from './types.js';

/**
 * ARN builders. Each takes the partition explicitly: nothing in crossline hard-codes `arn:aws:`.
 * Formats: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export interface ArnScope {
  readonly partition: Partition;
  readonly region: string;
  readonly account: string;
}

export const arn = {
  accountRoot: (partition: Partition, account: string): string =>
    `arn:${partition}:iam::${account}:root`,
  role: (partition: Partition, account: string, name: string): string =>
    `arn:${partition}:iam::${account}:role/${name}`,
  managedPolicy: (partition: Partition, name: string): string =>
    `arn:${partition}:iam::aws:policy/${name}`,
  bucket: (partition: Partition, bucket: string): string => `arn:${partition}:s3:::${bucket}`,
  bucketObjects: (partition: Partition, bucket: string): string =>
    `arn:${partition}:s3:::${bucket}/*`,
  repository: (s: ArnScope, name: string): string =>
    `arn:${s.partition}:codecommit:${s.region}:${s.account}:${name}`,
  pipeline: (s: ArnScope, name: string): string =>
    `arn:${s.partition}:codepipeline:${s.region}:${s.account}:${name}`,
  buildProject: (s: ArnScope, name: string): string =>
    `arn:${s.partition}:codebuild:${s.region}:${s.account}:project/${name}`,
  logGroup: (s: ArnScope, name: string): string =>
    `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:${name}`,
  eventBus: (s: ArnScope, name = 'default'): string =>
    `arn:${s.partition}:events:${s.region}:${s.account}:event-bus/${name}`,
  eventRule: (s: ArnScope, name: string): string =>
    `arn:${s.partition}:events:${s.region}:${s.account}:rule/${name}`,
  stack: (s: ArnScope, name: string): string =>
    `arn:${s.partition}:cloudformation:${s.region}:${s.account}:stack/${name}/*`,
  key: (s: ArnScope, id: string): string =>
    `arn:${s.partition}:kms:${s.region}:${s.account}:key/${id}`,
  keyAlias: (s: ArnScope, alias: string): string =>
    `arn:${s.partition}:kms:${s.region}:${s.account}:${alias}`,
};

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN into its parts; undefined when the text is not an ARN. */
export function parseArn(text: string): ParsedArn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/*
 * Named builders, one per ARN shape crossline writes. Every `arn:` template in `src/` goes
 * through these (or the `arn` table above, which they share); nothing else formats an ARN.
 */
export const rootArn = (partition: Partition, account: string): string =>
  `arn:${partition}:iam::${account}:root`;
export const roleArn = (partition: Partition, account: string, name: string): string =>
  `arn:${partition}:iam::${account}:role/${name}`;
/** A role of this name in any account: matched with ArnLike on aws:PrincipalArn. */
export const anyAccountRoleArn = (partition: Partition, name: string): string =>
  roleArn(partition, '*', name);
export const managedPolicyArn = (partition: Partition, name: string): string =>
  `arn:${partition}:iam::aws:policy/${name}`;
export const bucketArn = (partition: Partition, bucket: string): string =>
  `arn:${partition}:s3:::${bucket}`;
export const bucketObjectsArn = (partition: Partition, bucket: string): string =>
  `${bucketArn(partition, bucket)}/*`;
/** Every stack of this name (the stack id after the name changes with each creation). */
export const stackArn = (s: ArnScope, name: string, id = '*'): string =>
  `arn:${s.partition}:cloudformation:${s.region}:${s.account}:stack/${name}/${id}`;
export const repositoryArn = (s: ArnScope, name: string): string =>
  `arn:${s.partition}:codecommit:${s.region}:${s.account}:${name}`;
export const eventBusArn = (s: ArnScope, name = 'default'): string =>
  `arn:${s.partition}:events:${s.region}:${s.account}:event-bus/${name}`;
export const pipelineArn = (s: ArnScope, name: string): string =>
  `arn:${s.partition}:codepipeline:${s.region}:${s.account}:${name}`;
export const keyArn = (s: ArnScope, id: string): string =>
  `arn:${s.partition}:kms:${s.region}:${s.account}:key/${id}`;

/** The account field of an ARN (`arn:partition:service:region:account:…`), or ''. */
export function accountOfArn(text: string): string {
  return parseArn(text)?.account ?? '';
}

/** The name in a role ARN (`…:role/path/name` → `name`); other text unchanged. */
export function roleName(roleArnText: string): string {
  const i = roleArnText.lastIndexOf('/');
  return i < 0 ? roleArnText : roleArnText.slice(i + 1);
}

/** The last `/` segment of an ARN's resource (`…:key/<id>` → `<id>`); undefined for non-ARNs. */
export function resourceId(text: string): string | undefined {
  const parsed = parseArn(text);
  if (!parsed) return undefined;
  return parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
}

/** The same ARN in another partition (`arn:aws:iam::aws:policy/X` → `arn:aws-cn:iam::aws:policy/X`). */
export function withPartition(text: string, partition: Partition): string {
  const parsed = parseArn(text);
  if (!parsed) return text;
  return `arn:${partition}:${text.split(':').slice(2).join(':')}`;
}
