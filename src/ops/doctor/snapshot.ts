import type { LiveBucket } from '../../aws/s3-api.js';
import type { LiveKey } from '../../aws/kms-api.js';
import type { LiveRole } from '../../aws/iam-api.js';
import type { LiveRule } from '../../aws/events-api.js';
import type { LiveProject } from '../../aws/codebuild-api.js';
import type { PipelineDocument } from '../../aws/pipeline-api.js';
import type { LiveConnection } from '../../aws/connections-api.js';
import type { SharedResource } from '../../aws/ram-api.js';
import type { DeployedTemplate } from '../../aws/stack-api.js';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod/mini';
import '../../config/zod-messages.js';
import { formatPath, Locator, type Path } from '../../config/locate.js';
import { CrosslineError, formatProblem, type Problem } from '../../errors/index.js';

export type {
  DeployedTemplate,
  LiveBucket,
  LiveConnection,
  LiveKey,
  LiveProject,
  LiveRole,
  LiveRule,
};

/**
 * Everything `doctor` read from the accounts, as one JSON document (`doctor --save`), so the
 * analysis can run again offline (`doctor --snapshot`) on a colleague's machine.
 * Identities and policies only: no credentials, no object contents.
 */
export interface LiveSnapshot {
  readonly kind: 'crossline-doctor-snapshot';
  readonly version: 1;
  readonly capturedAt: string;
  readonly region: string;
  readonly partition: string;
  /** The account the pipeline lives in (tools). */
  readonly pipelineAccount: string;
  /** get-pipeline output. */
  readonly pipeline: PipelineDocument;
  /**
   * Roles by ARN: the pipeline role, action roles, CloudFormation roles, build project roles,
   * event rule roles. `null`: no such role.
   */
  readonly roles: Readonly<Record<string, LiveRole | null>>;
  /**
   * The CodeBuild projects the build actions name, each in the account the action runs in
   * (`project: null`: no such project). Absent in snapshots written before doctor read them.
   */
  readonly buildProjects?: readonly BuildProjectRead[] | undefined;
  /** The artifact bucket (in the pipeline account). */
  readonly bucket?: LiveBucket | undefined;
  /** The artifact key as the artifact store references it (id, ARN or alias), and what it resolved to. */
  readonly key?: KeyRead | undefined;
  /**
   * The artifact stores of the other regions (`artifactStores` of a pipeline with actions in
   * several regions), each read in its region; `bucket` and `key` above are the pipeline
   * region's. Absent for one region, and in snapshots written before doctor read them.
   */
  readonly regionalStores?: readonly RegionalStoreRead[] | undefined;
  /** The pipeline account's default event bus and its resource policy (`null`: none). */
  readonly toolsBus?: { readonly arn: string; readonly policy: unknown } | undefined;
  /** Rules on the tools default bus that target the pipeline. */
  readonly startRules?: readonly LiveRule[] | undefined;
  /** Rules in the source account that forward this repository's events to the tools bus. */
  readonly forwardRules?: readonly LiveRule[] | undefined;
  /**
   * The connection of the CodeStarSourceConnection action (GetConnection in the account and
   * region of its ARN). Absent when the pipeline has none, it could not be read, or in
   * snapshots written before doctor read it.
   */
  readonly connection?: (LiveConnection & { readonly account: string }) | undefined;
  /**
   * For a connection whose ARN names another account: what AWS RAM lists as shared with the
   * pipeline account for that ARN (src/aws/ram-api.ts). Absent: RAM was not read.
   */
  readonly connectionShare?:
    { readonly arn: string; readonly resources: readonly SharedResource[] } | undefined;
  /**
   * The template of each stack a CloudFormation deploy action deploys, read in the action's
   * account and region (read-templates.ts), for the code and nested templates it makes the
   * execution role read from the artifact bucket. Absent: not read (older snapshots, readers
   * without CloudFormation).
   */
  readonly templates?: readonly StackTemplateRead[] | undefined;
  /** What could not be read (no credentials for the account, access denied): left unchecked. */
  readonly unread: readonly UnreadItem[];
}

// The shapes `doctor --save` writes: the aws/*-api.ts types, checked against them here, and
// the records of what doctor read, whose types are the schemas'. Unknown keys are dropped,
// except in the pipeline declaration, which keeps what the API returned (triggers, variables).
const str = z.string();
const optStr = z.optional(str);
const named = z.object({ name: str });
const liveRole: z.ZodMiniType<LiveRole> = z.object({
  arn: str,
  name: str,
  trust: z.unknown(),
  inline: z.array(z.object({ name: str, document: z.unknown() })),
  attached: z.array(z.object({ arn: str, name: str, document: z.unknown() })),
});
const liveKey: z.ZodMiniType<LiveKey> = z.object({
  arn: str,
  keyId: str,
  manager: optStr,
  policy: z.unknown(),
});
const liveRule: z.ZodMiniType<LiveRule> = z.object({
  name: str,
  arn: str,
  eventBusName: str,
  state: optStr,
  eventPattern: z.optional(z.unknown()),
  targets: z.array(z.object({ id: str, arn: str, roleArn: optStr })),
});
const liveProject: z.ZodMiniType<LiveProject> = z.object({
  name: str,
  arn: str,
  serviceRole: optStr,
  logGroup: z.nullable(str),
  encryptionKey: optStr,
});
const liveBucket: z.ZodMiniType<LiveBucket> = z.object({
  name: str,
  exists: z.boolean(),
  policy: z.unknown(),
  encryption: z.nullable(
    z.object({ algorithm: str, kmsKeyId: optStr, bucketKeyEnabled: z.optional(z.boolean()) }),
  ),
});
const artifactStore = z.object({
  type: str,
  location: str,
  encryptionKey: z.optional(z.object({ id: str, type: str })),
});
const action = z.looseObject({
  name: str,
  actionTypeId: z.object({ category: str, owner: str, provider: str, version: str }),
  runOrder: z.optional(z.number()),
  configuration: z.optional(z.record(str, str)),
  roleArn: optStr,
  region: optStr,
  inputArtifacts: z.optional(z.array(named)),
  outputArtifacts: z.optional(z.array(named)),
});
const pipelineDocument = z.object({
  pipeline: z.looseObject({
    name: str,
    roleArn: str,
    artifactStore: z.optional(artifactStore),
    artifactStores: z.optional(z.record(str, artifactStore)),
    stages: z.array(z.looseObject({ name: str, actions: z.array(action) })),
    version: z.optional(z.number()),
    pipelineType: optStr,
    executionMode: optStr,
  }),
  metadata: z.optional(
    z.object({ pipelineArn: optStr, created: optStr, updated: optStr, pollingDisabledAt: optStr }),
  ),
});
const deployedTemplate: z.ZodMiniType<DeployedTemplate> = z.object({
  body: str,
  parameters: z.record(str, str),
});
const liveConnection = z.object({
  arn: str,
  account: str,
  status: z.enum(['PENDING', 'AVAILABLE', 'ERROR', 'deleted']),
  provider: optStr,
  ownerAccount: optStr,
  name: optStr,
});

/** A key as an artifact store references it, the account it is in, and what it resolved to. */
const keyRead = z.object({
  reference: str,
  account: str,
  /** `null`: no such key. */
  key: z.nullable(liveKey),
});
export type KeyRead = z.infer<typeof keyRead>;

/** The artifact store of one region other than the pipeline's, as read in that region. */
const regionalStoreRead = z.object({
  region: str,
  /** The store's bucket name (`artifactStores.<region>.location`). */
  location: str,
  /** Absent: it could not be read (recorded in `unread`). */
  bucket: z.optional(liveBucket),
  /** Absent: the store names no key, or it could not be read. */
  key: z.optional(keyRead),
});
export type RegionalStoreRead = z.infer<typeof regionalStoreRead>;

const stackTemplateRead = z.object({
  account: str,
  region: str,
  stack: str,
  /** GetTemplate and the stack's parameters; `null`: the stack does not exist (yet). */
  template: z.nullable(deployedTemplate),
});
export type StackTemplateRead = z.infer<typeof stackTemplateRead>;

const buildProjectRead = z.object({ name: str, account: str, project: z.nullable(liveProject) });
export type BuildProjectRead = z.infer<typeof buildProjectRead>;

const unreadItem = z.object({
  /** e.g. `role arn:aws:iam::222222222222:role/x`, `bucket my-bucket`, `event rules`. */
  what: str,
  account: str,
  error: str,
  /** The ARN that could not be read, when there is one. */
  arn: optStr,
  /**
   * `read`: the request failed (no credentials, access denied); `parse`: the read succeeded
   * but a document in it did not parse. Absent in older snapshots: `read`.
   */
  reason: z.optional(z.enum(['read', 'parse'])),
});
export type UnreadItem = z.infer<typeof unreadItem>;

const snapshotSchema: z.ZodMiniType<LiveSnapshot> = z.object({
  kind: z.literal('crossline-doctor-snapshot'),
  version: z.literal(1, 'this crossline reads version 1 snapshots'),
  capturedAt: str,
  region: str,
  partition: str,
  pipelineAccount: str,
  pipeline: pipelineDocument,
  roles: z.record(str, z.nullable(liveRole)),
  buildProjects: z.optional(z.array(buildProjectRead)),
  bucket: z.optional(liveBucket),
  key: z.optional(keyRead),
  regionalStores: z.optional(z.array(regionalStoreRead)),
  toolsBus: z.optional(z.object({ arn: str, policy: z.unknown() })),
  startRules: z.optional(z.array(liveRule)),
  forwardRules: z.optional(z.array(liveRule)),
  connection: z.optional(liveConnection),
  connectionShare: z.optional(
    z.object({
      arn: str,
      resources: z.array(
        z.object({ arn: str, type: optStr, resourceShareArn: optStr, status: optStr }),
      ),
    }),
  ),
  templates: z.optional(z.array(stackTemplateRead)),
  // Snapshots written before doctor recorded what it could not read have no `unread`.
  unread: z._default(z.array(unreadItem), []),
});

const REWRITE =
  'write the snapshot again with `crossline doctor --pipeline NAME --region R --save FILE`';

/**
 * Checks that a parsed file is a doctor snapshot this version understands; every problem names
 * the file, the field (a JSON path) and, when the file's text is given, its line and column.
 * @throws CrosslineError `SnapshotInvalid` (a usage error: exit code 2).
 */
export function parseSnapshot(value: unknown, file: string, text?: string): LiveSnapshot {
  const result = snapshotSchema.safeParse(value);
  if (result.success) return result.data;
  const locator = text === undefined ? undefined : locatorOf(text);
  throw invalid(
    file,
    result.error.issues.slice(0, 10).map((issue) => {
      const path = issue.path as Path;
      const { line, col } = locator?.locate(path) ?? { line: 1, col: 1 };
      const where = formatPath(path) || 'the snapshot';
      return { file, line, col, path: formatPath(path), message: `${where}: ${issue.message}` };
    }),
    `correct the fields named above, or ${REWRITE}`,
  );
}

/** Reads and checks a snapshot file (`doctor --snapshot`, `import --snapshot`). */
export function readSnapshotFile(file: string): LiveSnapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CrosslineError(
      'SnapshotInvalid',
      'usage',
      `cannot read ${file}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    const at = (doc.errors[0] as { linePos?: [{ line: number; col: number }] } | undefined)
      ?.linePos?.[0] ?? { line: 1, col: 1 };
    throw invalid(
      file,
      [{ file, ...at, message: `not JSON: ${(e as Error).message}` }],
      `the file is cut short or was edited by hand: ${REWRITE}`,
    );
  }
  return parseSnapshot(value, file, text);
}

function locatorOf(text: string): Locator {
  const lines = new LineCounter();
  return new Locator(parseDocument(text, { lineCounter: lines }), lines);
}

function invalid(file: string, problems: readonly Problem[], hint: string): CrosslineError {
  return new CrosslineError(
    'SnapshotInvalid',
    'usage',
    `${file} is not a doctor snapshot this version reads:\n${problems.map(formatProblem).join('\n')}`,
    { hint, details: problems },
  );
}
