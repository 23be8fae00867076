import { arn, siblingArn, withArnParts } from '../model/arns.js';
import type { ScriptContext } from './generator.js';
import { deny } from './negative.js';
import { accountOf, type Context } from './rows.js';
import { SOURCES } from './sources.js';
import type { Step } from './step.js';
import type { AccessRow } from './types.js';

/**
 * Shared parts of the least-privilege rows (generators under `./least-privilege/`): each
 * pipeline principal, on each resource it uses, must not get an action it does not need (a
 * statement widened to `Action: *`), nor its own action on a sibling resource
 * (`Resource: *`); service trusts must hold against a confused deputy (a service acting for
 * another account). Cross-account grants are checked one layer at a time, so a broad
 * statement cannot hide behind the other side's narrow one.
 */

/** A bucket beside the artifact bucket, for `Resource: *` checks. */
export const otherBucket = ({ t }: ScriptContext): string =>
  arn.bucket(t.partition, `${t.bucket}-other`);

/** A key beside the artifact key. */
export const otherKey = (keyArn: string): string =>
  withArnParts(keyArn, { resource: 'key/00000000-0000-4000-8000-0000000other' });

/** A resource named like this one with `-other` appended. */
export const other = (arnText: string): string => siblingArn(arnText, '-other');

/**
 * Key actions a reader of artifacts (a deploy role) needs none of: it only decrypts what the
 * pipeline wrote, so a key policy that lets it encrypt is wider than the pipeline needs.
 */
export const KEY_WRITES = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;

/** Artifact access of one role: no delete, no other bucket, no key administration, no other key. */
export function artifactScope(
  ctx: ScriptContext,
  step: Step,
  principal: string,
  granted: 's3:GetObject' | 's3:PutObject',
  keyAction: string,
  /** A reader (a deploy role): its own policy must not let it write artifacts either. */
  readOnly = false,
): AccessRow[] {
  const { t, r } = ctx;
  const identity = { step, principal, layer: 'identity' } as const;
  const rows = [
    ...(readOnly
      ? [
          deny({
            ...identity,
            action: 's3:PutObject',
            resource: r.object('BuildArtif'),
            context: r.sseKms(),
            source: SOURCES.s3CrossAccount,
          }),
        ]
      : []),
    deny({
      ...identity,
      action: 's3:DeleteObject',
      resource: r.object('BuildArtif'),
      source: SOURCES.s3CrossAccount,
    }),
    deny({
      ...identity,
      action: granted,
      resource: `${otherBucket(ctx)}/${t.pipelineName}/obj`,
      context: granted === 's3:PutObject' ? r.sseKms() : {},
      source: SOURCES.s3CrossAccount,
    }),
  ];
  if (t.keyArn === undefined) return rows;
  const key = t.keyArn;
  return [
    ...rows,
    deny({
      ...identity,
      action: 'kms:ScheduleKeyDeletion',
      resource: t.keyArn,
      source: SOURCES.kmsKeyPolicy,
    }),
    deny({
      ...identity,
      action: keyAction,
      resource: otherKey(t.keyArn),
      source: SOURCES.kmsKeyPolicy,
    }),
    ...(readOnly ? KEY_WRITES : []).map((action) =>
      deny({ ...identity, action, resource: key, source: SOURCES.kmsKeyPolicy }),
    ),
  ];
}

/**
 * The resource side alone, for a principal in another account: with `Allow *:*` of its own,
 * the bucket and key policies must still refuse an action it does not need. (In the tools
 * account the bucket and key delegate to IAM by design: the key's admin statement names the
 * tools root.)
 */
export function resourceScope(
  { t, r }: ScriptContext,
  step: Step,
  principal: string,
  s3Action: string,
  object: string,
  context: Context,
  /** Key actions the principal's role needs none of (a reader's: encrypting). */
  keyActionsBeyond: readonly string[] = [],
): AccessRow[] {
  if (accountOf(principal) === t.tools) return [];
  const resource = { step, principal, layer: 'resource' } as const;
  const rows = [
    deny({
      ...resource,
      action: s3Action,
      resource: object,
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      context,
      source: SOURCES.s3CrossAccount,
    }),
  ];
  if (t.keyArn === undefined) return rows;
  const key = t.keyArn;
  return [
    ...rows,
    ...['kms:ScheduleKeyDeletion', ...keyActionsBeyond].map((action) =>
      deny({
        ...resource,
        action,
        resource: key,
        resourcePolicy: { kind: 'key', arn: key },
        source: SOURCES.kmsKeyPolicy,
      }),
    ),
  ];
}

/** The roles the pipeline role assumes for its actions. */
export function actionRoles({ t }: ScriptContext): string[] {
  return [t.sourceRole, ...new Set(t.targets.map((x) => x.deployRole))].filter(
    (x): x is string => x !== undefined,
  );
}
