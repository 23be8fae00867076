import {
  arn,
  bucketName,
  pipelineRegions,
  regionalArtifactsStackName,
  regionsOfAccount,
  scopeOf,
  targetsIn,
  type Account,
  type Target,
  regionOf,
  packagedTemplates,
} from '../model/index.js';
import type { CfnRef, Json } from './cfn.js';
import type { SynthContext } from './context.js';
import type { StackInput } from './stacks/stack.js';
import { ARTIFACT_KEY_ID_PLACEHOLDER, PARAM } from './placeholders.js';

/**
 * Targets in several regions (docs/design.md §4, "Regions"). CodePipeline needs an artifact
 * store (bucket + key) in every region an action runs in, and copies each action's input
 * artifacts there with the pipeline role
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html).
 * So there is one store per region: the main one in the pipeline region, and one per extra
 * region, each in its own artifacts stack of the pipeline account. A pipeline with one region
 * has only the main store, and its output is what it was before regions existed.
 */
export interface ArtifactStore {
  readonly region: string;
  /** The pipeline region's store (stack `<name>-artifacts`, the bus policy, the source). */
  readonly main: boolean;
  readonly stackName: string;
  /** Stack id in plan.json. */
  readonly stackId: string;
  readonly bucket: string;
  readonly bucketArn: string;
  readonly bucketObjects: string;
  /** The key ARN as it appears before deploy (a placeholder in this region). */
  readonly key: string;
  /** Accounts with a target in this region, in first-use order. */
  readonly targets: readonly Account[];
  /** Names of the stack parameters that carry this store's key ARN and bucket name. */
  readonly keyParam: string;
  readonly bucketParam: string;
  /** Suffix of policy file names and Sids: '' for the main store, `-eu-west-1` otherwise. */
  readonly suffix: string;
  /** `EuWest1` (CloudFormation parameter and Sid suffix); '' for the main store. */
  readonly word: string;
}

const cache = new WeakMap<SynthContext, readonly ArtifactStore[]>();

/** `eu-west-1` → `EuWest1`: a region in names that allow only letters and digits. */
export function regionWord(region: string): string {
  return region
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Every artifact store, the main one first, then the extra regions sorted. */
export function artifactStores(ctx: SynthContext): readonly ArtifactStore[] {
  const known = cache.get(ctx);
  if (known !== undefined) return known;
  const p = ctx.pipeline;
  const stores = pipelineRegions(p).map((region): ArtifactStore => {
    const main = region === ctx.region;
    const bucket = main ? ctx.names.bucket : bucketName(p.name, ctx.tools.id, region);
    const stackName = main ? ctx.names.artifactsStack : regionalArtifactsStackName(p.name, region);
    const word = main ? '' : regionWord(region);
    return {
      region,
      main,
      stackName,
      stackId: ctx.stackId(ctx.tools, stackName),
      bucket,
      bucketArn: main ? ctx.arns.bucket : arn.bucket(ctx.partition, bucket),
      bucketObjects: main ? ctx.arns.bucketObjects : arn.bucketObjects(ctx.partition, bucket),
      key: main
        ? ctx.arns.key
        : arn.key(scopeOf(p, ctx.tools, region), ARTIFACT_KEY_ID_PLACEHOLDER),
      targets: targetsIn(p, region),
      keyParam: `${PARAM.keyArn}${word}`,
      bucketParam: `${PARAM.bucketName}${word}`,
      suffix: main ? '' : `-${region}`,
      word,
    };
  });
  cache.set(ctx, stores);
  return stores;
}

export function mainStore(ctx: SynthContext): ArtifactStore {
  return artifactStores(ctx)[0];
}

/** The stores of the extra regions (none for a single-region pipeline). */
export function extraStores(ctx: SynthContext): readonly ArtifactStore[] {
  return artifactStores(ctx).slice(1);
}

export function storeOf(ctx: SynthContext, region: string): ArtifactStore {
  return artifactStores(ctx).find((s) => s.region === region) ?? mainStore(ctx);
}

/** The stores an account's deploy and execution roles read from: the regions of its targets. */
export function storesOfAccount(ctx: SynthContext, account: Account): readonly ArtifactStore[] {
  const regions = regionsOfAccount(ctx.pipeline, account);
  return artifactStores(ctx).filter((s) => regions.includes(s.region));
}

/** The region of a target's action when it is not the pipeline's; undefined otherwise. */
export function actionRegion(ctx: SynthContext, t: Target): string | undefined {
  const region = regionOf(ctx.pipeline, t);
  return region === ctx.region ? undefined : region;
}

/** How action names name a target: `<alias>-<stack>`, plus the region outside the pipeline's. */
export function targetLabel(ctx: SynthContext, t: Target): string {
  const region = actionRegion(ctx, t);
  return `${t.account.alias}-${t.stack}${region === undefined ? '' : `-${region}`}`;
}

/** What KMS sees as kms:ViaService when S3 in `region` uses a key for its caller. */
export function viaS3In(region: string): Record<string, string> {
  return { 'kms:ViaService': `s3.${region}.amazonaws.com` };
}

/**
 * The `build.package` templates the build packages into a store: every one into the main
 * store (as a single-region pipeline does), and into an extra region's store those that a
 * target of that region deploys (Lambda reads S3 code only from a bucket in the function's
 * region: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html).
 */
export function packagedIn(ctx: SynthContext, store: ArtifactStore): readonly string[] {
  const all = packagedTemplates(ctx.pipeline);
  if (store.main) return all;
  const deployed = new Set(
    ctx.pipeline.stages.flatMap((s) =>
      s.targets.filter((t) => regionOf(ctx.pipeline, t) === store.region).map((t) => t.template),
    ),
  );
  return all.filter((t) => deployed.has(t));
}

/**
 * What a stack that uses extra regions' stores takes from their artifacts stacks: one
 * parameter per store with its key ARN (known only after deploy), the CloudFormation form of
 * the key's placeholder, and the wiring for plan.json. Nothing for the main store, which the
 * stack takes as before (`artifactParameters`).
 */
export function regionalInputs(stores: readonly ArtifactStore[]): {
  readonly parameters: Record<string, Json>;
  readonly refs: readonly CfnRef[];
  readonly inputs: readonly StackInput[];
} {
  const extra = stores.filter((s) => !s.main);
  return {
    parameters: Object.fromEntries(
      extra.map((s) => [
        s.keyParam,
        {
          Type: 'String',
          Description: `ARN of the artifact key of ${s.region} (output ${PARAM.keyArn} of ${s.stackName})`,
          AllowedPattern: '^arn:[a-z-]+:kms:[a-z0-9-]+:[0-9]{12}:key/.+$',
        },
      ]),
    ),
    refs: extra.map((s) => ({ text: s.key, sub: s.keyParam })),
    inputs: extra.map((s) => ({ name: s.keyParam, stack: s.stackId, output: PARAM.keyArn })),
  };
}
