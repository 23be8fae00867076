import type { StageOnFailure } from '../../model/index.js';

/**
 * A stage's V2 `onFailure` (FailureConditions: result ROLLBACK | RETRY,
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_FailureConditions.html).
 * Retry re-runs only the failed actions (RetryConfiguration FAILED_ACTIONS,
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_RetryConfiguration.html):
 * the deploys that succeeded are not repeated.
 */
export function apiOnFailure(f: StageOnFailure | undefined): Record<string, unknown> {
  if (f === undefined) return {};
  return f === 'rollback'
    ? { onFailure: { result: 'ROLLBACK' } }
    : { onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } } };
}

/** The same in AWS::CodePipeline::Pipeline's StageDeclaration (OnFailure). */
export function cfnOnFailure(f: StageOnFailure | undefined): Record<string, unknown> {
  if (f === undefined) return {};
  return f === 'rollback'
    ? { OnFailure: { Result: 'ROLLBACK' } }
    : { OnFailure: { Result: 'RETRY', RetryConfiguration: { RetryMode: 'FAILED_ACTIONS' } } };
}

const AUTO_ROLLBACK =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-rollback-auto.html';

/** plan.json notes of a stage with onFailure: what CodePipeline will and will not do. */
export function onFailureNotes(
  stage: { readonly name: string; readonly onFailure?: StageOnFailure | undefined },
  waves: number,
): string[] {
  const f = stage.onFailure;
  if (f === undefined) return [];
  const notes: string[] = [];
  if (f === 'rollback') {
    notes.push(
      `stage ${stage.name} rolls back on failure to its last successful execution; a stage that has never succeeded, or whose last success ran before the pipeline's structure changed, has nothing to roll back to (${AUTO_ROLLBACK})`,
    );
  }
  if (waves > 1) {
    notes.push(
      `stage ${stage.name} runs as ${waves} waves and onFailure ${f} applies to each wave on its own: a failed wave is ${f === 'rollback' ? 'rolled back while earlier waves keep the new release' : 'retried while earlier waves stay done'}`,
    );
  }
  return notes;
}
