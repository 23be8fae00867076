import type { RowGenerator } from './generator.js';
import { stepTargets } from './positive.js';
import { makeRow } from './rows.js';
import { SOURCES } from './sources.js';
import { step } from './step.js';
import type { AccessRow } from './types.js';
import { WORKLOAD_SOURCES } from './workloads.js';

/**
 * The reads a live pipeline's deployed templates make (doctor, `TargetTopology.packageReads`):
 * each object is read as the target's execution role, or as the action role when the action
 * names none (CloudFormation then uses the caller's credentials; WORKLOAD_SOURCES.cfnServiceRole).
 * Lambda fetches code from S3 as the caller of CreateFunction (WORKLOAD_SOURCES.lambdaCode),
 * CloudFormation a nested TemplateURL as its caller; both through S3, which decrypts with the
 * artifact key on the caller's behalf (kms:ViaService s3.<region>, kms:CallerAccount).
 */
export const deployedPackageRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  const rows: AccessRow[] = [];
  for (const [target, name] of stepTargets(t)) {
    const reader = target.execRole ?? target.deployRole;
    if (reader === undefined) continue;
    const decrypted = new Set<string>();
    for (const read of target.packageReads ?? []) {
      const at = step('deploy', { target: name, verb: read.kind });
      // The store the object is in: its bucket and key policies, S3 of its region.
      const r = read.store === undefined ? ctx.r : ctx.r.in(read.store);
      rows.push(
        makeRow('allow', {
          step: at,
          principal: reader,
          action: 's3:GetObject',
          resource: read.object,
          resourceAccount: r.t.tools,
          resourcePolicy: r.bucketPolicy,
          source:
            read.kind === 'code' ? WORKLOAD_SOURCES.lambdaCode : WORKLOAD_SOURCES.cfnServiceRole,
        }),
      );
      const key = r.keyPolicy;
      // One decrypt per step and store: every object of a store is encrypted with its key.
      const once = `${read.kind}|${read.store ?? ''}`;
      if (key === undefined || decrypted.has(once)) continue;
      decrypted.add(once);
      rows.push(
        makeRow('allow', {
          step: at,
          principal: reader,
          action: 'kms:Decrypt',
          resource: key.arn,
          resourcePolicy: key,
          context: r.kmsViaS3(target.account),
          source: SOURCES.s3SseKms,
        }),
      );
    }
  }
  return rows;
};
