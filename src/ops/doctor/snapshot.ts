import type { LiveBucket } from '../../aws/s3-api.js';
import type { LiveKey } from '../../aws/kms-api.js';
import type { LiveRole } from '../../aws/iam-api.js';
import type { LiveRule } from '../../aws/events-api.js';
import type { LiveProject } from '../../aws/codebuild-api.js';
import type { PipelineDocument } from '../../aws/pipeline-api.js';
import { CrosslineError } from '../../errors/index.js';

export type { LiveBucket, LiveKey, LiveProject, LiveRole, LiveRule };

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
  readonly key?:
    | { readonly reference: string; readonly account: string; readonly key: LiveKey | null }
    | undefined;
  /** The pipeline account's default event bus and its resource policy (`null`: none). */
  readonly toolsBus?: { readonly arn: string; readonly policy: unknown } | undefined;
  /** Rules on the tools default bus that target the pipeline. */
  readonly startRules?: readonly LiveRule[] | undefined;
  /** Rules in the source account that forward this repository's events to the tools bus. */
  readonly forwardRules?: readonly LiveRule[] | undefined;
  /** What could not be read (no credentials for the account, access denied): left unchecked. */
  readonly unread: readonly UnreadItem[];
}

export interface BuildProjectRead {
  readonly name: string;
  readonly account: string;
  readonly project: LiveProject | null;
}

export interface UnreadItem {
  /** e.g. `role arn:aws:iam::222222222222:role/x`, `bucket my-bucket`, `event rules`. */
  readonly what: string;
  readonly account: string;
  readonly error: string;
  /** The ARN that could not be read, when there is one. */
  readonly arn?: string | undefined;
  /**
   * `read`: the request failed (no credentials, access denied); `parse`: the read succeeded
   * but a document in it did not parse. Absent in older snapshots: `read`.
   */
  readonly reason?: 'read' | 'parse' | undefined;
}

/** Checks that a parsed file is a doctor snapshot this version understands. */
export function parseSnapshot(value: unknown, file: string): LiveSnapshot {
  const s = value as Partial<LiveSnapshot> | null;
  const problem = (what: string): CrosslineError =>
    new CrosslineError('SnapshotInvalid', 'usage', `${file} is not a doctor snapshot: ${what}`, {
      hint: 'write one with `crossline doctor --pipeline NAME --region R --save FILE`',
    });
  if (s === null || typeof s !== 'object') throw problem('not a JSON object');
  if (s.kind !== 'crossline-doctor-snapshot')
    throw problem('kind is not crossline-doctor-snapshot');
  if (s.version !== 1) throw problem(`version ${String(s.version)} is not supported (expected 1)`);
  if (typeof s.region !== 'string' || typeof s.pipelineAccount !== 'string')
    throw problem('region or pipelineAccount missing');
  if (
    !s.pipeline ||
    typeof s.pipeline !== 'object' ||
    !Array.isArray(s.pipeline.pipeline?.stages)
  ) {
    throw problem('pipeline.pipeline.stages missing');
  }
  if (!s.roles || typeof s.roles !== 'object') throw problem('roles missing');
  return { ...s, unread: Array.isArray(s.unread) ? s.unread : [] } as LiveSnapshot;
}
