import type { PipelineApi } from '../aws/pipeline-api.js';
import type { IoHost } from '../io/index.js';
import {
  readConnectionState,
  refuseUnavailableConnection,
  type ConnectionsReader,
} from './connection-state.js';
import { executionConsoleUrl } from './console-links.js';
import type { PipelineRef } from './pipeline-ref.js';

export interface StartResult {
  readonly pipeline: string;
  readonly region: string;
  readonly executionId: string;
  readonly consoleUrl?: string | undefined;
}

/**
 * Starts a run of the pipeline (the same as a commit on the tracked branch would). With a
 * connections reader, a source connection that is not AVAILABLE refuses the start first.
 */
export async function startPipeline(
  api: PipelineApi,
  ref: PipelineRef,
  io: IoHost,
  connections?: ConnectionsReader,
): Promise<StartResult> {
  if (connections !== undefined) {
    const doc = await api.getPipeline(ref.name);
    refuseUnavailableConnection(await readConnectionState(doc, ref, connections, io));
  }
  io.notify({
    level: 'info',
    code: 'start.request',
    message: `starting pipeline ${ref.name} in ${ref.region}`,
  });
  const executionId = await api.startExecution(ref.name);
  const consoleUrl = executionConsoleUrl(ref.partition, ref.region, ref.name, executionId);
  return {
    pipeline: ref.name,
    region: ref.region,
    executionId,
    ...(consoleUrl ? { consoleUrl } : {}),
  };
}
