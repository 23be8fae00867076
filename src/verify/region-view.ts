import type { Topology } from './topology.js';

/** The region of the main artifact store. */
export function homeRegion(t: Topology): string {
  return t.bucketRegion ?? t.region;
}

/**
 * The topology as the actions of `region` see it: the artifact store of that region in place
 * of the main one (CodePipeline copies each action's input artifacts to the store of the
 * action's region). The topology itself for the main region or a region without a store.
 */
export function storeView(t: Topology, region: string): Topology {
  if (region === homeRegion(t)) return t;
  const store = t.regionalStores?.find((s) => s.region === region);
  if (store === undefined) return t;
  return {
    ...t,
    bucket: store.bucket,
    bucketArn: store.bucketArn,
    bucketRegion: store.region,
    keyArn: store.keyArn,
    packagesArn: store.packagesArn,
  };
}
