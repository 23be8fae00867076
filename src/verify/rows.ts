import { parseArn, stackIdArn } from '../model/arns.js';
import type { AccessRow, Expectation, ResourcePolicyKind } from './types.js';
import { formatStep, type Step } from './step.js';
import { targetRegion, type TargetTopology, type Topology } from './topology.js';
import { storeView } from './region-view.js';

export type Context = Record<string, string | boolean | number | readonly string[]>;

export interface RowSpec {
  readonly step: Step;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly source: string;
  readonly context?: Context;
  /** Default: the account in the principal ARN (none for a service principal). */
  readonly principalAccount?: string;
  /** Default: the account in the resource ARN; S3 ARNs have none, so bucket rows set it. */
  readonly resourceAccount?: string;
  readonly resourcePolicy?: { readonly kind: ResourcePolicyKind; readonly arn: string };
  readonly layer?: 'identity' | 'resource';
}

/** The account field of an ARN (`arn:partition:service:region:account:…`), or ''. */
export function accountOf(arnText: string): string {
  return parseArn(arnText)?.account ?? '';
}

/** The name in a role ARN (`…:role/path/name` → `name`). */
export function roleName(roleArn: string): string {
  const i = roleArn.lastIndexOf('/');
  return i < 0 ? roleArn : roleArn.slice(i + 1);
}

export function makeRow(expect: Expectation, spec: RowSpec): AccessRow {
  // Every call the pipeline's services make goes over TLS; rows that test the TLS deny say so.
  const context: Context = { 'aws:SecureTransport': true, ...spec.context };
  const row: AccessRow = {
    // Layered rows say so in their step: `negative.scope.source.resource-only`.
    step: stepText(spec),
    expect,
    principal: spec.principal,
    action: spec.action,
    resource: spec.resource,
    principalAccount: spec.principalAccount ?? accountOf(spec.principal),
    resourceAccount: spec.resourceAccount ?? accountOf(spec.resource),
    context,
    source: spec.source,
    ...(spec.resourcePolicy ? { resourcePolicy: spec.resourcePolicy } : {}),
    ...(spec.layer ? { layer: spec.layer } : {}),
  };
  return row;
}

function stepText(spec: RowSpec): string {
  return formatStep(spec.layer ? { ...spec.step, layer: spec.layer } : spec.step);
}

/** Helpers shared by the positive and negative scripts: resources and their policies. */
export class Resources {
  constructor(readonly t: Topology) {}

  /**
   * A representative artifact object: CodePipeline stores artifacts under
   * `<pipeline name, first 20 chars>/<artifact name, first 10 chars>/<random id>`.
   */
  object(artifact: 'SourceArti' | 'BuildArtif'): string {
    return `${this.t.bucketArn}/${this.t.pipelineName.slice(0, 20)}/${artifact}/Xy12AbC`;
  }

  get bucketPolicy(): RowSpec['resourcePolicy'] {
    return { kind: 'bucket', arn: this.t.bucketArn };
  }

  get keyPolicy(): RowSpec['resourcePolicy'] | undefined {
    return this.t.keyArn === undefined ? undefined : { kind: 'key', arn: this.t.keyArn };
  }

  trust(roleArn: string): RowSpec['resourcePolicy'] {
    return { kind: 'trust', arn: roleArn };
  }

  /**
   * A concrete stack ARN in the target's region (policies grant `stack/<name>/*`; the real
   * one ends in a UUID): the target's own stack, or another `name` in `account`.
   */
  stack(target: TargetTopology, name = target.stack, account = target.account): string {
    const scope = { partition: this.t.partition, region: targetRegion(this.t, target), account };
    return stackIdArn(scope, name, '0a1b2c3d-0000-4000-8000-000000000000');
  }

  /** S3 calls KMS on the caller's behalf, in the artifact bucket's region: the context KMS sees. */
  kmsViaS3(callerAccount: string): Context {
    return {
      'kms:CallerAccount': callerAccount,
      'kms:ViaService': `s3.${this.t.bucketRegion ?? this.t.region}.amazonaws.com`,
    };
  }

  /** What an SSE-KMS upload with the artifact key sends. */
  sseKms(): Context {
    return {
      's3:x-amz-server-side-encryption': 'aws:kms',
      ...(this.t.keyArn === undefined
        ? {}
        : { 's3:x-amz-server-side-encryption-aws-kms-key-id': this.t.keyArn }),
    };
  }

  /** The same resources with the artifact store of `region` (itself when that is the main one). */
  in(region: string): Resources {
    const view = storeView(this.t, region);
    return view === this.t ? this : new Resources(view);
  }

  aliasOf(account: string): string {
    return this.t.accounts.find((a) => a.id === account)?.alias ?? account;
  }
}

/**
 * `Allow *:*`, the identity the script assumes for principals outside the pipeline. One shared
 * object: the engine compiles a document once per object.
 */
export const ADMIN_DOCUMENT = Object.freeze({
  Version: '2012-10-17',
  Statement: Object.freeze([
    Object.freeze({ Sid: 'AdministratorAccess', Effect: 'Allow', Action: '*', Resource: '*' }),
  ]),
});
