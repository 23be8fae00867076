import type { Partition } from '../model/index.js';

/**
 * Console domains by partition. Only partitions with a publicly documented console are
 * listed; for the others crossline prints no link rather than a wrong one.
 * - aws: https://docs.aws.amazon.com/general/latest/gr/rande.html (regional console hosts)
 * - aws-cn: https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html
 * - aws-us-gov: https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-endpoints.html
 */
function consoleOrigin(partition: Partition, region: string): string | undefined {
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

/** The CodePipeline console page of one execution; undefined where the console is unknown. */
export function executionConsoleUrl(
  partition: Partition,
  region: string,
  pipeline: string,
  executionId: string,
): string | undefined {
  return pipelinePageUrl(
    partition,
    region,
    pipeline,
    `executions/${encodeURIComponent(executionId)}/timeline`,
  );
}

/** The CodePipeline console page of a pipeline. */
export function pipelineConsoleUrl(
  partition: Partition,
  region: string,
  pipeline: string,
): string | undefined {
  return pipelinePageUrl(partition, region, pipeline, 'view');
}

/** One page under a pipeline in the CodePipeline console; undefined where the console is unknown. */
function pipelinePageUrl(
  partition: Partition,
  region: string,
  pipeline: string,
  page: string,
): string | undefined {
  const origin = consoleOrigin(partition, region);
  if (origin === undefined) return undefined;
  return `${origin}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}/${page}?region=${region}`;
}
