import { arn, withArnParts } from '../model/arns.js';
import { bucketName } from '../model/names.js';
import { pipelineRegions, regionOf } from '../model/queries.js';
import type { Pipeline } from '../model/types.js';
import { packagedTemplates, packagesPrefix } from '../model/workloads.js';
import type { RowGenerator, ScriptContext } from './generator.js';
import { dataRows, deny, OTHER_ADMIN_ROLE, OUTSIDER_ACCOUNT, unique } from './negative.js';
import { allow, keyRows, stepTargets, type Actor } from './positive.js';
import { homeRegion, storeView } from './region-view.js';
import { Resources, roleName } from './rows.js';
import { KEY_WRITES, otherBucket, otherKey, resourceScope } from './least-privilege.js';
import { SOURCES } from './sources.js';
import { step, targetScope } from './step.js';
import { targetRegion, type RegionalStoreTopology, type Topology } from './topology.js';
import type { AccessRow } from './types.js';
import { workloadRowsOf } from './workloads.js';

/**
 * Targets in several regions (docs/design.md §5, "Regions"). CodePipeline keeps an artifact
 * store in every region an action runs in and copies each action's input artifacts there with
 * the pipeline role; the action reads them from the store of its region
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html).
 * Per extra region the script proves: the pipeline role replicates into the store, the build
 * packages into it, the targets of that region read from it; and nobody else gets in — not
 * outsiders, not other administrators, and not the roles of an account that deploys nowhere
 * in that region (IAM roles are global, so only the grants keep them out).
 */

const CROSS_REGION =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html';

/** The stores of a generated pipeline's extra regions (nothing for one region). */
export function regionalTopology(
  p: Pipeline,
  mainKeyArn: string | undefined,
  keyArnIn?: (region: string) => string | undefined,
): Pick<Topology, 'regionalStores'> {
  const extra = pipelineRegions(p).slice(1);
  if (extra.length === 0) return {};
  const packaged = packagedTemplates(p);
  const stores = extra.map((region): RegionalStoreTopology => {
    const bucket = bucketName(p.name, p.tools.id, region);
    const bucketArn = arn.bucket(p.partition, bucket);
    const deploysPackaged = p.stages.some((s) =>
      s.targets.some((t) => regionOf(p, t) === region && packaged.includes(t.template)),
    );
    const keyArn =
      keyArnIn?.(region) ??
      (mainKeyArn === undefined ? undefined : withArnParts(mainKeyArn, { region }));
    return {
      region,
      bucket,
      bucketArn,
      ...(keyArn === undefined ? {} : { keyArn }),
      ...(deploysPackaged ? { packagesArn: `${bucketArn}/${packagesPrefix(p.name)}` } : {}),
    };
  });
  return { regionalStores: stores };
}

/** The script context of the actions of one region: its store in place of the main one. */
function regionContext(ctx: ScriptContext, region: string): ScriptContext {
  const t = storeView(ctx.t, region);
  return { ...ctx, t, r: new Resources(t) };
}

/** Every store: the main one's region first, then the extra regions. */
function regions(t: Topology): string[] {
  return [homeRegion(t), ...(t.regionalStores ?? []).map((s) => s.region)];
}

export const regionRows: RowGenerator = (ctx) => {
  const stores = ctx.t.regionalStores ?? [];
  if (stores.length === 0) return [];
  const rows: AccessRow[] = [];
  for (const store of stores) {
    const rc = regionContext(ctx, store.region);
    rows.push(...replicationRows(rc, store.region));
    // Packaged code of this region: the build writes it, the region's targets read it.
    rows.push(
      ...workloadRowsOf(
        { ...rc, t: { ...rc.t, images: undefined } },
        (x) => targetRegion(ctx.t, x) === store.region,
      ),
    );
    rows.push(...regionalOutsiderRows(rc, store.region), ...regionalScopeRows(rc, store.region));
  }
  for (const region of regions(ctx.t))
    rows.push(...otherRegionRows(regionContext(ctx, region), region));
  return rows;
};

/** The pipeline role copies artifacts into the store of a region, encrypted with its key. */
function replicationRows(ctx: ScriptContext, region: string): AccessRow[] {
  const { t, r } = ctx;
  const who: Actor = { phase: 'pipeline', principal: t.pipelineRole };
  const at = step('pipeline', { verb: `replicate.${region}` });
  const bucket = {
    step: at,
    principal: t.pipelineRole,
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
  };
  return [
    allow({
      ...bucket,
      action: 's3:PutObject',
      resource: r.object('BuildArtif'),
      context: r.sseKms(),
      source: CROSS_REGION,
    }),
    allow({
      ...bucket,
      action: 's3:GetObject',
      resource: r.object('BuildArtif'),
      source: CROSS_REGION,
    }),
    ...keyRows(
      ctx,
      who,
      `replicate.${region}`,
      ['kms:GenerateDataKey', 'kms:Decrypt'],
      SOURCES.s3SseKms,
    ),
    deny({
      step: step('negative', { check: 'no-sse', verb: region }),
      principal: t.pipelineRole,
      action: 's3:PutObject',
      resource: r.object('BuildArtif'),
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      source: SOURCES.s3SseKms,
    }),
    deny({
      step: step('negative', { check: 'no-tls', verb: region }),
      principal: t.pipelineRole,
      action: 's3:GetObject',
      resource: r.object('BuildArtif'),
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      context: { 'aws:SecureTransport': false },
      source: SOURCES.s3Tls,
    }),
  ];
}

/** Outsiders and other administrators of the pipeline's accounts: no data in this store. */
function regionalOutsiderRows(ctx: ScriptContext, region: string): AccessRow[] {
  const { t, r } = ctx;
  const outsiders = [
    ctx.admin(arn.accountRoot(t.partition, OUTSIDER_ACCOUNT), OUTSIDER_ACCOUNT),
    ctx.admin(arn.role(t.partition, OUTSIDER_ACCOUNT, roleName(t.pipelineRole)), OUTSIDER_ACCOUNT),
  ];
  const accounts = unique([t.source, ...t.targets.map((x) => x.account)]).filter(
    (a) => a !== t.tools,
  );
  return [
    ...outsiders.flatMap((p) =>
      dataRows(
        ctx,
        step('negative', { check: 'outsider', verb: `data.${region}` }),
        p,
        OUTSIDER_ACCOUNT,
      ),
    ),
    ...accounts.flatMap((account) =>
      dataRows(
        ctx,
        step('negative', { check: 'other', account: r.aliasOf(account), verb: `data-${region}` }),
        ctx.admin(arn.role(t.partition, account, OTHER_ADMIN_ROLE), account),
        account,
      ),
    ),
    // The source action runs in the pipeline region: its role writes nothing here.
    ...(t.sourceRole === undefined || homeRegion(t) === region
      ? []
      : [
          deny({
            step: step('negative', { check: 'source-role', verb: `region-${region}` }),
            principal: t.sourceRole,
            action: 's3:PutObject',
            resource: r.object('SourceArti'),
            resourceAccount: t.tools,
            resourcePolicy: r.bucketPolicy,
            context: r.sseKms(),
            source: SOURCES.s3CrossAccount,
          }),
        ]),
  ];
}

/**
 * The roles of an account with no target in `region` read nothing in its store: the deploy
 * role no artifact, the execution role no package, neither decrypts with its key. One set of
 * rows per such account, named after its first target.
 */
function otherRegionRows(ctx: ScriptContext, region: string): AccessRow[] {
  const { t, r } = ctx;
  const inRegion = new Set(
    t.targets.filter((x) => targetRegion(t, x) === region).map((x) => x.account),
  );
  const done = new Set<string>();
  const rows: AccessRow[] = [];
  for (const [target, name] of stepTargets(t)) {
    if (inRegion.has(target.account) || done.has(target.account) || target.account === t.tools)
      continue;
    done.add(target.account);
    const at = step('negative', { target: name, verb: `region-${region}` });
    // Both layers, and the resource layer alone: the store's policies must refuse by
    // themselves (an OU grant by aws:PrincipalOrgPaths names the OUs of this region only).
    const read = (principal: string | undefined, object: string): void => {
      if (principal === undefined) return;
      for (const layer of [undefined, 'resource'] as const) readIn(principal, object, layer);
    };
    const readIn = (principal: string, object: string, layer?: 'resource'): void => {
      const only = layer === undefined ? {} : { layer };
      rows.push(
        deny({
          step: at,
          ...only,
          principal,
          action: 's3:GetObject',
          resource: object,
          resourceAccount: t.tools,
          resourcePolicy: r.bucketPolicy,
          source: SOURCES.s3CrossAccount,
        }),
      );
      if (r.keyPolicy === undefined) return;
      rows.push(
        deny({
          step: at,
          ...only,
          principal,
          action: 'kms:Decrypt',
          resource: r.keyPolicy.arn,
          resourcePolicy: r.keyPolicy,
          context: r.kmsViaS3(target.account),
          source: SOURCES.kmsKeyPolicy,
        }),
      );
    };
    read(target.deployRole, r.object('BuildArtif'));
    if (t.packagesArn !== undefined)
      read(target.execRole, `${t.packagesArn}/0a1b2c3d4e5f60718293a4b5c6d7e8f9`);
  }
  return rows;
}

/**
 * Least privilege in a regional store, one policy layer at a time (docs/design.md §5): the
 * store's bucket and key policies give a deploy role of its region nothing beyond reading, and
 * the build role's own policy packages into it and nothing else (no delete, no other bucket,
 * no key administration, no other key, the key only through S3).
 */
function regionalScopeRows(ctx: ScriptContext, region: string): AccessRow[] {
  const { t, r } = ctx;
  const rows: AccessRow[] = [];
  const accounts = new Set<string>();
  for (const [target, name] of stepTargets(t)) {
    if (targetRegion(t, target) !== region || target.deployRole === undefined) continue;
    if (accounts.has(target.account)) continue;
    accounts.add(target.account);
    rows.push(
      ...resourceScope(
        ctx,
        targetScope(name),
        target.deployRole,
        's3:PutObject',
        r.object('BuildArtif'),
        r.sseKms(),
        KEY_WRITES,
      ),
    );
  }
  const build = t.buildRole;
  if (build === undefined || t.packagesArn === undefined) return rows;
  const at = step('negative', { check: 'scope', verb: `build-${region}` });
  const code = `${t.packagesArn}/0a1b2c3d4e5f60718293a4b5c6d7e8f9`;
  const identity = { step: at, principal: build, layer: 'identity' } as const;
  rows.push(
    deny({
      ...identity,
      action: 's3:DeleteObject',
      resource: code,
      source: SOURCES.s3CrossAccount,
    }),
    deny({
      ...identity,
      action: 's3:PutObject',
      resource: `${otherBucket(ctx)}/${t.pipelineName}/packages/x`,
      context: r.sseKms(),
      source: SOURCES.s3CrossAccount,
    }),
  );
  if (t.keyArn === undefined) return rows;
  rows.push(
    deny({
      ...identity,
      action: 'kms:ScheduleKeyDeletion',
      resource: t.keyArn,
      context: r.kmsViaS3(t.tools),
      source: SOURCES.kmsKeyPolicy,
    }),
    deny({
      ...identity,
      action: 'kms:GenerateDataKey',
      resource: otherKey(t.keyArn),
      context: r.kmsViaS3(t.tools),
      source: SOURCES.kmsKeyPolicy,
    }),
    // Only through S3: not a direct call to KMS.
    deny({
      ...identity,
      action: 'kms:GenerateDataKey',
      resource: t.keyArn,
      context: { 'kms:CallerAccount': t.tools },
      source: SOURCES.kmsKeyPolicy,
    }),
  );
  return rows;
}
