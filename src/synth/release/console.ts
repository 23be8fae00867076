import type { Partition } from '../../model/types.js';

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

/**
 * The CloudFormation console page of a stack's change set. The console opens in the account
 * the reader is signed in to, so the approval text names the account next to each link.
 */
export function changeSetConsoleUrl(
  partition: Partition,
  region: string,
  stack: string,
  changeSet: string,
): string | undefined {
  const origin = consoleOrigin(partition, region);
  if (origin === undefined) return undefined;
  const q = `stackId=${encodeURIComponent(stack)}&changeSetId=${encodeURIComponent(changeSet)}`;
  return `${origin}/cloudformation/home?region=${region}#/stacks/changesets/changes?${q}`;
}
