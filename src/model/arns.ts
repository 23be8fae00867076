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

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/**
 * Splits an ARN into its parts (`arn:partition:service:region:account:resource`, where the
 * resource keeps any further colons); undefined when the text is not an ARN. By index, not by
 * `split`: verify and the policy engine parse thousands of ARNs in a run.
 */
export function parseArn(text: string): ParsedArn | undefined {
  const ends = fieldEnds(text);
  if (ends === undefined) return undefined;
  const [p, s, r, a] = ends;
  return {
    partition: text.slice(4, p),
    service: text.slice(p + 1, s),
    region: text.slice(s + 1, r),
    account: text.slice(r + 1, a),
    resource: text.slice(a + 1),
  };
}

/** Whether the text is an ARN (what parseArn accepts), without splitting it. */
export const isArn = (text: string): boolean => fieldEnds(text) !== undefined;

/** Where the partition, service, region and account fields end (their colons). */
function fieldEnds(text: string): [number, number, number, number] | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const p = text.indexOf(':', 4);
  const s = p < 0 ? -1 : text.indexOf(':', p + 1);
  const r = s < 0 ? -1 : text.indexOf(':', s + 1);
  const a = r < 0 ? -1 : text.indexOf(':', r + 1);
  return a < 0 ? undefined : [p, s, r, a];
}

/*
 * Named builders, one per ARN shape crossline writes. Every `arn:` template in `src/` goes
 * through these (or the `arn` table below); nothing else formats an ARN. They take the
 * partition as text so that ARNs read back from AWS (doctor snapshots) go through them too.
 */

/** Where a regional resource lives; an {@link ArnScope} is one. */
export interface ArnPlace {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export const rootArn = (partition: string, account: string): string =>
  `arn:${partition}:iam::${account}:root`;
export const roleArn = (partition: string, account: string, name: string): string =>
  `arn:${partition}:iam::${account}:role/${name}`;
/** A role of this name in any account: matched with ArnLike on aws:PrincipalArn. */
export const anyAccountRoleArn = (partition: string, name: string): string =>
  roleArn(partition, '*', name);
export const managedPolicyArn = (partition: string, name: string): string =>
  `arn:${partition}:iam::aws:policy/${name}`;
export const bucketArn = (partition: string, bucket: string): string =>
  `arn:${partition}:s3:::${bucket}`;
export const bucketObjectsArn = (partition: string, bucket: string): string =>
  `${bucketArn(partition, bucket)}/*`;
/** Every stack of this name (the stack id after the name changes with each creation). */
export const stackArn = (s: ArnPlace, name: string, id = '*'): string =>
  `arn:${s.partition}:cloudformation:${s.region}:${s.account}:stack/${name}/${id}`;
export const repositoryArn = (s: ArnPlace, name: string): string =>
  `arn:${s.partition}:codecommit:${s.region}:${s.account}:${name}`;
export const eventBusArn = (s: ArnPlace, name = 'default'): string =>
  `arn:${s.partition}:events:${s.region}:${s.account}:event-bus/${name}`;
export const pipelineArn = (s: ArnPlace, name: string): string =>
  `arn:${s.partition}:codepipeline:${s.region}:${s.account}:${name}`;
export const keyArn = (s: ArnPlace, id: string): string =>
  `arn:${s.partition}:kms:${s.region}:${s.account}:key/${id}`;

/** The builders as one table, for code that reads better as `arn.role(…)`. */
export const arn = {
  accountRoot: rootArn,
  role: roleArn,
  managedPolicy: managedPolicyArn,
  bucket: bucketArn,
  bucketObjects: bucketObjectsArn,
  repository: repositoryArn,
  pipeline: pipelineArn,
  buildProject: (s: ArnPlace, name: string): string =>
    `arn:${s.partition}:codebuild:${s.region}:${s.account}:project/${name}`,
  logGroup: (s: ArnPlace, name: string): string =>
    `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:${name}`,
  eventBus: eventBusArn,
  eventRule: (s: ArnPlace, name: string): string =>
    `arn:${s.partition}:events:${s.region}:${s.account}:rule/${name}`,
  stack: (s: ArnPlace, name: string): string => stackArn(s, name),
  key: keyArn,
  keyAlias: (s: ArnPlace, alias: string): string =>
    `arn:${s.partition}:kms:${s.region}:${s.account}:${alias}`,
};

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
export function withPartition(text: string, partition: string): string {
  const parts = text.split(':');
  if (parts[0] !== 'arn' || parts.length < 2) return text;
  return ['arn', partition, ...parts.slice(2)].join(':');
}

/** One stack by its id (`stack/<name>/<uuid>`), as CloudFormation returns it. */
export const stackIdArn = (s: ArnPlace, name: string, id: string): string => stackArn(s, name, id);

/** An ECR repository (`repository/<name>`, the name may contain `/`). */
export const ecrRepositoryArn = (s: ArnPlace, name: string): string =>
  `arn:${s.partition}:ecr:${s.region}:${s.account}:repository/${name}`;
/** Every Lambda function of an account in a region (aws:SourceArn of Lambda's image pulls). */
export const anyFunctionArn = (s: ArnPlace): string =>
  `arn:${s.partition}:lambda:${s.region}:${s.account}:function:*`;
/** Writes an ARN's parts back as text: the inverse of {@link parseArn}. */
export const formatArn = (a: ParsedArn): string =>
  `arn:${a.partition}:${a.service}:${a.region}:${a.account}:${a.resource}`;

/** Whether the text is an ARN (a principal that is not, is a service principal). */
/** The same ARN with some parts replaced; text that is not an ARN comes back unchanged. */
export function withArnParts(text: string, parts: Partial<ParsedArn>): string {
  const parsed = parseArn(text);
  return parsed === undefined ? text : formatArn({ ...parsed, ...parts });
}

/** A resource named like this one plus `suffix` (`…:project/app` → `…:project/app-other`). */
export function siblingArn(text: string, suffix: string): string {
  const parsed = parseArn(text);
  return parsed === undefined
    ? `${text}${suffix}`
    : formatArn({ ...parsed, resource: `${parsed.resource}${suffix}` });
}

/**
 * The role an assumed-role session acts as (`arn:…:sts::<account>:assumed-role/<name>/<session>`
 * → the role's ARN); undefined for anything else.
 */
export function roleOfSession(text: string): string | undefined {
  const parsed = parseArn(text);
  if (parsed?.service !== 'sts' || !/^\d{12}$/.test(parsed.account)) return undefined;
  const m = /^assumed-role\/([^/]+)\//.exec(parsed.resource);
  return m?.[1] === undefined ? undefined : roleArn(parsed.partition, parsed.account, m[1]);
}

/** The account root of an IAM principal ARN with an account id; undefined for anything else. */
export function rootOfPrincipal(text: string): string | undefined {
  const parsed = parseArn(text);
  if (parsed?.service !== 'iam' || !/^\d{12}$/.test(parsed.account)) return undefined;
  return rootArn(parsed.partition, parsed.account);
}

/**
 * The two service prefixes of a connection ARN: `codeconnections` since 2024, and the older
 * `codestar-connections`, which existing connections keep. A policy must name the prefix of
 * the resource's ARN (https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html).
 */
export type ConnectionService = 'codeconnections' | 'codestar-connections';

export interface ParsedConnectionArn extends ArnPlace {
  readonly service: ConnectionService;
  readonly id: string;
}

/** A CodeConnections connection (`…:connection/<id>`). */
export const connectionArn = (
  s: ArnPlace,
  id: string,
  service: ConnectionService = 'codeconnections',
): string => `arn:${s.partition}:${service}:${s.region}:${s.account}:connection/${id}`;

/** A connection ARN in either prefix; undefined when the text is not one. */
export function parseConnectionArn(text: string): ParsedConnectionArn | undefined {
  const a = parseArn(text);
  if (a === undefined || (a.service !== 'codeconnections' && a.service !== 'codestar-connections'))
    return undefined;
  const m = /^connection\/([A-Za-z0-9-]{1,64})$/.exec(a.resource);
  if (m === null || !/^\d{12}$/.test(a.account) || !/^[a-z]+(-[a-z]+)+-\d+$/.test(a.region))
    return undefined;
  if (!/^aws(-[a-z]+)*$/.test(a.partition)) return undefined;
  return {
    partition: a.partition,
    service: a.service,
    region: a.region,
    account: a.account,
    id: m[1],
  };
}

/** An SNS topic (`…:sns:<region>:<account>:<name>`). */
export const snsTopicArn = (s: ArnPlace, name: string): string =>
  `arn:${s.partition}:sns:${s.region}:${s.account}:${name}`;

/** A Systems Manager parameter: the ARN drops the name's leading `/` (`parameter/shop/url`). */
export const ssmParameterArn = (s: ArnPlace, name: string): string =>
  `arn:${s.partition}:ssm:${s.region}:${s.account}:parameter/${name.replace(/^\//, '')}`;
/**
 * A Secrets Manager secret by name: its ARN ends in `-` and six random characters, so the
 * exact-name pattern is `<name>-??????` (Secrets Manager, "Secret ARN" in the IAM examples).
 */
export const secretArnPattern = (s: ArnPlace, name: string): string =>
  `arn:${s.partition}:secretsmanager:${s.region}:${s.account}:secret:${name}-??????`;
export const subnetArn = (s: ArnPlace, id: string): string =>
  `arn:${s.partition}:ec2:${s.region}:${s.account}:subnet/${id}`;
export const anyNetworkInterfaceArn = (s: ArnPlace): string =>
  `arn:${s.partition}:ec2:${s.region}:${s.account}:network-interface/*`;
