import type { ScriptContext } from './generator.js';
import { makeRow, type RowSpec } from './rows.js';
import { SOURCES } from './sources.js';
import type { Step } from './step.js';
import type { AccessRow } from './types.js';

/**
 * Shared parts of the negative script (docs/design.md §5): requests that must be denied.
 * Principals outside the pipeline are assumed to be as strong as possible in their own
 * account (`Allow *:*`), so a deny proves that the pipeline's resource policies and trusts,
 * not their weakness, stop them. The generators are under `./negative/`.
 */

/** An account that has nothing to do with the pipeline. */
export const OUTSIDER_ACCOUNT = '999999999999';
/** Name of the other, fully privileged role the script imagines in each account. */
export const OTHER_ADMIN_ROLE = 'other-admin';
/** A service principal no crossline role trusts. */
export const OTHER_SERVICE = 'lambda.amazonaws.com';
/** Name of an arbitrary role that trusts the tools account (like OrganizationAccountAccessRole). */
export const ANY_ROLE = 'any-role';

export const deny = (spec: RowSpec): AccessRow => makeRow('deny', spec);

export function unique<T>(items: readonly (T | undefined)[]): T[] {
  return [...new Set(items.filter((x): x is T => x !== undefined))];
}

/** Every role crossline creates (or the live pipeline uses). */
export function crosslineRoles({ t }: ScriptContext): string[] {
  return unique([
    t.pipelineRole,
    t.buildRole,
    t.triggerRole,
    t.sourceRole,
    t.forwardRole,
    ...unique(t.targets.map((x) => x.deployRole)),
    ...unique(t.targets.map((x) => x.execRole)),
  ]);
}

/** Bucket objects and the key: read and write, with TLS and SSE-KMS so only the grants decide. */
export function dataRows(
  { t, r }: ScriptContext,
  step: Step,
  principal: string,
  account: string,
): AccessRow[] {
  const bucket = { principal, resourceAccount: t.tools, resourcePolicy: r.bucketPolicy };
  const rows = [
    deny({
      step,
      ...bucket,
      action: 's3:GetObject',
      resource: r.object('BuildArtif'),
      source: SOURCES.s3CrossAccount,
    }),
    deny({
      step,
      ...bucket,
      action: 's3:PutObject',
      resource: r.object('SourceArti'),
      context: r.sseKms(),
      source: SOURCES.s3CrossAccount,
    }),
  ];
  const key = r.keyPolicy;
  if (key === undefined) return rows;
  for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
    rows.push(
      deny({
        step,
        principal,
        action,
        resource: key.arn,
        resourcePolicy: key,
        context: { 'kms:CallerAccount': account },
        source: SOURCES.kmsKeyPolicy,
      }),
    );
  }
  return rows;
}

/** `principal` must not assume any of `roles`. */
export function assumeRows(
  { r }: ScriptContext,
  step: Step,
  principal: string,
  roles: readonly string[],
): AccessRow[] {
  return roles.map((role) =>
    deny({
      step,
      principal,
      action: 'sts:AssumeRole',
      resource: role,
      resourcePolicy: r.trust(role),
      source: SOURCES.assumeRoleCrossAccount,
    }),
  );
}

/** `principal` must not put events on the tools bus. */
export function busRows({ t }: ScriptContext, step: Step, principal: string): AccessRow[] {
  if (t.busArn === undefined) return [];
  return [
    deny({
      step,
      principal,
      action: 'events:PutEvents',
      resource: t.busArn,
      resourcePolicy: { kind: 'bus', arn: t.busArn },
      source: SOURCES.eventsCrossAccount,
    }),
  ];
}
