/**
 * How CodePipeline handles a run started while another runs (the pipeline's ExecutionMode,
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html).
 * crossline's pipelines are V2 and SUPERSEDED: a newer commit replaces a waiting one.
 */
export type ExecutionMode = 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
export const PIPELINE_EXECUTION_MODE: ExecutionMode = 'SUPERSEDED';

/** What a stage does when it fails (`stages[].onFailure`; absent: the run stops). */
export type StageOnFailure = 'rollback' | 'retry';
