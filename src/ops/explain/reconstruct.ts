/**
 * From a classified message to the requests AWS decided: principal, action, resource and
 * context. The message names some of them; the pipeline's topology supplies the rest (which
 * role the failing action ran as, which bucket and key hold the artifacts), and the access
 * script verify builds for the same topology supplies the context AWS sends for the
 * pipeline's own requests (aws:SecureTransport, the SSE headers of PutObject, kms:ViaService
 * for the key calls S3 makes on the caller's behalf).
 */
import { bucketArn, roleArn } from '../../model/index.js';
import { buildAccessScript, parseStep, type AccessRow, type Topology } from '../../verify/index.js';
import type { Classification } from './classify.js';

/** The failing action, when the message came from an execution (or `--stage/--action`). */
export interface ActionContext {
  readonly stage: string;
  readonly action: string;
  /** CodeCommit, CodeBuild, CloudFormation, … from the pipeline declaration. */
  readonly provider?: string | undefined;
  readonly roleArn?: string | undefined;
}

export interface Reconstruction {
  readonly rows: readonly AccessRow[];
  /** What was assumed, and what could not be placed in the pipeline. */
  readonly notes: readonly string[];
  /** CloudFormation actions whose execution role is in another account than the action role. */
  readonly crossAccountPass?: readonly {
    readonly stage: string;
    readonly alias: string;
    readonly deployRole: string;
    readonly execRole: string;
  }[];
}

const SOURCE =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';

export function reconstruct(
  c: Classification,
  topology: Topology,
  action?: ActionContext,
): Reconstruction {
  const positives = buildAccessScript(topology).rows.filter(
    (r) => r.expect === 'allow' && r.layer === undefined,
  );
  const scoped = action ? positives.filter((r) => inAction(r.step, action)) : positives;
  const notes: string[] = [];
  switch (c.kind) {
    case 'not-authorized': {
      const principal = resolveRole(c.principal ?? '', topology);
      if (principal === undefined)
        return {
          rows: [],
          notes: [`${c.principal ?? 'the caller'} is not a role of this pipeline`],
        };
      const action_ = c.action ?? '';
      const resource = c.resource ?? '*';
      const sameCall = positives.filter(
        (r) => r.principal === principal && r.action.toLowerCase() === action_.toLowerCase(),
      );
      const exact = sameCall.filter((r) => sameResource(r.resource, resource, topology));
      if (exact.length > 0) return { rows: exact.slice(0, 1), notes };
      notes.push(
        `${action_} on ${resource} is not one of the pipeline's own requests; context assumed`,
      );
      return { rows: [built(principal, action_, resource, topology)], notes };
    }
    case 'assume-role': {
      const role = resolveRole(c.role ?? '', topology);
      if (role === undefined)
        return { rows: [], notes: [`${c.role ?? 'the role'} is not a role of this pipeline`] };
      if (role === topology.pipelineRole) {
        return {
          rows: positives.filter((r) => r.step === 'service.codepipeline').slice(0, 1),
          notes,
        };
      }
      const caller = c.principal ? resolveRole(c.principal, topology) : topology.pipelineRole;
      const rows = positives.filter(
        (r) => r.action === 'sts:AssumeRole' && r.resource === role && r.principal === caller,
      );
      if (rows.length > 0) return { rows, notes };
      return {
        rows: [built(caller ?? topology.pipelineRole, 'sts:AssumeRole', role, topology)],
        notes,
      };
    }
    case 'cross-account-pass-role': {
      const targets = topology.targets.filter(
        (t) => (action === undefined || t.stage === action.stage) && t.deployRole && t.execRole,
      );
      const crossAccountPass = targets
        .filter((t) => accountOf(t.deployRole!) !== accountOf(t.execRole!))
        .map((t) => ({
          stage: t.stage,
          alias: t.alias,
          deployRole: t.deployRole!,
          execRole: t.execRole!,
        }));
      const rows = positives.filter(
        (r) => r.action === 'iam:PassRole' && targets.some((t) => t.execRole === r.resource),
      );
      if (targets.length === 0)
        notes.push('the pipeline has no CloudFormation action with an execution role');
      return { rows, notes, crossAccountPass };
    }
    case 's3-get-object': {
      // CloudFormation and Lambda read TemplateURL / Code.S3Bucket objects with the
      // credentials of the stack: its execution role.
      const bucket = c.bucket ?? topology.bucket;
      if (c.bucket === undefined)
        notes.push(`the message names no bucket: assumed the artifact bucket ${bucket}`);
      const execRoles = topology.targets
        .filter((t) => action === undefined || t.stage === action.stage)
        .map((t) => t.execRole)
        .filter((r): r is string => r !== undefined);
      const object = `${bucketArn(topology.partition, bucket)}/${c.objectKey ?? `${topology.pipelineName}/artifact.zip`}`;
      const rows = [...new Set(execRoles)].flatMap((role) => [
        built(role, 's3:GetObject', object, topology),
        ...(bucket === topology.bucket && topology.keyArn
          ? [built(role, 'kms:Decrypt', topology.keyArn, topology)]
          : []),
      ]);
      if (rows.length === 0) notes.push('no CloudFormation execution role to read the object with');
      return { rows, notes };
    }
    case 'kms-denied': {
      const rows = scoped.filter(
        (r) => r.action.startsWith('kms:') && r.resource === topology.keyArn,
      );
      if (topology.keyArn === undefined) notes.push('the artifact store names no KMS key');
      return { rows, notes };
    }
    case 's3-denied': {
      const bucket = c.bucket ?? topology.bucket;
      if (c.bucket !== undefined && c.bucket !== topology.bucket)
        notes.push(
          `the message names bucket ${c.bucket}, not the artifact bucket ${topology.bucket}`,
        );
      // With SSE-KMS, S3 answers AccessDenied also when the key refuses: both are candidates.
      const rows = scoped.filter(
        (r) =>
          (r.action.startsWith('s3:') && bucketOf(r.resource) === bucket) ||
          (bucket === topology.bucket &&
            r.action.startsWith('kms:') &&
            r.resource === topology.keyArn),
      );
      return { rows, notes };
    }
  }
}

/** The access-script steps of one pipeline action (step names: verify/step.ts). */
function inAction(step: string, action: ActionContext): boolean {
  const provider = action.provider ?? '';
  if (provider === 'CodeCommit') return step.startsWith('source.') || step.startsWith('pipeline.');
  if (provider === 'CodeBuild') return step.startsWith('build.') || step.startsWith('pipeline.');
  if (provider === 'CloudFormation') {
    const parsed = parseStep(step);
    return parsed?.phase === 'deploy' && parsed.target?.stage === action.stage;
  }
  return step.startsWith('pipeline.');
}

/** A role ARN of the topology for a role or assumed-role ARN (paths and sessions ignored). */
export function resolveRole(text: string, topology: Topology): string | undefined {
  const m =
    /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(text) ??
    /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(text);
  if (m === null) return undefined;
  const [, partition, account, name] = m;
  const known = roles(topology).find(
    (r) => accountOf(r) === account && r.split('/').pop() === name,
  );
  return known ?? roleArn(partition, account, name);
}

function roles(t: Topology): string[] {
  return [
    t.pipelineRole,
    t.sourceRole,
    t.buildRole,
    t.triggerRole,
    t.forwardRole,
    ...t.targets.flatMap((x) => [x.deployRole, x.execRole]),
  ].filter((r): r is string => r !== undefined);
}

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

function bucketOf(resource: string): string | undefined {
  return /^arn:[^:]+:s3:::([^/]+)/.exec(resource)?.[1];
}

/** The message's resource is the row's, or names the same bucket object or key. */
function sameResource(rowResource: string, resource: string, t: Topology): boolean {
  if (rowResource === resource) return true;
  const b = bucketOf(resource);
  if (b !== undefined)
    return bucketOf(rowResource) === b && rowResource.includes('/') === resource.includes('/');
  const keyId = /:key\/([0-9a-f-]+)$/.exec(resource)?.[1];
  return keyId !== undefined && t.keyArn?.endsWith(keyId) === true && rowResource === t.keyArn;
}

/** A request the script has no row for: the resource policy and context it would carry. */
function built(principal: string, action: string, resource: string, t: Topology): AccessRow {
  const lower = action.toLowerCase();
  const context: Record<string, unknown> = { 'aws:SecureTransport': true };
  let resourcePolicy: AccessRow['resourcePolicy'];
  let resourceAccount = accountOf(resource) ?? '';
  const caller = accountOf(principal) ?? '';
  if (lower.startsWith('sts:assumerole') && resource.includes(':role/')) {
    resourcePolicy = { kind: 'trust', arn: resource };
  } else if (lower.startsWith('kms:') && resource === t.keyArn) {
    resourcePolicy = { kind: 'key', arn: resource };
    // The pipeline's roles use the artifact key only through S3 (SSE-KMS).
    context['kms:ViaService'] = `s3.${t.region}.amazonaws.com`;
    context['kms:CallerAccount'] = caller;
  } else if (lower.startsWith('s3:') && bucketOf(resource) === t.bucket) {
    resourcePolicy = { kind: 'bucket', arn: t.bucketArn };
    resourceAccount = t.tools;
    if (lower === 's3:putobject' && t.keyArn) {
      context['s3:x-amz-server-side-encryption'] = 'aws:kms';
      context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = t.keyArn;
    }
  } else if (lower === 'events:putevents' && resource === t.busArn) {
    resourcePolicy = { kind: 'bus', arn: resource };
  }
  return {
    step: 'explain.request',
    expect: 'allow',
    principal,
    action,
    resource,
    principalAccount: caller,
    resourceAccount,
    context,
    source: SOURCE,
    ...(resourcePolicy ? { resourcePolicy } : {}),
  };
}
