import type { IoHost } from '../io/index.js';
import { explainMessage, failedActions, type Explanation } from '../ops/explain/index.js';
import { runDoctor, type DoctorOptions } from './doctor.js';
import { resolvePipeline, type PipelineSelection } from './ops.js';

export interface ExplainOptions extends Pick<DoctorOptions, 'snapshot' | 'readers' | 'now'> {
  /** The execution whose failed actions to explain (default: the most recent failed one). */
  readonly executionId?: string | undefined;
  /** An error text pasted from the console: explained instead of reading executions. */
  readonly message?: string | undefined;
}

export interface ExplainRun {
  readonly pipeline: string;
  readonly executionId?: string | undefined;
  readonly explanations: readonly Explanation[];
  /** 1: some request is still denied; 0: every one is allowed now; 2: nothing understood. */
  readonly exitCode: 0 | 1 | 2;
}

/**
 * `explain`: the policies come from a snapshot or are read live exactly as doctor reads them;
 * the messages from `--message`, or from the execution's failed actions (ListActionExecutions).
 */
export async function runExplain(
  sel: PipelineSelection,
  io: IoHost,
  options: ExplainOptions = {},
): Promise<ExplainRun> {
  const { snapshot } = await runDoctor(sel, io, {
    snapshot: options.snapshot,
    readers: options.readers,
    now: options.now,
  });
  const pipeline = snapshot.pipeline.pipeline.name;
  if (options.message !== undefined) {
    const e = explainMessage(snapshot, options.message);
    return { pipeline, explanations: [e], exitCode: exitOf([e]) };
  }
  const { api } = await resolvePipeline(sel, io);
  const { executionId, failed } = await failedActions(api, snapshot, options.executionId);
  if (executionId === undefined || failed.length === 0) {
    io.notify({
      level: 'warn',
      code: 'explain.nothing',
      message:
        executionId === undefined
          ? `pipeline ${pipeline} has no failed execution among the last 20`
          : `execution ${executionId} has no failed action`,
    });
  }
  const explanations = failed.map((f) => explainMessage(snapshot, f.message, f.context));
  return { pipeline, executionId, explanations, exitCode: exitOf(explanations) };
}

function exitOf(es: readonly Explanation[]): 0 | 1 | 2 {
  if (es.some((e) => e.verdict === 'denied')) return 1;
  if (es.length > 0 && es.every((e) => e.verdict === 'allowed')) return 0;
  return es.length === 0 ? 0 : 2;
}
