import type { PipelineApi, StageStateView } from '../aws/pipeline-api.js';
import { CrosslineError } from '../errors/index.js';
import type { IoHost } from '../io/index.js';
import type { PipelineRef } from './pipeline-ref.js';

export type ApprovalDecision = 'Approved' | 'Rejected';

export interface ApprovalRequest {
  readonly stage: string;
  /** Needed only when the stage has more than one approval waiting. */
  readonly action?: string | undefined;
  readonly decision: ApprovalDecision;
  readonly comment?: string | undefined;
}

export interface ApprovalOutcome {
  readonly pipeline: string;
  readonly stage: string;
  readonly action: string;
  readonly executionId?: string | undefined;
  readonly decision: ApprovalDecision;
  readonly comment: string;
}

/**
 * Approves or rejects the manual approval waiting in a stage. PutApprovalResult needs the
 * approval's token, which only GetPipelineState shows (on the waiting action's latest execution).
 */
export async function decideApproval(
  api: PipelineApi,
  ref: PipelineRef,
  req: ApprovalRequest,
  io: IoHost,
): Promise<ApprovalOutcome> {
  const state = await api.getState(ref.name);
  const stage = findStage(state.stages, req.stage, ref.name);
  let waiting = stage.actions.filter((a) => a.status === 'InProgress' && a.token !== undefined);
  if (req.action !== undefined) waiting = waiting.filter((a) => a.action === req.action);
  if (waiting.length === 0) {
    const elsewhere = state.stages
      .filter((s) => s.actions.some((a) => a.status === 'InProgress' && a.token !== undefined))
      .map((s) => s.stage);
    throw new CrosslineError(
      'UsageError',
      'usage',
      `no approval is waiting in stage '${stage.stage}' of ${ref.name}${req.action ? ` (action ${req.action})` : ''}`,
      {
        hint: elsewhere.length
          ? `approvals are waiting in: ${elsewhere.join(', ')}`
          : 'no approval is waiting anywhere in the pipeline; `crossline status` shows where the run is',
      },
    );
  }
  if (waiting.length > 1) {
    throw new CrosslineError(
      'UsageError',
      'usage',
      `stage '${stage.stage}' has ${waiting.length} approvals waiting`,
      {
        hint: `choose one with --action: ${waiting.map((a) => a.action).join(', ')}`,
      },
    );
  }
  const action = waiting[0];
  const verb = req.decision === 'Approved' ? 'approved' : 'rejected';
  const comment = req.comment ?? `${verb} with crossline`;
  io.notify({
    level: 'info',
    code: 'approve.put',
    message: `${req.decision === 'Approved' ? 'approving' : 'rejecting'} ${stage.stage}/${action.action}`,
  });
  await api.putApprovalResult({
    pipeline: ref.name,
    stage: stage.stage,
    action: action.action,
    token: action.token!,
    status: req.decision,
    summary: comment,
  });
  return {
    pipeline: ref.name,
    stage: stage.stage,
    action: action.action,
    executionId: stage.executionId,
    decision: req.decision,
    comment,
  };
}

/** Exact stage name first, then case-insensitively (config names and console names differ in case). */
function findStage(
  stages: readonly StageStateView[],
  name: string,
  pipeline: string,
): StageStateView {
  const exact = stages.find((s) => s.stage === name);
  if (exact) return exact;
  const folded = stages.filter((s) => s.stage.toLowerCase() === name.toLowerCase());
  if (folded.length === 1) return folded[0];
  throw new CrosslineError('UsageError', 'usage', `pipeline ${pipeline} has no stage '${name}'`, {
    hint: `its stages are: ${stages.map((s) => s.stage).join(', ')}`,
  });
}
