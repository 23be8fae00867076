import * as z from 'zod/mini';
import {
  ALL_REGIONS,
  NAME_LIMITS,
  REGIONS,
  bucketName,
  isKnownRegion,
  partitionOf,
} from '../model/index.js';
import type { RawProblem } from './problems.js';
import { didYouMean } from './suggest.js';
import { type Obj, isObj, str } from './raw.js';

/**
 * Targets in several regions (docs/design.md §2, "Regions"): a target may name the region of
 * its stack; the default is the pipeline's. Kept apart from `schema.ts` so the target schema
 * gains the key with one spread.
 */
export const regionTargetShape = {
  region: z.optional(z.string()).register(z.globalRegistry, {
    description:
      "Region of the target's stack (default: the pipeline region); must be in the pipeline's partition",
  }),
};

/**
 * The located errors of `targets[].region`: an unknown region (CodePipeline runs actions only
 * in regions where it is offered), a region of another partition (a pipeline cannot act across
 * partitions: roles, keys and buckets of one partition do not exist in another,
 * https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html),
 * and a regional artifact bucket name over S3's limit.
 */
export function regionProblems(raw: Obj): RawProblem[] {
  const home = str(raw.region);
  const partition = home === undefined ? undefined : partitionOf(home);
  const problems: RawProblem[] = [];
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  const bucketChecked = new Set<string>();
  stages.forEach((stage, i) => {
    const targets = isObj(stage) && Array.isArray(stage.targets) ? stage.targets : [];
    targets.forEach((t, j) => {
      const region = isObj(t) ? str(t.region) : undefined;
      if (region === undefined) return;
      const path = ['stages', i, 'targets', j, 'region'];
      if (!isKnownRegion(region)) {
        problems.push({
          path,
          message: `'${region}' is not an AWS region`,
          hint:
            didYouMean(region, partition === undefined ? ALL_REGIONS : REGIONS[partition]) ??
            'use a region code such as us-east-1 or eu-west-1',
        });
        return;
      }
      const theirs = partitionOf(region);
      if (partition !== undefined && theirs !== partition) {
        problems.push({
          path,
          message: `the region ${region} is in partition '${theirs}', but the pipeline region ${home} is in '${partition}': a pipeline cannot deploy across partitions`,
          hint: `use a region of ${partition} (${REGIONS[partition].slice(0, 3).join(', ')}, …), or a second pipeline in ${theirs}`,
        });
        return;
      }
      if (region !== home && !bucketChecked.has(region)) {
        bucketChecked.add(region);
        problems.push(...bucketLengthProblems(raw, region, path));
      }
    });
  });
  return problems;
}

/** The artifact bucket of an extra region must fit S3's 63 characters, like the main one. */
function bucketLengthProblems(raw: Obj, region: string, path: (string | number)[]): RawProblem[] {
  const name = str(raw.name);
  if (name === undefined) return [];
  const accounts = isObj(raw.accounts) ? raw.accounts : {};
  const entry = accounts[str(raw.pipelineAccount) ?? 'tools'];
  const toolsId = str(entry) ?? (isObj(entry) ? str(entry.id) : undefined) ?? '000000000000';
  const bucket = bucketName(name, toolsId, region);
  const excess = bucket.length - NAME_LIMITS.bucket;
  if (excess <= 0) return [];
  return [
    {
      path,
      message: `the artifact bucket of ${region}, '${bucket}', would be ${bucket.length} characters; S3 allows ${NAME_LIMITS.bucket}`,
      hint: `shorten 'name' by at least ${excess} character${excess === 1 ? '' : 's'} (the bucket is <name>-artifacts-<tools account>-<region>)`,
    },
  ];
}

/** The region a target names, as the model keeps it: undefined when it is the pipeline's. */
export function targetRegionOf(
  pipelineRegion: string,
  target: { readonly region?: string | undefined },
): string | undefined {
  return target.region === undefined || target.region === pipelineRegion
    ? undefined
    : target.region;
}
