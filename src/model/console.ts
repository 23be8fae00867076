import type { Partition } from './types.js';

/**
 * Console origins by partition; only partitions with a documented console get a link:
 * - aws: https://docs.aws.amazon.com/general/latest/gr/rande.html (regional console hosts)
 * - aws-cn: https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html
 * - aws-us-gov: https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-endpoints.html
 */
export function consoleOrigin(partition: Partition, region: string): string | undefined {
  switch (partition) {
    case 'aws':
      return `https://${region}.console.aws.amazon.com`;
    case 'aws-cn':
      return 'https://console.amazonaws.cn';
    case 'aws-us-gov':
      return 'https://console.amazonaws-us-gov.com';
    default:
      return undefined;
  }
}

/** The console page at `path` (with its query) in the partition's console; undefined where none is known. */
export function consolePage(
  partition: Partition,
  region: string,
  path: string,
): string | undefined {
  const origin = consoleOrigin(partition, region);
  return origin === undefined ? undefined : `${origin}/${path}`;
}
