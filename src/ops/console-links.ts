import { consolePage } from '../model/index.js';
import type { Partition } from '../model/index.js';

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
  return consolePage(
    partition,
    region,
    `codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}/${page}?region=${region}`,
  );
}

/**
 * The Developer Tools console's connections list, where a person completes a pending
 * connection ("You must use the console to update a pending connection":
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html).
 */
export function connectionsConsoleUrl(partition: Partition, region: string): string | undefined {
  return consolePage(partition, region, `codesuite/settings/connections?region=${region}`);
}
