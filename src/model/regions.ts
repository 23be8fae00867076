import type { Partition } from './types.js';

/**
 * Regions crossline knows, by partition. A region outside this list is reported as a typo
 * (with the closest known region), since CodePipeline is not available in unknown regions.
 */
export const REGIONS: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-eusc': ['eusc-de-east-1'],
};

const PARTITION_OF = new Map<string, Partition>(
  (Object.entries(REGIONS) as [Partition, readonly string[]][]).flatMap(([p, rs]) =>
    rs.map((r) => [r, p] as const),
  ),
);

export const ALL_REGIONS: readonly string[] = [...PARTITION_OF.keys()].sort();

export function isKnownRegion(region: string): boolean {
  return PARTITION_OF.has(region);
}

/** The partition of a known region; undefined for an unknown one. */
export function partitionOf(region: string): Partition | undefined {
  return PARTITION_OF.get(region);
}

/** DNS suffix of service endpoints and console URLs in a partition. */
export function dnsSuffix(partition: Partition): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * Service principal for a service, e.g. `codepipeline.amazonaws.com`.
 * All services crossline uses have `.amazonaws.com` principals in every partition
 * (including aws-cn, where the `.com.cn` forms are legacy aliases).
 */
export function servicePrincipal(service: string): string {
  return `${service}.amazonaws.com`;
}
