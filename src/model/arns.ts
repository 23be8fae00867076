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

/** One stack by its id (`stack/<name>/<uuid>`), as CloudFormation returns it. */
export function stackIdArn(s: ArnScope, name: string, id: string): string {
  return `arn:${s.partition}:cloudformation:${s.region}:${s.account}:stack/${name}/${id}`;
}
